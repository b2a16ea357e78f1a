import { defineConfig } from "vite";

// The widgets: one framework-free script intranets load with a script tag.
export default defineConfig({
  // public/ belongs to the app (copied to dist/ by the app's build), not to dist/widgets.
  publicDir: false,
  build: {
    outDir: "dist/widgets",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "src/widgets/index.ts", formats: ["es"], fileName: () => "plaza-widgets.js" },
  },
});
