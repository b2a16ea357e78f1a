// The intranet widgets: on a page of the same origin, on an allowed intranet origin (live
// updates, widget tokens for network content) and on an origin that is not allowed.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { BASE, PAYLOADS, api, axe, check, shot, watch } from "./lib.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const UNAVAILABLE = "Plaza no está disponible ahora mismo.";
const PORTUGUESE_GUIDELINE = "guideline-pt";
const NETWORK_ONLY = "Inventario de cuentas oficiales: de 112 perfiles dispersos a 38 coordinados";
const GUIDELINE = `query($id: ID!) { guideline(id: $id) { id title currentVersion { number } } }`;

/** What could run inside a widget's shadow root: scripts, frames, styles, handlers, javascript: links. */
async function shadowInertness(page, selector) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector)?.shadowRoot;
    const all = root ? [...root.querySelectorAll("*")] : [];
    return {
      pwned: window.__pwned,
      scripts: all.filter((el) => ["SCRIPT", "IFRAME", "STYLE", "OBJECT", "EMBED", "LINK", "META"].includes(el.tagName)).length,
      handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
      jsLinks: all.filter((el) => /^\s*javascript:/i.test(el.getAttribute("href") ?? el.getAttribute("src") ?? "")).length,
      text: root?.querySelector(".body")?.textContent ?? "",
    };
  }, selector);
}

/** axe-core in every frame of the page as well, so that axe.run covers the framed widget. */
async function axeWithFrames(page, name) {
  for (const frame of page.frames()) if (frame !== page.mainFrame()) await frame.evaluate(AXE).catch(() => {});
  await axe(page, name);
}

/** Adds the widget script to a page of Plaza's own origin. */
async function loadWidgets(page) {
  await page.evaluate((base) => {
    const script = document.createElement("script");
    script.type = "module";
    script.src = `${base}/widgets/plaza-widgets.js`;
    document.head.append(script);
  }, BASE);
}

/** The height of an element's box, in px. */
const heightOf = (locator) => locator.evaluate((el) => el.getBoundingClientRect().height);

