// The case study editor with every field the model holds, as Lucía (editor of Vallverde) uses
// it: she fills the how (formats, team, budget, tools), the frame (threats, public value, stage,
// dates), tags, licence and audience; attaches a screenshot (a real PNG, uploaded with a progress
// bar) and a file the server refuses (said beside the picker); puts the image in the text and
// sees it in the preview; leaves the page and gets her draft back from the browser; saves, and
// the case's page shows its particulars, the image in the text and the attachment's thumbnail.
// Every state passes axe, the keyboard walk and 360 px screens.
import { crc32, deflateSync } from "node:zlib";
import { BASE, api, axe, check, keyboardReach, narrowShot, shot, signIn } from "./lib.mjs";

const LUCIA = "lucia.moreno@vallverde.example";
const TITLE = "Avisos de cortes de agua por Telegram";

/** A real PNG of `width` × `height` (a blue gradient), made here. */
function png(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) row.set([40, (x * 255) / width, 120 + (y * 135) / height], 1 + x * 3);
    rows.push(row);
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

export async function caseEditor(browser) {
  const { context, page } = await signIn(browser, LUCIA);
  await page.goto(`${BASE}/casos/nuevo`);
  await page.getByRole("heading", { level: 1, name: "Nuevo caso de estudio" }).waitFor();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Nuevo caso de estudio" }).waitFor();

  await page.getByLabel("Título", { exact: true }).fill(TITLE);
  await page.getByLabel("Resumen", { exact: true }).fill("Un canal de Telegram avisa de los cortes de agua programados, barrio por barrio.");
  await page.getByRole("checkbox", { name: "Atención a la ciudadanía" }).check();
  await page.getByRole("checkbox", { name: "Telegram" }).check();
  await page.getByLabel("Contexto y problema", { exact: true }).fill("Los avisos en papel llegaban tarde.");
  await page.getByLabel("Qué se hizo", { exact: true }).fill("Un canal por barrio y mensajes con el horario del corte.");
  await page.getByLabel("Formatos", { exact: true }).fill("mensajes, mapas");
  await page.getByLabel("Equipo", { exact: true }).fill("Dos técnicas de comunicación y el servicio de aguas");
  await page.getByLabel("Presupuesto", { exact: true }).fill("Sin coste añadido");
  await page.getByLabel("Herramientas", { exact: true }).fill("Telegram, hoja de cálculo");
  await page.getByRole("group", { name: "Amenazas que aborda" }).getByRole("checkbox").first().check();
  await page.getByRole("group", { name: "Valor público" }).getByRole("checkbox").first().check();
  const stage = page.getByLabel("Fase", { exact: true });
  const stages = await stage.locator("option").evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  await stage.selectOption(stages.at(-1));
  await page.getByLabel("Empezó el", { exact: true }).fill("2025-03-01");
  await page.getByLabel("Terminó el", { exact: true }).fill("2025-11-30");
  await page.getByLabel("Etiquetas", { exact: true }).fill("agua, avisos");
  await page.getByLabel("Licencia", { exact: true }).selectOption("CC0-1.0");
  await page.getByRole("radio", { name: "Solo mi organismo" }).check();

  // A file the server cannot take is refused before it is sent, said beside the picker.
  const picker = page.locator("#f-attachments");
  await picker.setInputFiles({ name: "notas.txt", mimeType: "text/plain", buffer: Buffer.from("hola") });
  const refusal = ((await page.locator(".attachments-section [role=alert], .attachments-section .field-error").first().textContent()) ?? "").trim();
  check(refusal.includes("notas.txt") && refusal.includes("PDF"), `case editor: a text file is refused with its reason ("${refusal}")`);
  // A screenshot: uploaded with a progress bar, listed with its thumbnail.
  await picker.setInputFiles({ name: "captura-canal.png", mimeType: "image/png", buffer: png(640, 400) });
  const row = page.locator(".attachments-section li", { hasText: "captura-canal.png" }).filter({ has: page.getByRole("button", { name: "Insertar en el texto" }) });
  await row.waitFor();
  check((await row.locator("img").count()) === 1, "case editor: the uploaded image shows as a thumbnail");
  await page.getByLabel("Qué se hizo", { exact: true }).focus();
  await row.getByRole("button", { name: "Insertar en el texto" }).click();
  const actions = await page.getByLabel("Qué se hizo", { exact: true }).inputValue();
  check(/!\[[^\]]*\]\(\/adjuntos\/[0-9A-Z]+\)/.test(actions), `case editor: the image goes into the text as markdown (${actions.slice(-80)})`);
  await page.getByRole("button", { name: "Vista previa" }).nth(1).click();
  const preview = page.locator(".preview img").first();
  await preview.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll(".preview img")].some((img) => img.complete && img.naturalWidth > 0));
  check(true, "case editor: the preview shows the attached image");
  await shot(page, "case-editor-full");
  await axe(page, "case-editor-full");
  await keyboardReach(page, "case-editor-full");
  await narrowShot(page, "case-editor-full");

  // Leaving and coming back: the draft kept in the browser is offered back, attachment included.
  await page.waitForFunction(() => (document.getElementById("autosave-status")?.textContent ?? "").length > 0);
  await page.goto(`${BASE}/`);
  await page.goto(`${BASE}/casos/nuevo`);
  await page.getByRole("button", { name: "Recuperar el borrador" }).waitFor();
  await shot(page, "case-editor-draft-found");
  await axe(page, "case-editor-draft-found");
  await page.getByRole("button", { name: "Recuperar el borrador" }).click();
  check((await page.getByLabel("Título", { exact: true }).inputValue()) === TITLE, "case editor: the kept draft comes back");
  check((await page.getByLabel("Equipo", { exact: true }).inputValue()).startsWith("Dos técnicas"), "case editor: every field of the draft comes back");
  check((await page.locator(".attachments-section li", { hasText: "captura-canal.png" }).count()) === 1, "case editor: the draft keeps its attachment");

  // Saved: the page shows the particulars, the image in the text and the attachment.
  await page.getByRole("button", { name: "Guardar borrador" }).click();
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  const particulars = (await page.locator("dl.particulars").textContent()) ?? "";
  for (const expected of ["Dos técnicas de comunicación", "Sin coste añadido", "mensajes", "hoja de cálculo"]) {
    check(particulars.includes(expected), `case page: the particulars show "${expected}"`);
  }
  check(((await page.locator("main").textContent()) ?? "").includes("CC0-1.0"), "case page: the chosen licence is shown");
  await page.waitForFunction(() => [...document.querySelectorAll("main img")].filter((img) => img.complete && img.naturalWidth > 0).length >= 2);
  const images = await page.locator("main img").evaluateAll((all) => all.map((img) => ({ src: img.getAttribute("src"), alt: img.getAttribute("alt"), width: img.naturalWidth })));
  check(images.every((img) => /^\/adjuntos\/[0-9A-Z]+(\/mini)?\?o=/.test(img.src ?? "")), `case page: images come through signed links (${JSON.stringify(images.map((i) => i.src?.slice(0, 40)))})`);
  check(images.every((img) => img.alt !== null), "case page: every image has a text alternative");
  const attachment = page.locator(".attachments-view a", { hasText: "captura-canal.png" });
  check((await attachment.count()) === 1, "case page: the attachment is listed");
  const drafts = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes("case:new")).length);
  check(drafts === 0, "case editor: a saved case leaves no draft behind");
  await shot(page, "case-with-attachment");
  await axe(page, "case-with-attachment");
  await narrowShot(page, "case-with-attachment");

  // Editing it later shows every field as saved, the attachment still there.
  await page.getByRole("link", { name: "Editar", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Editar caso de estudio" }).waitFor();
  check((await page.getByLabel("Presupuesto", { exact: true }).inputValue()) === "Sin coste añadido", "case editor: the edit form holds every saved field");
  check((await page.getByLabel("Terminó el", { exact: true }).inputValue()) === "2025-11-30", "case editor: the edit form holds the dates");
  check((await page.locator(".attachments-section li", { hasText: "captura-canal.png" }).count()) === 1, "case editor: the edit form lists the attachment");

  // A practice the same way: threats, public value, tags, licence and audience; the draft kept
  // in the browser comes back after leaving the page.
  await page.goto(`${BASE}/practicas/nueva`);
  await page.getByRole("heading", { level: 1, name: "Nueva buena práctica" }).waitFor();
  await page.getByLabel("Título", { exact: true }).fill("Horario de respuesta publicado en la bio");
  await page.getByLabel("Resumen", { exact: true }).fill("Decir en la biografía de cada red cuándo se responde evita mensajes sin contestar.");
  await page.getByRole("checkbox", { name: "Atención a la ciudadanía" }).check();
  await page.getByRole("group", { name: "Amenazas que aborda" }).getByRole("checkbox").nth(1).check();
  await page.getByRole("group", { name: "Valor público" }).getByRole("checkbox").first().check();
  await page.getByLabel("Etiquetas", { exact: true }).fill("horarios, bio");
  await page.getByLabel("Licencia", { exact: true }).selectOption("CC-BY-SA-4.0");
  await page.getByRole("radio", { name: "Solo mi organismo" }).check();
  await page.locator("#f-attachments").setInputFiles({ name: "bio-ejemplo.png", mimeType: "image/png", buffer: png(300, 200) });
  await page.locator(".attachments-section li", { hasText: "bio-ejemplo.png" }).filter({ has: page.getByRole("button", { name: "Quitar bio-ejemplo.png" }) }).waitFor();
  await page.waitForFunction(() => (localStorage.getItem("plaza.draft.practice:new") ?? "").includes("bio-ejemplo.png"));
  await page.goto(`${BASE}/`);
  await page.goto(`${BASE}/practicas/nueva`);
  await page.getByRole("button", { name: "Recuperar el borrador" }).click();
  check((await page.getByLabel("Etiquetas", { exact: true }).inputValue()) === "horarios, bio", "practice editor: the kept draft comes back");
  check(await page.getByRole("radio", { name: "Solo mi organismo" }).isChecked(), "practice editor: the draft keeps the audience");
  check((await page.locator(".attachments-section li", { hasText: "bio-ejemplo.png" }).count()) === 1, "practice editor: the draft keeps its attachment");
  await shot(page, "practice-editor");
  await axe(page, "practice-editor");
  await keyboardReach(page, "practice-editor");
  await narrowShot(page, "practice-editor");
  await page.getByRole("button", { name: "Guardar borrador" }).click();
  await page.getByRole("heading", { level: 1, name: "Horario de respuesta publicado en la bio" }).waitFor();
  const practiceId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
  const saved = await api("query($id: ID!) { node(id: $id) { ... on Practice { tags licence visibility threats { code } dimensions { code } attachments { id } } } }", { id: practiceId });
  const practice = saved.node ?? {};
  check(
    practice.licence === "CC-BY-SA-4.0" && practice.visibility === "AGENCY" && practice.tags?.join(",") === "horarios,bio" && practice.threats?.length === 1 && practice.dimensions?.length === 1 && practice.attachments?.length === 1,
    `practice editor: every field is saved (${JSON.stringify(practice)})`,
  );
  check(await page.evaluate(() => !Object.keys(localStorage).some((key) => key.endsWith("practice:new"))), "practice editor: a saved practice leaves no draft behind");

  // A guideline's own facts, edited from its page: the text stays as its current version.
  const made = await api('mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }', {
    input: { title: "Guía de respuesta en redes", body: "Respondemos en 24 horas laborables.", visibility: "NETWORK" },
  });
  const guidelineId = made.createGuideline.guideline.id;
  await page.goto(`${BASE}/guias/${encodeURIComponent(guidelineId)}`);
  await page.getByRole("heading", { level: 1, name: "Guía de respuesta en redes" }).waitFor();
  await page.getByRole("link", { name: "Editar", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Editar guía de uso" }).waitFor();
  check((await page.getByLabel("Título", { exact: true }).inputValue()) === "Guía de respuesta en redes", "guideline editor: the form holds the guideline's title");
  check((await page.locator("textarea[name=body]").count()) === 0, "guideline editor: the text is not edited here (a new version changes it)");
  await page.getByLabel("Resumen", { exact: true }).fill("Plazos y tono de las respuestas");
  await page.getByLabel("Etiquetas", { exact: true }).fill("respuesta, plazos");
  await axe(page, "guideline-edit");
  await keyboardReach(page, "guideline-edit");
  await page.getByRole("button", { name: "Guardar cambios" }).click();
  await page.getByRole("heading", { level: 1, name: "Guía de respuesta en redes" }).waitFor();
  await page.getByText("Plazos y tono de las respuestas").waitFor();
  const stored = await api("query($id: ID!) { node(id: $id) { ... on Guideline { tags currentVersionNumber } } }", { id: guidelineId });
  check(stored.node.tags.join(",") === "respuesta,plazos" && stored.node.currentVersionNumber === 1, `guideline editor: the facts are saved, the version kept (${JSON.stringify(stored.node)})`);

  // Signing out forgets the drafts this browser kept (a shared computer keeps nothing of them).
  await page.goto(`${BASE}/casos/nuevo`);
  await page.getByLabel("Título", { exact: true }).fill("Borrador que no debe quedar");
  await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith("plaza.draft.")));
  await page.getByRole("button", { name: "Salir" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/casos/nuevo"));
  await page.goto(`${BASE}/`);
  check(await page.evaluate(() => !Object.keys(localStorage).some((key) => key.startsWith("plaza.draft."))), "signing out forgets the drafts kept in the browser");
  await context.close();
}
