import { defineConfig } from "vite";

// The widgets: one framework-free script intranets load with a script tag.
export default defineConfig({
  build: {
    outDir: "dist/widgets",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "src/widgets/index.ts", formats: ["es"], fileName: () => "plaza-widgets.js" },
  },
});
