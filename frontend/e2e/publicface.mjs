// The public face as a crawler and a visitor meet it: a public case study's page carries its
// content before any script runs (and passes axe as such), the app then takes it over with one
// heading, not two; a search offers its Atom feed.
import { BASE, api, axe, check, keyboardReach, shot, watch } from "./lib.mjs";

export async function publicFace(browser) {
  const found = await api(
    `{ search(query: "tipo:caso llamadas whatsapp 010", first: 1) { edges { node { id title } } } }`,
    {},
    null,
  );
  const hit = found.search.edges[0]?.node;
  check(Boolean(hit), "the demo network has a public case study");
  if (!hit) return;
  const path = `/casos/${encodeURIComponent(hit.id)}`;

  // Without the app's scripts: what a crawler or a link preview reads.
  const bare = await browser.newContext({ locale: "es-ES" });
  await bare.route("**/assets/**/*.js", (route) => route.abort());
  await bare.route("**/assets/*.js", (route) => route.abort());
  // Not watched: the aborted scripts are the point, not errors.
  const page = await bare.newPage();
  await page.goto(`${BASE}${path}`);
  const heading = (await page.locator("main h1").textContent()) ?? "";
  check(heading === hit.title, `the server-rendered page carries the title (${heading})`);
  check((await page.locator('link[rel="canonical"]').getAttribute("href"))?.endsWith(path) === true, "the page names its canonical URL");
  check(((await page.locator('meta[property="og:title"]').getAttribute("content")) ?? "") === hit.title, "link previews get the title");
  await shot(page, "public-case-server-rendered");
  await axe(page, "public-case-server-rendered");
  // On a phone: the metrics table and long words stay within the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `the server-rendered page fits 360 px (overflow ${overflow}px)`);
  await shot(page, "public-case-server-rendered-360");
  await axe(page, "public-case-server-rendered-360");
  await bare.close();

  // With the app: it takes over the page; one main heading, the app's own view.
  const context = await browser.newContext({ locale: "es-ES" });
  const live = watch(await context.newPage());
  await live.goto(`${BASE}${path}`);
  await live.locator("main .view h1").waitFor();
  check((await live.locator("main h1").count()) === 1, "one heading once the app has taken over");
  check((await live.locator("main article.ssr").count()) === 0, "the server's copy is replaced");

  // A search offers its feed, in the page and in the head.
  await live.goto(`${BASE}/buscar?q=${encodeURIComponent("plataforma:tiktok")}`);
  const feed = live.getByRole("link", { name: "Novedades públicas de esta búsqueda (Atom)" });
  await feed.waitFor();
  check((await feed.getAttribute("href")) === `/feed.atom?q=${encodeURIComponent("plataforma:tiktok")}`, "the feed link carries the search");
  check((await live.locator('head link[rel="alternate"][type="application/atom+xml"]#search-feed').count()) === 1, "the head announces the search's feed");
  await shot(live, "search-feed-link");
  await axe(live, "search-feed-link");
  await keyboardReach(live, "search-feed-link");
  await context.close();
}
