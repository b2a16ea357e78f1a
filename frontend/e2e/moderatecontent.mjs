// Moderating a case study, practice or guideline, not only posts. Pablo (a plain member of
// Vallverde) reports a published case study of Vallverde's with a reason; Marta (its agency
// admin) finds the report on /moderacion, with the case's title, kind and the reason, and hides
// the case: anonymous readers no longer open it nor find it in search; on its page Marta reads
// that the moderators withdrew it, and why, and restores it: it is public again. Then Raquel
// (the network admin) hides a Generalitat guideline from its page, which she can then no longer
// read; its editors (the Generalitat's team) read why on its page, and publishing it again is
// refused with the reason; Raquel restores it from /moderacion. Screenshots (moderate-content-*),
// axe, the keyboard and 360 px on the queue and the hidden page.
import { BASE, api, axe, check, keyboardReach, narrowShot, shot, signIn, watch } from "./lib.mjs";

const PABLO = "pablo.ruiz@vallverde.example";
const MARTA = "marta.ibanez@vallverde.example";
const NOT_FOUND = "No encontrado, o no tienes acceso.";

/** Signs a demo persona in (the demo provider of `plaza serve --demo`), by name. */
async function persona(browser, name) {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = watch(await context.newPage());
  await page.goto(`${BASE}/entrar`);
  await page.getByRole("link", { name: `Entrar como ${name}` }).click();
  await page.waitForURL(`${BASE}/`);
  await page.getByRole("button", { name: "Salir" }).waitFor();
  return { context, page };
}

/** Whether a search for `title` (its words; no operators) lists a link to it. */
async function found(page, title) {
  const words = title.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  await page.goto(`${BASE}/buscar?q=${encodeURIComponent(words)}`);
  await page.locator("main p[role=status]").filter({ hasText: /resultado/ }).waitFor();
  return (await page.locator("main .hits").getByRole("link", { name: title, exact: true }).count()) > 0;
}

/** The first published item of `agency` (read anonymously, so public) nobody in `skip` wrote. */
async function publicItem(list, agency, skip = []) {
  const data = await api(`{ ${list}(filter: { agency: "${agency}" }, first: 50) { edges { node { id title authors { id } } } } }`, {}, "");
  return data[list].edges.map((edge) => edge.node).find((node) => !node.authors.some((author) => skip.includes(author.id)));
}

export async function moderateContent(browser) {
  const pabloId = (await api("{ viewer { member { id } } }", {}, process.env.COLLEAGUE_TOKEN)).viewer.member.id;
  const item = await publicItem("caseStudies", "demo-ayto-vallverde", [pabloId]);
  check(Boolean(item), "a public case study of Vallverde's, not Pablo's, to report");
  if (!item) return;
  const path = `${BASE}/casos/${encodeURIComponent(item.id)}`;
  let done = false;
  try {
    await reportHideRestore(browser, item, path);
    done = true;
  } finally {
    // Whatever failed, other journeys find the case published and no report open (Lucía, its
    // agency admin, restores it: that also closes its reports).
    if (!done) await api("mutation($id: ID!) { restorePost(targetId: $id, reason: \"e2e: clean-up\") }", { id: item.id }).catch(() => undefined);
  }
  await publishRefused(browser);
}

