// Home: for members, what is new in their agency, their groups, what they follow and what they
// saved; for everyone, the latest case studies and (signed out) the way in.
import { gql } from "../api";
import { h, replace } from "../dom";
import { labelLanguage, t } from "../i18n";
import { BOOKMARKS, type Saved } from "./bookmarks";
import { failure, heading, itemPath, loading, tags, type Taxon } from "./common";

interface Card {
  id: string;
  title: string;
  summary: string;
  platforms: Taxon[];
  agency: { name: string } | null;
}

interface HomeData {
  viewer: { signedIn: boolean; member: { name: string } | null; agency: { slug: string; name: string } | null };
  caseStudies: { edges: { node: Card }[] };
  agencies: { edges: { node: { name: string; loginProviders: { label: string; loginUrl: string }[] } }[] };
}

const QUERY = `query Home($lang: LabelLanguageValue) {
  viewer { signedIn member { name } agency { slug name } }
  caseStudies(first: 10) { edges { node { id title summary platforms { code label(language: $lang) } agency { name } } } }
  agencies(first: 100) { edges { node { name loginProviders { label loginUrl } } } }
}`;

interface Followed {
  __typename: string;
  id: string;
  title?: string;
  name?: string;
  slug?: string;
}

interface MemberData {
  caseStudies: { edges: { node: { id: string; title: string; updatedAt: string } }[] };
  practices: { edges: { node: { id: string; title: string } }[] };
  groups: { slug: string; name: string; viewerMembership: { status: string } | null }[];
  follows: { targetId: string | null; taxonomy: string | null }[];
  bookmarks: Saved[];
}

/** Saved items shown on the home page (all of them are on `/guardados`). */
const SAVED_SHOWN = 5;

const MEMBER = `query Mine($agency: ContentFilterInput) {
  caseStudies(filter: $agency, first: 5) { edges { node { id title updatedAt } } }
  practices(filter: $agency, first: 5) { edges { node { id title } } }
  groups { slug name viewerMembership { status } }
  follows { targetId taxonomy }
  ${BOOKMARKS}
}`;

function card(node: Card): HTMLElement {
  return h(
    "li",
    { class: "card" },
    h("h3", {}, h("a", { href: itemPath("CaseStudy", node.id) }, node.title)),
    node.agency ? h("p", { class: "meta" }, node.agency.name) : null,
    h("p", {}, node.summary),
    tags(t("case.platforms"), node.platforms),
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
  const data = await gql<MemberData>(MEMBER, { agency: agency ? { agency: agency.slug } : null });
  const ids = data.follows.map((f) => f.targetId).filter((id): id is string => Boolean(id));
  const followed = ids.length
    ? (
        await gql<{ nodes: (Followed | null)[] }>(
          `query Followed($ids: [ID!]!) { nodes(ids: $ids) { __typename id
            ... on Agency { name slug } ... on Member { name } ... on Group { name slug } ... on Discussion { title }
            ... on CaseStudy { title } ... on Practice { title } ... on Guideline { title } } }`,
          { ids: ids.slice(0, 100) },
        )
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
    data.bookmarks.slice(0, SAVED_SHOWN).map((item) => h("a", { href: itemPath(item.__typename, item.id) }, item.title ?? "—")),
    t("home.noBookmarks"),
  );
  saved.append(h("p", {}, h("a", { href: "/guardados" }, t("bookmarks.all"))));
  const taxonomies = data.follows.map((f) => f.taxonomy).filter((code): code is string => Boolean(code)).map((code) => h("a", { href: `/buscar?q=${encodeURIComponent(code)}` }, code));
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
    panel("my-groups", t("home.groups"), groups, t("home.noGroups")),
    panel("my-follows", t("home.follows"), [...followed.map((node) => (node ? followedLink(node) : null)), ...taxonomies], t("home.noFollows")),
    saved,
  );
}

export async function home(main: HTMLElement): Promise<void> {
  replace(main, heading(t("tagline")), loading());
  try {
    const data = await gql<HomeData>(QUERY, { lang: labelLanguage() });
    const providers = data.agencies.edges.flatMap(({ node }) =>
      node.loginProviders.map((provider) => h("li", {}, h("a", { href: provider.loginUrl }, `${node.name} — ${provider.label}`))),
    );
    const own = data.viewer.signedIn ? await mine(data.viewer.agency).catch((error: unknown) => failure(error)) : null;
    replace(
      main,
      heading(data.viewer.member ? t("home.welcome", { name: data.viewer.member.name }) : t("tagline")),
      h("p", { class: "lead" }, t("home.intro")),
      data.viewer.signedIn || providers.length === 0
        ? null
        : h("section", { "aria-labelledby": "login-heading", class: "panel" }, h("h2", { id: "login-heading" }, t("login")), h("p", {}, t("login.choose")), h("ul", {}, providers)),
      own,
      h("section", { "aria-labelledby": "latest-heading" }, h("h2", { id: "latest-heading" }, t("home.latest")), h("ul", { class: "cards" }, data.caseStudies.edges.map(({ node }) => card(node)))),
    );
  } catch (error) {
    replace(main, heading(t("tagline")), failure(error));
  }
}
