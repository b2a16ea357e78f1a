// GraphiQL, the API explorer a browser gets at /graphql: bundled with Plaza (no request ever
// leaves the origin, so it works on intranets without Internet access), under the page's strict
// CSP. Runs the example search, browses the schema's documentation, hears a publication over
// the WebSocket (graphql-transport-ws) and runs the example mutation with a token typed into the
// headers pane, which must not be kept in localStorage.
import { BASE, api, check, shot, watch } from "./lib.mjs";

const TITLE = "Plaza · Explorador de la API GraphQL";

/**
 * Switches to the tab of operation `name`, and waits until GraphiQL takes it as the operation
 * to run: it notices 100 ms after the editor changes (a run before that would send the
 * previous tab's operation name), and notes the name in its storage as it does.
 */
async function openTab(page, name) {
  await page.locator(".graphiql-tab-button", { hasText: name }).click();
  await page.locator(".graphiql-tab-active", { hasText: name }).waitFor();
  await page.waitForFunction((name) => localStorage.getItem("graphiql:operationName") === name, name);
}

/** The contents of the CodeMirror editor inside `selector` (CodeMirror 5 hangs itself on its wrapper). */
const editorValue = (page, selector) =>
  page.evaluate((selector) => document.querySelector(`${selector} .CodeMirror`)?.CodeMirror?.getValue() ?? null, selector);

/**
 * Waits for the response pane to hold the JSON that `want` names (`search`: hits; `published`: a
 * publication whose title starts with `arg`; `mutation`: createPractice's answer or errors), and
 * returns it. The predicates live here: the page's CSP forbids eval, even from a test.
 */
async function response(page, want, arg = "") {
  const handle = await page.waitForFunction(
    ([want, arg]) => {
      const text = document.querySelector(".result-window .CodeMirror")?.CodeMirror?.getValue();
      let json;
      try {
        json = JSON.parse(text ?? "");
      } catch {
        return null;
      }
      const wanted = {
        search: () => json.data?.search?.edges?.length > 0,
        published: () => json.data?.contentPublished?.title?.startsWith(arg),
        mutation: () => json.data?.createPractice || json.errors,
      }[want]();
      return wanted ? json : null;
    },
    [want, arg],
    { timeout: 15_000 },
  );
  return handle.jsonValue();
}