async function reportHideRestore(browser, item, path) {
  const anonymous = await browser.newContext({ locale: "es-ES" });
  const visitor = watch(await anonymous.newPage());
  check(await found(visitor, item.title), "search finds the case before it is hidden");

  // Pablo reports the case; a member who does not moderate it is offered no "Hide".
  const { context: pabloContext, page: pablo } = await signIn(browser, PABLO);
  await pablo.goto(path);
  await pablo.getByRole("heading", { level: 1, name: item.title }).waitFor();
  check((await pablo.getByRole("button", { name: /^Ocultar/ }).count()) === 0, "members who do not moderate the case get no hide button");
  const report = pablo.getByRole("button", { name: `Denunciar «${item.title}»` });
  await report.click();
  const reason = pablo.getByLabel("Motivo de la denuncia");
  check(await reason.evaluate((el) => el === document.activeElement), "the report form takes the focus");
  await reason.fill("Publica el teléfono personal de una vecina.");
  await shot(pablo, "moderate-content-report");
  await axe(pablo, "moderate-content-report");
  await narrowShot(pablo, "moderate-content-report");
  await pablo.getByRole("button", { name: "Enviar la denuncia" }).click();
  await pablo.getByRole("status").filter({ hasText: "La moderación revisará tu denuncia" }).waitFor();
  check(await report.evaluate((el) => el === document.activeElement), "after reporting, the focus returns to the button");
  await pabloContext.close();

  // Marta, Vallverde's agency admin, finds it in her queue: title (to the case), kind, reason.
  const { context: martaContext, page: marta } = await signIn(browser, MARTA);
  await marta.goto(`${BASE}/moderacion`);
  const row = marta.locator("section[aria-labelledby=queue-heading] .queue-item", { hasText: item.title });
  await row.waitFor();
  check((await row.getByRole("link", { name: item.title }).getAttribute("href")) === `/casos/${encodeURIComponent(item.id)}`, "the report links to the case's page");
  const text = (await row.textContent()) ?? "";
  check(text.includes("Caso de estudio") && text.includes("Publica el teléfono personal de una vecina."), `the report says what kind of item and why (${text.slice(0, 160)})`);
  await shot(marta, "moderate-content-queue");
  await axe(marta, "moderate-content-queue");
  await keyboardReach(marta, "moderate-content-queue");
  await narrowShot(marta, "moderate-content-queue");
  await row.getByRole("button", { name: "Ocultar", exact: true }).click();
  await marta.getByLabel("Motivo (sus autores lo verán en su página)").fill("Datos personales de una vecina: retirado hasta revisarlo.");
  await marta.getByRole("button", { name: "Ocultar con este motivo" }).click();
  await marta.getByRole("status").filter({ hasText: "Retirado: ya no es público." }).waitFor();
  check(await marta.locator("#moderation-status").evaluate((el) => el === document.activeElement), "the outcome takes the focus");
  check((await marta.locator("section[aria-labelledby=queue-heading] .queue-item", { hasText: item.title }).count()) === 0, "the report leaves the queue");
  const hidden = marta.locator("section[aria-labelledby=hidden-heading] .queue-item", { hasText: item.title });
  check((await hidden.getByRole("link", { name: item.title }).count()) === 1, "the hidden case is listed, linked to its page");
  const logged = marta.locator("table.audit tbody tr").filter({ hasText: "Datos personales de una vecina" }).first();
  check(((await logged.textContent()) ?? "").includes("Ocultó") && (await logged.getByRole("link", { name: item.title }).count()) === 1, "the log has the hide, linked to the case");

  // Gone for anonymous readers: its page and search.
  await visitor.goto(path);
  await visitor.getByRole("heading", { level: 1, name: NOT_FOUND }).waitFor();
  check(true, "a hidden case is not found by anonymous readers");
  check(!(await found(visitor, item.title)), "search no longer finds the hidden case");

  // On its page Marta reads why; she restores it.
  await marta.goto(path);
  await marta.getByRole("heading", { level: 1, name: item.title }).waitFor();
  const note = marta.getByRole("note").filter({ hasText: "Los moderadores han retirado este contenido" });
  check(((await note.textContent()) ?? "").includes("Datos personales de una vecina: retirado hasta revisarlo."), "the hidden notice gives the reason");
  check((await marta.getByRole("button", { name: /^Denunciar/ }).count()) === 0, "a hidden case offers no report button");
  check((await marta.getByRole("button", { name: "Publicar", exact: true }).count()) === 0, "its moderators restore it rather than publish it");
  check((await marta.getByText("Borrador: solo lo ven sus editores.").count()) === 0, "a hidden case is not called a draft");
  await shot(marta, "moderate-content-hidden");
  await axe(marta, "moderate-content-hidden");
  await keyboardReach(marta, "moderate-content-hidden");
  await narrowShot(marta, "moderate-content-hidden");
  await marta.getByRole("button", { name: `Restaurar «${item.title}»` }).click();
  await marta.getByLabel("Motivo (queda en el registro de moderación)").fill("El autor ha quitado el teléfono.");
  await marta.getByRole("button", { name: "Restaurar con este motivo" }).click();
  await marta.locator("main .page-notice").filter({ hasText: "Restaurado: vuelve a estar publicado." }).waitFor();
  check(await marta.locator("main .page-notice").evaluate((el) => el === document.activeElement), "the restoration is announced with the focus");
  check((await marta.getByRole("note").filter({ hasText: "Los moderadores han retirado" }).count()) === 0, "a restored case shows no hidden notice");
  check((await marta.getByRole("button", { name: `Ocultar «${item.title}»` }).count()) === 1, "a published case offers its moderators to hide it");
  await martaContext.close();

  await visitor.goto(path);
  await visitor.getByRole("heading", { level: 1, name: item.title }).waitFor();
  check(true, "the restored case is public again");
  check(await found(visitor, item.title), "search finds the restored case");
  await anonymous.close();
}

