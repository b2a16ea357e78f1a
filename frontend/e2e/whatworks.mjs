// What works (`/que-funciona`): a visitor finds it in the header, reads the public cases' figures
// (each median written out, as the API computed it), narrows to a platform and regroups by level
// of government through the form (kept in the address), opens the cases behind a group and the
// table alternative; an empty result, a failure and the loading state each say what is going on;
// a member gets "agencies like mine" in one click; axe, the keyboard walk and 360 px screens.
import { BASE, api, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const PATH = "/que-funciona";
const GROUPS = `query($filter: WhatWorksFilterInput!, $breakdown: [WhatWorksBreakdown!]!) {
  whatWorks(filter: $filter, breakdown: $breakdown) { casesConsidered groups { metricKind { code label } platform { label } level { label } caseCount median cases { id } } }
}`;
const EMPTY = { metricKind: null, platform: null, objective: null, level: null, country: null };

/** A relative change as the page writes it in Spanish ("−27,5 %"). */
function percent(value) {
  return new Intl.NumberFormat("es", { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value).replace("-", "\u2212");
}

/** The row of a group: in its metric kind's section, the row whose heading starts with `name`. */
function rowOf(page, kind, name, extra = "") {
  const starts = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `);
  return page.getByRole("region", { name: kind, exact: true }).locator(`.ww-row${extra}`).filter({ has: page.getByRole("heading", { level: 3, name: starts }) });
}

async function ready(page) {
  await page.getByRole("heading", { level: 1, name: "Qué funciona" }).waitFor();
  await page.locator(".ww-summary, .ww-empty, main [role=alert]").first().waitFor();
}

export async function whatWorks(browser) {
  const context = await browser.newContext({ locale: "es-ES", viewport: { width: 1280, height: 900 } });
  const page = watch(await context.newPage());

  // The header links to the page; the visitor follows it.
  await page.goto(`${BASE}/`);
  const link = page.locator("header").getByRole("link", { name: "Qué funciona" });
  await link.waitFor();
  check((await link.getAttribute("href")) === PATH, "what works: the header links to /que-funciona");
  await link.click();
  await ready(page);
  check((await link.getAttribute("aria-current")) === "page", "what works: its header link is marked current");
  const main = page.locator("main");
  check(((await main.textContent()) ?? "").includes("los miembros que entran con su organismo ven también los casos"), "what works: a visitor is told members see their network's cases too");
  check((await main.getByRole("link", { name: "Entrar con mi organismo" }).getAttribute("href")) === `/entrar?volver=${encodeURIComponent(PATH)}`, "what works: the visitor's way in comes back here");

  // Every median shown is the API's, written out, in its metric kind's section.
  const byPlatform = (await api(GROUPS, { filter: EMPTY, breakdown: ["PLATFORM"] }, "")).whatWorks;
  const withMedian = byPlatform.groups.filter((g) => g.median !== null);
  check(withMedian.length > 0, "what works: the demo network has groups with a median");
  for (const group of withMedian.slice(0, 4)) {
    const row = rowOf(page, group.metricKind.label, group.platform.label);
    const text = (await row.textContent()) ?? "";
    check(text.includes(percent(group.median)), `what works: ${group.metricKind.code}/${group.platform.label} shows its median ${percent(group.median)} ("${text.slice(0, 90)}")`);
    check(text.includes(`${group.caseCount} casos`) && /Mitad central de los casos: de [−+]?\d/.test(text) && text.includes("Evidencia"), `what works: ${group.platform.label} shows its cases, middle half and evidence`);
  }
  const few = byPlatform.groups.find((g) => g.median === null);
  if (few) {
    const row = rowOf(page, few.metricKind.label, few.platform.label, ".few");
    check(((await row.textContent()) ?? "").includes("Sin mediana con"), "what works: a group with too few cases says so instead of a median");
    check((await row.locator(".ww-case-list a[href^='/casos/']").count()) === few.cases.length, "what works: a small group links each of its cases");
  }
  check((await main.locator("svg.ww-marks[aria-hidden=true]").count()) === byPlatform.groups.length, "what works: one range chart per group, decorative beside its written values");

  // Narrowing through the form: WhatsApp, grouped by level of government.
  await page.getByLabel("Plataforma", { exact: true }).selectOption({ label: "WhatsApp" });
  await page.getByLabel("Agrupar por").selectOption({ label: "Nivel de gobierno" });
  await page.getByRole("button", { name: "Aplicar" }).click();
  await page.waitForURL(/plataforma=whatsapp/);
  await ready(page);
  const url = new URL(page.url());
  check(url.pathname === PATH && url.searchParams.get("por") === "nivel", `what works: the filters are kept in the address (${url.search})`);
  check((await page.getByLabel("Plataforma", { exact: true }).inputValue()) === "whatsapp", "what works: the form shows the filter applied");
  // A period narrows too: the years offered run from this one back to 2015, kept in the address.
  const years = await page.getByLabel("Resultados desde").locator("option").allTextContents();
  check(years[0] === "Cualquier año" && years.includes("2015") && years.includes(String(new Date().getFullYear())), `what works: years to narrow by (${years.length - 1})`);
  const whatsapp = (await api(GROUPS, { filter: { ...EMPTY, platform: "whatsapp" }, breakdown: ["LEVEL"] }, "")).whatWorks;
  const names = await main.locator(".ww-row h3").allTextContents();
  check(
    names.length === whatsapp.groups.length && whatsapp.groups.every((g) => names.some((n) => n.startsWith(g.level.label))),
    `what works: one row per metric kind and level for WhatsApp cases (${names.join(" | ")})`,
  );
  const calls = whatsapp.groups.filter((g) => g.metricKind.code === "phone_calls").sort((a, b) => b.caseCount - a.caseCount)[0];
  check(Boolean(calls), "what works: WhatsApp cases measured phone calls");
  if (calls) {
    const row = rowOf(page, calls.metricKind.label, calls.level.label);
    const opener = row.locator("summary");
    if (await opener.count()) await opener.click();
    const links = row.locator(".ww-case-list a");
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    check(hrefs.length === calls.cases.length && hrefs.every((h) => h.startsWith("/casos/")), `what works: the cases behind the group are linked (${hrefs.length} of ${calls.cases.length})`);
    const metas = await row.locator(".ww-case-list .meta").allTextContents();
    check(metas.length > 0 && metas.every((m) => /[−+]?\d+(,\d)?\s%/.test(m)), `what works: each case shows its own change (${metas.join(" | ")})`);
    // The table alternative carries the same numbers.
    const section = page.getByRole("region", { name: calls.metricKind.label, exact: true });
    await section.getByText("Ver los datos en una tabla").click();
    const table = section.getByRole("table");
    check((await table.locator("caption").textContent())?.includes("por nivel de gobierno"), "what works: the table names what it groups by");
    const cells = await table.locator("tbody tr").first().locator("td").allTextContents();
    check(cells.length === 6 && cells[0] === String(calls.caseCount), `what works: the table lists cases and figures (${cells.join(" | ")})`);
    await shot(page, "whatworks");
    await axe(page, "whatworks");
    await keyboardReach(page, "whatworks");
    // A case behind the figure opens.
    const title = (await links.first().textContent())?.trim();
    await links.first().click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    check(page.url().includes("/casos/"), "what works: a case behind a figure opens");
    await page.goBack();
    await ready(page);
  }

  // By format: the formats authors wrote, grouped as written (case and spacing aside), and a
  // format to narrow by, kept in the address.
  await page.goto(`${BASE}${PATH}?por=formato`);
  await ready(page);
  const formatGroups = (await api(GROUPS.replace("level { label }", "level { label } format"), { filter: EMPTY, breakdown: ["FORMAT"] }, "")).whatWorks.groups;
  const rows = await main.locator(".ww-row h3").allTextContents();
  check(formatGroups.length > 0 && formatGroups.every((g) => rows.some((r) => r.startsWith(g.format))), `what works: one row per metric kind and format (${rows.slice(0, 6).join(" | ")})`);
  const offered = await page.getByLabel("Formato", { exact: true }).locator("option").allTextContents();
  check(offered[0] === "Todos los formatos" && formatGroups.every((g) => offered.includes(g.format)), `what works: the formats of the cases are offered (${offered.length - 1})`);
  const oneFormat = formatGroups.sort((a, b) => b.caseCount - a.caseCount)[0]?.format;
  if (oneFormat) {
    await page.getByLabel("Formato", { exact: true }).selectOption(oneFormat);
    await page.getByRole("button", { name: "Aplicar" }).click();
    await page.waitForURL(/formato=/);
    await ready(page);
    check(new URL(page.url()).searchParams.get("formato") === oneFormat, `what works: the format is kept in the address (${page.url()})`);
    const narrowed = (await api(GROUPS, { filter: { ...EMPTY, format: oneFormat }, breakdown: ["FORMAT"] }, "")).whatWorks.groups;
    check(narrowed.length > 0 && narrowed.length === (await main.locator(".ww-row h3").count()), `what works: narrowed to one format (${narrowed.length} groups)`);
    await axe(page, "whatworks-format");
  }

  // The page at 360 px: no sideways scrolling.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${BASE}${PATH}?por=ninguno`);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `what works: no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(page, "whatworks-360");
  await axe(page, "whatworks-360");

  // Nothing matches: why, and what to do.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${BASE}${PATH}?pais=ZZ`);
  await ready(page);
  const empty = (await main.locator(".ww-empty").textContent()) ?? "";
  check(empty.includes("Ningún caso coincide") && empty.includes("Prueba a quitar alguno"), `what works: an empty result says why and what to do ("${empty.slice(0, 80)}")`);
  check((await main.locator(".ww-empty").getByRole("link", { name: "Quitar los filtros" }).count()) === 1, "what works: an empty result offers to clear the filters");
  await axe(page, "whatworks-empty");
  // A code Plaza does not know is dropped and the reader told.
  await page.goto(`${BASE}${PATH}?plataforma=myspace`);
  await ready(page);
  check(((await main.textContent()) ?? "").includes("Uno de los filtros del enlace no existe"), "what works: an unknown filter in a link is dropped and said");

  // In English.
  await page.locator("#language").selectOption("en");
  await page.getByRole("heading", { level: 1, name: "What works" }).waitFor();
  await main.locator(".ww-summary").waitFor();
  check(((await main.textContent()) ?? "").includes("Middle half of the cases"), "what works: the page speaks English");
  await page.locator("#language").selectOption("es");
  await context.close();

  // Loading, then a failure that says what to do (the API answering with an internal error).
  const failing = await browser.newContext({ locale: "es-ES" });
  const broken = await failing.newPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await broken.route("**/graphql", async (route) => {
    if (!(route.request().postData() ?? "").includes("WhatWorks")) return route.continue();
    await held;
    await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] }) });
  });
  await broken.goto(`${BASE}${PATH}`);
  await broken.getByRole("status").filter({ hasText: "Cargando" }).waitFor();
  check(true, "what works: loading says so");
  release();
  const alert = broken.locator("main [role=alert]");
  await alert.waitFor();
  check(((await alert.textContent()) ?? "").includes("Vuelve a intentarlo"), "what works: a failure says what happened and what to do");
  await axe(broken, "whatworks-error");
  await failing.close();

  // A member: their network's cases too, and agencies like theirs in one click.
  const { context: memberContext, page: member } = await signIn(browser, "lucia.moreno@vallverde.example");
  await member.goto(`${BASE}${PATH}`);
  await ready(member);
  check(!((await member.locator("main").textContent()) ?? "").includes("Estás viendo solo los casos públicos"), "what works: members are not told they see public cases only");
  const mine = member.getByRole("link", { name: /^Organismos como el mío/ });
  await mine.click();
  await member.waitForURL(/nivel=local/);
  await ready(member);
  const mineUrl = new URL(member.url());
  check(mineUrl.searchParams.get("nivel") === "local" && mineUrl.searchParams.get("pais") === "ES", `what works: "agencies like mine" narrows to the member's level and country (${mineUrl.search})`);
  await memberContext.close();
}
