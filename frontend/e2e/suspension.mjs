// Suspending a member: Marta, Vallverde's agency admin, opens Tomás's profile, suspends him for
// a week with a reason (the form checks it in place); his browser session ends, his API token is
// refused, signing in again shows a page saying his account is suspended; the action is in the
// moderation log; reinstated, he signs in again. Pablo, a plain member, is offered no button.
import { BASE, api, axe, check, keyboardReach, narrowShot, shot, signIn, watch } from "./lib.mjs";

const MARTA = "marta.ibanez@vallverde.example";
const TOMAS = "tomas.gil@vallverde.example";
const PABLO = "pablo.ruiz@vallverde.example";
/** His name as Vallverde's provider gives it at sign-in (the e-mail's local part). */
const TOMAS_NAME = "Tomas Gil";

/** The status a request with `token` gets. */
async function statusWith(token) {
  const response = await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ viewer { signedIn } }" }),
  });
  return response.status;
}

/**
 * Signs Tomás in through Vallverde's provider and returns where the browser landed. A refused
 * sign-in is a 403 page, which the browser logs as a failed load: that page is not watched.
 */
async function tomasLogsIn(browser, { refused = false } = {}) {
  const context = await browser.newContext({ locale: "es-ES" });
  const opened = await context.newPage();
  const page = refused ? opened : watch(opened);
  await page.goto(`${BASE}/entrar`);
  await page.getByRole("link", { name: /Ayuntamiento de Vallverde/ }).click();
  await page.locator('input[name="login"]').fill(TOMAS);
  await page.locator('input[name="password"]').fill("x");
  await page.locator('button[type="submit"]').click();
  await page.waitForLoadState("load");
  return { context, page };
}