async function publishRefused(browser) {
  const guideline = await publicItem("guidelines", "generalitat-catalunya");
  check(Boolean(guideline), "a public guideline of the Generalitat's");
  if (!guideline) return;
  const path = `${BASE}/guias/${encodeURIComponent(guideline.id)}`;
  const reason = "Enlaza a una web suplantada; lo revisamos.";

  // Raquel, the network admin, hides it from its page; she does not edit it, so it is gone for
  // her too: the outcome, and the way to the moderation page.
  const { context: raquelContext, page: raquel } = await persona(browser, "Raquel Ortega");
  await raquel.goto(path);
  await raquel.getByRole("heading", { level: 1, name: guideline.title }).waitFor();
  await raquel.getByRole("button", { name: `Ocultar «${guideline.title}»` }).click();
  await raquel.getByLabel("Motivo (sus autores lo verán en su página)").fill(reason);
  await raquel.getByRole("button", { name: "Ocultar con este motivo" }).click();
  await raquel.getByRole("heading", { level: 1, name: NOT_FOUND }).waitFor();
  check(((await raquel.locator("main .page-notice").textContent()) ?? "").includes("Retirado"), "hiding from the page is announced");
  check((await raquel.getByRole("link", { name: "Moderación" }).count()) > 0, "the way to the moderation page is offered");

  // Its editors read why; publishing it again is refused, and says why.
  const { context: teamContext, page: team } = await persona(browser, "Equip de Xarxes Socials");
  await team.goto(path);
  await team.getByRole("heading", { level: 1, name: guideline.title }).waitFor();
  const note = team.getByRole("note").filter({ hasText: "Los moderadores han retirado este contenido" });
  check(((await note.textContent()) ?? "").includes(reason), "its editors read why it was hidden");
  await note.getByRole("button", { name: "Publicar", exact: true }).click();
  await note.getByRole("alert").filter({ hasText: "la moderación lo retiró" }).waitFor();
  check(true, "publishing a hidden item again is refused, with why");
  await shot(team, "moderate-content-refused");
  await axe(team, "moderate-content-refused");
  await narrowShot(team, "moderate-content-refused");
  await teamContext.close();

  // Raquel restores it from the moderation page.
  await raquel.goto(`${BASE}/moderacion`);
  const hidden = raquel.locator("section[aria-labelledby=hidden-heading] .queue-item", { hasText: reason });
  await hidden.getByRole("button", { name: "Restaurar", exact: true }).click();
  await raquel.getByLabel(/^Motivo/).fill("La web enlazada es la oficial.");
  await raquel.getByRole("button", { name: "Restaurar con este motivo" }).click();
  await raquel.getByRole("status").filter({ hasText: "Restaurado" }).waitFor();
  check((await raquel.locator("section[aria-labelledby=hidden-heading] .queue-item", { hasText: reason }).count()) === 0, "nothing of it is left hidden");
  await raquelContext.close();
  const anonymous = await browser.newContext({ locale: "es-ES" });
  const visitor = watch(await anonymous.newPage());
  await visitor.goto(path);
  await visitor.getByRole("heading", { level: 1, name: guideline.title }).waitFor();
  check(true, "the restored guideline is public again");
  await anonymous.close();
}
