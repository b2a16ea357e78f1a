// What works (`/que-funciona`): across every case study the reader may read, how much each kind of
// outcome changed (calls, response time, satisfaction…), broken down by platform, objective, level
// of government or country, and narrowed by the same dimensions, all kept in the address so a
// link shares the view. Each group shows how many cases stand behind it, the median and the middle
// half (interquartile range) of the relative change as a range chart whose every mark is also
// written out, what the middle half says (better, worse, mixed), the evidence the cases' metrics
// rest on, and the cases themselves with their own change. Groups with too few cases say so
// instead of showing a median. Signed-out visitors see the public cases only, and are told so.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { WhatWorksQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, language, t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, heading, itemPath, loading } from "./common";
import { countryName } from "./search";
import { signedOutNote } from "./states";
import {
  BREAKDOWNS,
  WHAT_WORKS_PATH,
  breakdownOf,
  breakdownParam,
  caseChanges,
  distinctCases,
  evidenceMix,
  cleared,
  filterInput,
  filterQuery,
  filtersFrom,
  groupKey,
  isFiltered,
  sinceYears,
  percent,
  points,
  position,
  scaleOf,
  searchPath,
  sections,
  ticks,
  verdict,
  withoutField,
  type Breakdown,
  type Filters,
  type Group,
  type Scale,
  type Section,
  type Taxon,
} from "./whatworks-shape";

export { WHAT_WORKS_PATH } from "./whatworks-shape";

const TAXON = "code label(language: $lang)";
const QUERY = graphql(`query WhatWorks($filter: WhatWorksFilterInput!, $breakdown: [WhatWorksBreakdown!]!, $lang: LabelLanguageValue) {
  viewer { signedIn agency { name country level { ${TAXON} } } }
  taxonomies {
    metricKinds { kind { ${TAXON} } direction }
    platforms { ${TAXON} } objectives { ${TAXON} } levels { ${TAXON} }
  }
  countries: whatWorks(breakdown: [COUNTRY]) { groups { country } }
  formats: whatWorks(breakdown: [FORMAT]) { groups { format } }
  whatWorks(filter: $filter, breakdown: $breakdown) {
    casesConsidered minimumCases
    groups {
      metricKind { ${TAXON} } direction
      platform { ${TAXON} } objective { ${TAXON} } level { ${TAXON} } country format
      caseCount sufficient median q1 q3 interquartileRange
      evidence { level { ${TAXON} } count }
      cases { id title agency { name } metrics { kind { code } relativeChange evidenceLevel { ${TAXON} } periodEnd } }
    }
  }
}`);

type Data = WhatWorksQuery;

function lang(): string {
  return document.documentElement.lang || language();
}

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** A breakdown's name, for the selector and the captions. */
function breakdownName(by: Breakdown | null): string {
  return t(`whatWorks.by.${by ?? "none"}` as Key);
}

/** What a group stands for: its platform, objective, level or country, or all the cases. */
function groupName(group: Group): string {
  const key = groupKey(group);
  if (!key) return t("whatWorks.all");
  return key.label ?? countryName(key.code, lang());
}

// ---------------------------------------------------------------------------------------------
// The filters.

function select(id: string, name: string, label: string, any: string, options: { value: string; label: string }[], chosen: string | null): { field: HTMLElement; control: HTMLSelectElement } {
  const control = h(
    "select",
    { id, name },
    any ? h("option", { value: "" }, any) : null,
    options.map((o) => h("option", { value: o.value, selected: o.value === chosen }, o.label)),
  );
  return { field: h("div", { class: "field" }, h("label", { for: id }, label), control), control };
}

function byLabel(items: Taxon[]): { value: string; label: string }[] {
  return items.map((item) => ({ value: item.code, label: item.label }));
}

