import { gql } from "../api";
import { chart } from "../chart";
import { h, replace } from "../dom";
import type { CaseQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { es, type Key } from "../locales/es";
import { bookmarkButton } from "./bookmarks";
import { comments } from "./discussions";
import { draftNotice } from "./writers";
import { replicationSection } from "./replication";
import { relatedSection } from "./related";
import { FRESHNESS_FIELDS, reviewState } from "./review";
import { failure, itemPath, loading, ownerLine, safeHtml, tags } from "./common";
import { isHidden, itemModeration, itemNotFound, MODERATION_VIEWER, pageNotice, reloadWith } from "./content-moderation";
import { platformTags } from "./platforms";
import { ATTACHMENT_FIELDS, attachmentsSection } from "./attachments";

/** A case study as its page shows it. */
type CaseNode = Extract<NonNullable<CaseQuery["node"]>, { __typename: "CaseStudy" }>;

const QUERY = graphql(`query Case($id: ID!, $lang: LabelLanguageValue) {
  ${MODERATION_VIEWER}
  node(id: $id) { __typename ... on CaseStudy {
    id title summary contextHtml actionsHtml lessonsHtml language licence
    authors { id name } endorsementCount viewerEndorsed
    platforms { code label(language: $lang) } objectives { code label(language: $lang) }
    agency { id slug name }
    metrics { metric kind { code } unit baseline target actual relativeChange periodStart periodEnd evidenceLevel { code label(language: $lang) } }
    ${FRESHNESS_FIELDS}
    status viewerCanEdit hiddenReason groupId
    replications { caseStudy { id title } }
    formats team budget tools threats { code label(language: $lang) } dimensions { code label(language: $lang) }
    stage { code label(language: $lang) } startedOn endedOn tags
    ${ATTACHMENT_FIELDS}
  } }
}`);

const ENDORSE = graphql(`mutation Endorse($id: ID!) { endorse(targetId: $id) }`);
const WITHDRAW_ENDORSEMENT = graphql(`mutation WithdrawEndorsement($id: ID!) { withdrawEndorsement(targetId: $id) }`);

function number(value: number | null): string {
  return value === null ? "—" : new Intl.NumberFormat(document.documentElement.lang).format(value);
}

function percent(value: number | null): string {
  return value === null ? "—" : new Intl.NumberFormat(document.documentElement.lang, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

/**
 * A metric's unit in words of the interface language ("horas", "%"): for a count, what is
 * counted when its kind says so ("seguidores", "llamadas"), else the unit's own word.
 */
export function unitLabel(unit: string, kind: string): string {
  const counted = `unit.count.${kind}`;
  if (unit === "count" && counted in es) return t(counted as Key);
  const word = `unit.${unit}`;
  return word in es ? t(word as Key) : unit;
}

/** The case's particulars as a description list: only what the author filled in. */
function particulars(node: CaseNode): HTMLElement | null {
  const date = (value: string) => new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium" }).format(new Date(`${value}T00:00:00`));
  const period = node.startedOn ? `${date(node.startedOn)}${node.endedOn ? ` – ${date(node.endedOn)}` : ""}` : "";
  const rows: [string, string][] = [
    [t("case.stage"), node.stage.label],
    [t("case.period"), period],
    [t("case.formats"), node.formats.join(", ")],
    [t("case.team"), node.team],
    [t("case.budget"), node.budget],
    [t("case.tools"), node.tools.join(", ")],
    [t("case.threats"), node.threats.map((x) => x.label).join(", ")],
    [t("case.dimensions"), node.dimensions.map((x) => x.label).join(", ")],
    [t("editor.tags"), node.tags.join(", ")],
  ];
  const shown = rows.filter(([, value]) => value.trim() !== "");
  if (shown.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": "particulars-heading" },
    h("h2", { id: "particulars-heading" }, t("case.particulars")),
    h("dl", { class: "particulars" }, shown.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
  );
}

function section(title: string, html: string): HTMLElement | null {
  if (!html.trim()) return null;
  return h("section", {}, h("h2", {}, title), safeHtml(html));
}

/**
 * "Useful" (endorse) toggle with its count; signed-in viewers only, announced politely. Nobody
 * yet: no count (the message is empty), and nothing at all for signed-out visitors.
 */
export function endorseButton(targetId: string, count: number, endorsed: boolean, signedIn: boolean): HTMLElement | null {
  const label = (n: number) => t("endorse.count", { count: n });
  if (!signedIn) return count > 0 ? h("p", { class: "meta" }, label(count)) : null;
  const button = h("button", { type: "button", class: "secondary", "aria-pressed": String(endorsed) }, t("endorse.useful"));
  const shown = h("span", { role: "status" }, label(count));
  button.addEventListener("click", async () => {
    const pressed = button.getAttribute("aria-pressed") === "true";
    // Either answers the new count.
    const next = pressed ? (await gql(WITHDRAW_ENDORSEMENT, { id: targetId })).withdrawEndorsement : (await gql(ENDORSE, { id: targetId })).endorse;
    button.setAttribute("aria-pressed", String(!pressed));
    shown.textContent = label(next);
  });
  return h("p", { class: "endorse" }, button, " ", shown);
}

/** A case study's page; `notice` (the outcome of a moderator's action) is announced at the top. */
export async function caseStudy(main: HTMLElement, id: string, notice?: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(QUERY, { id, lang: labelLanguage() });
    const node = data.node;
    if (!node || node.__typename !== "CaseStudy") return itemNotFound(main, data.viewer.signedIn, notice);
    const metrics = node.metrics;
    const table =
      metrics.length === 0
        ? null
        : h(
            "section",
            {},
            h("h2", {}, t("case.metrics")),
            h(
              "div",
              { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("case.metrics") },
              h(
                "table",
                { id: "metrics-table" },
                h("thead", {}, h("tr", {}, [t("metric.name"), t("metric.baseline"), t("metric.target"), t("metric.actual"), t("metric.change"), t("metric.period"), t("metric.evidence")].map((label) => h("th", { scope: "col" }, label)))),
                h(
                  "tbody",
                  {},
                  metrics.map((m) =>
                    h(
                      "tr",
                      {},
                      h("th", { scope: "row" }, `${m.metric} (${unitLabel(m.unit, m.kind.code)})`),
                      h("td", {}, number(m.baseline)),
                      h("td", {}, number(m.target)),
                      h("td", {}, number(m.actual)),
                      h("td", {}, percent(m.relativeChange)),
                      h("td", {}, `${m.periodStart} – ${m.periodEnd}`),
                      h("td", {}, m.evidenceLevel.label),
                    ),
                  ),
                ),
              ),
            ),
            // The chart's numbers are the table above (aria-describedby), so it brings no table of its own.
            chart(
              metrics.map((m) => ({ label: m.metric, baseline: m.baseline, target: m.target, actual: m.actual, unit: m.unit })),
              {
                title: t("case.chart"),
                legend: { baseline: t("metric.baseline"), target: t("metric.target"), actual: t("metric.actual") },
                metricHeader: t("metric.name"),
                tableLabel: t("chart.table"),
                describedBy: "metrics-table",
              },
            ),
          );
    document.title = `${node.title} · Plaza`;
    const bookmark = await bookmarkButton(node.id, data.viewer.signedIn);
    const moderation = await itemModeration(node, data.viewer, "publishCaseStudy", reloadWith((next) => caseStudy(main, id, next)));
    replace(
      main,
      h(
        "article",
        { lang: node.language },
        h("h1", { tabindex: "-1" }, node.title),
        pageNotice(notice),
        moderation.notice,
        ownerLine(node.agency, node.licence, node.authors),
        bookmark || moderation.buttons.length ? h("div", { class: "item-actions" }, bookmark, moderation.buttons) : null,
        moderation.panels,
        node.viewerCanEdit ? h("p", {}, h("a", { href: `${itemPath("CaseStudy", node.id)}/editar`, class: "button-link" }, t("case.edit"))) : null,
        reviewState(node),
        node.status !== "PUBLISHED" && node.viewerCanEdit && !isHidden(node) ? draftNotice("publishCaseStudy", node.id, () => void caseStudy(main, id)) : null,
        h("p", { class: "lead" }, node.summary),
        tags(t("case.objectives"), node.objectives),
        platformTags(t("case.platforms"), node.platforms),
        section(t("case.context"), node.contextHtml),
        section(t("case.actions"), node.actionsHtml),
        table,
        section(t("case.lessons"), node.lessonsHtml),
        particulars(node),
        attachmentsSection(node.attachments),
        replicationSection(node.id),
        node.status === "PUBLISHED" ? relatedSection(node.id) : null,
        node.status === "PUBLISHED" ? endorseButton(node.id, node.endorsementCount, node.viewerEndorsed, data.viewer.signedIn) : null,
      ),
      node.status === "PUBLISHED" ? comments(node.id) : null,
    );
  } catch (error) {
    replace(main, failure(error));
  }
}
