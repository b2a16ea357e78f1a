// Reports the gzip weight of the app's initial JavaScript and of the widget script, and fails
// past the budgets (app ≤ 150 KB, widgets ≤ 30 KB).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const html = readFileSync("dist/index.html", "utf8");
const initial = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((match) => `dist/${match[1]}`);
const weigh = (files) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
const app = weigh(initial);
const widgets = weigh(["dist/widgets/plaza-widgets.js"]);
const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log(`weight: app initial JS ${kb(app)} KB gzip (budget 150), widget script ${kb(widgets)} KB gzip (budget 30)`);
if (initial.length === 0 || app > 150 * 1024 || widgets > 30 * 1024) {
  console.error("weight: over budget (or no script found)");
  process.exit(1);
}
