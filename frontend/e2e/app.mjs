// The web app's journeys: home, search, a case study, a guideline's diff, login through the
// agency's identity provider, the editor, live notifications, languages, narrow screens, and
// markdown payloads that must stay inert.
import { BASE, PAYLOADS, api, axe, check, inertness, keyboardReach, shot, signIn, watch } from "./lib.mjs";

/** Unit codes that must never reach a reader (the case page says "horas", "%", "seguidores"…). */
const UNIT_CODE = /\((count|percent|ratio|score|seconds|minutes|hours|days|eur|usd|local_currency)\)$/;

/**
 * Signed out, a list that members see more of says so: what members see, the way in (back to
 * this page) and how an administration joins Plaza.
 */
async function signedOutExplained(page, name, path, { title, what, signIn, join }) {
  await page.goto(`${BASE}${path}`);
  const panel = page.getByRole("region", { name: title });
  await panel.waitFor();
  const text = (await panel.textContent()) ?? "";
  check(text.includes(what), `${name}: says what members see ("${text.slice(0, 120)}…")`);
  check(text.includes(join), `${name}: says how an administration joins Plaza`);
  const href = await panel.getByRole("link", { name: signIn }).getAttribute("href");
  check(href === `/entrar?volver=${encodeURIComponent(path)}`, `${name}: links to signing in and back (${href})`);
}

/** Fills one metric fieldset of the case study editor (a 2025 period, audited evidence). */
async function fillMetric(set, { name, kind, unit, baseline, actual }) {
  await set.getByLabel("Métrica", { exact: true }).fill(name);
  await set.getByLabel("Tipo de métrica").selectOption(kind);
  await set.getByLabel("Unidad", { exact: true }).selectOption(unit);
  await set.getByLabel("Línea base").fill(baseline);
  await set.getByLabel("Alcanzado", { exact: true }).fill(actual);
  await set.getByLabel("Inicio del periodo").fill("2025-01-01");
  await set.getByLabel("Fin del periodo").fill("2025-12-31");
  await set.getByLabel("Evidencia", { exact: true }).selectOption("audited");
}