export async function widgets(browser) {
  // A widget on a page (same origin here; other origins need the allowed-origins setting).
  const widget = await browser.newPage();
  await widget.goto(`${BASE}/`);
  await widget.evaluate(() => {
    document.body.innerHTML = '<main><h1>Intranet</h1><plaza-latest platform="whatsapp" limit="3" heading="Casos con WhatsApp"></plaza-latest></main>';
  });
  await loadWidgets(widget);
  await widget.locator("plaza-latest").locator("li a").first().waitFor();
  check((await widget.locator("plaza-latest").locator("li").count()) > 0, "the widget lists case studies");
  await shot(widget, "widget");
  await axe(widget, "widget");

  // A hostile title renders as text in the app's lists and in a widget.
  const hostile = await browser.newPage();
  const created = await api(
    "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }",
    { input: { title: '<img src="x" onerror="window.__pwned = 9">', objectives: ["information"], platforms: ["whatsapp"], visibility: "PUBLIC" } },
  );
  await api("mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }", { id: created.createCaseStudy.caseStudy.id });
  await hostile.goto(`${BASE}/`);
  await hostile.locator(".cards li").first().waitFor();
  await hostile.evaluate(() => {
    const element = document.createElement("plaza-latest");
    element.setAttribute("platform", "whatsapp");
    document.body.append(element);
  });
  await loadWidgets(hostile);
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
  // Guidelines for <plaza-guideline>: a public demo one written in ## sections, one of three short
  // sections, one whose text is the script payloads, and a draft that the live test publishes
  // while the page is open.
  const demoGuidelines = await api(
    "{ guidelines(first: 50) { nodes { id title summary currentVersionNumber currentVersion { bodyHtml } } } }",
    {},
    "",
  );
  const demoGuideline = demoGuidelines.guidelines.nodes.find(
    (g) => (g.currentVersion?.bodyHtml.match(/<h2[\s>]/g) ?? []).length >= 2 && !/<h1[\s>]/.test(g.currentVersion.bodyHtml),
  );
  check(demoGuideline, "the demo network has a public guideline written in sections");
  const createGuideline = async (title, body) =>
    (
      await api("mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }", {
        input: { title, summary: "Prueba de los widgets", body, visibility: "PUBLIC" },
      })
    ).createGuideline.guideline.id;
  const publishGuideline = (id) => api("mutation($id: ID!) { publishGuideline(input: { id: $id }) { guideline { id } } }", { id });
  const hostileGuideline = await createGuideline(
    "Guía con cargas hostiles",
    `Texto de prueba.\n\n## Sección <img src="x" onerror="window.__pwned = 10"> con carga\n\n${PAYLOADS.join("\n\n")}`,
  );
  await publishGuideline(hostileGuideline);
  const sectionedGuideline = await createGuideline(
    "Guía por secciones",
    "Para quién es esta guía.\n\n## Tono\n\nCercano y claro.\n\n## Horario\n\nDe 8 a 20 h.\n\n## Respuestas\n\nEn menos de una hora.",
  );
  await publishGuideline(sectionedGuideline);
  const draftGuideline = await createGuideline("Guía publicada en directo", "Esta guía se publica con la intranet abierta.");
  const attribute = (value) => value.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  const embedLatest = `/embed/latest?agencia=demo-ayto-vallverde&platform=whatsapp&limit=3`;

  const intranetPage = (body, lang = "es") => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Intranet</title>
    <script type="module" src="${BASE}/widgets/plaza-widgets.js"></script></head>
    <body><main><h1>Intranet municipal</h1>${body}</main></body></html>`;
  const pages = {
    "/": intranetPage(`<plaza-latest platform="whatsapp" limit="3" heading="Casos con WhatsApp"></plaza-latest>
    <plaza-latest id="public-sierra" agency="demo-diputacion-sierra" limit="10" heading="Sierra Alta (público)"></plaza-latest>
    <plaza-latest id="network-sierra" agency="demo-diputacion-sierra" limit="10" heading="Sierra Alta (red)" token-url="/plaza-widget-token"></plaza-latest>
    <plaza-search id="search-public" heading="Buscar en Plaza (público)"></plaza-search>
    <plaza-search id="search-network" heading="Buscar en Plaza (red)" token-url="/plaza-widget-token"></plaza-search>
    <plaza-guideline id="guideline" guideline="${attribute(demoGuideline.id)}"></plaza-guideline>
    <plaza-guideline id="guideline-full" full guideline="${attribute(demoGuideline.id)}"></plaza-guideline>
    <plaza-guideline id="guideline-sections" sections="1" guideline="${attribute(sectionedGuideline)}"></plaza-guideline>
    <plaza-guideline id="live-guideline" guideline="${attribute(draftGuideline)}"></plaza-guideline>
    <plaza-frame id="frame" src="${attribute(BASE + embedLatest)}"></plaza-frame>
    <plaza-frame id="frame-search" widget="search" agency="demo-ayto-vallverde" type="guideline"></plaza-frame>`),
    "/hostil": intranetPage(`<plaza-guideline id="hostile" full guideline="${attribute(hostileGuideline)}"></plaza-guideline>
    <plaza-guideline id="hostile-summary" guideline="${attribute(hostileGuideline)}"></plaza-guideline>
    <plaza-guideline id="hostile-sections" sections="1" guideline="${attribute(hostileGuideline)}"></plaza-guideline>`),
    // A Catalan intranet: widgets take the page's language, an ancestor's or their own.
    "/idiomas": intranetPage(
      `<plaza-latest id="latest-ca" platform="whatsapp" limit="3"></plaza-latest>
    <section lang="en"><h2>In English</h2><plaza-search id="search-en"></plaza-search></section>
    <plaza-guideline id="${PORTUGUESE_GUIDELINE}" lang="pt-PT" guideline="${attribute(demoGuideline.id)}"></plaza-guideline>
    <plaza-latest id="latest-fr" lang="fr" platform="whatsapp" limit="2"></plaza-latest>
    <plaza-frame id="frame-ca" widget="latest" agency="demo-ayto-vallverde" platform="whatsapp" limit="2"></plaza-frame>`,
      "ca",
    ),
  };
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
      response.end(pages[new URL(request.url ?? "/", "http://intranet").pathname] ?? pages["/"]);
    });
    await new Promise((resolve) => server.listen(intranetPort, host, resolve));
    servers.push(server);
  }
  try {
    const allowed = watch(await browser.newPage());
    await allowed.goto(`http://127.0.0.2:${intranetPort}/`);
    await allowed.locator("plaza-latest").first().locator("li a").first().waitFor({ timeout: 10000 });
    check((await allowed.locator("plaza-latest").first().locator("li").count()) > 0, "an allowed intranet origin shows the widget");
    // Network content needs the short-lived token; the anonymous widget shows public items only.
    await allowed.locator("#network-sierra li a").first().waitFor({ timeout: 10000 });
    await allowed.locator("#public-sierra li a").first().waitFor({ timeout: 10000 });
    const networkTitles = await allowed.locator("#network-sierra li a").allTextContents();
    const publicTitles = await allowed.locator("#public-sierra li a").allTextContents();
    const networkOnly = NETWORK_ONLY;
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
    await intranetWidgets(allowed, { demoGuideline, sectionedGuideline, draftGuideline, publishGuideline });
    await framedWidget(allowed);
    await axeWithFrames(allowed, "widgets-intranet");
    await shot(allowed, "widgets-intranet");
    await hostileGuidelineWidget(browser, `http://127.0.0.2:${intranetPort}/hostil`);
    await languageWidgets(browser, `http://127.0.0.2:${intranetPort}/idiomas`, demoGuideline);
    const denied = await browser.newPage();
    const blocked = [];
    denied.on("console", (message) => message.type() === "error" && blocked.push(message.text()));
    await denied.goto(`http://127.0.0.3:${intranetPort}/`);
    await denied.locator("plaza-latest").first().getByText(UNAVAILABLE).waitFor({ timeout: 10000 });
    check((await denied.locator("plaza-latest li").count()) === 0, "an origin not allowed gets no content");
    check(blocked.some((text) => text.includes("CORS")), `the browser blocked the answer: ${blocked.join(" | ")}`);
    await deniedWidgets(denied, blocked);
  } finally {
    for (const server of servers) server.close();
  }

  await embedPages(browser, { intranetPort, demoGuideline, hostileGuideline });
  await demoPage(browser);
}

