// Suspending and reinstating a member, on their profile page, for the administrators who may
// (the server's rule: network admins anyone but themselves, agency admins their agency's
// members without an administrator role; `canSuspend` says so). A suspension ends the member's
// sessions and tokens at once and keeps them from signing in until its date, or until an
// administrator reinstates them.
import { gql } from "../api";
import { h } from "../dom";
import type { MemberQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { date } from "./common";
import { clearErrors, errorSummary, formField, showFieldError, showRequestError } from "./fields";
import { closeOnEscape, formActions, reasonAction } from "./moderation";

/** Longest reason the server accepts. */
const REASON_MAX = 500;

const SUSPEND = graphql(`mutation SuspendMember($input: SuspendMemberInput!) { suspendMember(input: $input) { id } }`);
const REINSTATE = graphql(`mutation ReinstateMember($input: ReinstateMemberInput!) { reinstateMember(input: $input) { id } }`);
const ERASE = graphql(`mutation EraseMember($input: EraseMemberInput!) { eraseMember(input: $input) { id } }`);

type Profile = Extract<NonNullable<MemberQuery["node"]>, { __typename: "Member" }>;

/**
 * The end of a suspension chosen as a calendar day: the member may sign in again from the start
 * of that day, in the administrator's time zone. Empty means until reinstated.
 */
export function untilOf(day: string): string | null {
  if (!day) return null;
  const start = new Date(`${day}T00:00:00`);
  return Number.isNaN(start.getTime()) ? null : start.toISOString();
}

/** What a suspension in force says: until when, by whom, why. */
function statusOf(suspension: NonNullable<Profile["suspension"]>): HTMLElement {
  return h(
    "div",
    { class: "notice suspension-status" },
    h("p", {}, h("strong", {}, suspension.until ? t("suspend.untilDate", { date: date(suspension.until) }) : t("suspend.indefinite"))),
    h("p", {}, t("suspend.by", { name: suspension.suspendedBy?.name ?? "—", date: date(suspension.since), reason: suspension.reason })),
  );
}

/**
 * The suspension section of a profile: its state for whoever may see it, and the button that
 * suspends or reinstates for whoever may act. `reload` re-renders the profile with a message.
 */
export function suspensionSection(member: Profile, reload: (message: string) => void): HTMLElement | null {
  if (member.erased || (!member.canSuspend && !member.suspension)) return null;
  const headingId = "suspension-heading";
  const parts: (HTMLElement | null)[] = [h("h2", { id: headingId }, t("suspend.title"))];
  if (member.suspension) parts.push(statusOf(member.suspension));
  if (member.canSuspend && member.suspension) {
    const reinstate = reasonAction({
      label: t("suspend.reinstate"),
      name: t("suspend.reinstateName", { name: member.name }),
      fieldLabel: t("suspend.reinstateReason"),
      submit: t("suspend.confirmReinstate"),
      run: async (reason) => {
        await gql(REINSTATE, { input: { member: member.id, reason } });
      },
      after: () => reload(t("suspend.reinstated")),
      look: "primary",
    });
    parts.push(h("p", { class: "post-actions" }, reinstate.toggle), reinstate.panel);
  } else if (member.canSuspend) {
    parts.push(h("p", { class: "help" }, t("suspend.effect")), suspendToggle(member, reload));
  }
  if (member.canSuspend) parts.push(...eraseParts(member, reload));
  return h("section", { class: "suspension", "aria-labelledby": headingId }, ...parts);
}

/**
 * Erasing the account (the right to erasure): what the member wrote stays, signed "former
 * member"; everything else about them goes, and it cannot be undone, which the form says.
 */
function eraseParts(member: Profile, reload: (message: string) => void): HTMLElement[] {
  const warning = h("p", { class: "help", id: "erase-effect" }, t("erase.effect"));
  const erase = reasonAction({
    label: t("erase.button"),
    name: t("erase.name", { name: member.name }),
    describedBy: "erase-effect",
    fieldLabel: t("erase.reason"),
    hint: t("erase.hint"),
    submit: t("erase.confirm"),
    run: async (reason) => {
      await gql(ERASE, { input: { member: member.id, reason } });
    },
    after: () => reload(t("erase.done")),
  });
  return [h("h3", {}, t("erase.title")), warning, h("p", { class: "post-actions" }, erase.toggle), erase.panel];
}

/** "Suspend" opens a form asking for the reason and an optional end date. */
function suspendToggle(member: Profile, reload: (message: string) => void): HTMLElement {
  const toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-label": t("suspend.name", { name: member.name }) }, t("suspend.button"));
  const slot = h("div", {});
  const close = () => {
    slot.replaceChildren();
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  };
  toggle.addEventListener("click", () => {
    if (slot.firstChild) {
      close();
      return;
    }
    toggle.setAttribute("aria-expanded", "true");
    slot.replaceChildren(suspendForm(member, close, reload));
    slot.querySelector("textarea")?.focus();
  });
  return h("div", { class: "action-panel" }, h("p", { class: "post-actions" }, toggle), slot);
}

function suspendForm(member: Profile, cancel: () => void, reload: (message: string) => void): HTMLFormElement {
  const reason = h("textarea", { name: "reason", rows: "3", maxlength: String(REASON_MAX), required: true });
  const tomorrow = new Date(Date.now() + 86_400_000);
  const min = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}`;
  const until = h("input", { name: "until", type: "date", min });
  const summary = errorSummary();
  // The fields take the server's errors as `input.reason` and `input.until` (see fields.ts).
  const form = h(
    "form",
    { class: "reason-form", novalidate: true, "aria-label": t("suspend.name", { name: member.name }) },
    summary,
    formField("suspend-reason", "reason", t("suspend.reason"), reason),
    formField("suspend-until", "until", t("suspend.until"), until, t("suspend.untilHint")),
    formActions(t("suspend.confirm"), cancel),
  );
  closeOnEscape(form, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const text = reason.value.trim();
    if (!text) return showFieldError(form, summary, "reason", t("reason.required"));
    const end = untilOf(until.value);
    if (until.value && (!end || new Date(end).getTime() <= Date.now())) return showFieldError(form, summary, "until", t("suspend.untilPast"));
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    submit.disabled = true;
    try {
      await gql(SUSPEND, { input: { member: member.id, reason: text, until: end } });
      reload(t("suspend.done"));
    } catch (caught) {
      submit.disabled = false;
      showRequestError(form, summary, caught);
    }
  });
  return form;
}
