import { defineConfig } from "vite";

// The app: served by the plaza binary from frontend/dist (PLAZA_WEB_DIR); in development
// `npx vite` proxies the API to a running plaza on :8080.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { proxy: { "/graphql": "http://127.0.0.1:8080", "/auth": "http://127.0.0.1:8080" } },
});
