// Webhooks (`/ajustes/webhooks`) as an agency's administrator meets them: anonymous visitors are
// asked to sign in and a member without the role is told who manages them; Lucía (editor and
// agency admin of Vallverde) finds the page beside her name, reads what webhooks are, is told
// beside the field what is missing or wrong, creates one and sees its secret once (`whsec_…`),
// sends a test event and finds it in the log, switches it off and on, edits it, rotates and
// shows its secret (after a confirmation that Escape cancels) and deletes it. The page passes
// axe, the keyboard walk and 360 px screens.
import { BASE, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const LUCIA = "lucia.moreno@vallverde.example";
// Vallverde's newcomer without any role (infra/e2e.sh).
const ELENA = "elena.vidal@vallverde.example";
const PATH = "/ajustes/webhooks";
// The e2e server does not let webhooks reach plain http:// or private addresses.
const ENDPOINT = "https://hooks.example.org/plaza";

export async function webhooks(browser) {
  // Anonymous visitors are asked to sign in.
  const anonymous = await browser.newContext({ locale: "es-ES" });
  const visitor = watch(await anonymous.newPage());
  await visitor.goto(`${BASE}${PATH}`);
  await visitor.getByRole("main").getByRole("link", { name: "Entrar con mi organismo" }).waitFor();
  check(true, "webhooks: anonymous visitors are asked to sign in");
  await anonymous.close();

  // A member without the role has no link, and the page says who manages webhooks.
  const { context: elenaContext, page: elena } = await signIn(browser, ELENA);
  check((await elena.locator("header").getByRole("link", { name: "Webhooks" }).count()) === 0, "webhooks: no link for members without the role");
  await elena.goto(`${BASE}${PATH}`);
  await elena.getByText("Solo la administración de vuestro organismo puede gestionar los webhooks.").waitFor();
  check((await elena.locator("form.webhook-form").count()) === 0, "webhooks: no form for members without the role");
  await elenaContext.close();

  // Lucía, an agency admin, finds the page beside her name.
  const { context, page } = await signIn(browser, LUCIA);
  const link = page.locator("header").getByRole("link", { name: "Webhooks" });
  await link.waitFor();
  const href = await link.getAttribute("href");
  check(href === PATH, `webhooks: the header links agency admins to the page (${href})`);
  await page.goto(`${BASE}${PATH}`);
  await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Nuevo webhook" }).waitFor();
  const cards = page.locator("ul.webhooks > li.webhook");
  const before = await cards.count();
  if (before === 0) {
    check(await page.getByText("Aún no tenéis ningún webhook.", { exact: false }).isVisible(), "webhooks: the empty state explains what webhooks are");
  }
  check((await page.getByRole("link", { name: "explorador de la API (GraphiQL)" }).getAttribute("href")) === "/graphql", "webhooks: the page links the API explorer");
  await shot(page, "webhooks-empty");
  await axe(page, "webhooks-empty");

  // No event chosen: said beside the events, which take the focus.
  const url = page.getByLabel("URL del destino", { exact: true });
  await url.fill("http://hooks.example.org/plaza");
  await page.getByRole("button", { name: "Crear el webhook" }).click();
  await page.locator(".error-summary").waitFor();
  check((await page.locator("#webhook-events").getAttribute("aria-invalid")) === "true", "webhooks: a webhook without events is marked in place");
  // Plain http://: the server's error, beside the address, which takes the focus.
  await page.getByRole("checkbox", { name: "Publicado", exact: true }).check();
  await page.getByRole("checkbox", { name: "Nueva versión de guía", exact: true }).check();
  await page.getByRole("button", { name: "Crear el webhook" }).click();
  await page.waitForFunction(() => document.getElementById("webhook-url")?.getAttribute("aria-invalid") === "true");
  const urlError = ((await page.locator("#webhook-url-error").textContent()) ?? "").trim();
  check(urlError.length > 0, `webhooks: the server's complaint about http:// shows beside the address ("${urlError}")`);
  check(await url.evaluate((el) => el === document.activeElement), "webhooks: the invalid address takes the focus");
  await shot(page, "webhooks-error");
  await axe(page, "webhooks-error");

  // Created with an https:// address: its secret, once, in a box that takes the focus.
  await url.fill(ENDPOINT);
  await page.getByLabel("Descripción", { exact: true }).fill("Avisos para la intranet");
  await page.getByLabel("Filtro", { exact: true }).fill("tipo:caso");
  await page.getByRole("button", { name: "Crear el webhook" }).click();
  const secretBox = page.locator(".secret-box");
  await secretBox.waitFor();
  const secret = ((await secretBox.locator(".secret-value").textContent()) ?? "").trim();
  check(secret.startsWith("whsec_"), `webhooks: the new secret is shown (${secret.slice(0, 8)}…)`);
  check(await page.evaluate(() => Boolean(document.activeElement?.closest(".secret-box"))), "webhooks: the new secret's box takes the focus");
  check((await cards.count()) === before + 1, `webhooks: the new webhook is listed (${await cards.count()})`);
  const card = cards.filter({ hasText: ENDPOINT }).last();
  const cardText = (await card.textContent()) ?? "";
  check(cardText.includes("Publicado") && cardText.includes("Nueva versión de guía") && cardText.includes("Activo") && cardText.includes("tipo:caso"), "webhooks: the card shows its events, filter and state in words");
  await secretBox.getByRole("button", { name: "Copiar el secreto" }).click();
  await secretBox.getByText(/Secreto copiado|No se ha podido copiar/).waitFor();
  check(true, "webhooks: the copy button says what it did");
  await shot(page, "webhooks-created");
  await axe(page, "webhooks-created");
  await secretBox.getByRole("button", { name: "Ya lo he guardado" }).click();
  check((await page.locator(".secret-box").count()) === 0, "webhooks: the secret is hidden once saved");

  // A test event: queued, then in the delivery log with its status in words and a way to resend.
  await card.getByRole("button", { name: "Enviar evento de prueba" }).click();
  await card.getByText("Evento de prueba en cola", { exact: false }).waitFor();
  await card.locator("details.deliveries > summary").click();
  const delivery = card.locator("li.delivery").first();
  await delivery.waitFor();
  const head = (await delivery.locator(".delivery-head").textContent()) ?? "";
  check(head.includes("Evento de prueba") && /Pendiente|Entregado|Fallido/.test(head), `webhooks: the test event is in the log with its status ("${head.trim()}")`);
  await delivery.locator("details > summary").click();
  const payload = (await delivery.locator("pre").textContent()) ?? "";
  check(payload.includes('"type": "webhook.test"'), "webhooks: the payload sent can be read");
  await delivery.getByRole("button", { name: /Reenviar/ }).click();
  await card.getByText("Reenvío en cola.").waitFor();
  check(true, "webhooks: a delivery can be sent again");

  // Off and on, keeping everything else.
  await card.getByRole("button", { name: "Desactivar", exact: true }).click();
  await card.getByText("Webhook desactivado", { exact: false }).waitFor();
  check((await card.locator(".webhook-state").textContent()) === "Desactivado", "webhooks: switched off, said in words");
  await card.getByRole("button", { name: "Activar", exact: true }).click();
  await card.getByText("Webhook activado.").waitFor();
  check(((await card.textContent()) ?? "").includes("Nueva versión de guía"), "webhooks: switching it off and on keeps its events");

  // Edited in the same form.
  await card.getByRole("button", { name: "Editar", exact: true }).click();
  await page.getByRole("heading", { level: 2, name: `Editar el webhook de ${ENDPOINT}` }).waitFor();
  check((await url.inputValue()) === ENDPOINT, "webhooks: the form is filled in to edit");
  await page.getByLabel("Descripción", { exact: true }).fill("Avisos para la intranet municipal");
  await page.getByRole("button", { name: "Guardar los cambios" }).click();
  await card.getByText("Cambios guardados.").waitFor();
  check(((await card.textContent()) ?? "").includes("Avisos para la intranet municipal"), "webhooks: the edit shows in the list");

  // Rotating asks first (the old secret keeps working 24 h); Escape cancels.
  await card.getByRole("button", { name: "Rotar secreto", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  check(((await dialog.textContent()) ?? "").includes("24 horas"), "webhooks: rotating explains the 24 hours of overlap");
  await axe(page, "webhooks-confirm");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  check(await card.getByRole("button", { name: "Rotar secreto", exact: true }).evaluate((el) => el === document.activeElement), "webhooks: cancelling gives the focus back");
  await card.getByRole("button", { name: "Rotar secreto", exact: true }).click();
  await dialog.getByRole("button", { name: "Rotar el secreto" }).click();
  await card.locator(".secret-box").waitFor();
  const rotated = ((await card.locator(".secret-value").textContent()) ?? "").trim();
  check(rotated.startsWith("whsec_") && rotated !== secret, "webhooks: rotating shows a new secret");
  await card.getByRole("button", { name: "Ya lo he guardado" }).click();
  await card.getByRole("button", { name: "Mostrar secreto", exact: true }).click();
  await card.locator(".secret-box").waitFor();
  check(((await card.locator(".secret-value").textContent()) ?? "").trim() === rotated, "webhooks: the secret is shown on request");

  await shot(page, "webhooks");
  await axe(page, "webhooks");
  await keyboardReach(page, "webhooks");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `webhooks: no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(page, "webhooks-360");
  await axe(page, "webhooks-360");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Deleted after a confirmation.
  await card.getByRole("button", { name: "Eliminar", exact: true }).click();
  await dialog.getByRole("button", { name: "Eliminar el webhook" }).click();
  await page.getByText("Webhook eliminado.").waitFor();
  check((await cards.count()) === before, "webhooks: the deleted webhook leaves the list");
  await context.close();

  // When Plaza does not answer (a GraphQL reply without data, so no console error is logged):
  // what happened, and a way to try again, which works once Plaza is back.
  const { context: offlineContext, page: offline } = await signIn(browser, LUCIA);
  await offline.route("**/graphql", (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));
  await offline.goto(`${BASE}${PATH}`);
  await offline.getByRole("main").getByRole("alert").waitFor();
  await offline.unroute("**/graphql");
  await offline.getByRole("button", { name: "Volver a intentarlo" }).click();
  await offline.getByRole("heading", { level: 2, name: "Nuevo webhook" }).waitFor();
  check(true, "webhooks: a failed load offers to try again, which works");
  await offlineContext.close();
}
