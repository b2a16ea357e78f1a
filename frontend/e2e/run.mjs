// End-to-end tests of the web app and a widget in real headless Chromium (Debian `chromium`,
// driven by playwright-core) against a running plaza with the demo network:
//   PLAZA_URL=http://127.0.0.1:8080 node e2e/run.mjs
// Checks the user journeys, runs axe-core (WCAG 2.1 A and AA rules) on each page, and writes
// screenshots under target/e2e/.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = process.env.PLAZA_URL ?? "http://127.0.0.1:8080";
const SHOTS = new URL("../../target/e2e/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

const failures = [];
let checks = 0;
function check(condition, message) {
  checks += 1;
  if (!condition) failures.push(message);
}

async function axe(page, name) {
  // Evaluated through the DevTools protocol, so the app's strict CSP stays on.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const violation of result.violations) {
    failures.push(`${name}: axe ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  checks += 1;
  console.log(`${name}: ${result.violations.length} WCAG 2.1 AA violations, ${result.passes.length} rules passed`);
}

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));

  // Home: the latest case studies, in Spanish.
  await page.goto(`${BASE}/`);
  await page.getByRole("heading", { level: 2, name: "Casos de estudio recientes" }).waitFor();
  check((await page.locator(".cards li").count()) > 0, "home lists case studies");
  check((await page.getAttribute("html", "lang")) === "es", "the app is in Spanish by default");
  await shot(page, "home");
  await axe(page, "home");

  // Search with typeahead, highlighted snippets and facets; keyboard only.
  await page.goto(`${BASE}/buscar`);
  const box = page.getByRole("combobox", { name: "Buscar casos, prácticas, guías y debates" });
  await box.fill("whatsap");
  const suggestions = page.getByRole("listbox", { name: "Sugerencias" }).getByRole("option");
  await suggestions.first().waitFor();
  check((await suggestions.count()) > 0, "typeahead suggests while typing");
  await box.press("ArrowDown");
  check((await suggestions.first().getAttribute("aria-selected")) === "true", "arrow keys move through suggestions");
  await box.fill("como reducir llamadas con whatsapp ayuntamiento");
  await box.press("Enter");
  await page.locator(".hits li").first().waitFor();
  const firstHit = (await page.locator(".hits li h2").first().textContent()) ?? "";
  check(/WhatsApp/i.test(firstHit), `the WhatsApp case comes first (got "${firstHit}")`);
  check((await page.locator(".hits mark").count()) > 0, "snippets highlight the matches");
  check((await page.locator("aside .facet").count()) > 0, "facets are shown");
  await shot(page, "search");
  await axe(page, "search");

  // Open the case study: sections, metrics table and chart.
  await page.locator(".hits li h2 a").first().click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.locator("table").waitFor();
  check((await page.locator("table tbody tr").count()) > 0, "the case shows its outcome metrics");
  check((await page.locator("svg.chart rect").count()) > 0, "the case charts its metrics");
  check(page.url().includes("/casos/"), "the case has its own address");
  await shot(page, "case-study");
  await axe(page, "case-study");

  // Switch the interface to English.
  await page.goto(`${BASE}/`);
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("heading", { level: 2, name: "Recent case studies" }).waitFor();
  check((await page.getAttribute("html", "lang")) === "en", "the interface switches to English");
  await page.getByLabel("Language").selectOption("ca");
  await page.getByRole("heading", { level: 2, name: "Casos d'estudi recents" }).waitFor();
  await page.getByLabel("Llengua").selectOption("es");

  // Narrow screens (360 px): nothing overflows horizontally.
  const narrow = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await narrow.goto(`${BASE}/`);
  await narrow.locator(".cards li").first().waitFor();
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(narrow, "home-360");

  // A widget on a page (same origin here; other origins need the allowed-origins setting).
  const widget = await browser.newPage();
  await widget.goto(`${BASE}/`);
  await widget.evaluate((base) => {
    document.body.innerHTML = '<main><h1>Intranet</h1><plaza-latest platform="whatsapp" limit="3" heading="Casos con WhatsApp"></plaza-latest></main>';
    const script = document.createElement("script");
    script.type = "module";
    script.src = `${base}/widgets/plaza-widgets.js`;
    document.head.append(script);
  }, BASE);
  await widget.locator("plaza-latest").locator("li a").first().waitFor();
  check((await widget.locator("plaza-latest").locator("li").count()) > 0, "the widget lists case studies");
  await shot(widget, "widget");
  await axe(widget, "widget");

  check(errors.length === 0, `no script errors: ${errors.join(" | ")}`);
} finally {
  await browser.close();
}

console.log(`e2e: ${checks} checks, ${failures.length} failures; screenshots in ${SHOTS}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
