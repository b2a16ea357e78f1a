// `/personas`: the expertise directory. Colleagues found by what they know ("whatsapp atención
// ciudadana": the API ranks them, accents and typos forgiven) and narrowed by platform,
// objective, working language, level of government and country, all kept in the address so a
// link shares the search and the back button returns to the previous one. Each card links to the
// profile; "Ver más" appends the next page. Signed-out visitors see public profiles only, and are
// told that members see more.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { DirectoryQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { failure, heading, loading, tags } from "./common";
import { busy } from "./fields";
import { countryOptions, filterSelect, listSearch, queryField } from "./agencies";
import {
  DIRECTORY_PATH,
  SPOKEN_LANGUAGES,
  countriesOf,
  directoryFilter,
  directoryParams,
  directoryPath,
  isNarrowed,
  withoutFilter,
  type DirectoryParams,
} from "./directory-model";
import { languageName } from "./search";
import { problemAlert, signedOutNote } from "./states";

// Members per page: 20 (the `first` of both operations).
const CARD = "id name agency { slug name } profile { title platforms { code label(language: $lang) } skills }";
const PAGE = `totalCount edges { node { ${CARD} } } pageInfo { hasNextPage endCursor }` as const;

const DIRECTORY = graphql(`query Directory($q: String, $filter: DirectoryFilterInput, $lang: LabelLanguageValue) {
  viewer { signedIn }
  taxonomies { platforms { code label(language: $lang) } objectives { code label(language: $lang) } levels { code label(language: $lang) } }
  agencies(first: 100) { edges { node { country } } }
  directory(query: $q, filter: $filter, first: 20) { ${PAGE} } }`);
const MORE = graphql(`query DirectoryMore($q: String, $filter: DirectoryFilterInput, $after: String, $lang: LabelLanguageValue) {
  directory(query: $q, filter: $filter, first: 20, after: $after) { ${PAGE} } }`);

type Found = DirectoryQuery["directory"];
type Listed = Found["edges"][number]["node"];

/** A language's name in the interface language, capitalised as a label ("Catalán"). */
export function languageLabel(code: string, lang = document.documentElement.lang || "es"): string {
  const name = languageName(code, lang);
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}

function searchForm(view: DirectoryParams, data: DirectoryQuery, go: (path: string) => void): HTMLFormElement {
  const options = (taxa: { code: string; label: string }[]) => taxa.map((taxon) => ({ value: taxon.code, label: taxon.label }));
  const languages = SPOKEN_LANGUAGES.map((code) => ({ value: code, label: languageLabel(code) }));
  const fields = [
    queryField("directory-q", t("directory.search"), t("directory.searchHint"), view.q),
    h(
      "fieldset",
      { class: "list-filters" },
      h("legend", {}, t("lists.filter")),
      filterSelect("directory-platform", "plataforma", t("facet.platform"), t("whatWorks.filter.anyPlatform"), options(data.taxonomies.platforms), view.platform),
      filterSelect("directory-objective", "objetivo", t("facet.objective"), t("whatWorks.filter.anyObjective"), options(data.taxonomies.objectives), view.objective),
      filterSelect("directory-language", "idioma", t("directory.language"), t("directory.anyLanguage"), languages, view.language),
      filterSelect("directory-level", "nivel", t("facet.level"), t("whatWorks.filter.anyLevel"), options(data.taxonomies.levels), view.level),
      filterSelect("directory-country", "pais", t("facet.country"), t("whatWorks.filter.anyCountry"), countryOptions(countriesOf(data.agencies.edges.map((e) => e.node), view.country)), view.country),
    ),
  ];
  return listSearch(fields, isNarrowed(view), DIRECTORY_PATH, (values) => directoryPath(directoryParams(values)), go);
}

