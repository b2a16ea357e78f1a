// Platforms: a visitor browses the scorecards of every rated network (/plataformas), narrows them
// to local governments, opens one and reads its scorecard per dimension, its trend by quarter (a
// chart with its table) and what each agency said; unknown platforms and empty filters say why.
// Signed in, Lucía (an editor of Vallverde) rates TikTok for her agency: the form's errors show
// beside their fields (hers and the server's), then the rating appears, supersedes Vallverde's
// earlier one and moves the scorecard; a member without that role is told who rates.
import { BASE, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const LUCIA = "lucia.moreno@vallverde.example";
const ELENA = "elena.vidal@vallverde.example";
const EVIDENCE = "Los vídeos cortos triplicaron las solicitudes de ayudas de empleo joven entre menores de 25 años.";

async function noOverflow(page, name) {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(150);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${name}: no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 720 });
}

export async function platforms(browser) {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = watch(await context.newPage());

  // Every rated platform with a bar per dimension; signed out, what members see.
  await page.goto(`${BASE}/plataformas`);
  await page.getByRole("heading", { level: 1, name: "Plataformas" }).waitFor();
  const cards = page.locator(".platform-card");
  await cards.first().waitFor();
  const shown = await cards.evaluateAll((items) =>
    items.map((card) => ({
      name: card.querySelector("h3 a")?.textContent ?? "",
      href: card.querySelector("h3 a")?.getAttribute("href") ?? "",
      rows: card.querySelectorAll(".score-row").length,
      values: [...card.querySelectorAll(".score-value")].map((v) => v.textContent ?? ""),
    })),
  );
  check(shown.length > 0 && shown.every((c) => c.rows === 3), `every platform card shows the three dimensions (${JSON.stringify(shown[0])})`);
  check(shown[0]?.name === "WhatsApp", `the platform most agencies rated comes first (${shown.map((c) => c.name).join(", ")})`);
  check(shown.some((c) => c.values.some((v) => /^\d,\d de 5$/.test(v))), `means are written on the 1..5 scale (${shown[0]?.values.join(" | ")})`);
  const panel = page.getByRole("region", { name: "Los miembros ven más" });
  check(((await panel.textContent()) ?? "").includes("las que se comparten solo con la red"), "signed out, the page says what members see");
  check((await panel.getByRole("link", { name: "Entrar con mi organismo" }).getAttribute("href")) === "/entrar?volver=%2Fplataformas", "and how to sign in and come back");
  check((await page.locator(".unrated .tag-links a").count()) > 0, "the platforms nobody rated are listed too");
  await shot(page, "platforms");
  await axe(page, "platforms");
  await keyboardReach(page, "platforms");
  await noOverflow(page, "platforms");

  // Narrowed to local governments, in the address; a card opens its platform with the filter.
  await page.getByLabel("Nivel de gobierno").selectOption("local");
  await page.getByRole("button", { name: "Aplicar" }).click();
  await page.waitForURL(`${BASE}/plataformas?nivel=local`);
  await page.getByText("Solo valoraciones de organismos de nivel local.").waitFor();
  check((await page.getByLabel("Nivel de gobierno").inputValue()) === "local", "the filter shows in the form");
  await page.locator(".platform-card h3 a", { hasText: "WhatsApp" }).click();
  await page.waitForURL(`${BASE}/plataformas/whatsapp?nivel=local`);
  await page.getByRole("heading", { level: 1, name: "WhatsApp" }).waitFor();

  // The platform's page: a tile per dimension, the trend with its table, the agencies' ratings.
  await page.getByRole("heading", { level: 2, name: "Valoración por dimensión" }).waitFor();
  const tiles = await page.locator(".dimension-tile").evaluateAll((items) =>
    items.map((tile) => ({ name: tile.querySelector("h3")?.textContent ?? "", figure: tile.querySelector(".figure")?.textContent ?? "", bars: tile.querySelectorAll(".distribution > div").length })),
  );
  check(tiles.length === 3 && tiles[0]?.name === "Prestación de servicios" && /^\d,\d$/.test(tiles[0]?.figure ?? "") && tiles[0]?.bars === 5, `a tile per dimension with its mean and its distribution (${JSON.stringify(tiles[0])})`);
  check(((await page.locator(".scorecard-line").textContent()) ?? "").includes("han valorado WhatsApp"), "the scorecard says how many agencies stand behind it");
  const trend = page.locator(".trend-figure");
  check((await trend.locator("svg path.trend-line").count()) >= 2, "the trend draws a line per rated dimension");
  check((await trend.locator(".trend-legend li").count()) === 3, "the trend's legend names the three dimensions");
  check(/de 1 a 5 \(organismos de nivel local\)$/.test((await trend.locator("figcaption").textContent()) ?? ""), "the trend's caption says what it shows, as filtered");
  const described = await trend.evaluate((figure) => document.getElementById(figure.getAttribute("aria-describedby") ?? "")?.tagName);
  check(described === "TABLE", `the trend's numbers are in a table it points to (${described})`);
  await trend.getByText("Ver los datos en una tabla").click();
  const rows = await trend.locator("table tbody tr").count();
  check(rows > 4 && rows === (await trend.locator("svg .trend-tick").count()), `the table has a row per quarter drawn (${rows})`);
  const ratings = await page.locator("ol.ratings > li").evaluateAll((items) =>
    items.map((item) => ({ agency: item.querySelector("h3")?.textContent ?? "", meta: item.querySelector(".meta")?.textContent ?? "", superseded: item.classList.contains("superseded") || item.classList.contains("partly"), evidence: item.querySelectorAll(".justification").length })),
  );
  check(ratings.length >= 4 && ratings.every((r) => r.evidence > 0 && /Valoración del \d/.test(r.meta)), `ratings come with their evidence and dates (${JSON.stringify(ratings[0])})`);
  check(ratings.some((r) => r.superseded), "an agency's earlier rating is marked as superseded");
  check(((await page.locator("#valorar").textContent()) ?? "").includes("Entra con la cuenta corporativa"), "signed out, the rating section says who rates and how to sign in");
  await shot(page, "platform");
  await axe(page, "platform");
  await keyboardReach(page, "platform");
  await noOverflow(page, "platform");

  // In another language the page follows, taxonomy labels included.
  await page.locator("#language").selectOption("en");
  await page.getByRole("heading", { level: 2, name: "Rating by dimension" }).waitFor();
  check((await page.locator(".dimension-tile h3").first().textContent()) === "Service delivery", "the page speaks the reader's language, labels included");
  check((await page.locator(".trend-figure figcaption").textContent())?.includes("at the end of each quarter"), "and so does the trend");
  await page.locator("#language").selectOption("es");
  await page.getByRole("heading", { level: 2, name: "Valoración por dimensión" }).waitFor();

  // A case study on the platform links its platforms back to their scorecards.
  await page.locator(".case-links a").first().click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  const tag = page.locator("a.tag-link", { hasText: "WhatsApp" });
  await tag.first().waitFor();
  check((await tag.first().getAttribute("href")) === "/plataformas/whatsapp", "a case's platform tags link to the platform's scorecard");
  await tag.first().click();
  await page.getByRole("heading", { level: 1, name: "WhatsApp" }).waitFor();

  // Empty and unknown: what happened and what to do.
  await page.goto(`${BASE}/plataformas?nivel=supranational`);
  await page.locator(".empty-state").waitFor();
  check(((await page.locator(".empty-state").textContent()) ?? "").includes("Ninguna plataforma tiene valoraciones de organismos de nivel supranacional"), "an empty filter says why");
  check((await page.locator(".empty-state").getByRole("link", { name: "Quitar filtros" }).count()) === 1, "and offers to clear it");
  await axe(page, "platforms-empty");
  await page.goto(`${BASE}/plataformas/myspace`);
  await page.getByRole("heading", { level: 1, name: "Esa plataforma no existe" }).waitFor();
  check(true, "an unknown platform says so");
  await axe(page, "platform-unknown");
  await context.close();

  // Lucía, an editor of Vallverde, finds the page in the header and rates TikTok.
  const { context: luciaContext, page: lucia } = await signIn(browser, LUCIA);
  const navLink = lucia.locator("header").getByRole("link", { name: "Plataformas" });
  check((await navLink.getAttribute("href")) === "/plataformas", "the header links to the platforms");
  await lucia.goto(`${BASE}/plataformas/tiktok`);
  await lucia.getByRole("heading", { level: 1, name: "TikTok" }).waitFor();
  const before = (await lucia.locator(".dimension-tile").first().locator(".figure").textContent()) ?? "";
  await lucia.getByRole("link", { name: "Valorar TikTok para mi organismo" }).click();
  const form = lucia.locator("form#rate-platform");
  await form.waitFor();
  await keyboardReach(lucia, "platform-rate");
  // Nothing scored: the form says so, in place.
  await form.getByRole("button", { name: "Guardar la valoración" }).click();
  await form.locator(".error-summary").waitFor();
  check(((await lucia.locator('[id="scores-error"]').textContent()) ?? "") === "Puntúa al menos una dimensión.", "nothing scored: the form says so beside the scores");
  const service = form.getByRole("group", { name: "Prestación de servicios", exact: true });
  const trust = form.getByRole("group", { name: "Confianza y legitimidad", exact: true });
  // A score without evidence: the evidence field is marked and takes the focus.
  await service.getByRole("radio", { name: "4 · Alto" }).check();
  await form.getByRole("button", { name: "Guardar la valoración" }).click();
  const evidence = service.getByLabel("Evidencia");
  await lucia.waitForFunction(() => document.activeElement?.getAttribute("name") === "scores.service_delivery.justification");
  check((await evidence.getAttribute("aria-invalid")) === "true", "a score without evidence marks the evidence field");
  check(((await lucia.locator('[id="scores.service_delivery.justification-error"]').textContent()) ?? "").includes("Explica en qué se basa"), "and explains itself beside it");
  await shot(lucia, "platform-rate-error");
  await axe(lucia, "platform-rate-error");
  await evidence.fill(EVIDENCE);
  await trust.getByRole("radio", { name: "2 · Escaso" }).check();
  await trust.getByLabel("Evidencia").fill("Los comentarios hostiles obligan a moderar cada publicación.");
  // The server's error (a day before 2000) shows beside the date, in the reader's language.
  await form.getByLabel("Fecha de la valoración").fill("1999-12-31");
  await form.getByRole("button", { name: "Guardar la valoración" }).click();
  await lucia.locator('[id="ratedOn-error"]:not([hidden])').waitFor();
  check((await form.getByLabel("Fecha de la valoración").getAttribute("aria-invalid")) === "true", `the server's error marks the date (${await lucia.locator('[id="ratedOn-error"]').textContent()})`);
  await form.getByLabel("Fecha de la valoración").fill(new Date().toISOString().slice(0, 10));
  await form.getByRole("button", { name: "Guardar la valoración" }).click();

  // Saved: the note takes the focus, the rating leads the list and supersedes Vallverde's earlier one.
  const saved = lucia.locator("#rating-saved");
  await saved.waitFor();
  await lucia.waitForFunction(() => document.activeElement?.id === "rating-saved");
  check(((await saved.textContent()) ?? "").includes("Valoración guardada"), "the rating is saved and says so");
  const first = lucia.locator("ol.ratings > li").first();
  check(((await first.textContent()) ?? "").includes(EVIDENCE) && (await first.getAttribute("class"))?.includes("fresh"), "the new rating leads the list, with its evidence");
  check(((await first.locator("h3").textContent()) ?? "").includes("Vallverde"), "signed by her agency");
  // It rated service delivery and trust again, not social outcomes: that score of the earlier one still counts.
  const earlier = lucia.locator("ol.ratings > li.partly", { hasText: "Vallverde" });
  check((await earlier.count()) === 1, "Vallverde's earlier rating is now partly superseded");
  check(((await earlier.locator(".rating-scores > div", { hasText: "Prestación de servicios" }).textContent()) ?? "").includes("sustituida"), "its service delivery score is marked superseded");
  check(((await earlier.locator(".rating-scores > div", { hasText: "Resultados sociales" }).textContent()) ?? "").includes("sustituida") === false, "its social outcomes score still counts");
  const after = (await lucia.locator(".dimension-tile").first().locator(".figure").textContent()) ?? "";
  check(after !== before && after === "4,0", `the scorecard moved (service delivery ${before} → ${after})`);
  await shot(lucia, "platform-rated");
  await axe(lucia, "platform-rated");
  await lucia.locator("header").getByRole("link", { name: "Plataformas" }).click();
  await lucia.locator(".platform-card").first().waitFor();
  const tiktok = lucia.locator(".platform-card", { has: lucia.getByRole("link", { name: "TikTok", exact: true }) });
  check(((await tiktok.locator(".score-value").first().textContent()) ?? "").startsWith("4,0"), "the list shows the new scorecard");
  await axe(lucia, "platforms-member");
  await luciaContext.close();

  // Elena has no editor role: she is told who rates for her agency.
  const { context: elenaContext, page: elena } = await signIn(browser, ELENA);
  await elena.goto(`${BASE}/plataformas/tiktok`);
  await elena.getByRole("heading", { level: 2, name: "Valorar TikTok" }).waitFor();
  check((await elena.locator("form#rate-platform").count()) === 0 && ((await elena.locator("#valorar").textContent()) ?? "").includes("quienes editan o administran"), "a member without the editor role is told who rates");
  await elenaContext.close();
}
