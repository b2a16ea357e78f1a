import { createHash } from "node:crypto";
import { defineConfig, type Plugin } from "vite";
import { DOCUMENTS } from "./src/widgets/documents.ts";

/**
 * The manifest of the widgets' GraphQL documents, for Plaza's trusted-documents mode and its
 * persisted queries: dist/widgets/persisted-documents.json, a JSON object mapping each document's
 * SHA-256 (lowercase hex of its UTF-8 text, as the widgets compute it with Web Crypto, see
 * src/widgets/persisted.ts) to the document's exact text, keys sorted.
 */
const persistedDocuments = (): Plugin => ({
  name: "plaza-persisted-documents",
  generateBundle() {
    const entries = DOCUMENTS.map((text) => [createHash("sha256").update(text, "utf8").digest("hex"), text] as const);
    const manifest = Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.emitFile({ type: "asset", fileName: "persisted-documents.json", source: `${JSON.stringify(manifest, null, 2)}\n` });
  },
});

// The widgets: one framework-free script intranets load with a script tag, and the manifest of
// the documents it sends.
export default defineConfig({
  plugins: [persistedDocuments()],
  // public/ belongs to the app (copied to dist/ by the app's build), not to dist/widgets.
  publicDir: false,
  build: {
    outDir: "dist/widgets",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "src/widgets/index.ts", formats: ["es"], fileName: () => "plaza-widgets.js" },
  },
});