/** <plaza-search> and <plaza-guideline> on the allowed intranet page. */
async function intranetWidgets(page, { demoGuideline, sectionedGuideline, draftGuideline, publishGuideline }) {
  // Search: a labelled search landmark; results announced in a live region, linking to Plaza.
  const search = page.locator("#search-public");
  const box = search.getByRole("search").getByRole("searchbox", { name: "Qué buscas" });
  await box.fill("whatsapp");
  await box.press("Enter");
  await search.locator("li a").first().waitFor({ timeout: 10000 });
  const status = (await search.getByRole("status").textContent()) ?? "";
  check(/\d+ (de \d+ )?resultados? para «whatsapp»/.test(status), `the search announces its results (got "${status}")`);
  const hrefs = await search.locator("li a").evaluateAll((links) => links.map((a) => a.href));
  check(
    hrefs.length > 0 && hrefs.every((href) => /^http:\/\/[^/]+\/(casos|practicas|guias|debates)\/[^/]+$/.test(href) && href.startsWith(BASE)),
    `search results link to Plaza's pages: ${hrefs.join(" ")}`,
  );
  check((await search.locator("li mark").count()) > 0, "search snippets mark the matches");
  // The button submits too, and a search for network content finds it only with a widget token.
  const results = async (id, query) => {
    const widget = page.locator(id);
    await widget.getByRole("searchbox").fill(query);
    await widget.getByRole("button", { name: "Buscar" }).click();
    await widget.getByRole("status").filter({ hasText: `para «${query}»` }).waitFor({ timeout: 10000 });
    return widget.locator("li a").allTextContents();
  };
  const networkHits = await results("#search-network", "Inventario de cuentas oficiales");
  const publicHits = await results("#search-public", "Inventario de cuentas oficiales");
  check(networkHits.includes(NETWORK_ONLY), `a search with a widget token finds network content (${networkHits.join(" | ")})`);
  check(!publicHits.includes(NETWORK_ONLY), `an anonymous search finds public content only (${publicHits.join(" | ")})`);

  // Guideline, by default: title, version in force and its date, summary, the list of its
  // sections linking to Plaza, and a link to read it all there; not its text.
  const guideline = page.locator("#guideline");
  const pageUrl = (id) => `${BASE}/guias/${encodeURIComponent(id)}`;
  const demoUrl = pageUrl(demoGuideline.id);
  await guideline.locator(".more").waitFor({ timeout: 10000 });
  const title = await guideline.getByRole("heading", { level: 2 }).textContent();
  check(title === demoGuideline.title, `the guideline widget shows the guideline's title (got "${title}")`);
  const meta = (await guideline.locator(".meta").textContent()) ?? "";
  check(meta.includes(`Versión ${demoGuideline.currentVersionNumber}`) && (await guideline.locator(".meta time").count()) === 1, `the guideline widget shows its version and date (got "${meta}")`);
  const summary = demoGuideline.summary ? await guideline.locator(".summary").textContent() : "";
  check(summary === demoGuideline.summary, `the guideline widget shows the guideline's summary (got "${summary}")`);
  check((await guideline.locator(".body").count()) === 0, "by default the guideline widget does not embed the whole text");
  // The sections are the text's top-level h2 headings, read here from the API's HTML.
  const expected = await page.evaluate((html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    return [...template.content.children].filter((el) => el.tagName === "H2").map((el) => el.textContent.replace(/\s+/g, " ").trim()).filter(Boolean);
  }, demoGuideline.currentVersion.bodyHtml);
  const listed = await guideline.locator(".sections li a").allTextContents();
  check(
    (await guideline.getByRole("heading", { level: 3, name: "En esta guía", exact: true }).count()) === 1 && JSON.stringify(listed) === JSON.stringify(expected),
    `the guideline widget lists its sections (${listed.join(" | ")}; expected ${expected.join(" | ")})`,
  );
  const sectionLinks = await guideline.locator(".sections li a").evaluateAll((links) => links.map((a) => a.href));
  check(
    sectionLinks.length > 0 && sectionLinks.every((href) => href === demoUrl || href.startsWith(`${demoUrl}#`)),
    `each section links to the guideline's page (${sectionLinks.join(" ")})`,
  );
  const more = await guideline.getByRole("link", { name: /^Leer la guía completa en Plaza/ }).getAttribute("href");
  check(more === demoUrl, `the guideline widget links to the whole guideline on Plaza (got ${more})`);

  // `full`: the whole text in force, as before, and no list.
  const full = page.locator("#guideline-full");
  await full.locator(".body").waitFor({ timeout: 10000 });
  const fullText = ((await full.locator(".body").textContent()) ?? "").trim();
  check(fullText.length > 1000 && expected.every((heading) => fullText.includes(heading)), `full shows the whole text (${fullText.length} characters)`);
  check((await full.locator(".body h3").count()) === expected.length, "the text's own h2 headings go below the widget's title, as h3");
  check((await full.locator(".sections").count()) === 0 && (await full.locator(".more a").getAttribute("href")) === demoUrl, "full lists no sections and links to Plaza");
  check((await full.getByRole("link", { name: /^Ver en Plaza/ }).count()) === 1, "full links to Plaza");
  const [shortHeight, fullHeight] = [await heightOf(guideline), await heightOf(full)];
  check(shortHeight * 2 < fullHeight, `the default guideline widget is short (${shortHeight}px; full ${fullHeight}px)`);

  // sections="1": what comes before the sections and the first in full, then the others' list.
  const sectioned = page.locator("#guideline-sections");
  const sectionedUrl = pageUrl(sectionedGuideline);
  await sectioned.locator(".body").waitFor({ timeout: 10000 });
  const firstText = (await sectioned.locator(".body").textContent()) ?? "";
  check(
    firstText.includes("Para quién es esta guía.") && firstText.includes("Cercano y claro.") && !firstText.includes("De 8 a 20 h."),
    `sections="1" shows the first section in full (got "${firstText}")`,
  );
  check((await sectioned.locator(".body").getByRole("heading", { level: 3, name: "Tono" }).count()) === 1, "a section shown in full keeps its heading, as h3");
  const rest = await sectioned.locator(".sections li a").allTextContents();
  const restLinks = await sectioned.locator(".sections li a").evaluateAll((links) => links.map((a) => a.href));
  check(
    (await sectioned.getByRole("heading", { level: 3, name: "También en esta guía", exact: true }).count()) === 1 &&
      JSON.stringify(rest) === '["Horario","Respuestas"]' &&
      restLinks.every((href) => href === sectionedUrl),
    `sections="1" lists the other sections, linking to the guideline (${rest.join(" | ")}; ${restLinks.join(" ")})`,
  );
  // Without `sections`: every section listed; with `full`: the whole text. Attribute changes re-render.
  await sectioned.evaluate((el) => el.removeAttribute("sections"));
  await sectioned.getByRole("heading", { level: 3, name: "En esta guía", exact: true }).waitFor({ timeout: 10000 });
  const all = await sectioned.locator(".sections li a").allTextContents();
  check(JSON.stringify(all) === '["Tono","Horario","Respuestas"]' && (await sectioned.locator(".body").count()) === 0, `without sections every section is listed (${all.join(" | ")})`);
  check((await sectioned.locator(".summary").textContent()) === "Prueba de los widgets", "the summary is shown");
  await sectioned.evaluate((el) => el.setAttribute("full", ""));
  await sectioned.locator(".body").getByText("En menos de una hora.").waitFor({ timeout: 10000 });
  check((await sectioned.locator(".sections").count()) === 0 && (await sectioned.locator(".body h3").count()) === 3, "a full attribute set later shows the whole text");

  // Live: a guideline that is not public yet appears when it is published.
  const live = page.locator("#live-guideline");
  await live.getByText("Esta guía no existe o no es pública.").waitFor({ timeout: 10000 });
  await publishGuideline(draftGuideline);
  const shown = await live
    .getByRole("heading", { name: "Guía publicada en directo" })
    .waitFor({ timeout: 10000 })
    .then(() => true, () => false);
  check(shown, "the guideline widget reloads live when its guideline is published");
}

