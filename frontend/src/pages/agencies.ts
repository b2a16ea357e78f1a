// `/organismos`: the agencies of the network, found by words in their names and regions (best
// first) and narrowed by level of government and country, all kept in the address
// (`/organismos?q=vallverde&nivel=local&pais=ES`).
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { AgenciesQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { failure, heading, loading } from "./common";
import { AGENCIES_PATH, QUERY_MAX, agencyFilter, agencyParams, agencyPath, countriesOf, isNarrowed, withoutFilter, type AgencyParams } from "./directory-model";
import { countryName } from "./search";

const AGENCIES = graphql(`query Agencies($q: String, $filter: AgencyFilterInput, $lang: LabelLanguageValue) {
  taxonomies { levels { code label(language: $lang) } }
  everywhere: agencies(first: 100) { edges { node { country } } }
  agencies(query: $q, filter: $filter, first: 100) { totalCount edges { node { slug name region level { code label(language: $lang) } country } } } }`);

type Listed = AgenciesQuery["agencies"]["edges"][number]["node"];

/** A labelled select with an "any" first option. */
export function filterSelect(id: string, name: string, label: string, any: string, options: { value: string; label: string }[], chosen: string | null): HTMLElement {
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("select", { id, name }, h("option", { value: "" }, any), options.map((o) => h("option", { value: o.value, selected: o.value === chosen }, o.label))),
  );
}

/** Countries as options, by their names in the interface language. */
export function countryOptions(codes: string[]): { value: string; label: string }[] {
  const lang = document.documentElement.lang || "es";
  return codes.map((code) => ({ value: code, label: countryName(code, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang));
}

/** The search box of a list (`q`), with its label and hint. */
export function queryField(id: string, label: string, hint: string, value: string): HTMLElement {
  return h(
    "div",
    { class: "field list-query" },
    h("label", { for: id }, label),
    h("p", { id: `${id}-hint`, class: "help" }, hint),
    h("input", { id, name: "q", type: "search", value, maxlength: String(QUERY_MAX), autocomplete: "off", "aria-describedby": `${id}-hint` }),
  );
}

/** A list's search form, sent through the address: `path(values)` makes it from the form's values. */
export function listSearch(fields: HTMLElement[], narrowed: boolean, base: string, path: (values: URLSearchParams) => string, go: (path: string) => void): HTMLFormElement {
  const form = h(
    "form",
    { role: "search", class: "list-search", action: base, method: "get" },
    fields,
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t("search.button")), narrowed ? h("a", { href: base }, t("lists.clear")) : null),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === "string") values.append(name, value);
    go(path(values));
  });
  return form;
}

function searchForm(view: AgencyParams, data: AgenciesQuery, go: (path: string) => void): HTMLFormElement {
  const countries = countriesOf(data.everywhere.edges.map((e) => e.node), view.country);
  const fields = [
    queryField("agencies-q", t("agencies.search"), t("agencies.searchHint"), view.q),
    h(
      "fieldset",
      { class: "list-filters" },
      h("legend", {}, t("lists.filter")),
      filterSelect("agencies-level", "nivel", t("facet.level"), t("whatWorks.filter.anyLevel"), data.taxonomies.levels.map((l) => ({ value: l.code, label: l.label })), view.level),
      filterSelect("agencies-country", "pais", t("facet.country"), t("whatWorks.filter.anyCountry"), countryOptions(countries), view.country),
    ),
  ];
  return listSearch(fields, isNarrowed(view), AGENCIES_PATH, (values) => agencyPath(agencyParams(values)), go);
}

function agencyItem(agency: Listed): HTMLElement {
  const where = [agency.level.label, agency.region, countryName(agency.country)].filter(Boolean).join(" · ");
  return h("li", {}, h("a", { href: `${AGENCIES_PATH}/${encodeURIComponent(agency.slug)}` }, agency.name), ` — ${where}`);
}

/** `/organismos`. */
export async function agencies(main: HTMLElement, params: URLSearchParams, go: (path: string) => void): Promise<void> {
  document.title = `${t("agencies")} · Plaza`;
  const view = agencyParams(params);
  replace(main, heading(t("agencies")), loading());
  let data: AgenciesQuery;
  try {
    data = await gql(AGENCIES, { q: view.q || null, filter: agencyFilter(view), lang: labelLanguage() });
  } catch (error) {
    // A level or country the API does not know (an edited address): the list without it.
    const fewer = error instanceof ApiError ? withoutFilter(view, error.field) : null;
    if (fewer) return agencies(main, new URLSearchParams(agencyPath(fewer).split("?")[1] ?? ""), go);
    replace(main, heading(t("agencies")), failure(error));
    return;
  }
  const lang = document.documentElement.lang || "es";
  const found = data.agencies.edges.map((e) => e.node);
  // A question ranks them (best first); otherwise they are listed by name.
  const listed = view.q ? found : [...found].sort((a, b) => a.name.localeCompare(b.name, lang));
  const narrowed = isNarrowed(view);
  replace(
    main,
    heading(t("agencies")),
    searchForm(view, data, go),
    listed.length
      ? [
          h("p", { role: "status", class: "result-line" }, t("agencies.count", { count: data.agencies.totalCount })),
          h("ul", { class: "people agency-list" }, listed.map(agencyItem)),
        ]
      : h(
          "div",
          { class: "empty-state", role: "status" },
          h("p", {}, narrowed ? t("agencies.empty") : t("agencies.none")),
          narrowed ? h("p", {}, h("a", { href: AGENCIES_PATH }, t("lists.clear"))) : null,
        ),
  );
}
