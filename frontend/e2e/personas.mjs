// The demo sign-in as a newcomer meets it (`plaza serve --demo`): the login page offers the demo
// personas first; one click signs in through Plaza's real OpenID Connect login (the built-in
// demo provider) and lands on the home feed; an editor persona writes and publishes a case study.
import { BASE, axe, check, keyboardReach, shot, watch } from "./lib.mjs";

export async function personas(browser) {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = watch(await context.newPage());
  await page.goto(`${BASE}/entrar`);
  await page.getByRole("heading", { level: 2, name: "Probando la demo: entra como una persona" }).waitFor();
  const offered = await page.locator(".demo-personas .persona h3").allTextContents();
  check(offered.length === 5 && offered.includes("Lucía Moreno") && offered.includes("Raquel Ortega"), `the demo personas are offered (${offered.join(", ")})`);
  const listed = await page.locator("ul.providers a").allTextContents();
  check(listed.every((label) => !label.includes("Personas de demostración")), `the demo providers are not listed twice (${listed.join(" | ")})`);
  await shot(page, "login-personas");
  await axe(page, "login-personas");
  await keyboardReach(page, "login-personas");

  // One click: Raquel, the network administrator, lands on her home feed.
  await page.getByRole("link", { name: "Entrar como Raquel Ortega" }).click();
  await page.waitForURL(`${BASE}/`);
  await page.getByRole("button", { name: "Salir" }).waitFor();
  check(((await page.locator("header").textContent()) ?? "").includes("Raquel Ortega"), "signed in as the persona chosen");
  await page.getByRole("button", { name: "Salir" }).click();
  await page.locator("header").getByRole("link", { name: "Entrar con mi organismo" }).waitFor();

  // The Generalitat's team (editors of a regional government) writes a case study and publishes
  // it. (Lucía signed in through Vallverde's own provider earlier in the run: accounts are never
  // merged across providers, so she is not used here.)
  await page.goto(`${BASE}/entrar`);
  await page.getByRole("link", { name: "Entrar como Equip de Xarxes Socials" }).click();
  await page.waitForURL(`${BASE}/`);
  await page.locator("header").getByRole("link", { name: "Escribir un caso" }).click();
  await page.getByRole("heading", { level: 1, name: "Nuevo caso de estudio" }).waitFor();
  await page.getByLabel("Título", { exact: true }).fill("Avisos de cortes de agua por Telegram");
  await page.getByRole("checkbox", { name: "Atención a la ciudadanía" }).check();
  await page.getByRole("checkbox", { name: "Telegram" }).check();
  await page.getByLabel("Contexto y problema", { exact: true }).fill("Los vecinos se enteraban tarde de los cortes de agua programados.");
  await page.getByRole("button", { name: "Guardar borrador" }).click();
  await page.getByRole("heading", { level: 1, name: "Avisos de cortes de agua por Telegram" }).waitFor();
  await page.getByRole("button", { name: "Publicar", exact: true }).click();
  await page.getByRole("button", { name: "Publicar", exact: true }).waitFor({ state: "detached" });
  check(true, "a persona writes and publishes a case study");
  await context.close();
}
