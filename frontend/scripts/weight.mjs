// Reports the gzip weight of the initial JavaScript of the app's pages (the app, and the embed
// page of the widgets' iframe variant: their entry scripts and the chunks they preload) and of
// the widget script, and fails past the budgets (app ≤ 150 KB, embed page and widgets ≤ 30 KB).
// GraphiQL (dist/graphiql, loaded only by browsers visiting /graphql) has a budget of its own:
// all of its scripts, ≤ 500 KB (it loads nearly all of them on opening).
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** The scripts a built page loads up front: its module entry and the chunks it preloads. */
const initial = (page) =>
  [...readFileSync(page, "utf8").matchAll(/<(?:script[^>]+src|link rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map(
    (match) => `dist/${match[1]}`,
  );
const weigh = (files) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
const appFiles = initial("dist/index.html");
const embedFiles = initial("dist/embed.html");
const app = weigh(appFiles);
const embed = weigh(embedFiles);
const widgets = weigh(["dist/widgets/plaza-widgets.js"]);
const graphiqlFiles = readdirSync("dist/graphiql/assets")
  .filter((file) => file.endsWith(".js"))
  .map((file) => `dist/graphiql/assets/${file}`);
const graphiql = weigh(graphiqlFiles);
const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log(
  `weight: app initial JS ${kb(app)} KB gzip (budget 150), embed page ${kb(embed)} KB gzip (budget 30), ` +
    `widget script ${kb(widgets)} KB gzip (budget 30), GraphiQL's scripts ${kb(graphiql)} KB gzip (budget 500)`,
);
if (
  appFiles.length === 0 ||
  embedFiles.length === 0 ||
  graphiqlFiles.length === 0 ||
  app > 150 * 1024 ||
  embed > 30 * 1024 ||
  widgets > 30 * 1024 ||
  graphiql > 500 * 1024
) {
  console.error("weight: over budget (or no script found)");
  process.exit(1);
}