export async function app(browser) {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = watch(await context.newPage());

  // Home: the latest case studies, in Spanish.
  await page.goto(`${BASE}/`);
  await page.getByRole("heading", { level: 2, name: "Casos de estudio recientes" }).waitFor();
  check((await page.locator(".cards li").count()) > 0, "home lists case studies");
  check((await page.getAttribute("html", "lang")) === "es", "the app is in Spanish by default");
  // Cards say who (agency, level of government), where (platforms) and the key result.
  const cards = await page.locator(".cards .case-card").evaluateAll((items) =>
    items.map((card) => ({
      level: card.querySelector(".kicker .level")?.textContent?.trim() ?? "",
      agency: card.querySelector(".kicker .agency")?.textContent?.trim() ?? "",
      platforms: card.querySelectorAll(".tags .tag").length,
      result: card.querySelector(".key-result .key-figure")?.textContent?.trim() ?? "",
    })),
  );
  check(cards.length > 0 && cards.every((c) => c.level && c.agency), `each card names its agency and level of government (${JSON.stringify(cards[0])})`);
  check(cards.some((c) => c.platforms > 0) && cards.some((c) => /\d/.test(c.result)), "cards show platforms and a key result");
  // Featured cases lead with their headline metric, every bar labelled with its value.
  const features = page.locator(".features > li");
  check((await features.count()) > 0, "the home page features case studies");
  const headlines = await features.evaluateAll((items) =>
    items.map((item) => ({
      metric: item.querySelector(".metric-name")?.textContent ?? "",
      bars: item.querySelectorAll(".chart-row svg rect[class^='bar-']").length,
      values: [...item.querySelectorAll(".chart-row .chart-value")].map((v) => v.textContent?.trim() ?? ""),
    })),
  );
  check(
    headlines.every((f) => f.metric && f.bars > 0 && f.values.length === f.bars && f.values.every((v) => /\d/.test(v))),
    `featured cases show their headline metric with labelled bars (${JSON.stringify(headlines[0])})`,
  );
  const homeText = (await page.locator("main").textContent()) ?? "";
  check(!/(^|\D)0 (personas|miembros|resultados)/.test(homeText), "no count of zero is shown on the home page");
  await shot(page, "home");
  await axe(page, "home");
  await keyboardReach(page, "home");
  // The hero's search box opens the search page with the query.
  const hero = page.getByRole("search").getByRole("searchbox", { name: "Buscar casos, prácticas, guías y debates" });
  await hero.fill("whatsapp");
  await hero.press("Enter");
  await page.waitForURL(`${BASE}/buscar?q=whatsapp`);
  await page.locator(".hits li").first().waitFor();
  check((await page.getByRole("combobox", { name: "Buscar casos, prácticas, guías y debates" }).inputValue()) === "whatsapp", "the home search box searches for its query");

  // Search with typeahead, highlighted snippets and facets; keyboard only.
  await page.goto(`${BASE}/buscar`);
  const box = page.getByRole("combobox", { name: "Buscar casos, prácticas, guías y debates" });
  await box.fill("whatsap");
  const suggestions = page.getByRole("listbox", { name: "Sugerencias" }).getByRole("option");
  await suggestions.first().waitFor();
  check((await suggestions.count()) > 0, "typeahead suggests while typing");
  await box.press("ArrowDown");
  check((await suggestions.first().getAttribute("aria-selected")) === "true", "arrow keys move through suggestions");
  await box.fill("como reducir llamadas con whatsapp ayuntamiento");
  await box.press("Enter");
  await page.locator(".hits li").first().waitFor();
  const firstHit = (await page.locator(".hits li h2").first().textContent()) ?? "";
  check(/WhatsApp/i.test(firstHit), `the WhatsApp case comes first (got "${firstHit}")`);
  check((await page.locator(".hits mark").count()) > 0, "snippets highlight the matches");
  check((await page.locator("aside .facet").count()) > 0, "facets are shown");
  await shot(page, "search");
  await axe(page, "search");
  await keyboardReach(page, "search");

  // Open the case study: sections, metrics table and chart.
  await page.locator(".hits li h2 a").first().click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.locator("table").waitFor();
  check((await page.locator("table tbody tr").count()) > 0, "the case shows its outcome metrics");
  const units = await page.locator("table tbody th").allTextContents();
  check(units.length > 0 && units.every((row) => !UNIT_CODE.test(row)), `metric units are words, not codes (${units.join(" | ")})`);
  check((await page.locator(".chart-figure .chart svg rect").count()) > 0, "the case charts its metrics");
  const chartLabels = await page.locator(".chart-figure .chart-row").evaluateAll((rows) => rows.map((row) => row.querySelector(".chart-value")?.textContent?.trim() ?? ""));
  check(chartLabels.length > 0 && chartLabels.every((v) => /\d/.test(v)), `every bar carries its value (${chartLabels.join(" | ")})`);
  const described = await page.locator(".chart-figure").evaluate((figure) => document.getElementById(figure.getAttribute("aria-describedby") ?? "")?.tagName);
  check(described === "TABLE", `the chart's numbers are in a table it points to (${described})`);
  check(page.url().includes("/casos/"), "the case has its own address");
  await shot(page, "case-study");
  await axe(page, "case-study");
  await keyboardReach(page, "case-study");

  // A guideline: its version history and the diff between two editions.
  const listed = await (await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ guidelines(first: 50) { edges { node { id title currentVersionNumber } } } }" }),
  })).json();
  const edited = listed.data.guidelines.edges.map((e) => e.node).find((g) => g.currentVersionNumber > 1);
  check(Boolean(edited), "the demo has a guideline with several versions");
  if (edited) {
    await page.goto(`${BASE}/guias/${encodeURIComponent(edited.id)}`);
    await page.locator("table.diff").waitFor();
    check((await page.locator("ol li").count()) >= 2, "the guideline lists its versions");
    check((await page.locator("table.diff tr.added").count()) > 0, "the diff shows added lines");
    await shot(page, "guideline-diff");
    await axe(page, "guideline");
  }

  // "Entrar con mi organismo": Vallverde's provider, back home signed in, then sign out.
  const { context: visitor, page: member } = await signIn(browser, "lucia.moreno@vallverde.example", {
    atLogin: async (login) => {
      await shot(login, "login");
      await axe(login, "login");
    },
  });
  check(/Luc[ií]a Moreno/.test((await member.locator("header").textContent()) ?? ""), "signed in as Lucía Moreno");
  // Her home: her agency's news, her groups, what she follows.
  await member.getByRole("heading", { level: 2, name: /Novedades de Ayuntamiento de Vallverde/ }).waitFor();
  check((await member.locator("#agency-news + ul li").count()) > 0, "home lists what is new in her agency");
  await shot(member, "home-member");
  await axe(member, "home-member");
  await keyboardReach(member, "home-member");
  // Signed in at 1280 px the header keeps two tidy rows: brand and session; the navigation.
  const headerRows = await member.evaluate(() => {
    const top = (selector) => [...document.querySelectorAll(selector)].map((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2));
    return { first: top("header .brand, header .notices-link, header .tools > *"), nav: top("header .primary-nav li") };
  });
  const spread = (values) => Math.max(...values) - Math.min(...values);
  check(member.viewportSize().width >= 1280 && spread(headerRows.first) <= 8 && spread(headerRows.nav) <= 8 && Math.min(...headerRows.nav) > Math.max(...headerRows.first), `the signed-in header does not wrap at 1280 px (${JSON.stringify(headerRows)})`);

  // She writes a case study: the server's validation error shows in place, then it saves.
  await member.locator("header").getByRole("link", { name: "Escribir un caso" }).click();
  await member.getByRole("heading", { level: 1, name: "Nuevo caso de estudio" }).waitFor();
  await axe(member, "editor");
  await member.getByLabel("Título", { exact: true }).fill("Cita previa por WhatsApp");
  await member.getByRole("checkbox", { name: "Atención a la ciudadanía" }).check();
  await member.getByRole("checkbox", { name: "WhatsApp" }).check();
  // The markdown preview is the server's rendering: formatting shows, payloads stay inert.
  await member.getByLabel("Contexto y problema", { exact: true }).fill(`**Antes** el teléfono no daba abasto.\n\n${PAYLOADS.join("\n\n")}`);
  await member.getByRole("button", { name: "Vista previa" }).first().click();
  await member.locator(".preview .post strong").first().waitFor();
  const previewed = await inertness(member, ".preview");
  check(previewed.pwned === undefined && previewed.scripts === 0 && previewed.handlers === 0 && previewed.jsLinks === 0, `the markdown preview is inert: ${JSON.stringify(previewed)}`);
  await axe(member, "editor-preview");
  await member.getByRole("button", { name: "Añadir una métrica" }).click();
  check(await member.getByLabel("Métrica", { exact: true }).evaluate((el) => el === document.activeElement), "a new metric takes the focus");
  await fillMetric(member.locator("fieldset.metric").first(), { name: "Llamadas semanales", kind: "phone_calls", unit: "minutes", baseline: "1000", actual: "800" });
  await keyboardReach(member, "editor");
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.locator(".error-summary").waitFor();
  const unit = member.getByLabel("Unidad", { exact: true });
  check((await unit.getAttribute("aria-invalid")) === "true", "the invalid unit is marked in place");
  check(await unit.evaluate((el) => el === document.activeElement), "the invalid field takes the focus");
  const message = (await member.locator('[id="metrics.0.unit-error"]').textContent()) ?? "";
  check(message.includes("phone_calls"), `the error explains itself beside the field ("${message}")`);
  check(message.includes("no corresponde al tipo de métrica"), `the server's message is in the reader's language ("${message}")`);
  await shot(member, "editor-error");
  await axe(member, "editor-with-error");
  await unit.selectOption("count");
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.getByRole("heading", { level: 1, name: "Cita previa por WhatsApp" }).waitFor();
  await member.getByRole("button", { name: "Publicar", exact: true }).click();
  await member.getByRole("button", { name: "Publicar", exact: true }).waitFor({ state: "detached" });
  await member.getByRole("heading", { level: 2, name: "Comentarios" }).waitFor();
  check(true, "a draft is saved and published");
  check((await inertness(member, "main")).pwned === undefined, "the published case's payloads stay inert");

  // She edits it: a second metric, a new title; the page shows both metrics.
  await member.getByRole("link", { name: "Editar", exact: true }).click();
  await member.getByRole("heading", { level: 1, name: "Editar caso de estudio" }).waitFor();
  check((await member.getByLabel("Título", { exact: true }).inputValue()) === "Cita previa por WhatsApp", "the edit form holds the saved title");
  await member.getByLabel("Título", { exact: true }).fill("Cita previa por WhatsApp y web");
  await member.getByRole("button", { name: "Añadir una métrica" }).click();
  await fillMetric(member.locator("fieldset.metric").nth(1), { name: "Visitas presenciales", kind: "counter_visits", unit: "count", baseline: "400", actual: "300" });
  await member.getByRole("button", { name: "Guardar cambios" }).click();
  await member.getByRole("heading", { level: 1, name: "Cita previa por WhatsApp y web" }).waitFor();
  check((await member.locator("table tbody tr").count()) === 2, "the edited case shows both metrics");
  const rows = await member.locator("table tbody th").allTextContents();
  check(rows.includes("Llamadas semanales (llamadas)") && rows.includes("Visitas presenciales (visitas)"), `a count says what it counts (${rows.join(" | ")})`);

  // Search → open → comment → reply, then the thread's people and agency.
  await member.getByRole("link", { name: "Buscar", exact: true }).click();
  const memberBox = member.getByRole("combobox", { name: /Buscar casos/ });
  await memberBox.fill("whatsapp ayuntamiento");
  await memberBox.press("Enter");
  await member.locator(".hits li h2 a").first().click();
  await member.getByRole("heading", { level: 2, name: "Comentarios" }).waitFor();
  await keyboardReach(member, "case-study-member");
  await member.getByLabel("Tu comentario", { exact: true }).fill("¿Cuántas personas atendían el canal? **Gracias** por compartirlo.");
  await member.getByRole("button", { name: "Publicar comentario" }).click();
  await member.getByRole("heading", { level: 2, name: /Respuestas/ }).waitFor();
  check((await member.locator(".post strong").first().textContent()) === "Gracias", "the comment renders its markdown");
  await member.getByLabel("Tu respuesta", { exact: true }).fill("Y el horario, @pablo.ruiz@vallverde.example ¿lo sabes?");
  await member.getByRole("button", { name: "Publicar", exact: true }).click();
  await member.getByRole("heading", { level: 2, name: "Respuestas (1)" }).waitFor();
  check((await member.locator(".replies .reply").count()) === 1, "the reply is listed under the comment");
  await shot(member, "discussion");
  await axe(member, "discussion-member");
  await keyboardReach(member, "discussion-member");
  await member.locator(".replies .reply .meta a").first().click();
  await member.getByRole("heading", { level: 1, name: /Luc[ií]a Moreno/ }).waitFor();
  await axe(member, "profile");
  await member.getByRole("link", { name: "Ayuntamiento de Vallverde" }).click();
  await member.getByRole("heading", { level: 1, name: "Ayuntamiento de Vallverde" }).waitFor();
  check((await member.locator(".cards li").count()) > 0, "the agency page lists its published content");
  await shot(member, "agency");
  await axe(member, "agency");

  // Groups: she creates one, starts a thread inside it; it is listed there.
  await member.getByRole("link", { name: "Grupos", exact: true }).click();
  await member.getByRole("heading", { level: 1, name: "Grupos" }).waitFor();
  await axe(member, "groups");
  await member.getByLabel("Nombre", { exact: true }).fill("Redes en municipios pequeños");
  await member.getByLabel("Nombre corto", { exact: true }).fill("redes-pequenos");
  await member.getByLabel("De qué trata", { exact: true }).fill("Trucos para equipos de una persona.");
  await member.getByRole("button", { name: "Crear el grupo" }).click();
  await member.getByRole("heading", { level: 1, name: "Redes en municipios pequeños" }).waitFor();
  await member.getByLabel("Título", { exact: true }).fill("¿Qué programáis el fin de semana?");
  await member.getByLabel("Mensaje", { exact: true }).fill("Contadnos vuestra *rutina* de publicación.");
  await member.getByRole("button", { name: "Publicar", exact: true }).click();
  await member.getByRole("heading", { level: 1, name: "¿Qué programáis el fin de semana?" }).waitFor();
  check((await member.locator("main .meta a", { hasText: "Redes en municipios pequeños" }).count()) === 1, "the thread belongs to the group");
  await member.goto(`${BASE}/grupos/redes-pequenos`);
  await member.getByRole("link", { name: "¿Qué programáis el fin de semana?" }).waitFor();
  await shot(member, "group");
  await axe(member, "group");
  await keyboardReach(member, "group");

  // A practice and a guideline, written from her home; the guideline gets a second version.
  await member.getByRole("link", { name: "Inicio", exact: true }).click();
  await member.getByRole("link", { name: "Nueva buena práctica" }).click();
  await member.getByRole("heading", { level: 1, name: "Nueva buena práctica" }).waitFor();
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.locator(".error-summary").waitFor();
  check((await member.getByLabel("Título", { exact: true }).getAttribute("aria-invalid")) === "true", "an empty practice title is marked in place");
  await member.getByLabel("Título", { exact: true }).fill("Responder en menos de una hora");
  await member.getByLabel("La práctica", { exact: true }).fill("1. Turnos de guardia\n2. Respuestas *plantilla* revisadas");
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.getByRole("heading", { level: 1, name: "Responder en menos de una hora" }).waitFor();
  await member.getByRole("button", { name: "Publicar", exact: true }).click();
  await member.getByRole("button", { name: "Publicar", exact: true }).waitFor({ state: "detached" });
  await member.locator(".post ol li").first().waitFor();
  check((await member.locator(".post ol li").count()) === 2, "the practice renders its markdown list");
  await axe(member, "practice");
  await member.goto(`${BASE}/guias/nueva`);
  await member.getByLabel("Título", { exact: true }).fill("Guía de estilo de Vallverde");
  await member.getByLabel("Texto de la guía", { exact: true }).fill("# Tono\n\nCercano y claro.\n\n# Horario\n\nDe 8 a 20 h.");
  await member.getByRole("button", { name: "Guardar borrador" }).click();
  await member.getByRole("heading", { level: 1, name: "Guía de estilo de Vallverde" }).waitFor();
  await member.getByRole("button", { name: "Publicar", exact: true }).click();
  await member.getByRole("button", { name: "Publicar", exact: true }).waitFor({ state: "detached" });
  await member.getByText("Publicar una nueva versión").click();
  await member.getByLabel("Qué cambia en esta versión", { exact: true }).fill("Horario ampliado");
  await member.getByLabel("Texto de la guía", { exact: true }).fill("# Tono\n\nCercano y claro.\n\n# Horario\n\nDe 8 a 22 h, también sábados.");
  await member.getByRole("button", { name: "Publicar la versión" }).click();
  await member.locator("table.diff tr.added").first().waitFor();
  check((await member.getByRole("heading", { level: 2, name: "Versión vigente (2)" }).count()) === 1, "the guideline's second version is current");
  check(((await member.locator("table.diff ins").allTextContents()).join(" ")).includes("22 h"), "the diff shows the new line");
  await shot(member, "guideline-versions");
  await axe(member, "guideline-editor");
  await member.goto(`${BASE}/`);
  await member.getByRole("button", { name: "Salir" }).waitFor();

  // A colleague mentions her: the badge counts it live, the notifications page lists it.
  await member.locator("#unread").waitFor({ state: "attached" });
  await member.waitForTimeout(500);
  const mention = await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.COLLEAGUE_TOKEN}` },
    body: JSON.stringify({
      query: "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }",
      variables: { input: { title: "¿Revisamos las respuestas rápidas?", body: "@lucia.moreno@vallverde.example ¿las revisamos el lunes?", visibility: "AGENCY" } },
    }),
  }).then((r) => r.json());
  check(Boolean(mention.data?.startDiscussion?.id), `a colleague mentions her (${JSON.stringify(mention.errors ?? "")})`);
  const badged = await member
    .locator("#unread")
    .filter({ hasText: "(1)" })
    .waitFor({ timeout: 10000 })
    .then(() => true, () => false);
  check(badged, "the notification badge updates live");
  await member.getByRole("link", { name: /Avisos/ }).click();
  await member.getByText("Te han mencionado").first().waitFor();
  check((await member.locator(".notification.unread").count()) === 1, "the notifications page lists the mention as unread");
  await shot(member, "notifications");
  await axe(member, "notifications");
  await member.getByRole("button", { name: "Marcar todos como leídos" }).click();
  await member.getByText("No tienes avisos sin leer").waitFor();
  check((await member.locator(".notification.unread").count()) === 0, "marking all read clears them");
  const cookies = await visitor.cookies(BASE);
  check(cookies.some((c) => c.httpOnly && c.sameSite === "Lax"), "the session cookie is HttpOnly and SameSite=Lax");
  await member.getByRole("button", { name: "Salir" }).click();
  await member.waitForURL(`${BASE}/**`);
  await member.getByRole("link", { name: "Entrar con mi organismo" }).waitFor();
  check(true, "signed out");
  await visitor.close();

  // Signed out, /debates and /grupos say that members see more, how to get in and how an
  // administration joins.
  const spanish = { title: "Los miembros ven más", signIn: "Entrar con mi organismo", join: "¿Tu administración aún no está en Plaza?" };
  await signedOutExplained(page, "debates-signed-out", "/debates", { ...spanish, what: "Sin entrar solo ves los debates públicos" });
  await shot(page, "debates-signed-out");
  await axe(page, "debates-signed-out");
  await keyboardReach(page, "debates-signed-out");
  await signedOutExplained(page, "groups-signed-out", "/grupos", { ...spanish, what: "Sin entrar solo ves los grupos que se anuncian en público" });
  await axe(page, "groups-signed-out");

  // Switch the interface to English.
  await page.goto(`${BASE}/`);
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("heading", { level: 2, name: "Recent case studies" }).waitFor();
  check((await page.getAttribute("html", "lang")) === "en", "the interface switches to English");
  await page.getByLabel("Language").selectOption("ca");
  await page.getByRole("heading", { level: 2, name: "Casos d'estudi recents" }).waitFor();
  // In Catalan: the signed-out explanation, and taxonomy labels from the API in Catalan.
  await signedOutExplained(page, "debates-signed-out-ca", "/debates", {
    title: "Els membres hi veuen més",
    what: "Sense entrar només veus els debats públics",
    signIn: "Entra amb el meu organisme",
    join: "La teva administració encara no és a Plaza?",
  });
  await axe(page, "debates-signed-out-ca");
  const objectives = (await api("{ taxonomies { objectives { ca: label(language: CA) es: label } } }", {}, "")).taxonomies.objectives;
  await page.goto(`${BASE}/buscar?q=whatsapp`);
  await page.locator("aside .facet").first().waitFor();
  const facets = (await page.locator("aside .facet a").allTextContents()).map((text) => text.replace(/ \(\d+\)$/, ""));
  check(
    facets.some((label) => objectives.some((o) => o.ca === label)) && !facets.some((label) => objectives.some((o) => o.es === label && o.ca !== label)),
    `taxonomy labels are in Catalan (${facets.join(" | ")})`,
  );
  await page.getByLabel("Llengua").selectOption("es");

  // Narrow screens (360 px): nothing overflows horizontally.
  const narrow = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await narrow.goto(`${BASE}/`);
  await narrow.locator(".cards li").first().waitFor();
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await shot(narrow, "home-360");
  // The navigation folds behind the menu button: it opens from the keyboard, every control in
  // it is reachable, Escape closes it and gives the focus back. (This page follows the
  // browser's language, English: hence the language-neutral locators.)
  const menuButton = narrow.locator("header button[aria-controls='site-menu']");
  const groupsLink = narrow.locator("header .primary-nav a[href='/grupos']");
  check((await menuButton.getAttribute("aria-expanded")) === "false" && !(await groupsLink.isVisible()), "at 360 px the navigation starts folded");
  await menuButton.focus();
  await narrow.keyboard.press("Enter");
  await groupsLink.waitFor();
  check((await menuButton.getAttribute("aria-expanded")) === "true", "the menu button says the menu is open");
  await shot(narrow, "home-360-menu");
  await axe(narrow, "home-360-menu");
  await keyboardReach(narrow, "home-360-menu");
  await groupsLink.focus();
  await narrow.keyboard.press("Escape");
  check(
    (await menuButton.getAttribute("aria-expanded")) === "false" && (await menuButton.evaluate((el) => el === document.activeElement)),
    "Escape closes the menu and returns the focus to its button",
  );
  for (const [name, path] of [["search-360", "/buscar?q=whatsapp"], ["groups-360", "/grupos"], ["debates-360", "/debates"]]) {
    await narrow.goto(`${BASE}${path}`);
    await narrow.locator("main h1").waitFor();
    await narrow.waitForLoadState("networkidle");
    const wider = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wider <= 0, `${name}: no horizontal scrolling at 360 px (overflow ${wider}px)`);
    await shot(narrow, name);
  }

  // Markdown with scripts, event handlers and javascript: links renders inert: in a thread and
  // in a case study's sections (server-sanitised HTML under the app's CSP).
  check(Boolean(process.env.PLAZA_TOKEN), "a write token for the payload tests");
  const hostileMarkdown = PAYLOADS.join("\n\n");
  const started = await api("mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }", {
    input: { title: "Prueba de contenido peligroso", body: hostileMarkdown, visibility: "PUBLIC" },
  });
  const hostileCase = await api("mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }", {
    input: {
      title: "Caso con contenido peligroso",
      context: hostileMarkdown,
      actions: `**Acciones** en negrita\n\n${hostileMarkdown}`,
      lessons: hostileMarkdown,
      objectives: ["information"],
      platforms: ["x"],
      visibility: "PUBLIC",
    },
  });
  await api("mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }", { id: hostileCase.createCaseStudy.caseStudy.id });
  const hostile = watch(await browser.newPage());
  let dialogs = 0;
  hostile.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  for (const [name, path] of [
    ["discussion", `/debates/${encodeURIComponent(started.startDiscussion.id)}`],
    ["case-study-sections", `/casos/${encodeURIComponent(hostileCase.createCaseStudy.caseStudy.id)}`],
  ]) {
    await hostile.goto(`${BASE}${path}`);
    await hostile.locator(".post").first().waitFor();
    for (const link of await hostile.locator(".post a").all()) await link.click({ timeout: 2000 }).catch(() => {});
    await hostile.waitForTimeout(300);
    const inert = await inertness(hostile, ".post");
    check(inert.pwned === undefined && dialogs === 0, `${name}: no payload ran (got ${inert.pwned})`);
    check(inert.scripts === 0 && inert.handlers === 0 && inert.jsLinks === 0, `${name}: the HTML is inert: ${JSON.stringify(inert)}`);
    await shot(hostile, `${name}-payloads`);
    await axe(hostile, `${name}-payloads`);
  }
  check((await hostile.locator(".post strong").count()) > 0, "a case study's markdown renders (bold text)");
}
