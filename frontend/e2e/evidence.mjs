// Guidelines taken up and cases replicated, as Vallverde's editor (Lucía) meets them: on the
// Generalitat's Catalan guideline she sees who adopted or adapted which version, is told her
// agency adopted an older version than the one in force, adopts the current one, withdraws it,
// and adapts it (fork) in the side-by-side editor with a diff of her amendments; on Río Claro's
// case she records that Vallverde replicated it and finds the outcome delta in the replication
// tree; on one of Vallverde's own cases she confirms it is still current. Field errors show beside
// their fields; every state passes axe, the keyboard walk and 360 px screens; visitors are told
// what members can do.
import { BASE, api, axe, check, keyboardReach, shot, signIn, watch } from "./lib.mjs";

const LUCIA = "lucia.moreno@vallverde.example";
const CATALAN = "Guia d'usos i estil a les xarxes socials de la Generalitat de Catalunya";
const RIOCLARO = "Tutoriales en YouTube para hacer trámites en línea sin ir a la municipalidad";
const WHATSAPP = "Cómo redujimos las llamadas al 010 abriendo un canal de WhatsApp municipal";
const OURS = "Tutoriales en vídeo para la sede electrónica de Vallverde";
const FORK_TITLE = "Guia de xarxes socials de Vallverde (adaptació)";
const ANNEX = "## Annex local de Vallverde: el 010 respon per WhatsApp de 8 a 20 h";

