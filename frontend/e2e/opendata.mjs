// Open data as a citizen or a researcher meets it (and a member's private feed of a search): the footer leads to /datos, every dataset
// is there with its downloads (files the browser downloads, not pages of the app), the page
// speaks the reader's language, fits a phone, and says so plainly when the catalogue fails.
import { BASE, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

export async function openData(browser) {
  const context = await browser.newContext({ locale: "es-ES", acceptDownloads: true });
  const page = watch(await context.newPage());
  await page.goto(`${BASE}/`);
  await page.locator("footer").getByRole("link", { name: "Datos abiertos" }).click();
  await page.getByRole("heading", { level: 1, name: "Datos abiertos" }).waitFor();
  check(new URL(page.url()).pathname === "/datos", "the footer leads to /datos");
  const cards = page.locator("article.dataset");
  await cards.first().waitFor();
  check((await cards.count()) === 4, `four datasets (${await cards.count()})`);
  const csv = cards.first().getByRole("link", { name: "Descargar CSV" });
  check((await csv.getAttribute("href")) === "/datos/casos.csv", "the case studies' CSV is offered");
  const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
  check(download.suggestedFilename() === "plaza-casos.csv", `the CSV downloads (${download.suggestedFilename()})`);
  check(new URL(page.url()).pathname === "/datos", "a download is not a navigation of the app");
  check((await page.getByRole("link", { name: "Catálogo en JSON-LD" }).count()) === 1, "the catalogue is linked");
  await shot(page, "open-data");
  await axe(page, "open-data");
  await keyboardReach(page, "open-data");
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `/datos fits 360 px (overflow ${overflow}px)`);
  await shot(page, "open-data-360");
  await axe(page, "open-data-360");
  await context.close();

  // In Catalan, the page and the datasets' own titles.
  const catalan = await browser.newContext({ locale: "ca-ES" });
  const ca = watch(await catalan.newPage());
  await ca.goto(`${BASE}/datos`);
  await ca.getByRole("heading", { level: 1, name: "Dades obertes" }).waitFor();
  await ca.locator("article.dataset").first().waitFor();
  const titles = await ca.locator("article.dataset h2").allTextContents();
  check(titles.includes("Guies d'usos i estil a les xarxes socials"), `dataset titles in Catalan (${titles.join(" | ")})`);
  await catalan.close();

  // When the catalogue cannot be read: what happened, in words, and the page still explains itself.
  const failing = await browser.newContext({ locale: "es-ES" });
  const broken = await failing.newPage();
  await broken.route("**/datos/catalogo.jsonld", (route) => route.fulfill({ status: 503, body: "down" }));
  await broken.goto(`${BASE}/datos`);
  await broken.getByRole("alert").waitFor();
  check((await broken.locator("article.dataset").count()) === 0, "no datasets are invented when the catalogue fails");
  await shot(broken, "open-data-error");
  await axe(broken, "open-data-error");
  await failing.close();
}

/** A member's private feed of a search: created from the search page, read by a feed reader,
 * renewed (the old URL stops working). */
export async function privateFeed(browser) {
  const { context, page } = await signIn(browser, "lucia.moreno@vallverde.example");
  await page.goto(`${BASE}/buscar?q=${encodeURIComponent("whatsapp")}`);
  const panel = page.locator("details.private-feed");
  await panel.locator("summary").click();
  const create = panel.getByRole("button", { name: /Crear mi enlace privado|Renovar el enlace/ });
  await create.first().waitFor();
  await create.first().click();
  const atom = panel.getByRole("link", { name: "Feed privado (Atom)" });
  await atom.waitFor();
  const href = (await atom.getAttribute("href")) ?? "";
  check(href.startsWith("/feed.atom?q=whatsapp&key=plzf_"), `the private feed link carries the search and the key (${href.slice(0, 40)}…)`);
  const first = await fetch(`${BASE}${href}`);
  check(first.status === 200 && (first.headers.get("content-type") ?? "").startsWith("application/atom+xml"), `a feed reader gets the private feed (${first.status})`);
  await shot(page, "search-private-feed");
  await axe(page, "search-private-feed");
  await panel.getByRole("button", { name: "Renovar el enlace" }).click();
  await panel.getByText("Enlace renovado: el anterior ya no funciona.").waitFor();
  const stale = await fetch(`${BASE}${href}`);
  check(stale.status === 404, `the old private URL stops working once renewed (${stale.status})`);
  await panel.getByRole("button", { name: "Anular el enlace" }).click();
  await panel.getByText("Enlace anulado: ya no funciona.").waitFor();
  await context.close();
}
