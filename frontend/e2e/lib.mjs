// Shared by the end-to-end journeys: the checks, axe-core, screenshots and the API client.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const BASE = process.env.PLAZA_URL ?? "http://127.0.0.1:8080";
export const SHOTS = new URL("../../target/e2e/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export const failures = [];
/** Script errors seen on any page that reports them (see `watch`). */
export const errors = [];
let checks = 0;

export function check(condition, message) {
  checks += 1;
  if (!condition) failures.push(message);
}

export function checkCount() {
  return checks;
}

/** Collects the page's uncaught errors and console errors into `errors`. */
export function watch(page) {
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // Only Plaza's pages count: the identity provider's own login page is not ours.
    if (message.type() !== "error" || !page.url().startsWith(BASE)) return;
    if (message.text().includes("status of 400") && message.location()?.url?.endsWith("/graphql")) return; // reported with its query below
    errors.push(`${message.text()} (${message.location()?.url ?? "?"})`);
  });
  page.on("response", async (response) => {
    if (response.status() >= 400 && response.url().endsWith("/graphql")) {
      errors.push(`GraphQL ${response.status()}: ${response.request().postData()?.slice(0, 300)} → ${(await response.text().catch(() => "")).slice(0, 300)}`);
    }
  });
  return page;
}

export async function axe(page, name) {
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

export async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** GraphQL with a bearer token (Lucía's write token by default); throws on errors. */
export async function api(query, variables = {}, token = process.env.PLAZA_TOKEN) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/**
 * Signs `email` in through Vallverde's identity provider ("Entrar con mi organismo") in a new
 * browser context, and waits for the home page. `atLogin` runs on Plaza's login page first.
 */
export async function signIn(browser, email, { atLogin, viewport } = {}) {
  const context = await browser.newContext({ locale: "es-ES", ...(viewport ? { viewport } : {}) });
  const page = watch(await context.newPage());
  await page.goto(`${BASE}/`);
  await page.getByRole("link", { name: "Entrar con mi organismo" }).click();
  await page.getByRole("heading", { level: 1, name: "Entrar con mi organismo" }).waitFor();
  if (atLogin) await atLogin(page);
  await page.getByRole("link", { name: /Ayuntamiento de Vallverde/ }).click();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("x");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${BASE}/`);
  await page.getByRole("button", { name: "Salir" }).waitFor();
  return { context, page };
}

/** The markdown payloads the inertness checks post: none may run or survive as markup. */
export const PAYLOADS = [
  "<script>window.__pwned = 1</script>",
  '<img src="x" onerror="window.__pwned = 2">',
  "[pincha](javascript:window.__pwned=3)",
  '<a href="javascript:window.__pwned=4">enlace</a>',
  '<svg onload="window.__pwned = 5"></svg>',
  '<iframe srcdoc="<script>parent.__pwned = 6</script>"></iframe>',
  '<details open ontoggle="window.__pwned = 7"><summary>x</summary></details>',
  '<a href="#" onclick="window.__pwned = 8">clic</a>',
  "<style>body { display: none }</style>",
];

/** Whether anything inside `selector` could run: scripts, frames, styles, handlers, javascript: links. */
export async function inertness(page, selector) {
  return page.evaluate((selector) => {
    const inside = [...document.querySelectorAll(selector)];
    const all = inside.flatMap((root) => [...root.querySelectorAll("*")]);
    return {
      pwned: window.__pwned,
      scripts: all.filter((el) => ["SCRIPT", "IFRAME", "STYLE", "OBJECT", "EMBED"].includes(el.tagName)).length,
      handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
      jsLinks: all.filter((el) => (el.getAttribute("href") ?? "").trim().toLowerCase().startsWith("javascript:")).length,
    };
  }, selector);
}

/**
 * Keyboard-only reach: tabs through the whole page and checks that every visible control (links,
 * buttons, fields; one stop per radio group) takes the focus, in a page of `name`.
 */
export async function keyboardReach(page, name) {
  const total = await page.evaluate(() => {
    // Inside a closed <details>, only its summary shows.
    const folded = (el) => {
      const details = el.closest("details:not([open])");
      return Boolean(details) && !details.querySelector(":scope > summary")?.contains(el);
    };
    const visible = (el) => el.getClientRects().length > 0 && !el.closest("[hidden], [inert]") && !folded(el) && getComputedStyle(el).visibility !== "hidden";
    const controls = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex='0']")].filter(
      (el) => !el.disabled && el.getAttribute("tabindex") !== "-1" && visible(el),
    );
    const stops = new Map();
    for (const el of controls) {
      const key = el.type === "radio" ? `radio:${el.form?.id ?? ""}:${el.name}` : `el:${stops.size}`;
      if (!stops.has(key)) stops.set(key, []);
      stops.get(key).push(el);
    }
    let index = 0;
    for (const group of stops.values()) {
      for (const el of group) el.setAttribute("data-kb", String(index));
      index += 1;
    }
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
    return index;
  });
  const seen = new Set();
  // Date fields take a stop per part (day, month, year): up to three presses per control.
  for (let step = 0; step < total * 3 + 10 && seen.size < total; step += 1) {
    await page.keyboard.press("Tab");
    const reached = await page.evaluate(() => document.activeElement?.getAttribute("data-kb"));
    if (reached !== null && reached !== undefined) seen.add(reached);
  }
  const missing = await page.evaluate(
    (seen) =>
      [...document.querySelectorAll("[data-kb]")]
        .filter((el) => !seen.includes(el.getAttribute("data-kb")))
        .map((el) => `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`),
    [...seen],
  );
  check(total > 0 && missing.length === 0, `${name}: the keyboard reaches all ${total} controls (missing: ${missing.slice(0, 8).join(", ")})`);
  console.log(`${name}: keyboard reached ${seen.size} of ${total} control stops`);
}

/** At 360 px: no horizontal page scrolling, a screenshot (`<name>-360`), then the size before. */
export async function narrowShot(page, name) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  // What sticks out, named, so a failure says where to look.
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("main *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 4)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""}`),
  );
  check(overflow <= 0, `${name}: no horizontal scrolling at 360 px (overflow ${overflow}px: ${wide.join(", ")})`);
  await shot(page, `${name}-360`);
  if (before) await page.setViewportSize(before);
}