/** No horizontal page scrolling at 360 px, then a screenshot and axe on the narrow page. */
async function narrow(page, name) {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(150);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${name}-360: no horizontal page scrolling (overflow ${overflow}px)`);
  await shot(page, `${name}-360`);
  await axe(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function ids() {
  const listed = await api(`{ guidelines(first: 100) { nodes { id title } } caseStudies(first: 100) { nodes { id title } } }`, {}, "");
  const guideline = listed.guidelines.nodes.find((g) => g.title === CATALAN);
  const rioclaro = listed.caseStudies.nodes.find((c) => c.title === RIOCLARO);
  const whatsapp = listed.caseStudies.nodes.find((c) => c.title === WHATSAPP);
  check(Boolean(guideline && rioclaro && whatsapp), "the demo has the Catalan guideline, Río Claro's tutorials and Vallverde's WhatsApp case");
  return { guideline: guideline?.id, rioclaro: rioclaro?.id, whatsapp: whatsapp?.id };
}

/** Visitors: the registry and the replications are there, and what members can do is said. */
async function signedOut(browser, { guideline, whatsapp }) {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = watch(await context.newPage());
  await page.goto(`${BASE}/guias/${encodeURIComponent(guideline)}`);
  const registry = page.getByRole("region", { name: "Quién la ha adoptado o adaptado" });
  await registry.locator(".adoption-list, .help").first().waitFor();
  const text = (await registry.textContent()) ?? "";
  check(text.includes("Diputación de Sierra Alta (demo)") && text.includes("adoptó la versión 1"), `visitors see who adopted which version ("${text.slice(0, 160)}…")`);
  check(text.includes("Ya está vigente la versión 2"), "an adoption of an older version says a newer one is in force");
  check((await registry.getByRole("link", { name: "Entrar con mi organismo" }).count()) === 1, "visitors are told how to adopt or adapt it (sign in)");
  check((await registry.getByRole("button").count()) === 0, "visitors get no adoption buttons");
  await axe(page, "guideline-adoptions-signed-out");

  await page.goto(`${BASE}/casos/${encodeURIComponent(whatsapp)}`);
  const tree = page.getByRole("list", { name: "Árbol de réplicas" });
  await tree.waitFor();
  const delta = (await tree.locator(".delta").first().textContent()) ?? "";
  check(/Llamadas telefónicas/.test(delta) && /Original: [−-]31\s?%/.test(delta) && /Réplica: [−-]18\s?%/.test(delta) && /Diferencia: \+13 puntos/.test(delta) && delta.includes("peor resultado"), `the replication shows its outcome delta with labelled values ("${delta}")`);
  check((await page.getByRole("region", { name: "Estado de revisión" }).textContent())?.includes("Vigente") ?? false, "the case's review state is shown");
  check((await page.getByRole("button", { name: "Confirmar que sigue vigente" }).count()) === 0, "visitors cannot verify a case");
  await shot(page, "case-replications-signed-out");
  await axe(page, "case-replications-signed-out");
  await context.close();
}

async function guidelineJourney(page, id) {
  // Vallverde recorded version 1 a while ago; version 2 is now in force.
  await api("mutation($input: AdoptGuidelineInput!) { adoptGuideline(input: $input) { guideline { id } } }", { input: { guidelineId: id, versionNumber: 1 } });
  await page.goto(`${BASE}/guias/${encodeURIComponent(id)}`);
  const registry = page.getByRole("region", { name: "Quién la ha adoptado o adaptado" });
  const newer = registry.locator(".warning.newer");
  await newer.waitFor();
  const notice = (await newer.textContent()) ?? "";
  check(notice.includes("Tu organismo adoptó la versión 1, pero ya está vigente la versión 2") && notice.includes("recibe un aviso"), `a newer version than the adopted one is announced, with the notification said ("${notice.slice(0, 140)}…")`);
  const compare = await newer.getByRole("link", { name: "Ver los cambios de la versión 1 a la 2" }).getAttribute("href");
  check(compare?.includes("desde=1") && compare.includes("hasta=2"), `the notice links to the diff of the two versions (${compare})`);
  await shot(page, "guideline-adoption-newer");
  await axe(page, "guideline-adoption-newer");
  await keyboardReach(page, "guideline-adoption-newer");

  // Adopt the version in force, then withdraw the adoption.
  await registry.getByRole("button", { name: "Adoptar esta versión (2)" }).click();
  await registry.getByRole("status").filter({ hasText: "Hecho: tu organismo ha adoptado la versión 2." }).waitFor();
  check((await newer.count()) === 0, "the notice goes once the current version is adopted");
  const mine = (await registry.locator(".adoption-list li.mine").textContent()) ?? "";
  check(mine.includes("Ayuntamiento de Vallverde (demo)") && mine.includes("adoptó la versión 2"), `the registry lists the agency's adoption with its version ("${mine}")`);
  const stored = await api("query($id: ID!) { guideline(id: $id) { adoptions { kind versionNumber agency { slug } } } }", { id });
  check(stored.guideline.adoptions.some((a) => a.kind === "ADOPT" && a.versionNumber === 2 && a.agency?.slug === "demo-ayto-vallverde"), "the adoption is recorded through adoptGuideline");
  await registry.getByRole("button", { name: "Retirar la adopción" }).click();
  await registry.getByRole("status").filter({ hasText: "Hecho: tu organismo ya no figura" }).waitFor();
  check((await registry.locator(".adoption-list li.mine").count()) === 0, "withdrawing removes the agency from the registry");
  check((await registry.getByRole("button", { name: "Adoptar esta versión (2)" }).count()) === 1, "after withdrawing, the version can be adopted again");

  // Adapt it: the side-by-side editor, an error beside its field, the diff of the amendments.
  await registry.getByText("Adaptar (fork) con enmiendas locales").click();
  const original = registry.getByLabel("Original, versión 2 (solo lectura)");
  const amended = registry.getByLabel("Vuestro texto, con las enmiendas locales");
  check((await original.getAttribute("readonly")) !== null, "the original is read-only beside the amended text");
  const boxes = await Promise.all([original.boundingBox(), amended.boundingBox()]);
  check(
    Boolean(boxes[0] && boxes[1] && boxes[1].x >= boxes[0].x + boxes[0].width && boxes[1].y < boxes[0].y + boxes[0].height && boxes[0].y < boxes[1].y + boxes[1].height),
    `original and amended text sit side by side on a wide screen (${JSON.stringify(boxes)})`,
  );
  check(((await registry.locator(".fork-diff").textContent()) ?? "").includes("Aún no hay cambios"), "before any amendment the diff says there is nothing yet");
  await registry.getByLabel("Título de la adaptación").fill(FORK_TITLE);
  await amended.fill(`${await amended.inputValue()}\n${ANNEX}\n`);
  await registry.getByRole("button", { name: "Crear la adaptación" }).click();
  const changelog = registry.getByLabel("Qué cambia respecto al original");
  await registry.locator("#fork-changelog-error").filter({ hasText: "Explica qué cambia respecto al original." }).waitFor();
  check((await changelog.getAttribute("aria-invalid")) === "true", "the missing changelog is marked invalid");
  check(await changelog.evaluate((el) => el === document.activeElement), "the invalid field takes the focus");
  check(((await changelog.getAttribute("aria-describedby")) ?? "").includes("fork-changelog-error"), "the error is tied to its field");
  const added = registry.locator(".fork-diff table ins");
  await added.first().waitFor();
  check(((await added.allTextContents()).join(" ")).includes(ANNEX), "the diff preview shows the amendment as added");
  check(((await registry.locator(".fork-diff").textContent()) ?? "").includes("1 línea añadida"), "the diff preview counts the changes");
  await shot(page, "guideline-fork-editor");
  await axe(page, "guideline-fork-editor");
  await keyboardReach(page, "guideline-fork-editor");
  await narrow(page, "guideline-fork-editor");
  await changelog.fill("Annex local: horari del 010 per WhatsApp.");
  await registry.getByRole("button", { name: "Crear la adaptación" }).click();
  await page.getByRole("heading", { level: 1, name: FORK_TITLE }).waitFor();
  check(page.url().includes("/guias/") && !page.url().includes(encodeURIComponent(id)), "creating the fork opens the fork's own page");
  const fork = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
  const forked = await api(
    "query($id: ID!) { guideline(id: $id) { status currentVersionNumber currentVersion { body changelog } forkedFrom { versionNumber guideline { id } } agency { slug } } }",
    { id: fork },
  );
  const g = forked.guideline;
  check(g?.status === "DRAFT" && g.agency?.slug === "demo-ayto-vallverde", "the fork is a draft of Vallverde's");
  check(g?.forkedFrom?.versionNumber === 2 && g.forkedFrom.guideline.id === id, "the fork's lineage points at version 2 of the source");
  check(g?.currentVersionNumber === 2 && g.currentVersion.body.includes(ANNEX) && g.currentVersion.changelog.includes("Annex local"), "the amendments are the fork's version 2, with their changelog");
  check(((await page.locator("main").textContent()) ?? "").includes("Borrador"), "the fork's page offers to publish the draft");
  await page.goto(`${BASE}/guias/${encodeURIComponent(id)}`);
  const row = registry.locator(".adoption-list li.mine");
  await row.waitFor();
  const rowText = (await row.textContent()) ?? "";
  check(rowText.includes("la adaptó a partir de la versión 2") && rowText.includes(FORK_TITLE), `the source lists the fork with its version ("${rowText}")`);
  await shot(page, "guideline-adoptions");
  await narrow(page, "guideline-adoptions");

  // In English.
  await page.locator("#language").selectOption("en");
  await page.getByRole("region", { name: "Who has adopted or adapted it" }).locator(".adoption-list").waitFor();
  check(((await page.getByRole("region", { name: "Who has adopted or adapted it" }).textContent()) ?? "").includes("adapted it from version 2"), "the registry speaks English");
  await axe(page, "guideline-adoptions-en");
  await page.locator("#language").selectOption("es");
  await page.getByRole("heading", { level: 2, name: "Quién la ha adoptado o adaptado" }).waitFor();
}