/** <plaza-frame>: a titled lazy frame of the embed page that grows to its content. */
async function framedWidget(page) {
  const frame = page.locator("#frame iframe");
  await frame.scrollIntoViewIfNeeded();
  const inside = page.frameLocator("#frame iframe");
  await inside.locator("plaza-latest li a").first().waitFor({ timeout: 15000 });
  check((await inside.locator("plaza-latest li").count()) > 0, "the framed widget lists case studies");
  check(
    (await frame.getAttribute("title")) === "Plaza: casos de estudio recientes" && (await frame.getAttribute("loading")) === "lazy",
    "the frame has a title and loads lazily",
  );
  check((await inside.locator("base").getAttribute("target")) === "_top", "links in the frame open in the intranet's tab, not in the frame");
  const grown = await page
    .waitForFunction(() => document.querySelector("#frame")?.shadowRoot?.querySelector("iframe")?.getBoundingClientRect().height > 150, null, { timeout: 10000 })
    .then(() => true, () => false);
  const outer = await heightOf(frame);
  const content = await heightOf(inside.locator("main"));
  check(grown && Math.abs(outer - Math.ceil(content)) <= 2, `the frame grows to its content (frame ${outer}px, content ${content}px)`);
  const scrolls = await inside.locator("html").evaluate((html) => html.scrollHeight > html.clientHeight + 1);
  check(!scrolls, "the framed page does not scroll");

  // The search frame: the form works inside the frame and the frame follows the new height.
  const searchFrame = page.locator("#frame-search iframe");
  await searchFrame.scrollIntoViewIfNeeded();
  const search = page.frameLocator("#frame-search iframe");
  await search.getByRole("searchbox").waitFor({ timeout: 15000 });
  await page.waitForTimeout(300);
  const before = await heightOf(searchFrame);
  await search.getByRole("searchbox").fill("redes sociales");
  await search.getByRole("button", { name: "Buscar" }).click();
  await search.locator("li a").first().waitFor({ timeout: 10000 });
  const after = await page
    .waitForFunction((before) => document.querySelector("#frame-search")?.shadowRoot?.querySelector("iframe")?.getBoundingClientRect().height > before + 20, before, { timeout: 10000 })
    .then(() => heightOf(searchFrame), () => heightOf(searchFrame));
  check(after > before + 20, `the search frame grows with its results (${before}px → ${after}px)`);
  // Only a guideline filter was asked for.
  const kinds = await search.locator("li .meta").allTextContents();
  check(kinds.length > 0 && kinds.every((kind) => kind === "Guía de uso"), `the framed search passes its filter on (${kinds.join(", ")})`);
}

