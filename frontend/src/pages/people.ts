// Profiles and agency pages: who someone is, where they work and what they know (their title,
// biography, platforms, objectives, skills, working languages and links, as far as the viewer may
// see the profile), edited in place by the member; an agency's published case studies, practices
// and guidelines; following either to hear about what they publish.
import { gql } from "../api";
import { h, replace } from "../dom";
import type { AgencyQuery, MemberQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, heading, itemPath, loading, tags } from "./common";
import { languageLabel } from "./directory";
import { profileEditor } from "./profile-form";
import { isVisibility, isWebLink, linkText } from "./profile-model";
import { countryName } from "./search";
import { notFoundBody, signedOutNote } from "./states";
import { suspensionSection } from "./suspension";

const FOLLOWS = graphql(`query Follows { viewer { signedIn member { id } } follows { targetId } }`);
const FOLLOW = graphql(`mutation Follow($id: ID!) { follow(targetId: $id) }`);
const UNFOLLOW = graphql(`mutation Unfollow($id: ID!) { unfollow(targetId: $id) }`);
const MEMBER = graphql(`query Member($id: ID!, $lang: LabelLanguageValue) { viewer { signedIn member { id } } node(id: $id) { __typename ... on Member {
  id name erased roles agency { slug name } canSuspend canEditProfile suspension { since until reason suspendedBy { name } }
  profile { displayName title bio platforms { code label(language: $lang) } objectives { code label(language: $lang) }
    skills languages links visibility interfaceLanguage } } } }`);
const AGENCY = graphql(`query Agency($slug: String!, $filter: ContentFilterInput, $lang: LabelLanguageValue) {
  viewer { signedIn }
  agency(slug: $slug) { id slug name level { code label(language: $lang) } country region }
  caseStudies(filter: $filter, first: 20) { edges { node { id title summary } } }
  practices(filter: $filter, first: 20) { edges { node { id title summary } } }
  guidelines(filter: $filter, first: 20) { edges { node { id title summary } } } }`);

/** A member as their profile page shows them. */
export type ProfileMember = Extract<NonNullable<MemberQuery["node"]>, { __typename: "Member" }>;
type Profile = NonNullable<ProfileMember["profile"]>;

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

/** A section of a profile, when it has something to say. */
function part(id: string, title: string, ...body: (HTMLElement | null)[]): HTMLElement | null {
  const shown = body.filter((element): element is HTMLElement => element !== null);
  return shown.length ? h("section", { class: "profile-part", "aria-labelledby": id }, h("h2", { id }, title), shown) : null;
}

/**
 * What a profile says: the biography (plain text: paragraphs and line breaks as written), the
 * expertise, the working languages and the links. `self`: the member is reading their own.
 */
export function profileDetails(profile: Profile, self: boolean): HTMLElement {
  const paragraphs = (profile.bio ?? "").split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean);
  const links = profile.links.filter(isWebLink);
  const parts = [
    part("profile-about", t("profile.about"), ...paragraphs.map((text) => h("p", { class: "bio" }, text))),
    part(
      "profile-expertise",
      t("profile.expertise"),
      tags(t("profile.platforms"), profile.platforms),
      tags(t("profile.objectives"), profile.objectives),
      tags(t("profile.skills"), profile.skills.map((skill) => ({ code: skill, label: skill }))),
    ),
    part("profile-languages", t("profile.languages"), profile.languages.length ? h("p", {}, profile.languages.map((code) => languageLabel(code)).join(", ")) : null),
    part(
      "profile-links",
      t("profile.links"),
      links.length ? h("ul", { class: "profile-links" }, links.map((link) => h("li", {}, h("a", { href: link, rel: "nofollow ugc noopener" }, linkText(link))))) : null,
    ),
  ].filter((element): element is HTMLElement => element !== null);
  return h("div", { class: "profile-details" }, parts.length ? parts : h("p", { class: "empty" }, t(self ? "profile.emptySelf" : "profile.emptyOther")));
}

/** Who may see one's own profile, said to its member. */
function visibilityNote(visibility: string): HTMLElement | null {
  if (!isVisibility(visibility)) return null;
  return h(
    "p",
    { class: "visibility-note" },
    `${t("profile.visibility.label")} `,
    h("span", { class: `state-badge visibility-${visibility}` }, t(`profile.visibility.${visibility}` as Key)),
    " ",
    t(`profile.visibility.${visibility}Help` as Key),
  );
}

/**
 * "Tus datos", on one's own profile: what the download holds (everything Plaza keeps about the
 * member, no secret), how it is handled (the privacy statement), and the file itself (GET
 * /mis-datos, with the session's cookie).
 */
function dataSection(): HTMLElement {
  return h(
    "section",
    { class: "profile-part profile-data", "aria-labelledby": "profile-data" },
    h("h2", { id: "profile-data" }, t("profile.data.title")),
    h("p", {}, t("profile.data.intro")),
    h("p", {}, t("profile.data.privacy"), " ", h("a", { href: "/privacidad" }, t("legal.privacy")), "."),
    h("p", {}, h("a", { href: "/mis-datos", download: "", class: "button secondary" }, t("profile.data.download"))),
  );
}

/** `/personas/:id`; `notice` announces the outcome of an action just taken on the page. */
export async function profile(main: HTMLElement, id: string, notice?: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(MEMBER, { id, lang: labelLanguage() });
    const member = data.node;
    if (!member || member.__typename !== "Member") {
      replace(main, heading(t("notFound")), notFoundBody(data.viewer.signedIn));
      return;
    }
    const status = h("p", { role: "status", id: "profile-status", class: "notice", tabindex: "-1", hidden: !notice }, notice ?? "");
    if (member.erased) {
      document.title = `${t("erase.formerMember")} · Plaza`;
      const agency = member.agency ? h("a", { href: `/organismos/${encodeURIComponent(member.agency.slug)}` }, member.agency.name) : null;
      replace(main, heading(t("erase.formerMember")), status, h("p", { class: "lead" }, t("erase.formerNote")), agency ? h("p", { class: "meta" }, agency) : null);
      return;
    }
    document.title = `${member.name} · Plaza`;
    const reload = (message: string) => void profile(main, id, message).then(() => document.getElementById("profile-status")?.focus());
    const self = member.canEditProfile || data.viewer.member?.id === member.id;
    const details = member.profile
      ? profileDetails(member.profile, self)
      : data.viewer.signedIn
        ? h("p", { class: "empty" }, t("profile.notShared"))
        : signedOutNote("signedOut.profile", location.pathname);
    const editor = member.canEditProfile && member.profile ? profileEditor(member, details, reload) : null;
    const follow = await followButton(member.id);
    const roles = member.roles.length ? `${t("profile.roles")}: ${member.roles.map((role) => t(`role.${role}` as "role.member")).join(", ")}` : null;
    replace(
      main,
      heading(member.name),
      member.suspension ? h("p", {}, h("span", { class: "badge suspended" }, t("suspend.badge"))) : null,
      status,
      member.profile?.title ? h("p", { class: "lead" }, member.profile.title) : null,
      member.agency || roles
        ? h(
            "p",
            { class: "meta" },
            member.agency ? h("a", { href: `/organismos/${encodeURIComponent(member.agency.slug)}` }, member.agency.name) : null,
            member.agency && roles ? " · " : null,
            roles,
          )
        : null,
      self && member.profile ? visibilityNote(member.profile.visibility) : null,
      editor || follow ? h("p", { class: "post-actions" }, editor?.toggle, follow) : null,
      editor?.panel,
      details,
      member.canEditProfile ? dataSection() : null,
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