export async function suspension(browser) {
  const token = process.env.SUSPENDEE_TOKEN;
  const tomasId = (await api("{ viewer { member { id } } }", {}, token)).viewer.member.id;
  const profilePath = `${BASE}/personas/${encodeURIComponent(tomasId)}`;
  const { context: tomasContext, page: tomas } = await signIn(browser, TOMAS);
  check((await statusWith(token)) === 200, "Tomás's token works before");

  // A plain member sees his profile without any suspension control.
  const { context: pabloContext, page: pablo } = await signIn(browser, PABLO);
  await pablo.goto(profilePath);
  await pablo.getByRole("heading", { level: 1, name: TOMAS_NAME }).waitFor();
  check((await pablo.getByRole("button", { name: /Suspender/ }).count()) === 0, "members are offered no suspension button");
  await pabloContext.close();

  // Marta, the agency admin, suspends him from his profile.
  const { context: martaContext, page: marta } = await signIn(browser, MARTA);
  await marta.goto(profilePath);
  await marta.getByRole("heading", { level: 2, name: "Suspensión" }).waitFor();
  await shot(marta, "suspension-profile");
  await axe(marta, "suspension-profile");
  const open = marta.getByRole("button", { name: `Suspender a ${TOMAS_NAME}` });
  await open.click();
  const reason = marta.getByLabel(/^Motivo/);
  check(await reason.evaluate((el) => el === document.activeElement), "the suspension form takes the focus");
  await marta.getByRole("button", { name: "Suspender la cuenta" }).click();
  check((await reason.getAttribute("aria-invalid")) === "true", "an empty reason is marked invalid");
  check(((await marta.locator("#suspend-reason-error").textContent()) ?? "").includes("Escribe el motivo"), "the missing reason is explained beside the field");
  await shot(marta, "suspension-form-error");
  await axe(marta, "suspension-form");
  await narrowShot(marta, "suspension-form");
  await reason.fill("Publica datos personales de vecinos en los debates.");
  const week = new Date(Date.now() + 7 * 86_400_000);
  const day = `${week.getFullYear()}-${String(week.getMonth() + 1).padStart(2, "0")}-${String(week.getDate()).padStart(2, "0")}`;
  await marta.getByLabel("Hasta (opcional)").fill(day);
  await marta.getByRole("button", { name: "Suspender la cuenta" }).click();
  await marta.getByText("Cuenta suspendida: sus sesiones y tokens han dejado de funcionar.").waitFor();
  check(await marta.locator("#profile-status").evaluate((el) => el === document.activeElement), "the outcome is announced and takes the focus");
  const state = (await marta.locator(".suspension-status").textContent()) ?? "";
  check(state.includes("Suspendida hasta el") && state.includes("Publica datos personales"), `the profile shows until when and why (${state})`);
  check((await marta.locator(".badge.suspended").count()) === 1, "a badge marks the suspended member");
  await shot(marta, "suspension-suspended");
  await axe(marta, "suspension-suspended");
  await keyboardReach(marta, "suspension-suspended");
  await narrowShot(marta, "suspension-suspended");
  // The same state in English.
  await marta.getByLabel("Idioma").selectOption("en");
  await marta.getByRole("heading", { level: 2, name: "Suspension" }).waitFor();
  const english = (await marta.locator(".suspension-status").textContent()) ?? "";
  check(english.includes("Suspended until") && english.includes("Suspended by"), `the suspension reads in English (${english})`);
  await marta.getByLabel("Language").selectOption("es");
  await marta.getByRole("heading", { level: 2, name: "Suspensión" }).waitFor();

  // His token is refused and his browser session is over at once.
  check((await statusWith(token)) === 401, "the suspended member's token is refused");
  await tomas.reload();
  await tomas.getByRole("link", { name: "Entrar con mi organismo" }).first().waitFor();
  check((await tomas.getByRole("button", { name: "Salir" }).count()) === 0, "the suspended member's session has ended");
  await tomasContext.close();

  // Signing in again says why he cannot.
  const refused = await tomasLogsIn(browser, { refused: true });
  await refused.page.getByRole("heading", { level: 1, name: "Tu cuenta está suspendida" }).waitFor();
  const refusal = (await refused.page.textContent("body")) ?? "";
  check(refusal.includes("ACCOUNT_SUSPENDED"), "the refusal page gives its code");
  check(refusal.includes("Hasta el ") && refusal.includes("Publica datos personales"), "the refusal page says until when and why");
  await shot(refused.page, "suspension-login-refused");
  await axe(refused.page, "suspension-login-refused");
  await refused.context.close();

  // The moderation log has the action, linked to his profile.
  await marta.goto(`${BASE}/moderacion`);
  const row = marta.locator("table.audit tbody tr").filter({ hasText: "Suspendió" }).first();
  await row.waitFor();
  check((await row.getByRole("link", { name: TOMAS_NAME }).count()) === 1, "the log links the suspension to the member");
  await shot(marta, "suspension-audit-log");

  // Reinstated, he signs in again; the revoked token stays revoked.
  await marta.goto(profilePath);
  await marta.getByRole("button", { name: `Readmitir a ${TOMAS_NAME}` }).click();
  await marta.getByLabel("Motivo de la readmisión").fill("Ha retirado los datos y se ha disculpado.");
  await marta.getByRole("button", { name: "Readmitir con este motivo" }).click();
  await marta.getByText("Readmitida: puede volver a entrar.", { exact: false }).waitFor();
  check((await marta.locator(".badge.suspended").count()) === 0, "the badge is gone once reinstated");
  await martaContext.close();
  const back = await tomasLogsIn(browser);
  await back.page.getByRole("button", { name: "Salir" }).waitFor();
  check(back.page.url() === `${BASE}/`, "reinstated, he signs in again");
  await back.context.close();
  check((await statusWith(token)) === 401, "a token revoked by the suspension stays revoked");

  // Erased at his request: his profile becomes a tombstone, his token stops working, and the
  // log says who erased him and why.
  const { context: eraserContext, page: eraser } = await signIn(browser, MARTA);
  await eraser.goto(profilePath);
  await eraser.getByRole("heading", { level: 3, name: "Suprimir la cuenta" }).waitFor();
  await eraser.getByRole("button", { name: `Suprimir la cuenta de ${TOMAS_NAME}` }).click();
  await eraser.getByRole("button", { name: "Suprimir para siempre" }).click();
  check((await eraser.locator("#reason-error").count()) === 1, "erasing asks for a reason first");
  await shot(eraser, "erase-form-error");
  await axe(eraser, "erase-form");
  await narrowShot(eraser, "erase-form");
  await eraser.getByLabel(/^Motivo \(queda/).fill("Ha dejado el organismo y pide la supresión de sus datos.");
  await eraser.getByRole("button", { name: "Suprimir para siempre" }).click();
  await eraser.getByText("Cuenta suprimida.", { exact: false }).waitFor();
  await eraser.getByRole("heading", { level: 1, name: "Antiguo miembro" }).waitFor();
  check((await eraser.getByRole("button", { name: /Suspender|Suprimir/ }).count()) === 0, "nothing more to do on a tombstone");
  await shot(eraser, "erase-tombstone");
  await axe(eraser, "erase-tombstone");
  await narrowShot(eraser, "erase-tombstone");
  await eraser.getByLabel("Idioma").selectOption("en");
  await eraser.getByRole("heading", { level: 1, name: "Former member" }).waitFor();
  await eraser.getByLabel("Language").selectOption("es");
  await eraser.goto(`${BASE}/moderacion`);
  const erasedRow = eraser.locator("table.audit tbody tr").filter({ hasText: "Suprimió" }).first();
  await erasedRow.waitFor();
  check(((await erasedRow.textContent()) ?? "").includes("pide la supresión"), "the log has the erasure and its reason");
  await eraserContext.close();
}
