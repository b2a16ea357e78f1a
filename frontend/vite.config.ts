import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

// The app: served by the plaza binary from frontend/dist (PLAZA_WEB_DIR); in development
// `npx vite` proxies the API to a running plaza on :8080. Two pages: the app (index.html, the
// fallback of its client-side routes) and the iframe variant of the widgets (embed.html, what
// the server answers for `/embed/...`).
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/**
 * The app's typeface travels with its licence: the SIL Open Font License of Public Sans (from its
 * npm package) is written beside the built font files, as dist/assets/public-sans-OFL.txt.
 */
const fontLicence = (): Plugin => ({
  name: "plaza-font-licence",
  generateBundle() {
    const licence = createRequire(import.meta.url).resolve("@fontsource-variable/public-sans/LICENSE");
    this.emitFile({ type: "asset", fileName: "assets/public-sans-OFL.txt", source: readFileSync(licence, "utf8") });
  },
});

export default defineConfig({
  plugins: [fontLicence()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: { input: { index: page("index.html"), embed: page("embed.html") } },
  },
  server: { proxy: { "/graphql": "http://127.0.0.1:8080", "/auth": "http://127.0.0.1:8080" } },
});
