import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The app: served by the plaza binary from frontend/dist (PLAZA_WEB_DIR); in development
// `npx vite` proxies the API to a running plaza on :8080. Two pages: the app (index.html, the
// fallback of its client-side routes) and the iframe variant of the widgets (embed.html, what
// the server answers for `/embed/...`).
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: { input: { index: page("index.html"), embed: page("embed.html") } },
  },
  server: { proxy: { "/graphql": "http://127.0.0.1:8080", "/auth": "http://127.0.0.1:8080" } },
});
