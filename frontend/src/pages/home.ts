// Home: a search box first; for members, what is new in their agency, their groups, what they
// follow and what they saved; for everyone, featured case studies with their headline result,
// the latest case studies, what is new on the network and (signed out) the way in.
import { gql } from "../api";
import { icon } from "../brand";
import { formatValue, metricBars } from "../chart";
import { h, replace } from "../dom";
import type { FollowedQuery, HomeQuery, MineQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { byRank, featuredRank, headline, type Headline } from "../outcome";
import { navigate } from "../router";
import { assessmentPanel } from "./assessment";
import { BOOKMARKS } from "./bookmarks";
import { date, failure, heading, itemPath, loading, tags, type Taxon } from "./common";
import { demoPersonas, providerOf } from "./login";
import { signedOutPanel } from "./states";

type Card = HomeQuery["caseStudies"]["edges"][number]["node"];

type HomeData = HomeQuery;

const QUERY = graphql(`query Home($lang: LabelLanguageValue) {
  viewer { signedIn member { name } agency { slug name } }
  caseStudies(first: 20) { totalCount edges { node { id title summary endorsementCount
    platforms { code label(language: $lang) } agency { slug name level { code label(language: $lang) } }
    metrics { metric unit direction baseline target actual relativeChange improvement } } } }
  practices(first: 5) { totalCount edges { node { id title publishedAt updatedAt agency { name } } } }
  guidelines(first: 5) { totalCount edges { node { id title publishedAt updatedAt agency { name } } } }
  discussions(first: 5) { edges { node { id title createdAt agency { name } } } }
  agencies(first: 100) { totalCount edges { node { name loginProviders { label loginUrl } } } }
}`);

/** Featured case studies shown (when there are more case studies than that to list below). */
const FEATURED = 3;
/** Latest case studies listed as cards, and entries in "what is new". */
const LATEST = 6;
const NEWS = 6;

type Followed = NonNullable<FollowedQuery["nodes"][number]>;

/** Saved items shown on the home page (all of them are on `/guardados`). */
const SAVED_SHOWN = 5;

const MEMBER = graphql(`query Mine($agency: ContentFilterInput, $lang: LabelLanguageValue) {
  caseStudies(filter: $agency, first: 5) { edges { node { id title updatedAt } } }
  practices(filter: $agency, first: 5) { edges { node { id title } } }
  groups { slug name viewerMembership { status } }
  follows { targetId taxonomy }
  ${BOOKMARKS}
  taxonomies { objectives { code label(language: $lang) } platforms { code label(language: $lang) }
    levels { code label(language: $lang) } dimensions { code label(language: $lang) } threats { code label(language: $lang) } }
}`);

const FOLLOWED = graphql(`query Followed($ids: [ID!]!) { nodes(ids: $ids) { __typename id
  ... on Agency { name slug } ... on Member { name } ... on Group { name slug } ... on Discussion { title }
  ... on CaseStudy { title } ... on Practice { title } ... on Guideline { title } } }`);

/** A followed taxonomy code (`platform:tiktok`) in words of the interface language ("TikTok"). */
function followedTaxon(code: string, taxonomies: MineQuery["taxonomies"]): string {
  const [kind = "", value = ""] = code.split(":");
  const list = ({ objective: taxonomies.objectives, platform: taxonomies.platforms, level: taxonomies.levels, dimension: taxonomies.dimensions, threat: taxonomies.threats } as Record<string, Taxon[] | undefined>)[kind];
  return list?.find((taxon) => taxon.code === value)?.label ?? code;
}

/** A relative change the reader's way, signed ("−40 %", "+18 %"). */
function change(value: number): string {
  return new Intl.NumberFormat(document.documentElement.lang, { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(value);
}

/** "Local · Ayuntamiento de Vallverde": the level of government and the agency of a case. */
function kicker(node: Card): HTMLElement | null {
  if (!node.agency) return null;
  return h(
    "p",
    { class: "kicker" },
    h("span", { class: "level" }, h("span", { class: "visually-hidden" }, `${t("facet.level")}: `), node.agency.level.label),
    " ",
    h("span", { class: "agency" }, h("span", { class: "visually-hidden" }, `${t("case.agency")}: `), node.agency.name),
  );
}

/** Whether the headline metric met its target, in words (and a mark that is not only colour). */
function verdict(result: Headline): HTMLElement | null {
  if (result.met === null) return null;
  return h("p", { class: `verdict ${result.met ? "met" : "missed"}` }, result.met ? "✓ " : "", result.met ? t("metric.targetMet") : t("metric.targetMissed"));
}

/** The key result of a case on its card: the change it made, or the value reached against its target. */
function keyResult(result: Headline | null): HTMLElement | null {
  if (!result) return null;
  const m = result.metric;
  const figure = m.relativeChange !== null ? change(m.relativeChange) : formatValue(m.actual ?? 0, m.unit);
  return h(
    "div",
    { class: "key-result" },
    h("p", { class: "key-label" }, t("home.keyResult")),
    h("p", { class: "key-line" }, h("span", { class: `key-figure${(m.improvement ?? 0) > 0 || result.met ? " good" : ""}` }, figure), " ", h("span", {}, m.metric)),
  );
}

/** "N personas lo encuentran útil", only when someone does. */
function endorsements(count: number): HTMLElement | null {
  return count > 0 ? h("p", { class: "meta endorsements" }, t("endorse.count", { count })) : null;
}

function card(node: Card): HTMLElement {
  return h(
    "li",
    { class: "card case-card" },
    kicker(node),
    h("h3", {}, h("a", { href: itemPath("CaseStudy", node.id) }, node.title)),
    h("p", { class: "summary" }, node.summary),
    keyResult(headline(node.metrics)),
    tags(t("case.platforms"), node.platforms),
    endorsements(node.endorsementCount),
  );
}

/** A featured case: its headline metric drawn (baseline, target, reached) and whether it met the target. */
function feature(node: Card, result: Headline): HTMLElement {
  const m = result.metric;
  return h(
    "li",
    { class: "card feature" },
    kicker(node),
    h("h3", {}, h("a", { href: itemPath("CaseStudy", node.id) }, node.title)),
    h(
      "div",
      { class: "headline-metric" },
      h("p", { class: "metric-name" }, m.metric),
      m.relativeChange !== null ? h("p", { class: `metric-change${(m.improvement ?? 0) > 0 ? " good" : ""}` }, t("metric.fromBaseline", { change: change(m.relativeChange) })) : null,
      metricBars(
        { label: m.metric, baseline: m.baseline, target: m.target, actual: m.actual, unit: m.unit },
        { baseline: t("metric.baseline"), target: t("metric.target"), actual: t("metric.actual") },
      ),
      verdict(result),
    ),
    tags(t("case.platforms"), node.platforms),
    endorsements(node.endorsementCount),
  );
}

/** The search box that opens the search page with the query. */
function heroSearch(): HTMLElement {
  const input = h("input", { id: "home-q", name: "q", type: "search", autocomplete: "off", "aria-describedby": "home-q-help" });
  return h(
    "form",
    {
      class: "hero-search",
      role: "search",
      action: "/buscar",
      method: "get",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const query = input.value.trim();
        navigate(query ? `/buscar?q=${encodeURIComponent(query)}` : "/buscar");
      },
    },
    h("label", { for: "home-q" }, t("search.label")),
    h("div", { class: "hero-field" }, icon("search"), input, h("button", { type: "submit" }, t("search.button"))),
    h("p", { id: "home-q-help", class: "help" }, t("search.help")),
  );
}

/** The network in numbers (what there is to read), leaving out what there is none of. */
function stats(data: HomeData): HTMLElement | null {
  const shown = (
    [
      [t("kind.case_study"), data.caseStudies.totalCount],
      [t("kind.practice"), data.practices.totalCount],
      [t("kind.guideline"), data.guidelines.totalCount],
      [t("nav.agencies"), data.agencies.totalCount],
    ] as [string, number][]
  ).filter(([, count]) => count > 0);
  if (shown.length === 0) return null;
  const number = new Intl.NumberFormat(document.documentElement.lang);
  return h("dl", { class: "stats", "aria-label": t("home.stats") }, shown.map(([label, count]) => h("div", {}, h("dt", {}, label), h("dd", {}, number.format(count)))));
}

/** What is new on the network besides case studies: practices, guidelines and discussions, newest first. */
function whatIsNew(data: HomeData): HTMLElement | null {
  const entries = [
    ...data.practices.edges.map(({ node }) => ({ node, kind: "Practice" as const, when: node.publishedAt ?? node.updatedAt ?? "" })),
    ...data.guidelines.edges.map(({ node }) => ({ node, kind: "Guideline" as const, when: node.publishedAt ?? node.updatedAt ?? "" })),
    ...data.discussions.edges.map(({ node }) => ({ node, kind: "Discussion" as const, when: node.createdAt ?? "" })),
  ]
    .sort((a, b) => b.when.localeCompare(a.when))
    .slice(0, NEWS);
  if (entries.length === 0) return null;
  return h(
    "section",
    { class: "news", "aria-labelledby": "news-heading" },
    h("h2", { id: "news-heading" }, t("home.new")),
    h(
      "ol",
      { class: "news-list" },
      entries.map(({ node, kind, when }) =>
        h(
          "li",
          {},
          h("p", { class: `news-kind kind-${kind.toLowerCase()}` }, t(`item.${kind}`)),
          h("a", { href: itemPath(kind, node.id) }, node.title),
          h("p", { class: "meta" }, [node.agency?.name, when ? date(when) : null].filter(Boolean).join(" · ")),
        ),
      ),
    ),
  );
}

function followedLink(node: Followed): HTMLElement | null {
  switch (node.__typename) {
    case "Agency":
      return h("a", { href: `/organismos/${encodeURIComponent(node.slug ?? "")}` }, node.name ?? "");
    case "Member":
      return h("a", { href: `/personas/${encodeURIComponent(node.id)}` }, node.name ?? "");
    case "Group":
      return h("a", { href: `/grupos/${encodeURIComponent(node.slug ?? "")}` }, node.name ?? "");
    case "Discussion":
      return h("a", { href: `/debates/${encodeURIComponent(node.id)}` }, node.title ?? "");
    case "CaseStudy":
    case "Practice":
    case "Guideline":
      return h("a", { href: itemPath(node.__typename, node.id) }, node.title ?? "");
    default:
      return null;
  }
}

function panel(id: string, title: string, items: (HTMLElement | null)[], empty: string): HTMLElement {
  const shown = items.filter((item): item is HTMLElement => item !== null);
  return h(
    "section",
    { class: "panel", "aria-labelledby": id },
    h("h2", { id }, title),
    shown.length ? h("ul", {}, shown.map((item) => h("li", {}, item))) : h("p", {}, empty),
  );
}

/** The member's own corner: their agency's news, their groups, what they follow and saved. */
async function mine(agency: { slug: string; name: string } | null): Promise<HTMLElement> {
  const data = await gql(MEMBER, { agency: agency ? { agency: agency.slug } : null, lang: labelLanguage() });
  const ids = data.follows.map((f) => f.targetId).filter((id): id is string => Boolean(id));
  const followed = ids.length
    ? (
        await gql(FOLLOWED, { ids: ids.slice(0, 100) })
      ).nodes
    : [];
  // Without an agency (a network-wide token) there is no agency news, only the network's.
  const news = !agency
    ? []
    : [
    ...data.caseStudies.edges.map(({ node }) => h("a", { href: itemPath("CaseStudy", node.id) }, node.title)),
    ...data.practices.edges.map(({ node }) => h("a", { href: itemPath("Practice", node.id) }, node.title)),
  ];
  const groups = data.groups.filter((g) => g.viewerMembership?.status === "active").map((g) => h("a", { href: `/grupos/${encodeURIComponent(g.slug)}` }, g.name));
  const saved = panel(
    "my-bookmarks",
    t("bookmarks"),
    data.bookmarks.slice(0, SAVED_SHOWN).map((item) => h("a", { href: itemPath(item.__typename, item.id) }, "title" in item ? item.title : "—")),
    t("home.noBookmarks"),
  );
  saved.append(h("p", {}, h("a", { href: "/guardados" }, t("bookmarks.all"))));
  const taxonomies = data.follows.map((f) => f.taxonomy).filter((code): code is string => Boolean(code)).map((code) => h("a", { href: `/buscar?q=${encodeURIComponent(code)}` }, followedTaxon(code, data.taxonomies)));
  return h(
    "div",
    { class: "dashboard" },
    panel(
      "write",
      t("home.write"),
      [
        h("a", { href: "/casos/nuevo" }, t("editor.new")),
        h("a", { href: "/practicas/nueva" }, t("practice.newTitle")),
        h("a", { href: "/guias/nueva" }, t("guideline.newTitle")),
        h("a", { href: "/debates" }, t("discussion.start")),
      ],
      "",
    ),
    panel("agency-news", agency ? t("home.agencyNews", { agency: agency.name }) : t("home.agencyNewsPlain"), news, t("home.nothingNew")),
    agency ? assessmentPanel(agency) : null,
    panel("my-groups", t("home.groups"), groups, t("home.noGroups")),
    panel("my-follows", t("home.follows"), [...followed.map((node) => (node ? followedLink(node) : null)), ...taxonomies], t("home.noFollows")),
    saved,
  );
}

export async function home(main: HTMLElement): Promise<void> {
  replace(main, heading(t("tagline")), loading());
  try {
    const [data, personas] = await Promise.all([gql(QUERY, { lang: labelLanguage() }), demoPersonas()]);
    // In demo mode the demo providers are offered through their personas (on the login page).
    const demoProviders = new Set(personas.map((persona) => providerOf(persona.loginUrl)));
    const providers = data.agencies.edges.flatMap(({ node }) =>
      node.loginProviders
        .filter((provider) => !demoProviders.has(providerOf(provider.loginUrl)))
        .map((provider) => h("li", {}, h("a", { href: provider.loginUrl }, `${node.name} — ${provider.label}`))),
    );
    const tryDemo = personas.length
      ? h("p", { class: "demo-invite" }, h("a", { href: "/entrar", class: "button" }, t("login.demoTitle")))
      : null;
    const own = data.viewer.signedIn ? await mine(data.viewer.agency).catch((error: unknown) => failure(error)) : null;
    // Featured: the strongest cases with a measured headline result, when the list below still
    // has others to show; the latest cards are the rest.
    const cases = data.caseStudies.edges.map(({ node }) => ({ node, result: headline(node.metrics) }));
    const featured =
      cases.length > FEATURED ? byRank(cases.filter((c) => c.result !== null), (c) => featuredRank(c.node.endorsementCount, c.result)).slice(0, FEATURED) : [];
    const latest = cases.filter((c) => !featured.includes(c)).slice(0, LATEST);
    replace(
      main,
      h(
        "section",
        { class: "hero" },
        heading(data.viewer.member ? t("home.welcome", { name: data.viewer.member.name }) : t("tagline")),
        h("p", { class: "lead" }, t("home.intro")),
        heroSearch(),
        stats(data),
      ),
      data.viewer.signedIn
        ? null
        : providers.length === 0 && !tryDemo
          ? signedOutPanel("signedOut.home", "/")
          : h(
              "section",
              { "aria-labelledby": "login-heading", class: "panel" },
              h("h2", { id: "login-heading" }, t("login")),
              tryDemo,
              providers.length ? [h("p", {}, t("login.choose")), h("ul", {}, providers)] : null,
              h("p", { class: "help" }, t("signedOut.join")),
            ),
      own,
      featured.length
        ? h(
            "section",
            { class: "featured", "aria-labelledby": "featured-heading" },
            h("h2", { id: "featured-heading" }, t("home.featured")),
            h("p", { class: "help" }, t("home.featuredHint")),
            h("ul", { class: "features" }, featured.map(({ node, result }) => feature(node, result!))),
          )
        : null,
      h(
        "div",
        { class: "home-columns" },
        h(
          "section",
          { class: "latest", "aria-labelledby": "latest-heading" },
          h("h2", { id: "latest-heading" }, t("home.latest")),
          // Signed out: these are the public ones; members see what the network shares too.
          data.viewer.signedIn || providers.length === 0 ? null : h("p", { class: "help" }, t("signedOut.home")),
          latest.length ? h("ul", { class: "cards" }, latest.map(({ node }) => card(node))) : h("p", { class: "empty" }, t("home.noLatest")),
        ),
        whatIsNew(data),
      ),
    );
  } catch (error) {
    replace(main, heading(t("tagline")), failure(error));
  }
}
