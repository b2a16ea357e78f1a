// The expertise directory and profiles. A visitor who has not signed in finds only public
// profiles at /personas, and is told that members see more; a network profile is not theirs to
// open. Pablo signs in, asks "whatsapp atención ciudadana" and finds the three colleagues who
// answer citizens on WhatsApp, with the question in the address; a platform filter narrows them,
// the back button returns to the previous search, a question nobody matches says so and clears;
// "Ver más" pages through everyone. He edits his profile from the header's link to it: a link
// that is not a web address is refused beside its field; his title, a new skill, a link and a
// two-line biography are saved and shown (the biography as plain text); the directory then finds
// him by them. The directory reads in English. Screenshots (people-*), axe, the keyboard and
// 360 px on each screen.
import { BASE, api, axe, check, keyboardReach, narrowShot, shot, signIn, watch } from "./lib.mjs";

const PABLO = "pablo.ruiz@vallverde.example";
/** His name as Vallverde's provider gives it at sign-in (the e-mail's local part). */
const PABLO_NAME = "Pablo Ruiz";
/** The demo's public profiles (Lucía's name loses its accent once she signs in through Vallverde's provider, as app.mjs does). */
const PUBLIC = ["lucia moreno", "jordi puig", "ana souza", "equip de xarxes socials"];

/** A name without accents or case, to compare names whichever way a provider spelt them. */
const plain = (name) => name.normalize("NFD").replace(/\p{M}/gu, "").trim().toLowerCase();
const sameSet = (names, wanted) => names.length === wanted.length && wanted.every((name) => names.map(plain).includes(name));

/** The directory's answer once drawn: the names listed (none when it says nobody matches). */
async function listed(page) {
  await page.locator("main .result-line, main .empty-state").first().waitFor();
  return page.locator("main .person-card h3").allTextContents();
}

/** Types `question` in the directory's search box and sends the form. */
async function ask(page, question) {
  await page.getByRole("searchbox", { name: /^Buscar personas/ }).fill(question);
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
}

/** The address's query string, decoded. */
const query = (page) => new URL(page.url()).searchParams;

