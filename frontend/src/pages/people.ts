// Profiles and agency pages: who someone is and where they work; an agency's published case
// studies, practices and guidelines; following either to hear about what they publish.
import { gql } from "../api";
import { h, replace } from "../dom";
import type { AgencyQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { failure, heading, itemPath, loading } from "./common";
import { countryName } from "./search";
import { notFoundBody, signedOutNote } from "./states";
import { suspensionSection } from "./suspension";

const FOLLOWS = graphql(`query Follows { viewer { signedIn member { id } } follows { targetId } }`);
const FOLLOW = graphql(`mutation Follow($id: ID!) { follow(targetId: $id) }`);
const UNFOLLOW = graphql(`mutation Unfollow($id: ID!) { unfollow(targetId: $id) }`);
const MEMBER = graphql(`query Member($id: ID!) { viewer { signedIn } node(id: $id) { __typename ... on Member {
  id name roles agency { slug name } canSuspend suspension { since until reason suspendedBy { name } } } } }`);
const AGENCY = graphql(`query Agency($slug: String!, $filter: ContentFilterInput, $lang: LabelLanguageValue) {
  viewer { signedIn }
  agency(slug: $slug) { id slug name level { code label(language: $lang) } country region }
  caseStudies(filter: $filter, first: 20) { edges { node { id title summary } } }
  practices(filter: $filter, first: 20) { edges { node { id title summary } } }
  guidelines(filter: $filter, first: 20) { edges { node { id title summary } } } }`);
const AGENCIES = graphql(
  `query Agencies($lang: LabelLanguageValue) { agencies(first: 100) { edges { node { slug name level { code label(language: $lang) } country } } } }`,
);

/** A follow / stop-following toggle for a member or agency (signed-in viewers only). */
async function followButton(targetId: string): Promise<HTMLElement | null> {
  const data = await gql(FOLLOWS).catch(() => null);
  if (!data?.viewer.signedIn || !data.viewer.member || data.viewer.member.id === targetId) return null;
  let following = data.follows.some((f) => f.targetId === targetId);
  const button = h("button", { type: "button", class: "secondary", "aria-pressed": String(following) }, following ? t("follow.following") : t("follow.follow"));
  const status = h("span", { role: "status", class: "visually-hidden" });
  button.addEventListener("click", async () => {
    await (following ? gql(UNFOLLOW, { id: targetId }) : gql(FOLLOW, { id: targetId }));
    following = !following;
    button.setAttribute("aria-pressed", String(following));
    button.textContent = following ? t("follow.following") : t("follow.follow");
    status.textContent = following ? t("follow.now") : t("follow.stopped");
  });
  return h("span", { class: "follow" }, button, status);
}

/** `/personas/:id`; `notice` announces the outcome of an action just taken on the page. */
export async function profile(main: HTMLElement, id: string, notice?: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(MEMBER, { id });
    const member = data.node;
    if (!member || member.__typename !== "Member") {
      replace(main, heading(t("notFound")), notFoundBody(data.viewer.signedIn));
      return;
    }
    document.title = `${member.name} · Plaza`;
    const status = h("p", { role: "status", id: "profile-status", class: "notice", tabindex: "-1", hidden: !notice }, notice ?? "");
    const reload = (message: string) => void profile(main, id, message).then(() => document.getElementById("profile-status")?.focus());
    replace(
      main,
      heading(member.name),
      member.suspension ? h("p", {}, h("span", { class: "badge suspended" }, t("suspend.badge"))) : null,
      status,
      member.agency ? h("p", { class: "lead" }, h("a", { href: `/organismos/${encodeURIComponent(member.agency.slug)}` }, member.agency.name)) : null,
      member.roles.length ? h("p", { class: "meta" }, `${t("profile.roles")}: `, member.roles.map((role) => t(`role.${role}` as "role.member")).join(", ")) : null,
      await followButton(member.id),
      suspensionSection(member, reload),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}

type Listed = AgencyQuery["caseStudies"] | AgencyQuery["practices"] | AgencyQuery["guidelines"];

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
    const data = await gql(AGENCY, { slug, filter: { agency: slug }, lang: labelLanguage() });
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
    const data = await gql(AGENCIES, { lang: labelLanguage() });
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
