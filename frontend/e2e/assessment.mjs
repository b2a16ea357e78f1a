// The threat self-assessment (/autoevaluacion). A signed-out visitor is told what it is and how
// to get in; Elena (a member without a role) sees her agency's history and the anonymised
// benchmark but is told only editors record one; Lucía (editor and admin of Vallverde) opens it
// from her home page, walks the ten threats by keyboard (each step's heading takes the focus, an
// unanswered step and a future date are explained beside their fields, leaving keeps the draft),
// saves it, and sees the new dated assessment in the history, where Vallverde stands against the
// network (and the "too few agencies" message for a narrower group, never an agency's name) and,
// for each weak point, cases, practices and guidelines that address it. axe-core, the keyboard
// walk and 360 px screens on every state.
import { BASE, api, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const LUCIA = "lucia.moreno@vallverde.example";
const ELENA = "elena.vidal@vallverde.example";
const PATH = "/autoevaluacion";
const NARROW = { width: 360, height: 740 };
const AGENCY = "Ayuntamiento de Vallverde (demo)";
/** The levels Lucía gives the ten threats, in taxonomy order. */
const ANSWERS = ["medium", "high", "low", "none", "medium", "low", "high", "medium", "low", "low"];

/** At 360 px wide the page does not scroll sideways (tables scroll inside their own region). */
async function narrow(page, name) {
  const before = page.viewportSize();
  await page.setViewportSize(NARROW);
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${name}: no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(page, `${name}-360`);
  if (before) await page.setViewportSize(before);
}

const focusedText = (page) => page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()}#${document.activeElement?.id ?? ""} ${document.activeElement?.textContent?.trim().slice(0, 60) ?? ""}`);

