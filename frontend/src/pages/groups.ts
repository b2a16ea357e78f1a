// Groups: the ones listed to the viewer (join or ask to join), a group's page with its members
// and threads (start one inside the group), creating a group, and, for those who run a group,
// approving requests to join and inviting members by work e-mail.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { GroupQuery, GroupsQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { navigate } from "../router";
import { failure, heading, loading, person } from "./common";
import { notFoundBody, problemText, signedOutNote, signedOutPanel } from "./states";
import { threads } from "./discussions";
import { showError } from "./editor";

const FIELDS = `id slug name description joinPolicy listing memberCount viewerMembership { role status }`;
const GROUPS = graphql(`query Groups { viewer { signedIn } groups { ${FIELDS} } }`);
const GROUP = graphql(`query Group($slug: String!) { viewer { signedIn } group(slug: $slug) { ${FIELDS} members { role status member { id name } } } }`);
const JOIN = graphql(`mutation JoinGroup($id: ID!) { joinGroup(group: $id) { status } }`);
const LEAVE = graphql(`mutation LeaveGroup($id: ID!) { leaveGroup(group: $id) }`);
const CREATE = graphql(`mutation CreateGroup($input: CreateGroupInput!) { createGroup(input: $input) { slug } }`);
const APPROVE = graphql(`mutation ApproveGroupMember($group: ID!, $member: ID!) { approveGroupMember(group: $group, member: $member) { status } }`);
const INVITE = graphql(`mutation InviteToGroup($group: ID!, $email: String!) { inviteToGroup(group: $group, email: $email) { role status member { id name } } }`);

type Group = GroupsQuery["groups"][number];
type GroupWithMembers = NonNullable<GroupQuery["group"]>;
type Membership = GroupWithMembers["members"][number];

function membership(group: Group): string {
  const m = group.viewerMembership;
  if (!m) return "";
  if (m.status === "requested") return t("group.requested");
  if (m.status === "invited") return t("group.invited");
  return t(`group.role.${m.role}` as "group.role.member");
}

/** Join (or ask to join, or accept an invitation) and leave. */
function joinButton(group: Group, signedIn: boolean, reload: () => void): HTMLElement | null {
  if (!signedIn) return null;
  const m = group.viewerMembership;
  if (m?.status === "active" || m?.status === "requested") {
    return h(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: async () => {
          await gql(LEAVE, { id: group.id });
          reload();
        },
      },
      m.status === "requested" ? t("group.cancel") : t("group.leave"),
    );
  }
  if (group.joinPolicy === "invite" && m?.status !== "invited") return null;
  return h(
    "button",
    {
      type: "button",
      onclick: async () => {
        await gql(JOIN, { id: group.id });
        reload();
      },
    },
    group.joinPolicy === "request" && m?.status !== "invited" ? t("group.request") : t("group.join"),
  );
}

export async function groups(main: HTMLElement): Promise<void> {
  replace(main, heading(t("groups")), loading());
  try {
    const data = await gql(GROUPS);
    const reload = () => void groups(main);
    replace(
      main,
      heading(t("groups")),
      h("p", { class: "lead" }, t("groups.intro")),
      data.groups.length === 0
        ? h("p", { class: "empty" }, t("groups.none"), data.viewer.signedIn ? ` ${t("groups.noneCreate")}` : "")
        : h(
            "ul",
            { class: "cards" },
            data.groups.map((group) =>
              h(
                "li",
                { class: "card" },
                h("h2", { class: "card-title" }, h("a", { href: `/grupos/${encodeURIComponent(group.slug)}` }, group.name)),
                h("p", {}, group.description),
                h("p", { class: "meta" }, t("group.members", { count: group.memberCount }), membership(group) ? ` · ${membership(group)}` : ""),
                joinButton(group, data.viewer.signedIn, reload),
              ),
            ),
          ),
      data.viewer.signedIn ? createForm() : signedOutPanel("signedOut.groups", "/grupos"),
    );
  } catch (error) {
    replace(main, heading(t("groups")), failure(error));
  }
}

