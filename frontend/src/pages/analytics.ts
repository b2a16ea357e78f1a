// Search analytics (`/analitica-busqueda`), for network administrators: what people searched
// for week by week, the searches that found nothing (the editors' to-do list, each with a link
// to search it again and one to write a case study) and where people click in the results.
// The server lists a query only when it was searched at least `minimumCount` times in a week
// and never says who searched.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { SearchAnalyticsQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, heading, loading } from "./common";
import { membersOnly } from "./states";

export const ANALYTICS_PATH = "/analitica-busqueda";
/** Windows offered, in weeks (the API takes 1 to 52). */
const WINDOWS = [4, 8, 12, 26, 52];
const DEFAULT_WEEKS = 8;

const PERIOD = `start end totalSearches zeroResultSearches
  topQueries { query count zeroResults clicks }
  zeroResultQueries { query count zeroResults clicks }
  clickPositions { position count }`;
const QUERY = graphql(`query SearchAnalytics($weeks: Int!) {
  searchAnalytics(weeks: $weeks) { minimumCount overall { ${PERIOD} } weeks { ${PERIOD} } }
}`);

type AnalyticsData = SearchAnalyticsQuery;
export type Period = AnalyticsData["searchAnalytics"]["overall"];
type QueryStat = Period["topQueries"][number];

/** Whether the viewer's roles open the analytics page (the server checks again). */
export function readsAnalytics(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).includes("network_admin");
}

/** The window asked for in the address (`?semanas=12`), else the default. */
export function weeksParam(params: URLSearchParams): number {
  const asked = Number(params.get("semanas"));
  return WINDOWS.includes(asked) ? asked : DEFAULT_WEEKS;
}

/** `part` of `whole` as a percentage in the interface language ("25 %", "25%"); "—" of nothing. */
export function share(part: number, whole: number, lang = document.documentElement.lang || "es"): string {
  if (whole <= 0) return "—";
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(part / whole);
}

/** A calendar day from the API (`2025-06-02`, a UTC date) as a short date, the same day everywhere. */
export function day(value: string, lang = document.documentElement.lang || "es"): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? value : new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(parsed);
}

function number(value: number): string {
  return new Intl.NumberFormat(document.documentElement.lang || "es").format(value);
}

function searchLink(query: string): HTMLElement {
  return h("a", { href: `/buscar?q=${encodeURIComponent(query)}` }, query);
}

/** A table with a caption and column headers, scrolling inside its own region when narrow. */
function table(id: string, caption: string, columns: string[], rows: (HTMLElement | string)[][]): HTMLElement {
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": id },
    h(
      "table",
      { class: "analytics" },
      h("caption", { id }, caption),
      h("thead", {}, h("tr", {}, columns.map((label) => h("th", { scope: "col" }, label)))),
      h(
        "tbody",
        {},
        rows.map(([first, ...rest]) => h("tr", {}, h("th", { scope: "row" }, first), rest.map((cell) => h("td", {}, cell)))),
      ),
    ),
  );
}

function topTable(id: string, queries: QueryStat[]): HTMLElement {
  return table(
    id,
    t("analytics.top"),
    [t("analytics.query"), t("analytics.count"), t("analytics.zeroResults"), t("analytics.clicks")],
    queries.map((q) => [searchLink(q.query), number(q.count), number(q.zeroResults), number(q.clicks)]),
  );
}

function zeroTable(id: string, queries: QueryStat[]): HTMLElement {
  return table(
    id,
    t("analytics.zero"),
    [t("analytics.query"), t("analytics.zeroResults"), t("analytics.count"), t("analytics.todo")],
    queries.map((q) => [
      q.query,
      number(q.zeroResults),
      number(q.count),
      h(
        "span",
        { class: "todo-actions" },
        h("a", { href: `/buscar?q=${encodeURIComponent(q.query)}` }, t("analytics.searchIt"), h("span", { class: "visually-hidden" }, ` «${q.query}»`)),
        h("a", { href: "/casos/nuevo" }, t("analytics.writeCase"), h("span", { class: "visually-hidden" }, ` «${q.query}»`)),
      ),
    ]),
  );
}

