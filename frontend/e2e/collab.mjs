// Collaboration journeys, with three of Vallverde's people signed in through its identity
// provider: Elena (a newcomer, no role) reports a reply, saves a case study, sets her e-mail
// digest and asks to join a group; Carmen (moderator) hides and restores posts from the
// moderation page and from the thread; Lucía (the group's owner) approves Elena and invites
// someone; and a guideline's changes side by side, kept in the URL, down to 360 px.
import { BASE, api, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const ELENA = "elena.vidal@vallverde.example";
const CARMEN = "carmen.soler@vallverde.example";
const LUCIA = "lucia.moreno@vallverde.example";
const NARROW = { width: 360, height: 740 };

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} ${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 60) ?? ""}` : "";
});

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

export async function collab(browser) {
  // A thread of Lucía's, for her agency, with a reply of Pablo's (both through the API).
  const title = "¿Cómo respondéis a los bulos en campaña?";
  const started = await api("mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }", {
    input: { title, body: "Nos llegan **bulos** sobre el padrón cada semana.", visibility: "AGENCY" },
  });
  const threadId = started.startDiscussion.id;
  const replyText = "Eso os pasa por publicar tonterías.";
  await api("mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }", { input: { discussionId: threadId, body: replyText } }, process.env.COLLEAGUE_TOKEN);
  const threadPath = `${BASE}/debates/${encodeURIComponent(threadId)}`;

  // Elena, a newcomer without any role: no moderation link for her.
  const { context: elenaContext, page: elena } = await signIn(browser, ELENA);
  check((await elena.locator("header").getByRole("link", { name: "Moderación" }).count()) === 0, "members without a moderator role get no moderation link");

  // She reports Pablo's reply: the reason is required, the form says so in place.
  await elena.goto(threadPath);
  await elena.getByRole("heading", { level: 1, name: title }).waitFor();
  const report = elena.getByRole("button", { name: "Denunciar la respuesta de Pablo Ruiz" });
  check((await report.getAttribute("aria-expanded")) === "false", "the report button is a closed disclosure");
  await report.click();
  const reason = elena.getByLabel("Motivo de la denuncia");
  check(await reason.evaluate((el) => el === document.activeElement), "the report form takes the focus");
  check((await report.getAttribute("aria-expanded")) === "true", "the report button says the form is open");
  await elena.keyboard.press("Escape");
  check((await elena.locator("form.reason-form").count()) === 0, "Escape closes the report form");
  check(await report.evaluate((el) => el === document.activeElement), "closing the form returns the focus to its button");
  await elena.keyboard.press("Enter");
  await reason.waitFor();
  await elena.getByRole("button", { name: "Enviar la denuncia" }).click();
  check((await reason.getAttribute("aria-invalid")) === "true", "an empty reason is marked invalid");
  check(((await elena.locator("#reason-error").textContent()) ?? "").includes("Escribe el motivo"), "the missing reason is explained beside the field");
  check(await reason.evaluate((el) => el === document.activeElement), "the invalid reason takes the focus");
  await axe(elena, "report-form-error");
  await keyboardReach(elena, "report-form");
  await shot(elena, "report-form");
  await narrow(elena, "report-form");
  await reason.fill("Falta al respeto a quien pregunta.");
  await elena.getByRole("button", { name: "Enviar la denuncia" }).click();
  await elena.getByRole("status").filter({ hasText: "La moderación revisará tu denuncia" }).waitFor();
  check(await report.evaluate((el) => el === document.activeElement), `after reporting, the focus returns to the button (on ${await focused(elena)})`);
  check((await elena.locator("form.reason-form").count()) === 0, "the report form closes once sent");
  await axe(elena, "discussion-reported");

  // She saves a case study: "Guardar" is a toggle; it is listed on her home and /guardados.
  const latest = await api("{ caseStudies(first: 1) { edges { node { id title } } } }", {}, "");
  const saved = latest.caseStudies.edges[0].node;
  await elena.goto(`${BASE}/casos/${encodeURIComponent(saved.id)}`);
  await elena.getByRole("heading", { level: 1, name: saved.title }).waitFor();
  const save = elena.getByRole("button", { name: "Guardar", exact: true });
  check((await save.getAttribute("aria-pressed")) === "false", "the case is not saved yet");
  await save.click();
  await elena.getByRole("status").filter({ hasText: "Guardado." }).waitFor();
  check((await save.getAttribute("aria-pressed")) === "true", "saving presses the toggle");
  check(await save.evaluate((el) => el === document.activeElement), "the toggle keeps the focus");
  await axe(elena, "case-saved");
  await keyboardReach(elena, "case-saved");
  await elena.reload();
  await elena.getByRole("button", { name: "Guardar", exact: true }).waitFor();
  check((await elena.getByRole("button", { name: "Guardar", exact: true }).getAttribute("aria-pressed")) === "true", "the bookmark is kept after a reload");
  await elena.getByRole("link", { name: "Inicio", exact: true }).click();
  const panel = elena.getByRole("region", { name: "Guardados" });
  await panel.getByRole("link", { name: saved.title }).waitFor();
  check(true, "her home lists what she saved");
  await shot(elena, "home-saved");
  await axe(elena, "home-saved");
  await panel.getByRole("link", { name: "Todos tus guardados" }).click();
  await elena.getByRole("heading", { level: 1, name: "Guardados" }).waitFor();
  await elena.getByText("Elementos guardados: 1").waitFor();
  check((await elena.locator(".saved-item").count()) === 1, "/guardados lists the saved case");
  check((await elena.locator(".saved-item a").first().textContent()) === saved.title, "the saved item links to the case");
  check(((await elena.locator(".saved-kind").first().textContent()) ?? "") === "Caso de estudio", "the saved item says what kind it is");
  await shot(elena, "bookmarks");
  await axe(elena, "bookmarks");
  await keyboardReach(elena, "bookmarks");
  await narrow(elena, "bookmarks");
  await elena.getByRole("button", { name: `Quitar «${saved.title}» de Guardados` }).click();
  await elena.getByText("Aún no has guardado nada").waitFor();
  check((await elena.locator(".saved-item").count()) === 0, "removing empties the list");
  check(((await elena.locator("#bookmarks-status").textContent()) ?? "").includes("ya no está en Guardados"), "the removal is announced");
  check(await elena.locator("#bookmarks-status").evaluate((el) => el === document.activeElement), "with nothing left, the focus goes to the message");
  await axe(elena, "bookmarks-empty");
  await elena.goto(`${BASE}/casos/${encodeURIComponent(saved.id)}`);
  await elena.getByRole("button", { name: "Guardar", exact: true }).waitFor();
  check((await elena.getByRole("button", { name: "Guardar", exact: true }).getAttribute("aria-pressed")) === "false", "the removed case is no longer saved");

  // Her e-mail digest: off by default; weekly, saved, still weekly after a reload.
  await elena.goto(`${BASE}/avisos`);
  await elena.getByRole("heading", { level: 2, name: "Resumen por correo" }).waitFor();
  const digest = elena.getByRole("group", { name: /Cada cuánto/ });
  check(await digest.getByRole("radio", { name: "Nunca" }).isChecked(), "the digest is off by default");
  await digest.getByRole("radio", { name: "Cada semana" }).check();
  await elena.getByRole("button", { name: "Guardar la preferencia" }).click();
  await elena.getByRole("status").filter({ hasText: "Preferencia guardada: cada semana." }).waitFor();
  check(true, "saving the digest frequency is announced");
  await shot(elena, "notifications-digest");
  await axe(elena, "notifications-digest");
  await keyboardReach(elena, "notifications-digest");
  await narrow(elena, "notifications-digest");
  await elena.reload();
  await elena.getByRole("heading", { level: 2, name: "Resumen por correo" }).waitFor();
  check(await elena.getByRole("radio", { name: "Cada semana" }).isChecked(), "the digest frequency is kept after a reload");

  // She asks to join Lucía's group, which approves requests.
  await elena.goto(`${BASE}/grupos/cm-locales`);
  await elena.getByRole("button", { name: "Pedir unirme" }).click();
  await elena.getByRole("button", { name: "Retirar la solicitud" }).waitFor();
  check(((await elena.locator("main .meta").first().textContent()) ?? "").includes("Solicitud pendiente"), "her request is pending");
  check((await elena.getByRole("heading", { name: "Administrar el grupo" }).count()) === 0, "members who do not run the group get no administration");

  // Carmen moderates: the link in her header, the report in her queue; she hides the reply.
  const { context: carmenContext, page: carmen } = await signIn(browser, CARMEN);
  await carmen.locator("header").getByRole("link", { name: "Moderación" }).click();
  await carmen.getByRole("heading", { level: 1, name: "Moderación" }).waitFor();
  await carmen.getByRole("heading", { level: 2, name: "Denuncias pendientes (1)" }).waitFor();
  const item = carmen.locator(".queue-item", { hasText: title });
  check(((await item.textContent()) ?? "").includes("Falta al respeto a quien pregunta."), "the queue shows the reason given");
  check(((await item.locator("blockquote").textContent()) ?? "").includes(replyText), "the queue shows the reported reply");
  await shot(carmen, "moderation-queue");
  await axe(carmen, "moderation-queue");
  await keyboardReach(carmen, "moderation-queue");
  await narrow(carmen, "moderation-queue");
  await item.getByRole("button", { name: "Ocultar", exact: true }).click();
  await carmen.getByLabel("Motivo (se envía a su autor)").fill("Insultos: incumple las normas de la red.");
  await axe(carmen, "moderation-hide-form");
  await carmen.getByRole("button", { name: "Ocultar con este motivo" }).click();
  await carmen.getByRole("status").filter({ hasText: "Oculto. Su autor ha recibido un aviso" }).waitFor();
  check(await carmen.locator("#moderation-status").evaluate((el) => el === document.activeElement), "the outcome takes the focus");
  check((await carmen.getByText("No hay denuncias pendientes.").count()) === 1, "the queue is empty once handled");
  const hiddenItem = carmen.locator("section[aria-labelledby=hidden-heading] .queue-item");
  check((await hiddenItem.count()) === 1, "the hidden reply is listed as hidden");
  check(((await hiddenItem.textContent()) ?? "").includes("Insultos: incumple las normas de la red."), "the hidden list shows the reason");
  check((await carmen.locator("table.audit tbody tr").count()) === 1, "the audit log records the action");
  await shot(carmen, "moderation-hidden");
  await axe(carmen, "moderation-hidden");

  // The thread no longer shows the hidden reply, to Elena or to the moderator.
  await elena.goto(threadPath);
  await elena.getByRole("heading", { level: 1, name: title }).waitFor();
  check((await elena.getByText(replyText).count()) === 0, "the hidden reply is gone from the thread");
  check((await elena.getByRole("heading", { level: 2, name: "Respuestas (0)" }).count()) === 1, "the thread counts only the replies it shows");
  await carmen.goto(threadPath);
  await carmen.getByRole("heading", { level: 1, name: title }).waitFor();
  check((await carmen.getByText(replyText).count()) === 0, "hidden replies leave the thread for moderators too");

  // From the thread, Carmen hides the whole thread. Its author (Lucía, who also moderates her
  // agency's threads) still sees it, hidden, with the reason, and restores it from there;
  // other members no longer find it.
  await carmen.getByRole("button", { name: "Ocultar el debate" }).click();
  await carmen.getByLabel("Motivo (se envía a su autor)").fill("Revisamos si contiene datos personales.");
  await carmen.getByRole("button", { name: "Ocultar con este motivo" }).click();
  await carmen.locator("main .notice").filter({ hasText: "Oculto." }).waitFor();
  check(await carmen.locator("main .notice").evaluate((el) => el === document.activeElement), "the outcome on the thread takes the focus");
  await shot(carmen, "discussion-hidden-moderator");
  await axe(carmen, "discussion-hidden-moderator");
  await elena.reload();
  await elena.getByRole("heading", { level: 1, name: "No encontrado, o no tienes acceso." }).waitFor();
  check(true, "a hidden thread is gone for other members");
  const { context: luciaContext, page: lucia } = await signIn(browser, LUCIA);
  await lucia.goto(threadPath);
  await lucia.getByRole("heading", { level: 1, name: title }).waitFor();
  const banner = lucia.getByRole("note").filter({ hasText: "Oculto por la moderación" });
  check(((await banner.textContent()) ?? "").includes("Revisamos si contiene datos personales."), "its author sees that it is hidden, and why");
  check((await lucia.getByRole("button", { name: "Denunciar el debate" }).count()) === 0, "a hidden thread offers no report button");
  await shot(lucia, "discussion-hidden");
  await axe(lucia, "discussion-hidden");
  await keyboardReach(lucia, "discussion-hidden");
  await lucia.getByRole("button", { name: "Restaurar el debate" }).click();
  await lucia.getByLabel("Motivo (se envía a su autor)").fill("No contiene datos personales.");
  await lucia.getByRole("button", { name: "Restaurar con este motivo" }).click();
  await lucia.locator("main .notice").filter({ hasText: "Restaurado." }).waitFor();
  check((await lucia.getByRole("note").filter({ hasText: "Oculto por la moderación" }).count()) === 0, "a restored thread no longer shows hidden");
  check(await lucia.locator("main .notice").evaluate((el) => el === document.activeElement), "the restoration is announced with the focus");
  await elena.reload();
  await elena.getByRole("heading", { level: 1, name: title }).waitFor();
  check(true, "the restored thread is back for other members");

  // Back on the moderation page she restores the reply; the thread shows it again.
  await carmen.goto(`${BASE}/moderacion`);
  await carmen.getByRole("heading", { level: 2, name: "Contenido oculto" }).waitFor();
  const restoreItem = carmen.locator("section[aria-labelledby=hidden-heading] .queue-item");
  check((await restoreItem.count()) === 1, "only the reply is still hidden");
  await restoreItem.getByRole("button", { name: "Restaurar", exact: true }).click();
  await carmen.getByLabel("Motivo (se envía a su autor)").fill("Lo ha reformulado en privado; lo dejamos.");
  await carmen.getByRole("button", { name: "Restaurar con este motivo" }).click();
  await carmen.getByRole("status").filter({ hasText: "Restaurado." }).waitFor();
  check((await carmen.getByText("No hay nada oculto.").count()) === 1, "nothing is left hidden");
  check((await carmen.locator("table.audit tbody tr").count()) === 4, "the audit log has the four actions");
  await axe(carmen, "moderation-restored");
  await keyboardReach(carmen, "moderation-restored");
  await elena.goto(threadPath);
  await elena.getByText(replyText).waitFor();
  check(true, "the restored reply is back in the thread");
  await carmenContext.close();

  // Lucía runs the group: Elena's request is waiting; she approves it.
  await lucia.goto(`${BASE}/grupos/cm-locales`);
  await lucia.getByRole("heading", { level: 2, name: "Administrar el grupo" }).waitFor();
  const approve = lucia.getByRole("button", { name: "Aprobar a Elena Vidal" });
  await approve.waitFor();
  await shot(lucia, "group-admin");
  await axe(lucia, "group-admin");
  await keyboardReach(lucia, "group-admin");
  await narrow(lucia, "group-admin");
  await approve.click();
  await lucia.getByRole("status").filter({ hasText: "Elena Vidal ya es miembro del grupo." }).waitFor();
  check((await lucia.getByText("No hay solicitudes pendientes.").count()) === 1, "no request is left");
  check((await lucia.locator("section[aria-labelledby=members-heading] li", { hasText: "Elena Vidal" }).count()) === 1, "Elena is listed among the members");
  check(await lucia.locator("#requests-heading").evaluate((el) => el === document.activeElement), "with no request left, the focus goes to their heading");

  // She invites by work e-mail: a missing and an unknown address are explained beside the field.
  const email = lucia.getByLabel("Correo de trabajo");
  await lucia.getByRole("button", { name: "Enviar la invitación" }).click();
  check((await email.getAttribute("aria-invalid")) === "true", "an empty e-mail is marked invalid");
  check(await email.evaluate((el) => el === document.activeElement), "the invalid e-mail takes the focus");
  await email.fill("nadie@vallverde.example");
  await lucia.getByRole("button", { name: "Enviar la invitación" }).click();
  // The server's own message, in the reader's language.
  await lucia.locator("#email-error").filter({ hasText: "ningún miembro tiene este correo" }).waitFor();
  const emailError = (await lucia.locator("#email-error").textContent()) ?? "";
  check(emailError.length > 0 && !emailError.includes("Escribe"), `the server's error shows beside the field ("${emailError}")`);
  check((await email.getAttribute("aria-invalid")) === "true", "the unknown e-mail is marked invalid");
  await shot(lucia, "group-invite-error");
  await axe(lucia, "group-invite-error");
  await email.fill("sofia.lopez@rioclaro.example");
  await lucia.getByRole("button", { name: "Enviar la invitación" }).click();
  await lucia.getByRole("status").filter({ hasText: "Invitación enviada a Sofía López." }).waitFor();
  check((await lucia.locator("ul[aria-labelledby=invited-heading] li", { hasText: "Sofía López" }).count()) === 1, "the invitation is listed as pending");
  check((await email.inputValue()) === "" && (await email.getAttribute("aria-invalid")) === null, "the field is cleared and valid again");
  check(await lucia.locator("#email-error").isHidden(), "the earlier error is gone");
  await axe(lucia, "group-invited");
  await elena.goto(`${BASE}/grupos/cm-locales`);
  await elena.getByRole("button", { name: "Salir del grupo" }).waitFor();
  check(true, "Elena is now a member");
  await elenaContext.close();

  // A guideline with several versions, side by side; the choice lives in the URL.
  const listed = await api("{ guidelines(first: 50) { edges { node { id title currentVersionNumber } } } }", {}, "");
  const edited = listed.guidelines.edges.map((e) => e.node).find((g) => g.currentVersionNumber > 1);
  check(Boolean(edited), "a guideline with several versions to compare");
  if (edited) {
    const current = edited.currentVersionNumber;
    await lucia.goto(`${BASE}/guias/${encodeURIComponent(edited.id)}`);
    await lucia.locator("table.diff").waitFor();
    check((await lucia.getByRole("button", { name: "Guardar", exact: true }).count()) === 1, "a guideline can be saved");
    const split = lucia.getByRole("radio", { name: "En paralelo" });
    check(await lucia.getByRole("radio", { name: "En una columna" }).isChecked(), "the unified view is the default");
    await split.check();
    await lucia.locator("table.diff-split").waitFor();
    check(new URL(lucia.url()).searchParams.get("vista") === "paralelo", "the side-by-side view is in the URL");
    const headers = await lucia.locator("table.diff-split thead th").allTextContents();
    check(headers.some((h) => h.includes(`Versión ${current - 1}`)) && headers.some((h) => h.includes(`Versión ${current}`)), `the columns are the two versions (${headers.join(" | ")})`);
    check((await lucia.locator("table.diff-split td del").count()) + (await lucia.locator("table.diff-split td ins").count()) > 0, "changed lines are marked <del> and <ins>");
    const leftIns = await lucia.locator("table.diff-split tr").evaluateAll((rows) => rows.filter((row) => row.children[1]?.querySelector("ins") || row.children[3]?.querySelector("del")).length);
    check(leftIns === 0, "removed lines are on the left, added on the right");
    check((await lucia.getByRole("region", { name: /Cambios en paralelo/ }).count()) === 1, "the side-by-side table is a labelled region");
    await lucia.reload();
    await lucia.locator("table.diff-split").waitFor();
    check(await lucia.getByRole("radio", { name: "En paralelo" }).isChecked(), "the side-by-side view survives a reload");
    await shot(lucia, "guideline-split");
    await axe(lucia, "guideline-split");
    await keyboardReach(lucia, "guideline-split");
    // Keyboard only: arrows move between the two views.
    await lucia.getByRole("radio", { name: "En paralelo" }).focus();
    await lucia.keyboard.press("ArrowLeft");
    await lucia.locator("table.diff:not(.diff-split)").waitFor();
    check(!new URL(lucia.url()).searchParams.has("vista") || new URL(lucia.url()).searchParams.get("vista") !== "paralelo", "back to one column, the URL says so");
    await lucia.keyboard.press("ArrowRight");
    await lucia.locator("table.diff-split").waitFor();
    check(await lucia.getByRole("radio", { name: "En paralelo" }).evaluate((el) => el === document.activeElement), "the view switch keeps the focus");

    // At 360 px the table scrolls inside its labelled region, not the page.
    const phone = watch(await browser.newPage({ viewport: NARROW, locale: "es-ES" }));
    await phone.goto(`${BASE}/guias/${encodeURIComponent(edited.id)}?vista=paralelo`);
    await phone.locator("table.diff-split").waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `guideline-split-360: no horizontal page scrolling (overflow ${overflow}px)`);
    const scrolls = await phone.locator(".table-scroll", { has: phone.locator("table.diff-split") }).evaluate((el) => el.scrollWidth > el.clientWidth);
    check(scrolls, "guideline-split-360: the table scrolls sideways in its region");
    await shot(phone, "guideline-split-360");
    await axe(phone, "guideline-split-360");
    await phone.close();
  }
  await luciaContext.close();
}
