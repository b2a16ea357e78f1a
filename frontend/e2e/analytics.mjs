// Search analytics: a click on a result is reported without delaying the navigation; a network
// admin (Inés) finds the page in her header, sees the searches that found nothing as a to-do
// list with links, and the page passes axe, the keyboard walk and 360 px screens.
import { BASE, api, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const INES = "ines.rey@vallverde.example";
const NOTHING = "zzqxw inexistente";
const PATH = "/analitica-busqueda";

export async function analytics(browser) {
  // Anonymous searches: one that finds nothing three times (enough to be listed), one twice.
  const search = "query($q: String!) { search(query: $q, first: 1) { totalCount } }";
  for (let i = 0; i < 3; i += 1) await api(search, { q: NOTHING }, "");
  for (let i = 0; i < 2; i += 1) await api(search, { q: "consulta muy rara" }, "");

  // Opening a result reports its position, fire and forget.
  const context = await browser.newContext({ locale: "es-ES" });
  const page = watch(await context.newPage());
  await page.goto(`${BASE}/buscar?q=whatsapp`);
  await page.locator(".hits li h2 a").first().waitFor();
  const reported = page.waitForRequest((request) => request.url().endsWith("/graphql") && (request.postData() ?? "").includes("recordSearchClick"));
  await page.locator(".hits li h2 a").first().click();
  const click = JSON.parse((await reported).postData() ?? "{}");
  check(click.variables?.q === "whatsapp" && click.variables?.position === 1, `a click reports its query and position (${JSON.stringify(click.variables)})`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  check(page.url().includes("/casos/") || page.url().includes("/practicas/") || page.url().includes("/guias/"), "the result opens");
  // Anonymous visitors are asked to sign in.
  await page.goto(`${BASE}${PATH}`);
  await page.getByRole("main").getByRole("link", { name: "Entrar con mi organismo" }).waitFor();
  check(true, "the analytics page asks anonymous visitors to sign in");
  await context.close();

  // Inés, a network admin, opens the page from her header.
  const { context: inesContext, page: ines } = await signIn(browser, INES);
  // The header links her there (the link appears once her roles are known; following its href
  // rather than clicking keeps a re-rendering header from swallowing the click on a busy machine).
  const link = ines.locator("header").getByRole("link", { name: "Analítica de búsqueda" });
  await link.waitFor();
  const href = await link.getAttribute("href");
  check(href === PATH, `the header links network admins to the page (${href})`);
  // A network admin's header (ten links and the button) keeps one row at 1280 px.
  const rows = await ines.evaluate(
    () => new Set([...document.querySelectorAll(".primary-nav li")].map((li) => Math.round(li.getBoundingClientRect().top / 30))).size,
  );
  check(rows === 1, `a network admin's navigation fits one row at 1280 px (${rows} rows)`);
  await ines.goto(`${BASE}${PATH}`);
  await ines.getByRole("heading", { level: 1, name: "Analítica de búsqueda" }).waitFor();
  // The server writes what it counted every few hundred milliseconds here: reload until listed.
  const todo = ines.getByRole("table", { name: "Búsquedas sin resultados: tareas pendientes" }).first();
  for (let attempt = 0; attempt < 20 && !(await todo.getByText(NOTHING).count()); attempt += 1) {
    await ines.waitForTimeout(250);
    await ines.reload();
    await ines.getByRole("heading", { level: 1, name: "Analítica de búsqueda" }).waitFor();
  }
  check((await todo.getByText(NOTHING).count()) > 0, "the search that found nothing is on the to-do list");
  check((await todo.getByRole("link", { name: `Escribir un caso «${NOTHING}»` }).count()) > 0, "the to-do list links to writing a case study");
  check((await todo.getByRole("link", { name: `Buscar «${NOTHING}»` }).count()) > 0, "the to-do list links to searching it again");
  check(((await ines.locator("main").textContent()) ?? "").includes("consulta muy rara") === false, "a query searched twice is not listed");
  check((await ines.getByRole("table", { name: "Clics por posición del resultado" }).count()) > 0, "clicks by position are shown");
  await shot(ines, "search-analytics");
  await axe(ines, "search-analytics");
  await keyboardReach(ines, "search-analytics");
  await ines.setViewportSize({ width: 360, height: 740 });
  await ines.waitForTimeout(100);
  const overflow = await ines.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `search-analytics: no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(ines, "search-analytics-360");
  await inesContext.close();
}