export async function graphiql(browser) {
  const origin = new URL(BASE).origin;
  // What a browser's navigation to /graphql (Accept: text/html) gets: the bundled page.
  const html = await (await fetch(`${BASE}/graphql`, { headers: { accept: "text/html" } })).text();
  check(html.includes('src="/graphiql/assets/'), "GET /graphql (Accept: text/html) serves the bundled GraphiQL");

  const context = await browser.newContext({ locale: "es-ES" });
  const foreign = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      foreign.push(url);
      return route.abort();
    }
    return route.continue();
  });
  const page = watch(await context.newPage());
  const sockets = [];
  page.on("websocket", (socket) => {
    const frames = { sent: [], received: [] };
    sockets.push({ url: socket.url(), frames });
    socket.on("framesent", (frame) => frames.sent.push(String(frame.payload)));
    socket.on("framereceived", (frame) => frames.received.push(String(frame.payload)));
  });
  const authorizations = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url() === `${BASE}/graphql`) authorizations.push(request.headers().authorization ?? null);
  });
  // Violations of the CSP, seen from inside the page (DevTools scripts are not subject to it).
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });

  // GraphiQL is ready to run a query once it has the schema (its first request).
  const introspected = page.waitForResponse(
    (response) => response.url() === `${BASE}/graphql` && (response.request().postData() ?? "").includes("IntrospectionQuery"),
  );
  const loaded = await page.goto(`${BASE}/graphql`);
  const csp = loaded?.headers()["content-security-policy"] ?? "";
  const directive = (name) => csp.split(";").map((d) => d.trim()).find((d) => d.split(" ")[0] === name) ?? "";
  check(
    directive("script-src") === "script-src 'self'" && directive("connect-src").startsWith("connect-src 'self'"),
    `GET /graphql sends a strict CSP: scripts from the origin only (got "${csp}")`,
  );
  await page.locator(".graphiql-container").waitFor();
  await introspected;
  check((await page.title()) === TITLE, `GraphiQL's page is titled "${TITLE}"`);
  check((await page.getAttribute("html", "lang")) === "es", "GraphiQL's page is in Spanish");
  const tabs = await page.locator(".graphiql-tab-button").allTextContents();
  check(
    tabs.join(",") === "Buscar,CasosDeEstudio,CrearPractica,Publicaciones",
    `GraphiQL opens with the example operations as tabs (got ${tabs.join(", ")})`,
  );
  const docsButton = page.getByRole("button", { name: "Show Documentation Explorer" });
  // GraphiQL names its icons after their components: the build must keep those names.
  const iconTitle = await docsButton.locator("svg title").textContent().catch(() => null);
  check(iconTitle === "docs icon", `GraphiQL's icons keep their titles (got "${iconTitle}")`);

  // The example search, run with the run button: real results, rendered in the response pane.
  // (On a slow machine the editor may take its example a moment after the schema: the run
  // button is pressed once the search has really gone out, pressed again otherwise.)
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const sent = page
      .waitForRequest((request) => request.method() === "POST" && (request.postData() ?? "").includes("query Buscar"), { timeout: 5_000 })
      .catch(() => null);
    await page.getByRole("button", { name: "Execute query (Ctrl-Enter)" }).click();
    if (await sent) break;
  }
  const searched = await response(page, "search");
  const first = searched.data.search.edges[0].node;
  check(searched.data.search.totalCount > 0, "GraphiQL's example search finds results");
  check(/whatsapp/i.test(first.title) && first.snippet.html.includes("<mark>"), `the search tab shows highlighted hits (first: "${first.title}")`);
  check((await page.locator(".result-window").textContent())?.includes('"search"'), "the response pane renders the result");
  await shot(page, "graphiql-search");

  // The documentation explorer: the schema (by introspection), down to a field's description.
  await docsButton.click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.getByText("Root Types").waitFor();
  await docs.locator("a", { hasText: /^Query$/ }).first().click();
  await docs.getByText("Full-text search over case studies").waitFor();
  check((await docs.textContent())?.includes("search"), "the documentation explorer shows the schema's fields and descriptions");
  await shot(page, "graphiql-docs");

  // A subscription over the WebSocket at /graphql: a public practice published meanwhile arrives.
  await openTab(page, "Publicaciones");
  await page.getByRole("button", { name: "Execute query (Ctrl-Enter)" }).click();
  await page.getByRole("button", { name: "Stop query (Ctrl-Enter)" }).waitFor();
  const subscribed = () => sockets.some((s) => s.frames.sent.some((f) => f.includes('"subscribe"')));
  for (let wait = 0; wait < 50 && !subscribed(); wait += 1) await page.waitForTimeout(100);
  check(subscribed(), "the subscription tab subscribes over a WebSocket");
  check(
    sockets.length > 0 && sockets.every((s) => s.url === `${origin.replace(/^http/, "ws")}/graphql`),
    `subscriptions use the same origin's /graphql (got ${sockets.map((s) => s.url).join(", ")})`,
  );
  if (process.env.PLAZA_TOKEN) {
    const title = `Práctica oída por GraphiQL ${Date.now()}`;
    let heard = null;
    // The server has no acknowledgement of a subscribe message: publish until one arrives.
    for (let attempt = 0; attempt < 3 && !heard; attempt += 1) {
      const created = await api(
        "mutation ($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }",
        { input: { title: `${title} (${attempt})`, summary: "Publicada por la prueba de GraphiQL.", visibility: "PUBLIC" } },
      );
      await api("mutation ($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }", {
        id: created.createPractice.practice.id,
      });
      heard = await response(page, "published", title).catch(() => null);
    }
    check(Boolean(heard), "the subscription tab hears a publication over the WebSocket");
  }
  await page.getByRole("button", { name: "Stop query (Ctrl-Enter)" }).click();

  // The example mutation: its headers pane holds the Authorization template; with a real token
  // typed in, it creates a draft, and the token stays out of localStorage.
  await openTab(page, "CrearPractica");
  await page.locator(".graphiql-editor-tools").getByRole("button", { name: "Headers", exact: true }).click();
  const headers = await editorValue(page, ".graphiql-editor-tool .graphiql-editor:not(.hidden)");
  check(headers?.includes('"Authorization": "Bearer plz_TU_TOKEN"'), `the mutation tab's headers show where the token goes (got ${headers})`);
  const token = process.env.PLAZA_TOKEN;
  if (token) {
    await page.evaluate(
      (value) => document.querySelector(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror").CodeMirror.setValue(value),
      JSON.stringify({ Authorization: `Bearer ${token}` }),
    );
    await page.getByRole("button", { name: "Execute query (Ctrl-Enter)" }).click();
    const created = await response(page, "mutation");
    check(created.data?.createPractice?.practice?.status === "DRAFT", `the example mutation creates a draft with the typed token (got ${JSON.stringify(created).slice(0, 300)})`);
    check(authorizations.includes(`Bearer ${token}`), "the headers pane's Authorization is sent with the mutation");
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    check(!stored.includes(token), "GraphiQL keeps the typed token out of localStorage");
  }

  check(foreign.length === 0, `GraphiQL requests nothing from another origin (got ${foreign.join(", ")})`);
  const violations = await page.evaluate(() => window.__cspViolations);
  check(violations.length === 0, `GraphiQL runs under the CSP without violations (got ${violations.join(", ")})`);
  await context.close();
  console.log(`graphiql: ${sockets.length} WebSocket(s), ${authorizations.length} POSTs to /graphql, ${foreign.length} requests elsewhere`);
}