/** On an origin no agency allows: no guideline, and the frame is refused by its CSP. */
async function deniedWidgets(page, blocked) {
  await page.locator("#guideline").getByText(UNAVAILABLE).waitFor({ timeout: 10000 });
  check((await page.locator("#guideline .more").count()) === 0 && (await page.locator("#guideline-full .body").count()) === 0, "an origin not allowed gets no guideline");
  const frame = page.locator("#frame iframe");
  await frame.scrollIntoViewIfNeeded();
  const refused = await (async () => {
    for (let i = 0; i < 40; i += 1) {
      if (blocked.some((text) => text.includes("frame-ancestors"))) return true;
      await page.waitForTimeout(250);
    }
    return false;
  })();
  const child = page.mainFrame().childFrames()[0];
  const lists = child ? await child.locator("plaza-latest li").count().catch(() => 0) : 0;
  check(refused && lists === 0, `an origin not allowed cannot frame the embed page (${child?.url()}; ${blocked.join(" | ")})`);
  check((await heightOf(frame)) <= 150, "a refused frame does not grow");
}

/** Widgets in the page's language (Catalan), an ancestor's (English) or their own (Portuguese); Spanish for others. */
async function languageWidgets(browser, url, demoGuideline) {
  const page = await browser.newPage();
  await page.goto(url);
  const heading = (locator) => locator.getByRole("heading", { level: 2 }).first().textContent();
  const contentLang = (locator) => locator.evaluate((el) => el.shadowRoot?.querySelector(".panel")?.lang ?? "");

  // <html lang="ca">: the latest case studies, in Catalan.
  const latest = page.locator("#latest-ca");
  await latest.locator("li a").first().waitFor({ timeout: 10000 });
  check((await heading(latest)) === "Casos d'estudi recents" && (await contentLang(latest)) === "ca", `a widget speaks the page's language (got "${await heading(latest)}")`);

  // <section lang="en">: the search box in English, its results announced in English.
  const search = page.locator("#search-en");
  const box = search.getByRole("searchbox", { name: "What are you looking for" });
  await box.fill("whatsapp");
  await search.getByRole("button", { name: "Search" }).click();
  await search.getByRole("status").filter({ hasText: "for “whatsapp”" }).waitFor({ timeout: 10000 });
  const status = (await search.getByRole("status").textContent()) ?? "";
  check(/^\d+ (of \d+ )?results? for “whatsapp”\.$/.test(status), `a widget speaks its ancestor's language, plurals included (got "${status}")`);
  const kinds = await search.locator("li .meta").allTextContents();
  check(kinds.length > 0 && kinds.every((kind) => ["Case study", "Good practice", "Usage guideline", "Discussion"].includes(kind)), `search hits say what they are in English (${kinds.join(", ")})`);

  // lang="pt-PT" on the element itself: the guideline in Portuguese.
  const guideline = page.locator(`#${PORTUGUESE_GUIDELINE}`);
  await guideline.locator(".more").waitFor({ timeout: 10000 });
  const meta = (await guideline.locator(".meta").textContent()) ?? "";
  check(meta.includes(`Versão ${demoGuideline.currentVersionNumber}`), `a widget speaks its own lang attribute (got "${meta}")`);
  check((await guideline.getByRole("heading", { level: 3, name: "Neste guia", exact: true }).count()) === 1, "the guideline widget names its sections in Portuguese");
  check((await guideline.getByRole("link", { name: /^Ler o guia completo no Plaza/ }).count()) === 1, "the guideline widget links to Plaza in Portuguese");

  // lang="fr", which the widgets do not speak: Spanish, and its content says it is Spanish.
  const french = page.locator("#latest-fr");
  await french.locator("li a").first().waitFor({ timeout: 10000 });
  check((await heading(french)) === "Casos de estudio recientes" && (await contentLang(french)) === "es", "a widget falls back to Spanish, marked as such");
  // A new lang attribute re-renders it in that language.
  await french.evaluate((el) => el.setAttribute("lang", "en"));
  const switched = await french
    .getByRole("heading", { level: 2, name: "Recent case studies" })
    .waitFor({ timeout: 10000 })
    .then(() => true, () => false);
  check(switched, "a widget follows a change of its lang attribute");

  // The iframe variant passes its language on: the framed page is in Catalan.
  const frame = page.locator("#frame-ca iframe");
  await frame.scrollIntoViewIfNeeded();
  check((await frame.getAttribute("title")) === "Plaza: casos d'estudi recents", `the frame's title is in the page's language (${await frame.getAttribute("title")})`);
  const inside = page.frameLocator("#frame-ca iframe");
  await inside.locator("plaza-latest li a").first().waitFor({ timeout: 15000 });
  check((await inside.locator("html").getAttribute("lang")) === "ca", "the framed page is in the frame's language");
  check((await heading(inside.locator("plaza-latest"))) === "Casos d'estudi recents", "the framed widget speaks Catalan");
  await axeWithFrames(page, "widgets-languages");
  await shot(page, "widgets-languages");
  await page.close();
}