async function replicationJourney(page, { rioclaro }) {
  // Vallverde's own case, with a counter-visits metric comparable with Río Claro's.
  const created = await api("mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }", {
    input: {
      title: OURS,
      summary: "Vídeos cortos que explican cada trámite de la sede electrónica.",
      objectives: ["formats", "citizen_service"],
      platforms: ["youtube"],
      context: "Las colas en la oficina de atención ciudadana por trámites que ya estaban en línea.",
      visibility: "NETWORK",
      metrics: [
        {
          metric: "Visitas presenciales a la OAC por trámites en línea",
          kind: "counter_visits",
          unit: "count",
          baseline: 2000,
          actual: 1300,
          periodStart: "2025-01-01",
          periodEnd: "2025-12-31",
          method: "Sistema de cita previa",
          evidenceLevel: "analytics_export",
        },
      ],
    },
  });
  const ours = created.createCaseStudy.caseStudy.id;
  await api("mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }", { id: ours });

  await page.goto(`${BASE}/casos/${encodeURIComponent(rioclaro)}`);
  const review = page.getByRole("region", { name: "Estado de revisión" });
  await review.waitFor();
  check(((await review.textContent()) ?? "").includes("Posiblemente obsoleto"), "a case past its review date is marked possibly obsolete");
  check((await review.getByRole("button").count()) === 0, "only the case's editors may verify it");
  // Related items: other readable content sharing its platforms, objectives or words, linked.
  const related = page.getByRole("region", { name: "Relacionados" });
  await related.locator(".related-list, .help").first().waitFor();
  const relatedLinks = await related.locator(".related-list a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  check(relatedLinks.length > 0 && relatedLinks.every((href) => /^\/(casos|practicas|guias|debates)\//.test(href ?? "")) && !relatedLinks.includes(`/casos/${encodeURIComponent(rioclaro)}`), `a case lists related items, not itself (${JSON.stringify(relatedLinks)})`);
  const section = page.getByRole("region", { name: "Réplicas: del caso original a quienes lo replicaron" });
  const form = section.getByRole("region", { name: "Lo hemos replicado" });
  await form.waitFor();
  check(((await section.textContent()) ?? "").includes("Nadie ha registrado todavía una réplica de este caso."), "an unreplicated case says so");
  // Nothing chosen: the error sits beside the select.
  await form.getByRole("button", { name: "Registrar la réplica" }).click();
  const select = form.getByLabel("El caso de Ayuntamiento de Vallverde (demo) que lo replica");
  await form.locator("#replica-case-error").filter({ hasText: "Elige cuál de vuestros casos es la réplica." }).waitFor();
  check((await select.getAttribute("aria-invalid")) === "true", "the empty choice is marked invalid");
  await select.selectOption({ label: OURS });
  const details = form.locator(".replicate-details");
  await details.getByText("Vuestros resultados").waitFor();
  const preview = (await details.textContent()) ?? "";
  check(preview.includes("Visitas presenciales a la OAC") && /de 2\.?000 a 1\.?300/.test(preview), `their own metrics are shown ("${preview.slice(0, 160)}…")`);
  check(/Este caso: [−-]22\s?%/.test(preview) && /Réplica: [−-]35\s?%/.test(preview) && preview.includes("mejor resultado"), "the comparison with this case is previewed");
  await shot(page, "case-replicate-form");
  await axe(page, "case-replicate-form");
  await keyboardReach(page, "case-replicate-form");
  await form.getByRole("button", { name: "Registrar la réplica" }).click();
  await section.getByRole("status").filter({ hasText: `Hecho: «${OURS}» figura como réplica de este caso.` }).waitFor();
  const tree = section.getByRole("list", { name: "Árbol de réplicas" });
  const nodes = await tree.locator(":scope > li > ul > li").evaluateAll((items) =>
    items.map((li) => ({ head: li.querySelector(".replica-head")?.textContent ?? "", delta: li.querySelector(".delta")?.textContent ?? "" })),
  );
  const linked = nodes.find((n) => n.head.includes(OURS));
  check(Boolean(linked) && linked.head.includes("Ayuntamiento de Vallverde (demo)"), `the tree lists the replication under the original (${JSON.stringify(nodes)})`);
  check(/Visitas presenciales|Visitas/.test(linked?.delta ?? "") && /Diferencia: [−-]13(,\d)? puntos/.test(linked?.delta ?? "") && (linked?.delta ?? "").includes("mejor resultado"), `the outcome delta is labelled: original, replication, difference ("${linked?.delta}")`);
  check(((await tree.locator(":scope > li > .replica-head").textContent()) ?? "").includes("Caso original"), "the tree starts at the original");
  const stored = await api("query($id: ID!) { caseStudy(id: $id) { replicates { id } } }", { id: ours });
  check(stored.caseStudy.replicates?.id === rioclaro, "the link is recorded through linkReplication");
  await shot(page, "case-replications");
  await axe(page, "case-replications");
  await keyboardReach(page, "case-replications");
  await narrow(page, "case-replications");

  // From the replication's own page: it says what it replicates, and marks itself in the tree.
  await page.goto(`${BASE}/casos/${encodeURIComponent(ours)}`);
  const own = page.getByRole("region", { name: "Réplicas: del caso original a quienes lo replicaron" });
  await own.getByText("Este caso replica").waitFor();
  check((await own.locator('[aria-current="page"]').textContent()) === OURS, "the tree marks the case on the page");

  // Confirm it is still current: a past date is refused beside the field, then a valid one.
  const panel = page.getByRole("region", { name: "Estado de revisión" });
  const date = panel.getByLabel("Próxima revisión (opcional)");
  await date.fill("2020-01-01");
  await panel.getByRole("button", { name: "Confirmar que sigue vigente" }).click();
  await panel.locator("#review-next-error").filter({ hasText: "no puede ser anterior a hoy" }).waitFor();
  check((await date.getAttribute("aria-invalid")) === "true", "a past review date is marked invalid beside its field");
  await axe(page, "case-verify-error");
  const next = new Date();
  next.setUTCFullYear(next.getUTCFullYear() + 2);
  const chosen = next.toISOString().slice(0, 10);
  await date.fill(chosen);
  await panel.getByRole("button", { name: "Confirmar que sigue vigente" }).click();
  await panel.getByRole("status").filter({ hasText: "Guardado: verificado hoy" }).waitFor();
  check(((await panel.locator(".review-line").textContent()) ?? "").includes("Verificado"), "the case shows as verified");
  const fresh = await api("query($id: ID!) { caseStudy(id: $id) { freshness { reviewBy possiblyOutdated } } }", { id: ours });
  check(fresh.caseStudy.freshness.reviewBy === chosen && !fresh.caseStudy.freshness.possiblyOutdated, `verifyContent stored the next review date (${JSON.stringify(fresh.caseStudy.freshness)})`);
  await shot(page, "case-verified");
  await axe(page, "case-verified");
  await keyboardReach(page, "case-verified");

  // Who confirmed it, and when, stays on the page; an editor marks it obsolete with a reason
  // (required, said beside the field), readers see who, when and why; the mark is lifted again.
  await page.reload();
  await panel.waitFor();
  const marks = (await panel.textContent()) ?? "";
  check(/Última confirmación de que sigue vigente: Luc[ií]a Moreno/.test(marks), `the review state says who confirmed it current ("${marks.slice(0, 200)}")`);
  await panel.getByText("Marcar como obsoleto", { exact: true }).click();
  const reason = panel.getByLabel("Por qué está obsoleto");
  await panel.getByRole("button", { name: "Marcarlo como obsoleto" }).click();
  await panel.locator("#review-obsolete-reason-error").filter({ hasText: "Explica por qué está obsoleto." }).waitFor();
  check((await reason.getAttribute("aria-invalid")) === "true" && (await reason.evaluate((el) => el === document.activeElement)), "an obsolete mark without a reason is refused beside the field, which takes the focus");
  await reason.fill("La cita previa pasa a la app municipal desde 2027.");
  await panel.getByRole("button", { name: "Marcarlo como obsoleto" }).click();
  await panel.getByRole("status").filter({ hasText: "Guardado: marcado como obsoleto." }).waitFor();
  const obsolete = (await panel.textContent()) ?? "";
  check(obsolete.includes("Obsoleto") && /Marcado como obsoleto por Luc[ií]a Moreno/.test(obsolete) && obsolete.includes("La cita previa pasa a la app municipal"), `the obsolete mark shows who and why ("${obsolete.slice(0, 240)}")`);
  const marked = await api("query($id: ID!) { caseStudy(id: $id) { freshness { obsolete { reason by { name } } } } }", { id: ours });
  check(/Luc[ií]a Moreno/.test(marked.caseStudy.freshness.obsolete?.by?.name ?? ""), `markObsolete stored the mark (${JSON.stringify(marked.caseStudy.freshness)})`);
  await shot(page, "case-obsolete");
  await axe(page, "case-obsolete");
  await keyboardReach(page, "case-obsolete");
  await narrow(page, "case-obsolete");
  await panel.getByRole("button", { name: "Quitar la marca de obsoleto" }).click();
  await panel.getByRole("status").filter({ hasText: "ya no está marcado como obsoleto" }).waitFor();
  check(!((await panel.locator(".review-state").textContent()) ?? "").includes("Marcado como obsoleto"), "lifting the mark removes it from the page");

  // Unlink it again from the original's tree.
  await page.goto(`${BASE}/casos/${encodeURIComponent(rioclaro)}`);
  const unlink = page.getByRole("button", { name: `Quitar el vínculo de «${OURS}» como réplica` });
  await unlink.click();
  await page.getByRole("status").filter({ hasText: `Hecho: «${OURS}» ya no figura como réplica.` }).waitFor();
  const after = await api("query($id: ID!) { caseStudy(id: $id) { replicates { id } } }", { id: ours });
  check(after.caseStudy.replicates === null, "unlinkReplication removes the link");
}

export async function evidence(browser, { login = (b) => signIn(b, LUCIA) } = {}) {
  const found = await ids();
  if (!found.guideline || !found.rioclaro || !found.whatsapp) return;
  await signedOut(browser, found);
  const { context, page } = await login(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await guidelineJourney(page, found.guideline);
  await replicationJourney(page, found);
  await context.close();
}
