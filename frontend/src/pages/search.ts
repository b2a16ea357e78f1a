import { gql } from "../api";
import { h, replace } from "../dom";
import type { SearchResultsQuery } from "../generated/operations";
import { graphql, type VariablesOf } from "../graphql";
import { segments } from "../highlight";
import { labelLanguage, t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, itemPath, loading } from "./common";
import { privateFeed } from "./privatefeed";
import { signedOutNote } from "./states";
import { navigate } from "../router";

// Not `Search`: that is the <plaza-search> widget's operation (widgets/documents.ts).
const QUERY = graphql(`query SearchResults($q: String!, $after: String, $lang: LabelLanguageValue) {
  viewer { signedIn }
  taxonomies {
    objectives { code label(language: $lang) } platforms { code label(language: $lang) }
    levels { code label(language: $lang) } dimensions { code label(language: $lang) } threats { code label(language: $lang) }
  }
  agencies(first: 100) { edges { node { slug name } } }
  search(query: $q, first: 10, after: $after) {
    totalCount
    edges { cursor node { id kind title snippet { text highlights { start end } } } }
    pageInfo { hasNextPage endCursor }
    facets { name values { value count } }
  }
}`);

const SUGGEST = graphql(`query Suggest($p: String!) { suggest(prefix: $p, first: 6) { id kind title } }`);

/** Results per page (the `first` of QUERY). */
const PAGE_SIZE = 10;
const CLICK = graphql(`mutation Click($q: String!, $position: Int!) { recordSearchClick(query: $q, position: $position) }`);

/**
 * The 1-based position reported for the `index`-th hit of a page. Later pages only know they
 * come after the first (cursors are opaque), which is all analytics need: every position past
 * the tenth falls in one bucket.
 */
export function clickPosition(index: number, firstPage: boolean): number {
  return firstPage ? index + 1 : PAGE_SIZE + index + 1;
}

/**
 * Tells search analytics that a result was opened: fire and forget, never delaying the
 * navigation (`keepalive` lets it finish when the page unloads; same-origin JSON, as every
 * cookie-carrying POST to /graphql must be).
 */
function recordClick(query: string, position: number): void {
  void fetch("/graphql", {
    method: "POST",
    keepalive: true,
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query: CLICK, variables: { q: query.slice(0, 500), position } satisfies VariablesOf<typeof CLICK> }),
  }).catch(() => undefined);
}