/** A guideline whose text (and a section heading) is the script payloads renders inert in the widget, whole, listed or in part. */
async function hostileGuidelineWidget(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator("#hostile .body").waitFor({ timeout: 10000 });
  await page.locator("#hostile-summary .sections a").waitFor({ timeout: 10000 });
  await page.locator("#hostile-sections .body").waitFor({ timeout: 10000 });
  await page.waitForTimeout(300);
  for (const id of ["#hostile", "#hostile-summary", "#hostile-sections"]) {
    const inert = await shadowInertness(page, id);
    check(
      inert.pwned === undefined && inert.scripts === 0 && inert.handlers === 0 && inert.jsLinks === 0,
      `a hostile guideline is inert in the widget (${id}): ${JSON.stringify({ ...inert, text: undefined })}`,
    );
  }
  for (const id of ["#hostile", "#hostile-sections"]) {
    const { text } = await shadowInertness(page, id);
    check(text.includes("Texto de prueba") && text.includes("pincha"), `the hostile guideline's text is still shown (${id})`);
  }
  const listed = await page.locator("#hostile-summary .sections a").allTextContents();
  check(listed.length === 1 && /^Sección\s+con carga$/.test(listed[0]) && (await page.locator("#hostile-summary img").count()) === 0, `a hostile heading is listed as text (${listed.join(" | ")})`);
  await page.close();
}

