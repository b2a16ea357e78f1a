// The network's legal pages and a member's own data. A visitor opens the privacy statement from
// the home page's footer: Plaza's model text, with nothing to edit. Raquel, the network's
// administrator (a demo persona), is told the legal notice is still the model text, rewrites it
// (an empty text is refused beside its field) and sees it published with its date; a visitor
// then reads the new text, and in English is told it is published in Spanish. Pablo downloads
// his data from his profile: a JSON file with his account and no secret. Screenshots (legal-*,
// people-data-*), axe, the keyboard and 360 px on each screen.
import { readFileSync } from "node:fs";
import { BASE, api, axe, check, keyboardReach, narrowShot, shot, signIn, watch } from "./lib.mjs";

const PABLO = "pablo.ruiz@vallverde.example";
/** What the new legal notice says: a heading, and a marker no model text has. */
const MARKER = `marca-e2e-${Date.now().toString(36)}`;
const NOTICE = `## Titular del sitio web\n\nEste sitio lo gestiona la red de prueba de Vallverde (${MARKER}).\n\n- Correo: red@vallverde.example`;

/** A new visitor's browser (Spanish unless told otherwise). */
async function visitor(browser, locale = "es-ES") {
  const context = await browser.newContext({ locale });
  return { context, page: watch(await context.newPage()) };
}

/** The text of the page's main region. */
const mainText = async (page) => (await page.locator("main").textContent()) ?? "";