function positionsTable(id: string, period: Period): HTMLElement {
  const clicks = period.clickPositions.reduce((sum, p) => sum + p.count, 0);
  return table(
    id,
    t("analytics.positions"),
    [t("analytics.position"), t("analytics.clicks"), t("analytics.share")],
    period.clickPositions.map((p) => [t(`analytics.pos.${p.position}` as Key), number(p.count), share(p.count, clicks)]),
  );
}

/** One period's totals and tables, under a heading of `level` (ids prefixed by `id`). */
export function periodSection(period: Period, title: string, level: "h2" | "h3", id: string, minimum: number): HTMLElement {
  const clicks = period.clickPositions.reduce((sum, p) => sum + p.count, 0);
  return h(
    "section",
    { class: "analytics-period", "aria-labelledby": `${id}-title` },
    h(level, { id: `${id}-title` }, title),
    h(
      "dl",
      { class: "totals" },
      h("div", {}, h("dt", {}, t("analytics.totalSearches")), h("dd", {}, number(period.totalSearches))),
      h(
        "div",
        {},
        h("dt", {}, t("analytics.zeroResultSearches")),
        h("dd", {}, `${number(period.zeroResultSearches)} (${share(period.zeroResultSearches, period.totalSearches)})`),
      ),
      h("div", {}, h("dt", {}, t("analytics.totalClicks")), h("dd", {}, number(clicks))),
    ),
    period.zeroResultQueries.length ? zeroTable(`${id}-zero`, period.zeroResultQueries) : h("p", {}, t("analytics.noneZero", { k: minimum })),
    period.topQueries.length ? topTable(`${id}-top`, period.topQueries) : h("p", {}, t("analytics.noneListed", { k: minimum })),
    positionsTable(`${id}-positions`, period),
  );
}

function windowForm(weeks: number, go: (weeks: number) => void): HTMLElement {
  const select = h(
    "select",
    { id: "analytics-weeks", name: "semanas" },
    WINDOWS.map((count) => h("option", { value: String(count), selected: count === weeks }, t("analytics.lastWeeks", { count }))),
  );
  return h(
    "form",
    {
      class: "compare-form",
      onsubmit: (event: Event) => {
        event.preventDefault();
        go(Number(select.value));
      },
    },
    h("label", { for: "analytics-weeks" }, t("analytics.window")),
    select,
    h("button", { type: "submit" }, t("analytics.show")),
  );
}

export async function searchAnalytics(main: HTMLElement, params: URLSearchParams, go: (path: string) => void): Promise<void> {
  document.title = `${t("analytics.title")} · Plaza`;
  const title = heading(t("analytics.title"));
  const weeks = weeksParam(params);
  replace(main, title, loading());
  let data: AnalyticsData;
  try {
    data = await gql(QUERY, { weeks });
  } catch (error) {
    if (error instanceof ApiError && error.code === "UNAUTHENTICATED") return replace(main, title, membersOnly("signedOut.analytics", ANALYTICS_PATH));
    if (error instanceof ApiError && error.code === "FORBIDDEN") return replace(main, title, h("p", { role: "alert" }, t("analytics.forbidden")));
    return replace(main, title, failure(error));
  }
  const { minimumCount, overall, weeks: byWeek } = data.searchAnalytics;
  const intro = h("p", { class: "lead" }, t("analytics.intro", { k: minimumCount }));
  const form = windowForm(weeks, (count) => go(`${ANALYTICS_PATH}?semanas=${count}`));
  if (byWeek.length === 0) {
    return replace(main, title, intro, form, h("p", { role: "status" }, t("analytics.empty")));
  }
  replace(
    main,
    title,
    intro,
    form,
    h("p", { class: "help" }, t("analytics.todoHint")),
    periodSection(overall, t("analytics.overall", { start: day(overall.start), end: day(overall.end) }), "h2", "overall", minimumCount),
    h("h2", { id: "weeks-title" }, t("analytics.byWeek")),
    byWeek.map((week, index) => periodSection(week, t("analytics.week", { start: day(week.start), end: day(week.end) }), "h3", `week-${index}`, minimumCount)),
  );
}