/** The embed pages themselves: framing policy, styles under the strict CSP, axe. */
async function embedPages(browser, { intranetPort, demoGuideline, hostileGuideline }) {
  const allowedOrigin = `http://127.0.0.2:${intranetPort}`;
  const headers = async (path) => (await fetch(`${BASE}${path}`)).headers;
  const framed = await headers("/embed/latest?agencia=demo-ayto-vallverde");
  const policy = framed.get("content-security-policy") ?? "";
  check(
    policy.endsWith(`frame-ancestors 'self' ${allowedOrigin}`) && policy.includes("style-src 'self'") && !framed.has("x-frame-options"),
    `an embed page may be framed by its agency's origins (and Plaza's own demo page) only: ${policy}`,
  );
  for (const path of ["/embed/latest", "/embed/latest?agencia=no-existe"]) {
    check((await headers(path)).get("content-security-policy")?.endsWith("frame-ancestors 'self'"), `${path} may be framed by Plaza's own pages only`);
  }
  check((await headers("/")).get("x-frame-options") === "DENY", "the app's pages may not be framed");

  const pages = [
    ["embed-latest", "/embed/latest?agencia=demo-ayto-vallverde&platform=whatsapp&limit=3", "plaza-latest li a"],
    ["embed-search", "/embed/search?agencia=demo-ayto-vallverde", "plaza-search input"],
    ["embed-guideline", `/embed/guideline?agencia=demo-ayto-vallverde&guideline=${encodeURIComponent(demoGuideline.id)}`, "plaza-guideline .sections a"],
    ["embed-guideline-full", `/embed/guideline?agencia=demo-ayto-vallverde&full&guideline=${encodeURIComponent(demoGuideline.id)}`, "plaza-guideline .body"],
  ];
  for (const [name, path, ready] of pages) {
    const page = watch(await browser.newPage());
    await page.goto(`${BASE}${path}`);
    await page.locator(ready).first().waitFor({ timeout: 10000 });
    // Constructed stylesheets apply under `style-src 'self'`: the panel has its border.
    const border = await page.locator(".panel").first().evaluate((panel) => getComputedStyle(panel).borderTopWidth);
    check(border === "1px", `${name}: the widget's styles apply under the strict CSP (border ${border})`);
    check((await page.locator("h1").count()) === 1 && (await page.getAttribute("html", "lang")) === "es", `${name}: lang and a heading`);
    await axe(page, name);
    await page.close();
  }
  const hostile = watch(await browser.newPage());
  await hostile.goto(`${BASE}/embed/guideline?full&guideline=${encodeURIComponent(hostileGuideline)}`);
  await hostile.locator("plaza-guideline .body").waitFor({ timeout: 10000 });
  const inert = await shadowInertness(hostile, "plaza-guideline");
  check(inert.pwned === undefined && inert.scripts === 0 && inert.handlers === 0 && inert.jsLinks === 0, `a hostile guideline is inert on the embed page: ${JSON.stringify({ ...inert, text: undefined })}`);
  await hostile.close();
  // `lang` in the address: the embed page and its widget in that language.
  const portuguese = watch(await browser.newPage());
  await portuguese.goto(`${BASE}/embed/latest?agencia=demo-ayto-vallverde&platform=whatsapp&limit=2&lang=pt`);
  await portuguese.locator("plaza-latest li a").first().waitFor({ timeout: 10000 });
  check(
    (await portuguese.getAttribute("html", "lang")) === "pt" &&
      (await portuguese.locator("h1").textContent()) === "Plaza: estudos de caso recentes" &&
      (await portuguese.locator("plaza-latest").getByRole("heading", { level: 2 }).textContent()) === "Estudos de caso recentes",
    "an embed page speaks the language its address asks for",
  );
  await axe(portuguese, "embed-latest-pt");
  await portuguese.close();
  const unknown = await browser.newPage();
  await unknown.goto(`${BASE}/embed/otra-cosa`);
  check(await unknown.getByText("Este widget de Plaza no existe.").isVisible(), "an unknown embed page says so");
  await unknown.close();
}

