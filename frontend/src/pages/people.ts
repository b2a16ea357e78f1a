// Profiles and agency pages: who someone is and where they work; an agency's published case
// studies, practices and guidelines; following either to hear about what they publish.
import { gql } from "../api";
import { h, replace } from "../dom";
import { labelLanguage, t } from "../i18n";
import { failure, heading, itemPath, loading, type Taxon } from "./common";
import { countryName } from "./search";
import { notFoundBody, signedOutNote } from "./states";

/** A follow / stop-following toggle for a member or agency (signed-in viewers only). */
async function followButton(targetId: string): Promise<HTMLElement | null> {
  const data = await gql<{ viewer: { signedIn: boolean; member: { id: string } | null }; follows: { targetId: string | null }[] }>(
    "{ viewer { signedIn member { id } } follows { targetId } }",
  ).catch(() => null);
  if (!data?.viewer.signedIn || !data.viewer.member || data.viewer.member.id === targetId) return null;
  let following = data.follows.some((f) => f.targetId === targetId);
  const button = h("button", { type: "button", class: "secondary", "aria-pressed": String(following) }, following ? t("follow.following") : t("follow.follow"));
  const status = h("span", { role: "status", class: "visually-hidden" });
  button.addEventListener("click", async () => {
    const mutation = following ? "mutation($id: ID!) { unfollow(targetId: $id) }" : "mutation($id: ID!) { follow(targetId: $id) }";
    await gql(mutation, { id: targetId });
    following = !following;
    button.setAttribute("aria-pressed", String(following));
    button.textContent = following ? t("follow.following") : t("follow.follow");
    status.textContent = following ? t("follow.now") : t("follow.stopped");
  });
  return h("span", { class: "follow" }, button, status);
}

interface MemberData {
  viewer: { signedIn: boolean };
  node: { __typename: string; id: string; name: string; roles: string[]; agency: { slug: string; name: string } | null } | null;
}

export async function profile(main: HTMLElement, id: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql<MemberData>(`query Member($id: ID!) { viewer { signedIn } node(id: $id) { __typename ... on Member { id name roles agency { slug name } } } }`, { id });
    const member = data.node;
    if (!member || member.__typename !== "Member") {
      replace(main, heading(t("notFound")), notFoundBody(data.viewer.signedIn));
      return;
    }
    document.title = `${member.name} · Plaza`;
    replace(
      main,
      heading(member.name),
      member.agency ? h("p", { class: "lead" }, h("a", { href: `/organismos/${encodeURIComponent(member.agency.slug)}` }, member.agency.name)) : null,
      member.roles.length ? h("p", { class: "meta" }, `${t("profile.roles")}: `, member.roles.map((role) => t(`role.${role}` as "role.member")).join(", ")) : null,
      await followButton(member.id),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}

interface Listed {
  edges: { node: { id: string; title: string; summary: string } }[];
}

interface AgencyData {
  viewer: { signedIn: boolean };
  agency: { id: string; slug: string; name: string; level: Taxon; country: string; region: string | null } | null;
  caseStudies: Listed;
  practices: Listed;
  guidelines: Listed;
}

function listSection(id: string, title: string, typename: string, listed: Listed): HTMLElement | null {
  if (listed.edges.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": id },
    h("h2", { id }, title),
    h("ul", { class: "cards" }, listed.edges.map(({ node }) => h("li", { class: "card" }, h("h3", {}, h("a", { href: itemPath(typename, node.id) }, node.title)), node.summary ? h("p", {}, node.summary) : null))),
  );
}

export async function agency(main: HTMLElement, slug: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql<AgencyData>(
      `query Agency($slug: String!, $filter: ContentFilterInput, $lang: LabelLanguageValue) {
        viewer { signedIn }
        agency(slug: $slug) { id slug name level { code label(language: $lang) } country region }
        caseStudies(filter: $filter, first: 20) { edges { node { id title summary } } }
        practices(filter: $filter, first: 20) { edges { node { id title summary } } }
        guidelines(filter: $filter, first: 20) { edges { node { id title summary } } } }`,
      { slug, filter: { agency: slug }, lang: labelLanguage() },
    );
    const found = data.agency;
    if (!found) {
      replace(main, heading(t("notFound")), notFoundBody(data.viewer.signedIn));
      return;
    }
    document.title = `${found.name} · Plaza`;
    const lists = [
      listSection("agency-cases", t("kind.case_study"), "CaseStudy", data.caseStudies),
      listSection("agency-practices", t("kind.practice"), "Practice", data.practices),
      listSection("agency-guidelines", t("kind.guideline"), "Guideline", data.guidelines),
    ];
    replace(
      main,
      heading(found.name),
      h("p", { class: "meta" }, [found.level.label, found.region, countryName(found.country)].filter(Boolean).join(" · ")),
      await followButton(found.id),
      lists.some(Boolean) ? lists : h("p", { class: "empty" }, t("agency.nothing")),
      data.viewer.signedIn ? null : signedOutNote("signedOut.agency", location.pathname),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}

export async function agencies(main: HTMLElement): Promise<void> {
  replace(main, heading(t("agencies")), loading());
  try {
    const data = await gql<{ agencies: { edges: { node: { slug: string; name: string; level: Taxon; country: string } }[] } }>(
      `query Agencies($lang: LabelLanguageValue) { agencies(first: 100) { edges { node { slug name level { code label(language: $lang) } country } } } }`,
      { lang: labelLanguage() },
    );
    const sorted = data.agencies.edges.map((e) => e.node).sort((a, b) => a.name.localeCompare(b.name, document.documentElement.lang));
    replace(
      main,
      heading(t("agencies")),
      sorted.length
        ? h("ul", { class: "people" }, sorted.map((a) => h("li", {}, h("a", { href: `/organismos/${encodeURIComponent(a.slug)}` }, a.name), ` — ${a.level.label} · ${countryName(a.country)}`)))
        : h("p", { class: "empty" }, t("agencies.none")),
    );
  } catch (error) {
    replace(main, heading(t("agencies")), failure(error));
  }
}