export async function legal(browser) {
  // (a) A visitor opens the privacy statement from the footer.
  const first = await visitor(browser);
  await first.page.goto(`${BASE}/`);
  const footer = first.page.locator("footer");
  check((await footer.getByRole("navigation", { name: "Información legal" }).getByRole("link").allTextContents()).join(" | ") === "Declaración de privacidad | Declaración de accesibilidad | Aviso legal", "the footer links to the three legal pages");
  await footer.getByRole("link", { name: "Declaración de privacidad" }).click();
  await first.page.getByRole("heading", { level: 1, name: "Declaración de privacidad" }).waitFor();
  await first.page.locator("main .legal-text").waitFor();
  check(new URL(first.page.url()).pathname === "/privacidad", "the footer's link leads to /privacidad");
  check((await first.page.title()) === "Declaración de privacidad · Plaza", "the page is named in the browser's title");
  const privacy = first.page.locator("main .legal-text");
  check(((await privacy.textContent()) ?? "").includes("Responsable del tratamiento"), "the privacy statement shows the model text");
  check((await privacy.getByRole("heading", { level: 2, name: "Responsable del tratamiento" }).count()) === 1, "its sections are headings under the title");
  check((await privacy.getAttribute("lang")) === "es", "the text is marked as Spanish");
  check((await first.page.getByRole("button", { name: "Editar" }).count()) === 0, "a visitor has nothing to edit");
  check(!(await mainText(first.page)).includes("Texto modelo pendiente"), "a visitor is not told about the model text");
  check((await first.page.locator("main .legal-language").count()) === 0, "in Spanish, no note about the text's language");
  await shot(first.page, "legal-privacy");
  await axe(first.page, "legal-privacy");
  await keyboardReach(first.page, "legal-privacy");
  await narrowShot(first.page, "legal-privacy");
  await first.context.close();

  // Only network administrators rewrite them (Lucía edits content, not the network's pages).
  const refused = await api(`mutation { updateLegalPage(slug: "aviso-legal", body: "x") { slug } }`).then(
    () => null,
    (error) => String(error.message),
  );
  check(refused?.includes("FORBIDDEN") ?? false, `a member who is not a network administrator is refused (${refused})`);

  // (b) Raquel rewrites the legal notice.
  const admin = await visitor(browser);
  const page = admin.page;
  await page.goto(`${BASE}/entrar`);
  await page.getByRole("link", { name: "Entrar como Raquel Ortega" }).click();
  await page.waitForURL(`${BASE}/`);
  await page.getByRole("button", { name: "Salir" }).waitFor();
  await page.locator("footer").getByRole("link", { name: "Aviso legal" }).click();
  await page.getByRole("heading", { level: 1, name: "Aviso legal" }).waitFor();
  await page.locator("main .legal-text").waitFor();
  check(((await page.locator("main .legal-model").textContent()) ?? "").includes("Texto modelo pendiente de completar por la administración de la red"), "the administrator is told the notice is still the model text");
  const edit = page.getByRole("button", { name: "Editar" });
  await edit.click();
  const form = page.locator("form.legal-form");
  await form.waitFor();
  const body = page.getByLabel("Texto de la página", { exact: true });
  check(await body.evaluate((el) => el === document.activeElement), "the text takes the focus");
  check(((await body.inputValue()) ?? "").includes("## "), "the form starts from the page's Markdown");
  check((await page.locator("main .legal-text").isHidden()), "the text gives way to the form");
  // Cancel: closed, the focus back on the button, nothing changed.
  await form.getByRole("button", { name: "Cancelar" }).click();
  check((await form.count()) === 0 && (await edit.evaluate((el) => el === document.activeElement)), "Cancelar closes the form and gives the focus back");
  await edit.click();
  await form.waitFor();

  // An empty text: refused beside the field.
  await body.fill("   ");
  await page.getByRole("button", { name: "Guardar la página" }).click();
  await page.locator("#body-error:not([hidden])").waitFor();
  check(((await page.locator("#body-error").textContent()) ?? "").includes("no puede quedar vacía"), "an empty text is refused, beside the field");
  check((await body.getAttribute("aria-invalid")) === "true" && (await body.evaluate((el) => el === document.activeElement)), "the field is marked invalid and takes the focus");
  check(((await form.locator(".error-summary").textContent()) ?? "").includes("Revisa el formulario"), "the summary lists the problem");
  await shot(page, "legal-edit-error");
  await axe(page, "legal-edit-error");
  await keyboardReach(page, "legal-edit-error");
  await narrowShot(page, "legal-edit-error");
  // The server refuses it too, naming the field.
  const server = await page.evaluate(async () => {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: 'mutation { updateLegalPage(slug: "aviso-legal", body: " \\n ") { slug } }' }),
    });
    return (await response.json()).errors?.[0]?.extensions ?? null;
  });
  check(server?.code === "BAD_USER_INPUT" && server?.field === "body", `the server refuses an empty text as the body's (${JSON.stringify(server)})`);

  // The new notice: saved, announced, shown.
  await body.fill(NOTICE);
  await page.getByRole("button", { name: "Guardar la página" }).click();
  await page.getByText("Página guardada.").waitFor();
  check(await page.locator("#legal-status").evaluate((el) => el === document.activeElement), "the outcome is announced and takes the focus");
  check((await form.count()) === 0, "the form closes once saved");
  const saved = page.locator("main .legal-text");
  check((await saved.getByRole("heading", { level: 2, name: "Titular del sitio web" }).count()) === 1 && ((await saved.textContent()) ?? "").includes(MARKER), "the new text is shown, rendered");
  check((await saved.locator("li").count()) === 1, "its list is a list");
  check(/^Última actualización: .+, por Raquel Ortega$/.test((await page.locator("main .legal-updated").textContent()) ?? ""), "the page says when it was saved, and by whom");
  check((await page.locator("main .legal-model").count()) === 0, "and no longer that it is the model text");
  await shot(page, "legal-notice-saved");
  await axe(page, "legal-notice-saved");
  await admin.context.close();

  // (c) A visitor reads the new notice.
  const reader = await visitor(browser);
  await reader.page.goto(`${BASE}/aviso-legal`);
  await reader.page.getByRole("heading", { level: 1, name: "Aviso legal" }).waitFor();
  await reader.page.locator("main .legal-text").waitFor();
  check(((await reader.page.locator("main .legal-text").textContent()) ?? "").includes(MARKER), "a visitor reads the new notice");
  check(/^Última actualización: [^,]+$/.test((await reader.page.locator("main .legal-updated").textContent()) ?? ""), "with its date (who saved it is for administrators)");
  check((await reader.page.getByRole("button", { name: "Editar" }).count()) === 0, "and nothing to edit");

  // (d) In English: the title and the frame in English, the text in Spanish, said so.
  await reader.page.getByLabel("Idioma", { exact: true }).selectOption("en");
  await reader.page.getByRole("heading", { level: 1, name: "Legal notice" }).waitFor();
  await reader.page.locator("main .legal-text").waitFor();
  check(((await reader.page.locator("main .legal-language").textContent()) ?? "") === "This text is published in Spanish.", "the English page says the text is published in Spanish");
  check((await reader.page.locator("main .legal-text").getAttribute("lang")) === "es" && (await reader.page.evaluate(() => document.documentElement.lang)) === "en", "the text is marked Spanish inside an English page");
  check(/^Last updated: /.test((await reader.page.locator("main .legal-updated").textContent()) ?? ""), "the date line reads in English");
  check((await reader.page.locator("footer").getByRole("link", { name: "Privacy statement" }).count()) === 1, "the footer names the pages in English");
  await shot(reader.page, "legal-notice-en");
  await axe(reader.page, "legal-notice-en");
  await narrowShot(reader.page, "legal-notice-en");
  await reader.context.close();

  // (e) Pablo downloads his data from his profile.
  const { context, page: pablo } = await signIn(browser, PABLO);
  await pablo.locator("header").getByRole("link", { name: /Pablo Ruiz/ }).click();
  const section = pablo.getByRole("region", { name: "Tus datos" });
  await section.waitFor();
  check(((await section.textContent()) ?? "").includes("JSON"), "his profile says what the download is");
  check((await section.getByRole("link", { name: "Declaración de privacidad" }).getAttribute("href")) === "/privacidad", "and links to the privacy statement");
  const [download] = await Promise.all([pablo.waitForEvent("download"), section.getByRole("link", { name: "Descargar mis datos (JSON)" }).click()]);
  check(/^plaza-mis-datos-\d{4}-\d{2}-\d{2}\.json$/.test(download.suggestedFilename()), `the file is named by its date (${download.suggestedFilename()})`);
  const text = readFileSync(await download.path(), "utf8");
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    // Checked below.
  }
  check(data !== null, "the download is JSON");
  check(data?.format === "plaza-personal-data/1", `in Plaza's personal-data format (${data?.format})`);
  check(data?.parts?.account?.[0]?.email === PABLO, `with his account (${data?.parts?.account?.[0]?.email})`);
  check(!text.includes("token_hash") && !text.includes("id_token_sealed"), "and no secret");
  await shot(pablo, "people-data");
  await axe(pablo, "people-data");
  await keyboardReach(pablo, "people-data");
  await narrowShot(pablo, "people-data");
  // Someone else's profile offers no download.
  await pablo.goto(`${BASE}/personas`);
  await pablo.locator("main .person-card").first().waitFor();
  const other = pablo.locator("main .person-card").filter({ hasNotText: "Pablo Ruiz" }).first().getByRole("link").first();
  await other.click();
  await pablo.waitForURL(/\/personas\/[^/]+$/);
  await pablo.locator("main .profile-details, main .empty").first().waitFor();
  check((await pablo.getByRole("region", { name: "Tus datos" }).count()) === 0, "another member's profile offers no download");
  await context.close();
}