function filterForm(filters: Filters, data: Data, countries: string[], go: (path: string) => void): HTMLElement {
  const metricKinds = data.taxonomies.metricKinds.filter((m) => m.direction !== null).map((m) => m.kind);
  const metric = select("ww-metric", "metrica", t("whatWorks.filter.metric"), t("whatWorks.filter.anyMetric"), byLabel(metricKinds), filters.metric);
  const platform = select("ww-platform", "plataforma", t("facet.platform"), t("whatWorks.filter.anyPlatform"), byLabel(data.taxonomies.platforms), filters.platform);
  const objective = select("ww-objective", "objetivo", t("facet.objective"), t("whatWorks.filter.anyObjective"), byLabel(data.taxonomies.objectives), filters.objective);
  const level = select("ww-level", "nivel", t("facet.level"), t("whatWorks.filter.anyLevel"), byLabel(data.taxonomies.levels), filters.level);
  const country = select(
    "ww-country",
    "pais",
    t("facet.country"),
    t("whatWorks.filter.anyCountry"),
    countries.map((code) => ({ value: code, label: countryName(code, lang()) })).sort((a, b) => a.label.localeCompare(b.label, lang())),
    filters.country,
  );
  const formats = [...new Set(data.formats.groups.map((g) => g.format).filter((f): f is string => Boolean(f)))].sort((a, b) => a.localeCompare(b, lang()));
  if (filters.format && !formats.includes(filters.format)) formats.unshift(filters.format);
  const format = select("ww-format", "formato", t("whatWorks.filter.format"), t("whatWorks.filter.anyFormat"), formats.map((f) => ({ value: f, label: f })), filters.format);
  const since = select(
    "ww-since",
    "desde",
    t("whatWorks.filter.since"),
    t("whatWorks.filter.anyYear"),
    sinceYears().map((year) => ({ value: String(year), label: String(year) })),
    filters.since ? String(filters.since) : null,
  );
  const by = select(
    "ww-by",
    "por",
    t("whatWorks.filter.by"),
    "",
    [...BREAKDOWNS, null].map((b) => ({ value: breakdownParam(b), label: breakdownName(b) })),
    breakdownParam(filters.by),
  );
  const chosen = (): Filters => ({
    metric: metric.control.value || null,
    platform: platform.control.value || null,
    objective: objective.control.value || null,
    level: level.control.value || null,
    country: country.control.value || null,
    format: format.control.value || null,
    since: since.control.value ? Number(since.control.value) : null,
    by: breakdownOf(by.control.value),
  });
  const mine = data.viewer.agency;
  const likeMine = mine && (filters.level !== mine.level.code || filters.country !== mine.country.toUpperCase());
  return h(
    "form",
    {
      class: "ww-filters",
      action: WHAT_WORKS_PATH,
      method: "get",
      "aria-labelledby": "ww-filters-title",
      onsubmit: (event: Event) => {
        event.preventDefault();
        go(`${WHAT_WORKS_PATH}${filterQuery(chosen())}`);
      },
    },
    h("h2", { id: "ww-filters-title", class: "ww-filters-title" }, t("whatWorks.filters")),
    h("div", { class: "ww-fields" }, metric.field, platform.field, format.field, objective.field, level.field, country.field, since.field, by.field),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "submit" }, t("whatWorks.filter.apply")),
      isFiltered(filters) ? h("a", { href: `${WHAT_WORKS_PATH}${filterQuery(cleared(filters))}` }, t("whatWorks.filter.clear")) : null,
      likeMine
        ? h(
            "a",
            { href: `${WHAT_WORKS_PATH}${filterQuery({ ...filters, level: mine.level.code, country: mine.country.toUpperCase() })}`, class: "ww-mine" },
            t("whatWorks.likeMine", { level: mine.level.label.toLocaleLowerCase(lang()), country: countryName(mine.country, lang()) }),
          )
        : null,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The range chart.

/** The marks of one group on its section's scale: ticks, no change, the middle half, the median, each case. Decorative: all of it is written beside. */
function rangeMarks(group: Group, changes: (number | null)[], scale: Scale, axis: number[]): SVGSVGElement {
  const root = svg("svg", { class: "ww-marks", width: "100%", height: 32, "aria-hidden": "true", focusable: "false" });
  const at = (value: number) => `${position(value, scale)}%`;
  root.append(svg("line", { class: "ww-baseline", x1: "0%", x2: "100%", y1: 16, y2: 16 }));
  for (const tick of axis) if (tick !== 0) root.append(svg("line", { class: "ww-grid", x1: at(tick), x2: at(tick), y1: 0, y2: 32 }));
  root.append(svg("line", { class: "ww-zero", x1: at(0), x2: at(0), y1: 0, y2: 32 }));
  const judged = verdict(group);
  if (group.q1 !== null && group.q3 !== null) {
    const left = position(Math.min(group.q1, group.q3), scale);
    const right = position(Math.max(group.q1, group.q3), scale);
    root.append(svg("rect", { class: `ww-iqr ${judged ?? ""}`, x: `${left}%`, width: `${Math.max(0.6, right - left)}%`, y: 7, height: 18, rx: 3 }));
  }
  for (const change of changes) if (change !== null) root.append(svg("circle", { class: group.median === null ? "ww-case few" : "ww-case", cx: at(change), cy: 16, r: 4 }));
  if (group.median !== null) root.append(svg("line", { class: "ww-median", x1: at(group.median), x2: at(group.median), y1: 3, y2: 29 }));
  return root;
}

