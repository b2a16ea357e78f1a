import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

// GraphiQL, the API explorer the server answers browser visits to /graphql with: its own page
// (src/graphiql/index.html) built into dist/graphiql/, assets under the absolute
// /graphiql/assets/ (the page is served at /graphql, so relative paths would not resolve).
// Bundled from npm, never a CDN: it must work offline, under a CSP of 'self' scripts.
const dir = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * graphiql/style.css inlines Roboto and Fira Code in every script subset as base64 data: URLs,
 * 360 KB that do not compress (270 KB gzip, more than all the JavaScript it styles). The page
 * uses the system's fonts instead, as the app does (src/graphiql/graphiql.css).
 */
const withoutEmbeddedFonts = (): Plugin => ({
  name: "plaza-graphiql-without-embedded-fonts",
  enforce: "pre",
  transform(code, id) {
    if (!/[\\/]graphiql[\\/]dist[\\/]style\.css$/.test(id)) return null;
    return { code: code.replace(/@font-face\s*\{[^}]*\}/g, ""), map: null };
  },
});

export default defineConfig({
  root: dir("src/graphiql"),
  base: "/graphiql/",
  // public/ belongs to the app (copied to dist/ by the app's build).
  publicDir: false,
  plugins: [withoutEmbeddedFonts()],
  build: {
    outDir: dir("dist/graphiql"),
    emptyOutDir: true,
    target: "es2022",
    // GraphiQL is big (React, CodeMirror, the GraphQL language service); it loads only here.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // GraphiQL titles its icons after their components' names ("docs icon"): keep them
      // through minification, or every icon is announced as "f_ icon".
      output: { keepNames: true },
      onwarn(warning, warn) {
        // React libraries' "use client" directives mean nothing outside server components.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
});