export async function people(browser) {
  // (a) Signed out: the public profiles only, and why.
  const visitorContext = await browser.newContext({ locale: "es-ES" });
  const visitor = watch(await visitorContext.newPage());
  await visitor.goto(`${BASE}/personas`);
  await visitor.getByRole("heading", { level: 1, name: "Personas de la red" }).waitFor();
  const open = await listed(visitor);
  check(sameSet(open, PUBLIC), `signed out, the directory lists the public profiles only (${open.join(", ")})`);
  check(!open.map(plain).includes("sofia lopez") && !open.map(plain).includes("pablo ruiz"), "signed out, network profiles are not listed");
  check((await visitor.locator("main .result-line").textContent()) === `${open.length} personas`, "the count says how many people are listed");
  const note = visitor.locator("main .signed-out-note");
  check(((await note.textContent()) ?? "").includes("solo aparecen las personas con perfil público"), "signed out, the page says only public profiles are listed");
  check((await note.getByRole("link", { name: "Entrar con mi organismo" }).count()) === 1, "and how to sign in to see more");
  const lucia = visitor.locator("main .person-card").filter({ hasText: /Luc[ií]a Moreno/ });
  check(((await lucia.textContent()) ?? "").includes("Responsable de redes sociales") && (await lucia.locator(".tag", { hasText: /^WhatsApp$/ }).count()) === 1, "a card shows the title and the platforms");
  check(((await lucia.getByRole("link").first().getAttribute("href")) ?? "").startsWith("/personas/"), "a card's name links to the profile");
  await shot(visitor, "people-directory");
  await axe(visitor, "people-directory");
  await keyboardReach(visitor, "people-directory");
  await narrowShot(visitor, "people-directory");
  // A network profile is not open to visitors.
  const sofia = (await api(`{ directory(query: "sofia lopez", first: 1) { nodes { id name } } }`, {}, process.env.COLLEAGUE_TOKEN)).directory.nodes[0];
  check(sofia && plain(sofia.name) === "sofia lopez", `a member finds Sofía through the API (${sofia?.name})`);
  if (sofia) {
    await visitor.goto(`${BASE}/personas/${encodeURIComponent(sofia.id)}`);
    await visitor.getByRole("heading", { level: 1, name: "No encontrado, o no tienes acceso." }).waitFor();
    check(!((await visitor.locator("main").textContent()) ?? "").includes("TikTok institucional"), "signed out, a network profile shows nothing of itself");
  }
  await visitorContext.close();

  // (b) Pablo asks who knows about WhatsApp and citizen service.
  const { context, page } = await signIn(browser, PABLO);
  await page.locator("header").getByRole("link", { name: "Personas", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Personas de la red" }).waitFor();
  const everyone = (await api("{ directory(first: 0) { totalCount } }", {}, process.env.COLLEAGUE_TOKEN)).directory.totalCount;
  await listed(page);
  check((await page.locator("main .result-line").textContent()) === `${everyone} personas`, `signed in, everyone visible is counted (${everyone})`);
  check((await page.locator("main .signed-out-note").count()) === 0, "members are not told to sign in");
  // Paging: "Ver más" appends the next page and takes the reader to it.
  const more = page.getByRole("button", { name: "Ver más" });
  if (everyone > 20) {
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll("main .person-card").length > 20);
    check((await page.locator("main .person-card").count()) === Math.min(everyone, 40), "Ver más appends the next page");
    check(await page.evaluate(() => Boolean(document.activeElement?.closest(".person-card"))), "the first new card takes the focus");
  } else {
    check((await more.count()) === 0, "no Ver más when everyone fits on one page");
  }

  await ask(page, "whatsapp atención ciudadana");
  await page.waitForURL((url) => url.searchParams.get("q") === "whatsapp atención ciudadana");
  const asked = await listed(page);
  check(sameSet(asked.slice(0, 3), ["lucia moreno", "sofia lopez", "ana souza"]), `the three who answer citizens on WhatsApp come first (${asked.join(", ")})`);
  check((await page.getByRole("searchbox", { name: /^Buscar personas/ }).inputValue()) === "whatsapp atención ciudadana", "the search box keeps the question");
  check(/^\d+ personas?$/.test((await page.locator("main .result-line").textContent()) ?? ""), "the results are counted");
  await shot(page, "people-directory-results");
  await axe(page, "people-directory-results");

  // A platform narrows the same question, then lists everyone on it.
  await page.getByLabel("Plataforma", { exact: true }).selectOption("tiktok");
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("plataforma") === "tiktok" && url.searchParams.has("q"));
  const onTiktok = await listed(page);
  check(onTiktok.map(plain).includes("sofia lopez") && !onTiktok.map(plain).includes("lucia moreno") && !onTiktok.map(plain).includes("ana souza"), `the filter narrows the question to TikTok (${onTiktok.join(", ")})`);
  const chips = await page.locator("main .person-card").evaluateAll((cards) => cards.map((card) => [...card.querySelectorAll(".tag")].some((tag) => tag.textContent === "TikTok")));
  check(chips.length > 0 && chips.every(Boolean), "everyone listed knows TikTok");
  await ask(page, "");
  await page.waitForURL((url) => !url.searchParams.has("q") && url.searchParams.get("plataforma") === "tiktok");
  const allTiktok = await listed(page);
  check(sameSet(allTiktok, ["sofia lopez", "equip de xarxes socials"]), `on TikTok alone: Sofía and the Xarxes team (${allTiktok.join(", ")})`);
  // Back: the previous search, as it was.
  await page.goBack();
  await page.waitForURL((url) => url.searchParams.get("q") === "whatsapp atención ciudadana" && url.searchParams.get("plataforma") === "tiktok");
  await page.waitForFunction(() => document.querySelector("#directory-q")?.value === "whatsapp atención ciudadana");
  const back = await listed(page);
  check(back.join() === onTiktok.join() && (await page.getByLabel("Plataforma", { exact: true }).inputValue()) === "tiktok", "the back button returns to the previous search and its filter");

  // Nobody matches: said so, with the way back to everyone.
  await ask(page, "zzqxjw");
  await page.waitForURL((url) => url.searchParams.get("q") === "zzqxjw");
  check((await listed(page)).length === 0, "a question nobody matches lists nobody");
  const empty = page.locator("main .empty-state");
  check(((await empty.textContent()) ?? "").includes("Nadie coincide con tu búsqueda"), "and says so");
  await shot(page, "people-directory-empty");
  await axe(page, "people-directory-empty");
  await empty.getByRole("link", { name: "Borrar la búsqueda y los filtros" }).click();
  await page.waitForURL(`${BASE}/personas`);
  check((await listed(page)).length > 0 && (await page.getByLabel("Plataforma", { exact: true }).inputValue()) === "", "clearing shows everyone, unfiltered");

  // (c) Pablo edits his profile, from the header's link to it.
  await page.locator("header").getByRole("link", { name: new RegExp(PABLO_NAME) }).click();
  await page.getByRole("heading", { level: 1, name: PABLO_NAME }).waitFor();
  check(((await page.locator("main .visibility-note").textContent()) ?? "").includes("Solo la red"), "his own profile says who sees it");
  const edit = page.getByRole("button", { name: "Editar perfil" });
  await edit.click();
  const form = page.locator("form.profile-form");
  await form.waitFor();
  check(await page.evaluate(() => document.activeElement?.id === "profile-name"), "the form takes the focus");
  check((await page.getByLabel("Puesto o función").inputValue()) === "Técnico de comunicación", "the form starts from his profile");
  // Escape closes it and gives the focus back.
  await page.keyboard.press("Escape");
  check((await form.count()) === 0 && (await edit.evaluate((el) => el === document.activeElement)), "Escape closes the form and the button takes the focus back");
  await edit.click();
  await form.waitFor();

  // A link that is no web address: refused, beside its field.
  const firstLink = page.getByLabel("Enlace 1", { exact: true });
  await firstLink.fill("javascript:x");
  await page.getByRole("button", { name: "Guardar el perfil" }).click();
  await page.locator("#profile-link-0-error:not([hidden])").waitFor();
  check((await firstLink.getAttribute("aria-invalid")) === "true", "the bad link is marked invalid");
  check(((await page.locator("#profile-link-0-error").textContent()) ?? "").includes("https://"), "and the error beside it says what to write");
  check(await firstLink.evaluate((el) => el === document.activeElement), "the bad link takes the focus");
  check(((await form.locator(".error-summary").textContent()) ?? "").includes("Revisa el formulario"), "the summary lists the problem");
  await shot(page, "people-edit-error");
  await axe(page, "people-edit-error");
  await keyboardReach(page, "people-edit-error");
  await narrowShot(page, "people-edit-error");

  await firstLink.fill("https://vallverde.example/videos");
  await page.getByLabel("Puesto o función").fill("Técnico de comunicación y accesibilidad");
  const skills = page.getByLabel("Habilidades", { exact: true });
  await skills.fill(`${await skills.inputValue()}, Lectura fácil`);
  await page.getByLabel("Sobre ti").fill("Grabo y subtitulo los vídeos cortos del ayuntamiento.\nAhora también los resumo en <i>lectura fácil</i>.");
  await page.getByRole("button", { name: "Guardar el perfil" }).click();
  await page.getByText("Perfil guardado.").waitFor();
  check(await page.locator("#profile-status").evaluate((el) => el === document.activeElement), "the outcome is announced and takes the focus");
  check((await form.count()) === 0, "the form closes once saved");
  check((await page.locator("main .lead").textContent()) === "Técnico de comunicación y accesibilidad", "the profile shows the new title");
  check((await page.locator("main .profile-details .tag", { hasText: "Lectura fácil" }).count()) === 1, "and the new skill");
  const bio = page.locator("main .bio").first();
  check(((await bio.innerText()) ?? "").split("\n").length === 2, "the biography keeps its line break");
  check((await bio.locator("i").count()) === 0 && ((await bio.textContent()) ?? "").includes("<i>lectura fácil</i>"), "and is shown as plain text, never as markup");
  const link = page.locator("main .profile-links a");
  check((await link.getAttribute("href")) === "https://vallverde.example/videos" && (await link.getAttribute("rel")) === "nofollow ugc noopener", "the link is shown, marked as the member's own");
  await shot(page, "people-profile");
  await axe(page, "people-profile");
  await keyboardReach(page, "people-profile");
  await narrowShot(page, "people-profile");

  // The directory finds him by his skills and his new title.
  await page.locator("header").getByRole("link", { name: "Personas", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Personas de la red" }).waitFor();
  await ask(page, "subtitulado");
  await page.waitForURL((url) => url.searchParams.get("q") === "subtitulado");
  check((await listed(page)).map(plain).includes("pablo ruiz"), "searching the directory for subtitulado finds him");
  await ask(page, "accesibilidad");
  await page.waitForURL((url) => url.searchParams.get("q") === "accesibilidad");
  const byTitle = await listed(page);
  check(byTitle.map(plain).includes("pablo ruiz"), `his new title finds him (${byTitle.join(", ")})`);
  check(((await page.locator("main .person-card").filter({ hasText: PABLO_NAME }).textContent()) ?? "").includes("Técnico de comunicación y accesibilidad"), "his card shows the new title");

  // (d) In English.
  await page.getByLabel("Idioma", { exact: true }).selectOption("en");
  await page.getByRole("heading", { level: 1, name: "People in the network" }).waitFor();
  check((await page.getByRole("searchbox", { name: /^Search people by expertise/ }).inputValue()) === "accesibilidad", "the English directory keeps the question");
  check((await page.getByLabel("Platform", { exact: true }).count()) === 1 && (await page.getByLabel("Working language", { exact: true }).count()) === 1, "the filters are labelled in English");
  check(/^\d+ (person|people)$/.test((await page.locator("main .result-line").textContent()) ?? ""), "the count reads in English");
  check((await page.getByLabel("Working language", { exact: true }).locator("option", { hasText: "Catalan" }).count()) === 1, "languages are named in English");
  check((await page.locator("header").getByRole("link", { name: "People", exact: true }).count()) === 1, "the navigation says People");
  await shot(page, "people-directory-en");
  await axe(page, "people-directory-en");
  await page.getByLabel("Language", { exact: true }).selectOption("es");
  await page.getByRole("heading", { level: 1, name: "Personas de la red" }).waitFor();
  await narrowShot(page, "people-directory-member");
  await context.close();
}