/** The axis above a section's rows: its ticks as signed percentages. Decorative (every value is written in the rows). */
function axisRow(scale: Scale, axis: number[]): HTMLElement {
  return h(
    "div",
    { class: "ww-axis", "aria-hidden": "true" },
    h("span", { class: "ww-axis-label" }, t("whatWorks.axis")),
    h(
      "div",
      { class: "ww-ticks" },
      axis.map((tick) => {
        const at = position(tick, scale);
        // Labels near an edge hang inwards, so they stay inside the chart on narrow screens.
        const edge = at > 90 ? " end" : at < 10 ? " start" : "";
        const label = h("span", { class: `ww-tick${tick === 0 ? " zero" : ""}${edge}` }, percent(tick, lang()));
        label.style.left = `${at}%`;
        return label;
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// One group.

/** The cases behind a group, each linked, with its agency, its own change and its evidence. */
function caseItems(group: Group): HTMLElement {
  return h(
    "ul",
    { class: "ww-case-list" },
    caseChanges(group).map(({ case: item, change, evidence }) =>
      h(
        "li",
        {},
        h("a", { href: itemPath("CASE_STUDY", item.id) }, item.title),
        h("span", { class: "meta" }, [item.agency?.name, change === null ? t("whatWorks.noChange") : percent(change, lang()), evidence?.label].filter(Boolean).join(" · ")),
      ),
    ),
  );
}

/** The search for a group's cases, when the API lists only some of them. */
function searchLink(group: Group, filters: Filters): HTMLElement | null {
  return group.caseCount > group.cases.length ? h("p", { class: "ww-search" }, h("a", { href: searchPath(filters, group) }, t("whatWorks.search"))) : null;
}

/** A group with a median: its cases behind a disclosure. */
function casesList(group: Group, filters: Filters): HTMLElement {
  return h("details", { class: "ww-cases" }, h("summary", {}, t("whatWorks.casesBehind", { count: group.caseCount })), caseItems(group), searchLink(group, filters));
}

function evidenceLine(group: Group): HTMLElement | null {
  const mix = evidenceMix(group.evidence);
  if (mix.length === 0) return null;
  return h(
    "p",
    { class: "ww-evidence" },
    h("span", { class: "ww-label" }, `${t("whatWorks.evidence")}: `),
    mix.flatMap((e, i) => [i ? " · " : "", h("span", { class: `ww-level ${e.level.code}` }, `${e.level.label} ${new Intl.NumberFormat(lang()).format(e.count)}`)]),
  );
}

function groupRow(group: Group, scale: Scale, axis: number[], filters: Filters, minimum: number): HTMLElement {
  const changes = caseChanges(group).map((c) => c.change);
  const judged = verdict(group);
  const enough = group.median !== null && group.q1 !== null && group.q3 !== null;
  return h(
    "li",
    { class: `ww-row${enough ? "" : " few"}` },
    h("h3", { class: "ww-name" }, groupName(group), " ", h("span", { class: "ww-n" }, t("whatWorks.cases", { count: group.caseCount }))),
    h("div", { class: "ww-track" }, rangeMarks(group, changes, scale, axis)),
    enough
      ? h("p", { class: "ww-median-value" }, h("span", { class: "ww-label" }, t("whatWorks.median")), " ", h("strong", { class: `ww-figure ${judged ?? ""}` }, percent(group.median!, lang())))
      : h(
          "p",
          { class: "ww-median-value none" },
          h("span", { class: "ww-label" }, t("whatWorks.median")),
          " ",
          h("span", { class: "ww-figure", "aria-hidden": "true" }, "—"),
          h("span", { class: "visually-hidden" }, t("whatWorks.tooFew")),
        ),
    h(
      "div",
      { class: "ww-facts" },
      enough
        ? [
            h(
              "p",
              { class: "ww-iqr-text" },
              t("whatWorks.iqr", { q1: percent(Math.min(group.q1!, group.q3!), lang()), q3: percent(Math.max(group.q1!, group.q3!), lang()) }),
              group.interquartileRange !== null ? h("span", { class: "meta" }, ` (${t("whatWorks.spread", { value: points(group.interquartileRange, lang()) })})`) : null,
            ),
            judged ? h("p", { class: `ww-verdict ${judged}` }, t(`whatWorks.verdict.${judged}` as Key)) : null,
            evidenceLine(group),
            casesList(group, filters),
          ]
        : [h("p", { class: "ww-few" }, t("whatWorks.few", { count: group.caseCount, min: minimum })), caseItems(group), searchLink(group, filters)],
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// One metric kind.

let tables = 0;

function sectionTable(section: Section, by: Breakdown | null, id: string): HTMLElement {
  const shown = (value: number | null) => (value === null ? "—" : percent(value, lang()));
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { id, class: "ww-table" },
      h("caption", {}, t("whatWorks.table.caption", { metric: section.kind.label, per: t(`whatWorks.per.${by ?? "none"}` as Key) })),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [by ? breakdownName(by) : t("whatWorks.col.group"), t("whatWorks.col.cases"), t("whatWorks.median"), t("whatWorks.col.q1"), t("whatWorks.col.q3"), t("whatWorks.col.iqr"), t("whatWorks.evidence")].map((label) => h("th", { scope: "col" }, label)),
        ),
      ),
      h(
        "tbody",
        {},
        section.groups.map((group) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, groupName(group)),
            h("td", { class: "num" }, new Intl.NumberFormat(lang()).format(group.caseCount)),
            h("td", { class: "num" }, group.median === null ? t("whatWorks.tooFew") : shown(group.median)),
            h("td", { class: "num" }, shown(group.q1)),
            h("td", { class: "num" }, shown(group.q3)),
            h("td", { class: "num" }, group.interquartileRange === null ? "—" : t("whatWorks.points", { value: points(group.interquartileRange, lang()) })),
            h("td", {}, evidenceMix(group.evidence).map((e) => `${e.level.label} ${e.count}`).join(" · ")),
          ),
        ),
      ),
    ),
  );
}

function sectionBlock(section: Section, by: Breakdown | null, filters: Filters, minimum: number): HTMLElement {
  tables += 1;
  const id = `ww-${section.kind.code}`;
  const tableId = `ww-table-${tables}`;
  const captionId = `ww-caption-${tables}`;
  const changes = section.groups.flatMap((g) => caseChanges(g).map((c) => c.change));
  const scale = scaleOf(section.groups, changes);
  const axis = ticks(scale);
  return h(
    "section",
    { class: "ww-section", "aria-labelledby": id },
    h(
      "div",
      { class: "ww-section-head" },
      h("h2", { id }, section.kind.label),
      h("p", { class: "ww-direction" }, t(`whatWorks.direction.${section.direction}` as Key)),
      h("p", { class: "meta" }, t("whatWorks.sectionCases", { count: section.cases })),
    ),
    h(
      "figure",
      { class: "ww-plot", "aria-labelledby": captionId, "aria-describedby": tableId },
      axisRow(scale, axis),
      h("ol", { class: "ww-rows" }, section.groups.map((group) => groupRow(group, scale, axis, filters, minimum))),
      h("figcaption", { id: captionId }, t("whatWorks.caption", { metric: section.kind.label, per: t(`whatWorks.per.${by ?? "none"}` as Key) })),
      h("details", { class: "chart-data" }, h("summary", {}, t("whatWorks.table")), sectionTable(section, by, tableId)),
    ),
  );
}

/** How to read the charts: a sample of each mark with its meaning (the same words as the text). */
function legend(minimum: number): HTMLElement {
  const sample = (kind: "iqr" | "median" | "case" | "zero") => {
    const root = svg("svg", { class: "ww-swatch", width: 28, height: 18, "aria-hidden": "true", focusable: "false" });
    if (kind === "iqr") root.append(svg("rect", { class: "ww-iqr better", x: 2, y: 2, width: 24, height: 14, rx: 3 }));
    if (kind === "median") root.append(svg("line", { class: "ww-median", x1: 14, x2: 14, y1: 1, y2: 17 }));
    if (kind === "case") root.append(svg("circle", { class: "ww-case", cx: 14, cy: 9, r: 4 }));
    if (kind === "zero") root.append(svg("line", { class: "ww-zero", x1: 14, x2: 14, y1: 1, y2: 17 }));
    return root;
  };
  return h(
    "div",
    { class: "ww-howto" },
    h("p", {}, t("whatWorks.howToRead", { min: minimum })),
    h(
      "ul",
      { class: "ww-legend", "aria-hidden": "true" },
      h("li", {}, sample("iqr"), t("whatWorks.legend.iqr")),
      h("li", {}, sample("median"), t("whatWorks.median")),
      h("li", {}, sample("case"), t("whatWorks.legend.case")),
      h("li", {}, sample("zero"), t("whatWorks.legend.zero")),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The page.

function emptyState(filters: Filters, signedIn: boolean): HTMLElement {
  const filtered = isFiltered(filters);
  return h(
    "div",
    { class: "ww-empty", role: "status" },
    h("h2", {}, t(filtered ? "whatWorks.emptyFiltered.title" : "whatWorks.empty.title")),
    h("p", {}, t(filtered ? "whatWorks.emptyFiltered" : "whatWorks.empty")),
    filtered ? h("p", {}, h("a", { href: `${WHAT_WORKS_PATH}${filterQuery(cleared(filters))}` }, t("whatWorks.filter.clear"))) : null,
    h("p", {}, t("whatWorks.empty.write"), " ", signedIn ? h("a", { href: "/casos/nuevo" }, t("editor.new")) : h("a", { href: `/entrar?volver=${encodeURIComponent(location.pathname + location.search)}` }, t("login"))),
  );
}

export async function whatWorks(main: HTMLElement, params: URLSearchParams, go: (path: string) => void): Promise<void> {
  document.title = `${t("whatWorks.title")} · Plaza`;
  const title = heading(t("whatWorks.title"));
  const lead = h("p", { class: "lead" }, t("whatWorks.intro"));
  replace(main, title, lead, loading());
  let filters = filtersFrom(params);
  let ignored = false;
  let data: Data | null = null;
  for (let attempt = 0; attempt < 6 && !data; attempt += 1) {
    try {
      data = await gql(QUERY, { filter: filterInput(filters), breakdown: filters.by ? [filters.by] : [], lang: labelLanguage() });
    } catch (error) {
      // A code Plaza does not know (an old or mistyped link): drop that filter and say so.
      const fewer = error instanceof ApiError ? withoutField(filters, error.field) : null;
      if (!fewer) {
        replace(main, title, lead, failure(error), h("p", {}, h("a", { href: WHAT_WORKS_PATH }, t("whatWorks.filter.clear"))));
        return;
      }
      filters = fewer;
      ignored = true;
    }
  }
  if (!data) return;
  const result = data.whatWorks;
  const countries = [...new Set([...data.countries.groups.map((g) => g.country?.toUpperCase()), filters.country].filter((c): c is string => Boolean(c)))];
  const parts = sections(result.groups);
  const matching = distinctCases(result.groups);
  const path = location.pathname + location.search;
  replace(
    main,
    title,
    lead,
    data.viewer.signedIn ? null : signedOutNote("whatWorks.signedOut", path),
    filterForm(filters, data, countries, go),
    ignored ? h("p", { class: "warning", role: "status" }, t("whatWorks.ignored")) : null,
    parts.length === 0
      ? emptyState(filters, data.viewer.signedIn)
      : [
          h(
            "p",
            { class: "ww-summary", role: "status" },
            t("whatWorks.summary", { count: matching }),
            " ",
            h("span", { class: "meta" }, t("whatWorks.summaryOf", { count: result.casesConsidered })),
          ),
          legend(result.minimumCases),
          ...parts.map((section) => sectionBlock(section, filters.by, filters, result.minimumCases)),
        ],
  );
}