/** A language code's name in the interface language (`ca` → "catalán"). */
export function languageName(code: string, lang = document.documentElement.lang || "es"): string {
  try {
    return new Intl.DisplayNames([lang], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A country code's name in the interface language (`AR` → "Argentina"). */
export function countryName(code: string, lang = document.documentElement.lang || "es"): string {
  try {
    return new Intl.DisplayNames([lang], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The operator a facet value adds to the query (Spanish operators, as users type them). */
const OPERATORS: Record<string, string> = {
  type: "tipo",
  platform: "plataforma",
  level: "nivel",
  country: "pais",
  objective: "objetivo",
  language: "idioma",
  agency: "agencia",
};

function searchForm(query: string): HTMLElement {
  const listbox = h("ul", { id: "suggestions", role: "listbox", class: "suggestions", hidden: true, "aria-label": t("search.suggestions") });
  const input = h("input", {
    id: "q",
    name: "q",
    type: "search",
    value: query,
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": "suggestions",
    autocomplete: "off",
  });
  let active = -1;
  let timer: number | undefined;
  const options = () => Array.from(listbox.querySelectorAll<HTMLLIElement>("[role=option]"));
  const close = () => {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = (index: number) => {
    const all = options();
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    const current = all[index];
    if (current) input.setAttribute("aria-activedescendant", current.id);
  };
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    const prefix = input.value.trim();
    if (prefix.length < 2) return close();
    timer = window.setTimeout(async () => {
      const data = await gql(SUGGEST, { p: prefix }).catch(() => null);
      const found = data?.suggest ?? [];
      replace(
        listbox,
        found.map((s, i) =>
          h("li", { id: `suggestion-${i}`, role: "option", "aria-selected": "false", onclick: () => navigate(itemPath(s.kind, s.id)) }, s.title),
        ),
      );
      listbox.hidden = found.length === 0;
      input.setAttribute("aria-expanded", String(found.length > 0));
    }, 150);
  });
  input.addEventListener("keydown", (event) => {
    const all = options();
    if (listbox.hidden || all.length === 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      mark((active + 1) % all.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      mark((active - 1 + all.length) % all.length);
    } else if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      all[active]?.click();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 200));
  return h(
    "form",
    {
      role: "search",
      class: "search-form",
      onsubmit: (event: Event) => {
        event.preventDefault();
        navigate(`/buscar?q=${encodeURIComponent(input.value)}`);
      },
    },
    h("label", { for: "q" }, t("search.label")),
    h("div", { class: "combo" }, input, listbox),
    h("button", { type: "submit" }, t("search.button")),
    h("p", { class: "help", id: "search-help" }, t("search.help")),
  );
}

/** Points feed readers at the feed of this search (`<link rel="alternate">` in the head). */
function announceFeed(href: string, title: string): void {
  let link = document.head.querySelector<HTMLLinkElement>("link#search-feed");
  if (!link) {
    link = document.createElement("link");
    link.id = "search-feed";
    link.rel = "alternate";
    link.type = "application/atom+xml";
    document.head.append(link);
  }
  link.href = href;
  link.title = title;
}

export async function search(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const query = params.get("q") ?? "";
  const after = params.get("after");
  const heading = h("h1", { tabindex: "-1" }, t("nav.search"));
  if (!query.trim()) {
    replace(main, heading, searchForm(query));
    return;
  }
  replace(main, heading, searchForm(query), loading());
  try {
    const data = await gql(QUERY, { q: query, after, lang: labelLanguage() });
    const labels = new Map<string, string>();
    const taxonomyOf: Record<string, keyof SearchResultsQuery["taxonomies"]> = {
      objective: "objectives",
      platform: "platforms",
      level: "levels",
      dimension: "dimensions",
      threat: "threats",
    };
    for (const [facet, taxonomy] of Object.entries(taxonomyOf)) {
      for (const taxon of data.taxonomies[taxonomy]) labels.set(`${facet}:${taxon.code}`, taxon.label);
    }
    for (const kind of ["case_study", "practice", "guideline", "discussion"]) {
      labels.set(`type:${kind}`, t(`kind.${kind}` as Key));
    }
    for (const { node } of data.agencies.edges) labels.set(`agency:${node.slug}`, node.name);
    const label = (facet: string, value: string) => labels.get(`${facet}:${value}`) ?? (facet === "language" ? languageName(value) : facet === "country" ? countryName(value) : value);
    const result = data.search;
    const hits = result.edges.map(({ node }, index) => {
      const opened = (event: Event) => {
        if (event instanceof MouseEvent && event.button > 1) return;
        recordClick(query, clickPosition(index, !after));
      };
      return h(
        "li",
        { class: "hit" },
        h("h2", {}, h("a", { href: itemPath(node.kind, node.id), onclick: opened, onauxclick: opened }, node.title)),
        h("p", { class: "snippet" }, segments(node.snippet.text, node.snippet.highlights).map((s) => (s.mark ? h("mark", {}, s.text) : s.text))),
      );
    });
    const facets = result.facets
      .filter((facet) => facet.values.length > 0 && facet.name in OPERATORS)
      .map((facet) =>
        h(
          "section",
          { class: "facet" },
          h("h2", {}, t(`facet.${facet.name}` as Key)),
          h(
            "ul",
            {},
            facet.values.slice(0, 8).map((value) =>
              h("li", {}, h("a", { href: `/buscar?q=${encodeURIComponent(`${query} ${OPERATORS[facet.name]}:${value.value}`)}` }, `${label(facet.name, value.value)} (${value.count})`)),
            ),
          ),
        ),
      );
    const pager = h(
      "nav",
      { "aria-label": t("search.results", { count: result.totalCount }), class: "pager" },
      after ? h("a", { href: `/buscar?q=${encodeURIComponent(query)}` }, t("search.previous")) : null,
      result.pageInfo.hasNextPage && result.pageInfo.endCursor
        ? h("a", { href: `/buscar?q=${encodeURIComponent(query)}&after=${encodeURIComponent(result.pageInfo.endCursor)}` }, t("search.next"))
        : null,
    );
    const feed = `/feed.atom?q=${encodeURIComponent(query)}`;
    announceFeed(feed, t("search.feed"));
    replace(
      main,
      heading,
      searchForm(query),
      h("p", { role: "status" }, t("search.results", { count: result.totalCount })),
      h("p", { class: "feed-link" }, h("a", { href: feed, type: "application/atom+xml" }, t("search.feed"))),
      data.viewer.signedIn ? privateFeed(query) : null,
      data.viewer.signedIn ? null : signedOutNote("signedOut.search", `/buscar?q=${encodeURIComponent(query)}`),
      h(
        "div",
        { class: "results" },
        h("aside", { "aria-label": t("search.facets") }, facets),
        h("div", {}, hits.length ? h("ol", { class: "hits" }, hits) : h("p", {}, t("search.none")), pager),
      ),
    );
  } catch (error) {
    replace(main, heading, searchForm(query), failure(error));
  }
}
