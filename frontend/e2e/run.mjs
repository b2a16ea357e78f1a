// End-to-end tests of the web app and a widget in real headless Chromium (Debian `chromium`,
// driven by playwright-core) against a running plaza with the demo network:
//   PLAZA_URL=http://127.0.0.1:8080 node e2e/run.mjs
// Checks the user journeys, runs axe-core (WCAG 2.1 A and AA rules) on each page, and writes
// screenshots under target/e2e/.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:http";
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

  // A guideline: its version history and the diff between two editions.
  const listed = await (await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ guidelines(first: 50) { edges { node { id title currentVersionNumber } } } }" }),
  })).json();
  const edited = listed.data.guidelines.edges.map((e) => e.node).find((g) => g.currentVersionNumber > 1);
  check(Boolean(edited), "the demo has a guideline with several versions");
  if (edited) {
    await page.goto(`${BASE}/guias/${encodeURIComponent(edited.id)}`);
    await page.locator("table.diff").waitFor();
    check((await page.locator("ol li").count()) >= 2, "the guideline lists its versions");
    check((await page.locator("table.diff tr.added").count()) > 0, "the diff shows added lines");
    await shot(page, "guideline-diff");
    await axe(page, "guideline");
  }

  // "Entrar con mi organismo": Vallverde's provider, back home signed in, then sign out.
  const visitor = await browser.newContext({ locale: "es-ES" });
  const member = await visitor.newPage();
  member.on("pageerror", (error) => errors.push(error.message));
  await member.goto(`${BASE}/`);
  await member.getByRole("link", { name: "Entrar con mi organismo" }).click();
  await member.getByRole("heading", { level: 1, name: "Entrar con mi organismo" }).waitFor();
  await shot(member, "login");
  await axe(member, "login");
  await member.getByRole("link", { name: /Ayuntamiento de Vallverde/ }).click();
  await member.locator('input[name="login"]').fill("lucia.moreno@vallverde.example");
  await member.locator('input[name="password"]').fill("x");
  await member.locator('button[type="submit"]').click();
  await member.waitForURL(`${BASE}/`);
  await member.getByRole("button", { name: "Salir" }).waitFor();
  check(/Luc[ií]a Moreno/.test((await member.locator("header").textContent()) ?? ""), "signed in as Lucía Moreno");
  // She writes a case study: the server's validation error shows in place, then it saves.
  await member.getByRole("link", { name: "Escribir un caso" }).click();
  await member.getByRole("heading", { level: 1, name: "Nuevo caso de estudio" }).waitFor();
  await axe(member, "editor");
  await member.getByLabel("Título", { exact: true }).fill("Cita previa por WhatsApp");
  await member.getByRole("checkbox", { name: "Atención a la ciudadanía" }).check();
  await member.getByRole("checkbox", { name: "WhatsApp" }).check();
  await member.getByLabel("Métrica", { exact: true }).fill("Llamadas semanales");
  await member.getByLabel("Tipo de métrica").selectOption("phone_calls");
  await member.getByLabel("Unidad", { exact: true }).selectOption("minutes");
  await member.getByLabel("Línea base").fill("1000");
  await member.getByLabel("Alcanzado", { exact: true }).fill("800");
  await member.getByLabel("Inicio del periodo").fill("2025-01-01");
  await member.getByLabel("Fin del periodo").fill("2025-12-31");
  await member.getByLabel("Evidencia", { exact: true }).selectOption("audited");
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.locator(".error-summary").waitFor();
  const unit = member.getByLabel("Unidad", { exact: true });
  check((await unit.getAttribute("aria-invalid")) === "true", "the invalid unit is marked in place");
  check(await unit.evaluate((el) => el === document.activeElement), "the invalid field takes the focus");
  const message = (await member.locator('[id="metrics.0.unit-error"]').textContent()) ?? "";
  check(message.includes("phone_calls"), `the error explains itself beside the field ("${message}")`);
  await shot(member, "editor-error");
  await axe(member, "editor-with-error");
  await unit.selectOption("count");
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.getByRole("heading", { level: 1, name: "Cita previa por WhatsApp" }).waitFor();
  await member.getByRole("button", { name: "Publicar" }).click();
  await member.getByRole("button", { name: "Publicar" }).waitFor({ state: "detached" });
  check(true, "a draft is saved and published");
  await member.goto(`${BASE}/`);
  await member.getByRole("button", { name: "Salir" }).waitFor();

  // A colleague mentions her: the badge counts it live, the notifications page lists it.
  await member.locator("#unread").waitFor({ state: "attached" });
  await member.waitForTimeout(500);
  const mention = await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.COLLEAGUE_TOKEN}` },
    body: JSON.stringify({
      query: "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }",
      variables: { input: { title: "¿Revisamos las respuestas rápidas?", body: "@lucia.moreno@vallverde.example ¿las revisamos el lunes?", visibility: "AGENCY" } },
    }),
  }).then((r) => r.json());
  check(Boolean(mention.data?.startDiscussion?.id), `a colleague mentions her (${JSON.stringify(mention.errors ?? "")})`);
  const badged = await member
    .locator("#unread")
    .filter({ hasText: "(1)" })
    .waitFor({ timeout: 10000 })
    .then(() => true, () => false);
  check(badged, "the notification badge updates live");
  await member.getByRole("link", { name: /Avisos/ }).click();
  await member.getByText("Te han mencionado").first().waitFor();
  check((await member.locator(".notification.unread").count()) === 1, "the notifications page lists the mention as unread");
  await shot(member, "notifications");
  await axe(member, "notifications");
  await member.getByRole("button", { name: "Marcar todos como leídos" }).click();
  await member.getByText("0 sin leer").waitFor();
  check((await member.locator(".notification.unread").count()) === 0, "marking all read clears them");
  const cookies = await visitor.cookies(BASE);
  check(cookies.some((c) => c.httpOnly && c.sameSite === "Lax"), "the session cookie is HttpOnly and SameSite=Lax");
  await member.getByRole("button", { name: "Salir" }).click();
  await member.waitForURL(`${BASE}/**`);
  await member.getByRole("link", { name: "Entrar con mi organismo" }).waitFor();
  check(true, "signed out");
  await visitor.close();

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

  // Markdown with scripts, event handlers and javascript: links renders inert: in a thread
  // (server-sanitised HTML), and as titles in the app's lists and in a widget.
  const token = process.env.PLAZA_TOKEN;
  check(Boolean(token), "a write token for the payload tests");
  const api = async (query, variables) => {
    const response = await fetch(`${BASE}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const payloads = [
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
  const started = await api(
    "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }",
    { input: { title: "Prueba de contenido peligroso", body: payloads.join("\n\n"), visibility: "PUBLIC" } },
  );
  const hostile = await browser.newPage();
  let dialogs = 0;
  hostile.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await hostile.goto(`${BASE}/debates/${encodeURIComponent(started.startDiscussion.id)}`);
  await hostile.locator(".post").first().waitFor();
  for (const link of await hostile.locator(".post a").all()) await link.click({ timeout: 2000 }).catch(() => {});
  await hostile.waitForTimeout(300);
  const inert = await hostile.evaluate(() => ({
    pwned: window.__pwned,
    scripts: document.querySelectorAll(".post script, .post iframe, .post style").length,
    handlers: [...document.querySelectorAll(".post *")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
    jsLinks: [...document.querySelectorAll(".post a")].filter((a) => a.getAttribute("href")?.trim().toLowerCase().startsWith("javascript:")).length,
  }));
  check(inert.pwned === undefined && dialogs === 0, `no payload ran in a thread (got ${inert.pwned})`);
  check(inert.scripts === 0 && inert.handlers === 0 && inert.jsLinks === 0, `the thread's HTML is inert: ${JSON.stringify(inert)}`);
  await shot(hostile, "discussion-payloads");
  await axe(hostile, "discussion");

  const created = await api(
    "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }",
    { input: { title: '<img src="x" onerror="window.__pwned = 9">', objectives: ["information"], platforms: ["whatsapp"], visibility: "PUBLIC" } },
  );
  await api("mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }", { id: created.createCaseStudy.caseStudy.id });
  await hostile.goto(`${BASE}/`);
  await hostile.locator(".cards li").first().waitFor();
  await hostile.evaluate((base) => {
    const element = document.createElement("plaza-latest");
    element.setAttribute("platform", "whatsapp");
    document.body.append(element);
    const script = document.createElement("script");
    script.type = "module";
    script.src = `${base}/widgets/plaza-widgets.js`;
    document.head.append(script);
  }, BASE);
  await hostile.locator("plaza-latest").locator("li a").first().waitFor();
  const titles = await hostile.evaluate(() => ({
    pwned: window.__pwned,
    images: document.querySelectorAll(".cards img").length + (document.querySelector("plaza-latest")?.shadowRoot?.querySelectorAll("img").length ?? 0),
    shown: document.querySelector(".cards h3")?.textContent ?? "",
  }));
  check(titles.pwned === undefined && titles.images === 0, `titles render as text in lists and widgets: ${JSON.stringify(titles)}`);
  check(titles.shown.includes("onerror"), `the hostile title is shown as text (got "${titles.shown}")`);

  // An intranet page on another origin: allowed (127.0.0.2, in Vallverde's allowed origins)
  // shows the widget; not allowed (127.0.0.3) gets nothing from Plaza.
  const intranetPort = Number(process.env.INTRANET_PORT);
  const intranetPage = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Intranet</title>
    <script type="module" src="${BASE}/widgets/plaza-widgets.js"></script></head>
    <body><main><h1>Intranet municipal</h1><plaza-latest platform="whatsapp" limit="3" heading="Casos con WhatsApp"></plaza-latest>
    <plaza-latest id="public-sierra" agency="demo-diputacion-sierra" limit="10" heading="Sierra Alta (público)"></plaza-latest>
    <plaza-latest id="network-sierra" agency="demo-diputacion-sierra" limit="10" heading="Sierra Alta (red)" token-url="/plaza-widget-token"></plaza-latest>
    </main></body></html>`;
  // The intranet's own server: the page, and short-lived widget tokens minted with its service token.
  const mint = async () => {
    const response = await fetch(`${BASE}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${process.env.SERVICE_TOKEN}` },
      body: JSON.stringify({ query: "mutation { issueWidgetToken(minutes: 5) { token expiresAt } }" }),
    });
    return (await response.json()).data?.issueWidgetToken ?? {};
  };
  const servers = [];
  for (const host of ["127.0.0.2", "127.0.0.3"]) {
    const server = createServer(async (request, response) => {
      if (request.url === "/plaza-widget-token") {
        response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify(await mint()));
        return;
      }
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(intranetPage);
    });
    await new Promise((resolve) => server.listen(intranetPort, host, resolve));
    servers.push(server);
  }
  try {
    const allowed = await browser.newPage();
    await allowed.goto(`http://127.0.0.2:${intranetPort}/`);
    await allowed.locator("plaza-latest").first().locator("li a").first().waitFor({ timeout: 10000 });
    check((await allowed.locator("plaza-latest").first().locator("li").count()) > 0, "an allowed intranet origin shows the widget");
    // Network content needs the short-lived token; the anonymous widget shows public items only.
    await allowed.locator("#network-sierra li a").first().waitFor({ timeout: 10000 });
    await allowed.locator("#public-sierra li a").first().waitFor({ timeout: 10000 });
    const networkTitles = await allowed.locator("#network-sierra li a").allTextContents();
    const publicTitles = await allowed.locator("#public-sierra li a").allTextContents();
    const networkOnly = "Inventario de cuentas oficiales: de 112 perfiles dispersos a 38 coordinados";
    check(networkTitles.includes(networkOnly), `a widget token shows network content (${networkTitles.join(" | ")})`);
    check(!publicTitles.includes(networkOnly), "without a token the widget shows public content only");
    await shot(allowed, "widget-other-origin");
    await axe(allowed, "widget-other-origin");
    // Live: publishing a matching public case updates the embedded widget.
    const fresh = await api(
      "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }",
      { input: { title: "Canal de WhatsApp recién publicado", objectives: ["citizen_service"], platforms: ["whatsapp"], visibility: "PUBLIC" } },
    );
    await allowed.waitForTimeout(500);
    await api("mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }", { id: fresh.createCaseStudy.caseStudy.id });
    const live = await allowed
      .locator("plaza-latest")
      .first()
      .getByText("Canal de WhatsApp recién publicado")
      .waitFor({ timeout: 10000 })
      .then(() => true, () => false);
    check(live, "the widget updates live when a matching case is published");
    const denied = await browser.newPage();
    const blocked = [];
    denied.on("console", (message) => message.type() === "error" && blocked.push(message.text()));
    await denied.goto(`http://127.0.0.3:${intranetPort}/`);
    await denied.locator("plaza-latest").first().locator("p").first().waitFor({ timeout: 10000 });
    check((await denied.locator("plaza-latest li").count()) === 0, "an origin not allowed gets no content");
    check(blocked.some((text) => text.includes("CORS")), `the browser blocked the answer: ${blocked.join(" | ")}`);
  } finally {
    for (const server of servers) server.close();
  }

  check(errors.length === 0, `no script errors: ${errors.join(" | ")}`);
} finally {
  await browser.close();
}

console.log(`e2e: ${checks} checks, ${failures.length} failures; screenshots in ${SHOTS}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