/** One member found: name (to the profile), title, agency, platforms and skills. */
function card(member: Listed): HTMLElement {
  const profile = member.profile;
  return h(
    "li",
    { class: "card person-card" },
    h("h3", {}, h("a", { href: `${DIRECTORY_PATH}/${encodeURIComponent(member.id)}` }, member.name)),
    profile?.title ? h("p", { class: "person-title" }, profile.title) : null,
    member.agency ? h("p", { class: "meta" }, h("a", { href: `/organismos/${encodeURIComponent(member.agency.slug)}` }, member.agency.name)) : null,
    profile ? tags(t("profile.platforms"), profile.platforms) : null,
    profile ? tags(t("profile.skills"), profile.skills.map((skill) => ({ code: skill, label: skill }))) : null,
  );
}

/** The list, its count, and "Ver más" while pages follow. */
function results(view: DirectoryParams, first: Found): HTMLElement {
  const list = h("ul", { class: "cards people-cards" }, first.edges.map(({ node }) => card(node)));
  const shown = h("p", { role: "status", class: "meta directory-shown" });
  const alert = h("div", {});
  let cursor = first.pageInfo.endCursor;
  let count = first.edges.length;
  const more = h("button", { type: "button", class: "secondary" }, t("directory.more"));
  const actions = h("div", { class: "load-more" }, more, alert);
  const update = (hasNext: boolean) => {
    actions.hidden = !hasNext || !cursor;
    shown.textContent = hasNext ? t("directory.shown", { shown: count, count: first.totalCount }) : "";
  };
  more.addEventListener("click", async () => {
    replace(alert);
    try {
      const next = await busy(more, t("loading"), () => gql(MORE, { q: view.q || null, filter: directoryFilter(view), after: cursor, lang: labelLanguage() }));
      const cards = next.directory.edges.map(({ node }) => card(node));
      list.append(...cards);
      count += cards.length;
      cursor = next.directory.pageInfo.endCursor;
      update(next.directory.pageInfo.hasNextPage);
      // The first new colleague takes the focus: the reader goes on where the list grew.
      cards[0]?.querySelector("a")?.focus();
    } catch (error) {
      replace(alert, problemAlert(error));
    }
  });
  update(first.pageInfo.hasNextPage);
  return h(
    "section",
    { "aria-labelledby": "directory-results" },
    h("h2", { id: "directory-results", class: "visually-hidden" }, t("directory.results")),
    h("p", { role: "status", class: "result-line" }, t("directory.count", { count: first.totalCount })),
    list,
    shown,
    actions,
  );
}

/** Nobody found: why, and the way back to everyone. */
function empty(view: DirectoryParams): HTMLElement {
  const narrowed = isNarrowed(view);
  return h(
    "div",
    { class: "empty-state", role: "status" },
    h("p", {}, narrowed ? t("directory.empty") : t("directory.emptyAll")),
    narrowed ? h("p", {}, h("a", { href: DIRECTORY_PATH }, t("lists.clear"))) : null,
  );
}

/** `/personas`. */
export async function directory(main: HTMLElement, params: URLSearchParams, go: (path: string) => void): Promise<void> {
  document.title = `${t("directory.title")} · Plaza`;
  const view = directoryParams(params);
  const title = heading(t("directory.title"));
  const intro = h("p", { class: "lead" }, t("directory.intro"));
  replace(main, title, intro, loading());
  let data: DirectoryQuery;
  try {
    data = await gql(DIRECTORY, { q: view.q || null, filter: directoryFilter(view), lang: labelLanguage() });
  } catch (error) {
    // A code the API does not know (an edited address): the search without that filter.
    const fewer = error instanceof ApiError ? withoutFilter(view, error.field) : null;
    if (fewer) return directory(main, new URLSearchParams(directoryPath(fewer).split("?")[1] ?? ""), go);
    replace(main, title, intro, failure(error));
    return;
  }
  const found = data.directory;
  replace(
    main,
    title,
    intro,
    searchForm(view, data, go),
    data.viewer.signedIn ? null : signedOutNote("signedOut.directory", location.pathname + location.search),
    found.totalCount > 0 || found.edges.length > 0 ? results(view, found) : empty(view),
  );
}