/** The demo intranet page Plaza serves at /intranet-demo.html. */
async function demoPage(browser) {
  const page = await browser.newPage();
  await page.goto(`${BASE}/intranet-demo.html`);
  await page.locator("plaza-latest li a").first().waitFor({ timeout: 10000 });
  await page.locator("plaza-guideline .more").waitFor({ timeout: 10000 });
  const box = page.getByRole("searchbox");
  await box.fill("tiktok");
  await box.press("Enter");
  await page.locator("plaza-search li a").first().waitFor({ timeout: 10000 });
  await page.locator("plaza-frame iframe").scrollIntoViewIfNeeded();
  // Plaza's own page may frame the embed page: the iframe variant renders and sizes itself.
  const framed = page.frameLocator("plaza-frame iframe").locator("plaza-latest li a").first();
  const shown = await framed.waitFor({ timeout: 10000 }).then(() => true, () => false);
  check(shown, "the demo page's iframe widget renders");
  await page.waitForTimeout(500);
  // Same origin here, so the test may look inside: the frame is exactly as tall as its page.
  const sizes = await page.locator("plaza-frame iframe").evaluate((frame) => ({
    frame: frame.getBoundingClientRect().height,
    content: frame.contentDocument?.documentElement.scrollHeight ?? -1,
  }));
  check(sizes.content > 0 && Math.abs(sizes.frame - sizes.content) <= 2, `the demo page's iframe fits its content: ${JSON.stringify(sizes)}`);
  await axeWithFrames(page, "intranet-demo");
  await shot(page, "intranet-demo");
  await page.close();
}