function createForm(): HTMLElement {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const text = (name: string, label: string, hint?: string) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: `g-${name}` }, label),
      hint ? h("p", { id: `g-${name}-hint`, class: "help" }, hint) : null,
      h(name === "description" ? "textarea" : "input", { id: `g-${name}`, name, "data-field": name, "aria-describedby": `${hint ? `g-${name}-hint ` : ""}${name}-error` }),
      h("p", { id: `${name}-error`, class: "field-error", hidden: true }),
    );
  const radios = (name: string, legend: string, options: [string, string][]) =>
    h(
      "fieldset",
      { class: "choices", "data-field": name },
      h("legend", {}, legend),
      options.map(([value, label], i) => h("label", { class: "choice" }, h("input", { type: "radio", name, value, checked: i === 0 }), ` ${label}`)),
      h("p", { id: `${name}-error`, class: "field-error", hidden: true }),
    );
  const form = h(
    "form",
    { class: "editor", novalidate: true },
    h("h2", {}, t("group.create")),
    summary,
    text("name", t("group.name")),
    text("slug", t("group.slug"), t("group.slugHelp")),
    text("description", t("group.description")),
    radios("joinPolicy", t("group.joinPolicy"), [
      ["open", t("group.policy.open")],
      ["request", t("group.policy.request")],
      ["invite", t("group.policy.invite")],
    ]),
    radios("listing", t("group.listing"), [
      ["network", t("group.listing.network")],
      ["public", t("group.listing.public")],
      ["members", t("group.listing.members")],
    ]),
    h("button", { type: "submit" }, t("group.createButton")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const value = (name: string) => String(values.get(name) ?? "");
    const input = { name: value("name"), slug: value("slug"), description: value("description"), joinPolicy: value("joinPolicy"), listing: value("listing") };
    try {
      const created = await gql(CREATE, { input });
      navigate(`/grupos/${encodeURIComponent(created.createGroup.slug)}`);
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return form;
}

/** Whether the viewer runs the group (its active owners and moderators). */
function runs(group: Group): boolean {
  const m = group.viewerMembership;
  return m?.status === "active" && (m.role === "owner" || m.role === "moderator");
}

function memberItems(members: Membership[]): HTMLElement[] {
  return members
    .filter((m) => m.status === "active")
    .map((m) => h("li", {}, person(m.member), m.role === "member" ? "" : ` (${t(`group.role.${m.role}` as "group.role.member")})`));
}

/**
 * What those who run a group see: requests to join (approve), pending invitations and a form
 * inviting a member by work e-mail. Lists refresh after each action; the outcome is announced.
 */
function administration(found: GroupWithMembers, refresh: () => Promise<GroupWithMembers | null>, onChange: (group: GroupWithMembers) => void): HTMLElement {
  const status = h("p", { role: "status", class: "notice", id: "admin-status", tabindex: "-1" });
  const lists = h("div", {});
  const render = (current: GroupWithMembers) => {
    const requests = current.members.filter((m) => m.status === "requested");
    const invited = current.members.filter((m) => m.status === "invited");
    replace(
      lists,
      h("h3", { id: "requests-heading", tabindex: "-1" }, t("group.requests")),
      requests.length
        ? h(
            "ul",
            { class: "requests", "aria-labelledby": "requests-heading" },
            requests.map((m) =>
              h(
                "li",
                {},
                person(m.member),
                " ",
                h(
                  "button",
                  {
                    type: "button",
                    "aria-label": t("group.approveName", { name: m.member.name }),
                    onclick: async (event: Event) => {
                      const button = event.currentTarget as HTMLButtonElement;
                      button.disabled = true;
                      try {
                        await gql(APPROVE, { group: current.id, member: m.member.id });
                      } catch (error) {
                        button.disabled = false;
                        status.textContent = problemText(error);
                        return;
                      }
                      const next = await refresh();
                      if (next) {
                        render(next);
                        onChange(next);
                      }
                      status.textContent = t("group.approved", { name: m.member.name });
                      // The next request to review, or the list's heading when none is left.
                      (lists.querySelector<HTMLElement>(".requests button") ?? lists.querySelector<HTMLElement>("#requests-heading"))?.focus();
                    },
                  },
                  t("group.approve"),
                ),
              ),
            ),
          )
        : h("p", {}, t("group.noRequests")),
      h("h3", { id: "invited-heading" }, t("group.invitations")),
      invited.length
        ? h("ul", { class: "people", "aria-labelledby": "invited-heading" }, invited.map((m) => h("li", {}, person(m.member))))
        : h("p", {}, t("group.noInvitations")),
    );
  };
  render(found);
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const email = h("input", {
    id: "f-invite-email",
    name: "email",
    type: "email",
    autocomplete: "off",
    "data-field": "email",
    "aria-describedby": "f-invite-email-hint email-error",
  });
  const form = h(
    "form",
    { class: "editor invite-form", novalidate: true, "aria-labelledby": "invite-heading" },
    h("h3", { id: "invite-heading" }, t("group.invite")),
    summary,
    h(
      "div",
      { class: "field" },
      h("label", { for: "f-invite-email" }, t("group.inviteEmail")),
      h("p", { id: "f-invite-email-hint", class: "help" }, t("group.inviteHelp")),
      email,
      h("p", { id: "email-error", class: "field-error", hidden: true }),
    ),
    h("button", { type: "submit" }, t("group.inviteButton")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const address = email.value.trim();
    try {
      if (!address) throw new ApiError(t("group.emailRequired"), "BAD_USER_INPUT", "email");
      const invited = await gql(INVITE, { group: found.id, email: address });
      // Clear the previous error, if any.
      summary.hidden = true;
      email.removeAttribute("aria-invalid");
      const error = form.querySelector<HTMLElement>("#email-error");
      if (error) error.hidden = true;
      email.value = "";
      const next = await refresh();
      if (next) {
        render(next);
        onChange(next);
      }
      const name = invited.inviteToGroup.member.name;
      status.textContent = invited.inviteToGroup.status === "active" ? t("group.approved", { name }) : t("group.invitedName", { name });
      email.focus();
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return h("section", { class: "panel group-admin", "aria-labelledby": "admin-heading" }, h("h2", { id: "admin-heading" }, t("group.admin")), status, lists, form);
}

/** Why a signed-in visitor who is not a member cannot read the group's threads, and what to do. */
function whyNotMember(group: Group): string {
  if (group.viewerMembership?.status === "requested") return t("group.requestPending");
  if (group.joinPolicy === "invite" && group.viewerMembership?.status !== "invited") return t("group.inviteOnly");
  return t("group.joinToRead");
}

export async function group(main: HTMLElement, slug: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(GROUP, { slug });
    const found = data.group;
    if (!found) {
      replace(main, heading(t("notFound")), notFoundBody(data.viewer.signedIn));
      return;
    }
    document.title = `${found.name} · Plaza`;
    const active = found.viewerMembership?.status === "active";
    const threadsBody = h("div", {}, loading());
    const count = h("p", { class: "meta" }, t("group.members", { count: found.memberCount }), membership(found) ? ` · ${membership(found)}` : "");
    const people = h("ul", { class: "people" }, memberItems(found.members));
    const refresh = async () => (await gql(GROUP, { slug })).group;
    const changed = (next: GroupWithMembers) => {
      replace(count, t("group.members", { count: next.memberCount }), membership(next) ? ` · ${membership(next)}` : "");
      replace(people, memberItems(next.members));
    };
    replace(
      main,
      heading(found.name),
      h("p", { class: "lead" }, found.description),
      count,
      joinButton(found, data.viewer.signedIn, () => void group(main, slug)),
      found.members.length ? h("section", { "aria-labelledby": "members-heading" }, h("h2", { id: "members-heading" }, t("group.memberList")), people) : null,
      runs(found) ? administration(found, refresh, changed) : null,
      h("section", { "aria-labelledby": "threads-heading" }, h("h2", { id: "threads-heading" }, t("discussion.all")), active ? threadsBody : data.viewer.signedIn ? h("p", {}, whyNotMember(found)) : signedOutNote("signedOut.group", location.pathname)),
    );
    if (active) await threads(threadsBody, { groupId: found.id }).catch((error: unknown) => replace(threadsBody, failure(error)));
  } catch (error) {
    replace(main, failure(error));
  }
}
