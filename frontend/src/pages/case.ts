import { gql } from "../api";
import { chart } from "../chart";
import { h, replace } from "../dom";
import { labelLanguage, t } from "../i18n";
import { failure, itemPath, loading, tags, type Taxon } from "./common";

interface Metric {
  metric: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  actual: number | null;
  relativeChange: number | null;
  periodStart: string;
  periodEnd: string;
  evidenceLevel: Taxon;
}

interface CaseData {
  node: {
    __typename: string;
    id: string;
    title: string;
    summary: string;
    context: string;
    actions: string;
    lessons: string;
    language: string;
    licence: string;
    platforms: Taxon[];
    objectives: Taxon[];
    agency: { name: string } | null;
    metrics: Metric[];
    freshness: { reviewBy: string; possiblyOutdated: boolean };
    status: string;
    viewerCanEdit: boolean;
    replications: { caseStudy: { id: string; title: string } }[];
  } | null;
}

const QUERY = `query Case($id: ID!, $lang: LabelLanguageValue) {
  node(id: $id) { __typename ... on CaseStudy {
    id title summary context actions lessons language licence
    platforms { code label(language: $lang) } objectives { code label(language: $lang) }
    agency { name }
    metrics { metric unit baseline target actual relativeChange periodStart periodEnd evidenceLevel { code label(language: $lang) } }
    freshness { reviewBy possiblyOutdated }
    status viewerCanEdit
    replications { caseStudy { id title } }
  } }
}`;

function number(value: number | null): string {
  return value === null ? "—" : new Intl.NumberFormat(document.documentElement.lang).format(value);
}

function percent(value: number | null): string {
  return value === null ? "—" : new Intl.NumberFormat(document.documentElement.lang, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

function section(title: string, text: string): HTMLElement | null {
  if (!text.trim()) return null;
  return h("section", {}, h("h2", {}, title), text.split(/\n{2,}/).map((paragraph) => h("p", {}, paragraph)));
}

export async function caseStudy(main: HTMLElement, id: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql<CaseData>(QUERY, { id, lang: labelLanguage() });
    const node = data.node;
    if (!node || node.__typename !== "CaseStudy") {
      replace(main, h("h1", { tabindex: "-1" }, t("notFound")));
      return;
    }
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
                {},
                h("thead", {}, h("tr", {}, [t("metric.name"), t("metric.baseline"), t("metric.target"), t("metric.actual"), t("metric.change"), t("metric.period"), t("metric.evidence")].map((label) => h("th", { scope: "col" }, label)))),
                h(
                  "tbody",
                  {},
                  metrics.map((m) =>
                    h(
                      "tr",
                      {},
                      h("th", { scope: "row" }, `${m.metric} (${m.unit})`),
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
            h("figure", {}, chart(metrics.map((m) => ({ label: m.metric, baseline: m.baseline, actual: m.actual })), t("case.chart"), { baseline: t("metric.baseline"), actual: t("metric.actual") }), h("figcaption", {}, t("case.chart"))),
          );
    document.title = `${node.title} · Plaza`;
    replace(
      main,
      h(
        "article",
        { lang: node.language },
        h("h1", { tabindex: "-1" }, node.title),
        node.agency ? h("p", { class: "meta" }, `${t("case.agency")}: ${node.agency.name} · ${node.licence}`) : null,
        node.freshness.possiblyOutdated ? h("p", { class: "warning", role: "note" }, t("case.outdated", { date: node.freshness.reviewBy })) : null,
        node.status !== "PUBLISHED" && node.viewerCanEdit
          ? h(
              "p",
              { class: "warning", role: "note" },
              t("case.draft"),
              " ",
              h(
                "button",
                {
                  type: "button",
                  onclick: async () => {
                    await gql("mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }", { id: node.id });
                    await caseStudy(main, id);
                  },
                },
                t("case.publish"),
              ),
            )
          : null,
        h("p", { class: "lead" }, node.summary),
        tags(t("case.objectives"), node.objectives),
        tags(t("case.platforms"), node.platforms),
        section(t("case.context"), node.context),
        section(t("case.actions"), node.actions),
        table,
        section(t("case.lessons"), node.lessons),
        node.replications.length === 0
          ? null
          : h("section", {}, h("h2", {}, t("case.replications")), h("ul", {}, node.replications.map((r) => h("li", {}, h("a", { href: itemPath("CaseStudy", r.caseStudy.id) }, r.caseStudy.title))))),
      ),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}