/** A calendar day as the page writes it (es, medium, the same day everywhere). */
const shown = (day) => new Intl.DateTimeFormat("es", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

export async function assessment(browser) {
  const names = (await api("{ agencies(first: 100) { edges { node { name } } } }", {}, "")).agencies.edges.map((e) => e.node.name);

  // Signed out: what it is, the way in (back here) and how an administration joins.
  const context = await browser.newContext({ locale: "es-ES" });
  const visitor = watch(await context.newPage());
  await visitor.goto(`${BASE}${PATH}`);
  await visitor.getByRole("heading", { level: 1, name: "Autoevaluación de amenazas" }).waitFor();
  const way = visitor.getByRole("main").getByRole("link", { name: "Entrar con mi organismo" });
  await way.waitFor();
  check((await way.getAttribute("href")) === `/entrar?volver=${encodeURIComponent(PATH)}`, "assessment: signed out, it links to signing in and back");
  const outText = (await visitor.getByRole("main").textContent()) ?? "";
  check(outText.includes("es para los miembros de Plaza") && outText.includes("Cualquier administración pública puede unirse"), "assessment: signed out, it says what it is and how an administration joins");
  await axe(visitor, "assessment-signed-out");
  await shot(visitor, "assessment-signed-out");
  await context.close();

  // Elena, without a role: the history and the benchmark, no wizard.
  const { context: elenaContext, page: elena } = await signIn(browser, ELENA);
  await elena.goto(`${BASE}${PATH}`);
  await elena.getByRole("heading", { level: 2, name: "Dónde estáis frente a la red" }).waitFor();
  check(((await elena.locator("#assessment-start").textContent()) ?? "").includes(`Solo quien edita o administra ${AGENCY}`), "assessment: a member without an editor role is told who can record one");
  check((await elena.getByRole("button", { name: /autoevaluación/ }).count()) === 0, "assessment: no wizard for a member without an editor role");
  check((await elena.getByRole("table", { name: /Autoevaluaciones de Ayuntamiento de Vallverde/ }).count()) === 1, "assessment: every member of the agency sees its history");
  await axe(elena, "assessment-member");
  await elenaContext.close();

  // Lucía, editor and admin of Vallverde, finds it on her home page.
  const { context: luciaContext, page: lucia } = await signIn(browser, LUCIA);
  const panel = lucia.getByRole("region", { name: "Autoevaluación de amenazas" });
  const homeLink = panel.getByRole("link", { name: "Ver la autoevaluación" });
  await homeLink.waitFor();
  check((await homeLink.getAttribute("href")) === PATH, "assessment: the home page links members to it");
  await homeLink.click();
  await lucia.getByRole("heading", { level: 2, name: "Dónde estáis frente a la red" }).waitFor();
  const benchmark = lucia.locator("section.assessment-benchmark");
  const benchText = (await benchmark.textContent()) ?? "";
  check(benchText.includes("Comparado con la última autoevaluación de 5 organismos"), `assessment: the benchmark says how many agencies it counts (${benchText.slice(0, 160)})`);
  check((await benchmark.locator(".assess-bench-row").count()) === 10, "assessment: the benchmark has a row per threat");
  check(names.every((name) => !benchText.includes(name)), "assessment: the benchmark never names an agency");
  const history = lucia.getByRole("table", { name: /Autoevaluaciones de Ayuntamiento de Vallverde/ });
  check((await history.locator("thead th").count()) === 3, "assessment: the history lists the agency's two dated assessments");
  check(((await history.locator("thead").textContent()) ?? "").includes(shown("2025-03-20")), "assessment: the history is dated");
  await lucia.locator(".assess-related a").first().waitFor();
  await shot(lucia, "assessment-overview");
  await axe(lucia, "assessment-overview");
  await keyboardReach(lucia, "assessment-overview");

  // A narrower group than the API anonymises: it says so, and offers the whole network.
  await lucia.getByLabel("Comparar con").selectOption("nivel");
  await lucia.getByRole("button", { name: "Comparar", exact: true }).click();
  await lucia.waitForURL(`${BASE}${PATH}?comparar=nivel`);
  await lucia.getByText("Todavía no se puede comparar con este grupo").waitFor();
  check(((await benchmark.textContent()) ?? "").includes("al menos 5 organismos"), "assessment: under the minimum, the API's minimum number of agencies is given");
  check((await benchmark.locator(".assess-bench-row").count()) === 0, "assessment: under the minimum, no distribution is drawn");
  await axe(lucia, "assessment-insufficient");
  await shot(lucia, "assessment-insufficient");
  await lucia.getByRole("link", { name: "Comparar con toda la red" }).click();
  await lucia.waitForURL(`${BASE}${PATH}`);

  // The wizard: the first step's heading takes the focus; "3 de 10"-style progress.
  await lucia.getByRole("button", { name: "Hacer una nueva autoevaluación" }).click();
  const stepHeading = lucia.locator("#step-heading");
  await stepHeading.waitFor();
  check((await focusedText(lucia)).startsWith("h2#step-heading Sin estrategia ni objetivos"), `assessment: the first step's heading takes the focus (on ${await focusedText(lucia)})`);
  check(((await lucia.locator(".assess-progress-step").textContent()) ?? "").startsWith("Amenaza 1 de 10"), "assessment: the wizard says where you are");
  const choices = lucia.getByRole("group", { name: `¿Cuánto afecta esto a ${AGENCY}?` });
  check((await choices.getByRole("radio").count()) === 4, "assessment: the answer scale is a group of four choices with a legend");
  // Next without an answer: explained beside the choices, which take the focus.
  await lucia.getByRole("button", { name: "Siguiente" }).click();
  check((await choices.getAttribute("aria-invalid")) === "true", "assessment: an unanswered step is marked invalid");
  check(((await lucia.locator("#level-error").textContent()) ?? "").includes("Elige cuánto afecta"), "assessment: the missing answer is explained beside the choices");
  check(await lucia.evaluate(() => document.activeElement?.getAttribute("name") === "level"), "assessment: the choices take the focus");
  await axe(lucia, "assessment-step-error");
  await keyboardReach(lucia, "assessment-step");
  await shot(lucia, "assessment-step-error");
  await narrow(lucia, "assessment-step");
  // By keyboard: arrows choose the level (none → low → medium).
  await lucia.locator('input[name=level][value="none"]').focus();
  await lucia.keyboard.press("ArrowDown");
  await lucia.keyboard.press("ArrowDown");
  check(await lucia.locator('input[name=level][value="medium"]').isChecked(), "assessment: the arrows choose a level");
  await lucia.getByLabel("Nota para tu organismo (opcional)").fill("Plan de comunicación sin objetivos medibles para las redes.");
  await lucia.getByRole("button", { name: "Siguiente" }).click();
  await lucia.getByRole("heading", { level: 2, name: "Sin guía de uso" }).waitFor();
  check((await focusedText(lucia)).startsWith("h2#step-heading Sin guía de uso"), "assessment: the next step's heading takes the focus");
  check(((await lucia.locator(".assess-progress-step").textContent()) ?? "").startsWith("Amenaza 2 de 10"), "assessment: the progress moves on");
  // Back keeps what was answered.
  await lucia.getByRole("button", { name: "Anterior" }).click();
  await lucia.getByRole("heading", { level: 2, name: "Sin estrategia ni objetivos" }).waitFor();
  check(await lucia.locator('input[name=level][value="medium"]').isChecked(), "assessment: going back keeps the answer");
  check((await lucia.getByLabel("Nota para tu organismo (opcional)").inputValue()).startsWith("Plan de comunicación"), "assessment: going back keeps the note");
  await lucia.getByRole("button", { name: "Siguiente" }).click();
  await lucia.locator(`input[name=level][value="${ANSWERS[1]}"]`).check();
  await lucia.getByRole("button", { name: "Siguiente" }).click();
  await lucia.getByRole("heading", { level: 2, name: "Falta de formación" }).waitFor();
  await shot(lucia, "assessment-step");
  // Leaving keeps the draft in this browser; continuing comes back to the same step.
  await lucia.getByRole("button", { name: "Salir sin guardar" }).click();
  await lucia.getByRole("button", { name: "Continuar la autoevaluación" }).waitFor();
  check(((await lucia.locator("#assessment-start").textContent()) ?? "").includes("2 amenazas respondidas de 10"), "assessment: an unfinished assessment is kept, and says how far it got");
  await lucia.getByRole("button", { name: "Continuar la autoevaluación" }).click();
  await lucia.getByRole("heading", { level: 2, name: "Falta de formación" }).waitFor();
  check(((await lucia.locator(".assess-progress-step").textContent()) ?? "").startsWith("Amenaza 3 de 10"), "assessment: continuing comes back to the step it left");
  for (let index = 2; index < ANSWERS.length; index += 1) {
    await lucia.locator(`input[name=level][value="${ANSWERS[index]}"]`).check();
    await lucia.locator("form.assess-form button[type=submit]").click();
  }

  // The review: every answer, a way back to each, the date.
  await lucia.getByRole("heading", { level: 2, name: "Revisa y guarda" }).waitFor();
  check((await focusedText(lucia)).startsWith("h2#step-heading Revisa y guarda"), "assessment: the review's heading takes the focus");
  check((await lucia.locator(".assess-review-item").count()) === 10, "assessment: the review lists the ten answers");
  await lucia.getByRole("button", { name: /^Cambiar\s*: Suplantación$/ }).click();
  await lucia.getByRole("heading", { level: 2, name: "Suplantación" }).waitFor();
  await lucia.getByRole("button", { name: "Revisar las respuestas" }).click();
  await lucia.getByRole("heading", { level: 2, name: "Revisa y guarda" }).waitFor();
  const date = lucia.getByLabel("Fecha de la autoevaluación");
  await date.fill("2999-01-01");
  await lucia.getByRole("button", { name: "Guardar la autoevaluación" }).click();
  check((await date.getAttribute("aria-invalid")) === "true", "assessment: a future date is marked invalid");
  check(((await lucia.locator("#date-error").textContent()) ?? "").includes("no puede ser posterior a hoy"), "assessment: a future date is explained beside the field");
  check(await date.evaluate((el) => el === document.activeElement), "assessment: the invalid date takes the focus");
  await axe(lucia, "assessment-review-error");
  await keyboardReach(lucia, "assessment-review");
  await shot(lucia, "assessment-review-error");
  await narrow(lucia, "assessment-review");
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await date.fill(yesterday);
  await lucia.getByRole("button", { name: "Guardar la autoevaluación" }).click();

  // Saved: said and focused; the history has it, dated; the benchmark places the new answers.
  const saved = lucia.locator(".assess-saved");
  await saved.waitFor();
  check(((await saved.textContent()) ?? "").includes(`Autoevaluación del ${shown(yesterday)} guardada`), `assessment: saving says so (${await saved.textContent()})`);
  check(await saved.evaluate((el) => el === document.activeElement), "assessment: the confirmation takes the focus");
  check((await history.locator("thead th").count()) === 4, "assessment: the new assessment joins the history");
  check(((await history.locator("thead th").nth(1).textContent()) ?? "").includes(shown(yesterday)), "assessment: the newest assessment comes first, with its date");
  const guidelinesRow = benchmark.locator(".assess-bench-row").filter({ has: lucia.getByRole("heading", { level: 3, name: "Sin guía de uso" }) });
  check(((await guidelinesRow.textContent()) ?? "").includes("Vosotros: Alta"), "assessment: the benchmark places the agency's new level");
  check(((await guidelinesRow.textContent()) ?? "").includes("de 5 organismos"), "assessment: the agency's standing is given in counts of agencies");
  check((await lucia.getByRole("button", { name: "Continuar la autoevaluación" }).count()) === 0, "assessment: the saved draft is cleared");
  // Weak points: the highest first, each with cases, practices and guidelines of the network.
  const weak = lucia.locator(".assess-weak");
  const weakTitles = await weak.locator("h3").allTextContents();
  check(weakTitles.length === 5 && weakTitles.slice(0, 2).every((title) => title.endsWith("Alta")), `assessment: the weak points are the medium and high threats, the highest first (${weakTitles.join(" | ")})`);
  const noGuidelines = weak.filter({ has: lucia.getByRole("heading", { level: 3, name: /Sin guía de uso/ }) });
  await noGuidelines.locator(".assess-related a").first().waitFor();
  const related = await noGuidelines.locator(".assess-related a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  check(related.some((href) => /^\/(casos|practicas)\//.test(href)), `assessment: a weak point lists the cases and practices that address it (${related.join(", ")})`);
  check(related.some((href) => href.startsWith("/guias/")), "assessment: a weak point lists related usage guidelines");
  check((await noGuidelines.getByRole("link", { name: "Buscar todo lo que trata «Sin guía de uso»" }).getAttribute("href")) === "/buscar?q=amenaza%3Ano_guidelines", "assessment: a weak point links to everything search finds about it");
  await shot(lucia, "assessment-saved");
  await axe(lucia, "assessment-saved");
  await keyboardReach(lucia, "assessment-saved");
  await narrow(lucia, "assessment-saved");
  await luciaContext.close();
}
