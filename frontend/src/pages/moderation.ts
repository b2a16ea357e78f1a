// Reporting and moderation: a small "reason" form behind a button (reporting a post or an item,
// hiding or restoring it), who moderates a thread, and `/moderacion`, where moderators and admins
// review the reports on the threads and items (case studies, practices, guidelines) they
// moderate, hide or keep what was reported, restore what is hidden and read the audit log.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { ModerationQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { SIGNED_IN, date, failure, heading, itemPath, loading } from "./common";
import { membersOnly } from "./states";

/** Longest reason the server accepts. */
const REASON_MAX = 500;

/** Roles that moderate their agency's threads (network admins moderate every thread). */
export const MODERATOR_ROLES = ["moderator", "agency_admin", "network_admin"];

export function isModerator(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((role) => MODERATOR_ROLES.includes(role));
}

/**
 * Whether the viewer moderates a thread, by the server's rule: network admins; moderators and
 * agency admins of the agency whose audience rules it; the owners and moderators of its group.
 */
export function moderates(
  viewer: { roles: string[]; agency: { id: string } | null } | null,
  thread: { agency: { id: string } | null; group: { viewerMembership: { role: string; status: string } | null } | null },
): boolean {
  if (!viewer) return false;
  if (viewer.roles.includes("network_admin")) return true;
  const agencyModerator = viewer.roles.includes("moderator") || viewer.roles.includes("agency_admin");
  if (agencyModerator && viewer.agency && viewer.agency.id === thread.agency?.id) return true;
  const membership = thread.group?.viewerMembership;
  return membership?.status === "active" && (membership.role === "owner" || membership.role === "moderator");
}

export interface ReasonAction {
  /** The button that opens (and closes) the form. */
  toggle: HTMLButtonElement;
  /** Where the form opens and the outcome is announced; place it after the button's row. */
  panel: HTMLElement;
}

interface ReasonOptions {
  /** The button's visible text. */
  label: string;
  /** The button's accessible name when the text alone is ambiguous (it starts with `label`). */
  name?: string;
  /** Extra description of the button (an id), e.g. the heading of the item it acts on. */
  describedBy?: string;
  fieldLabel: string;
  hint?: string;
  submit: string;
  /** Runs the action; an `ApiError` on `reason` shows beside the field. */
  run: (reason: string) => Promise<void>;
  /** Announced once the action succeeded (unless `after` re-renders the page). */
  success?: string;
  /** Runs after success, e.g. to reload the page. */
  after?: () => void;
  /** The button's look: primary, secondary (the default) or a quiet link-like button. */
  look?: "primary" | "secondary" | "link";
}

/** The form open on the page: one at a time, so its ids stay unique. */
let closeOpen: (() => void) | null = null;

/**
 * A button that opens a small form asking for a reason (required, up to 500 characters), then
 * runs the action: reporting, hiding or restoring a post. Escape or "Cancel" closes it and the
 * focus returns to the button; the outcome is announced in a status message.
 */
export function reasonAction(options: ReasonOptions): ReasonAction {
  const toggle = h(
    "button",
    {
      type: "button",
      class: options.look === "primary" ? undefined : (options.look ?? "secondary"),
      "aria-expanded": "false",
      "aria-label": options.name,
      "aria-describedby": options.describedBy,
    },
    options.label,
  );
  const slot = h("div", {});
  const status = h("p", { role: "status", class: "action-status" });
  const close = (focus: boolean) => {
    slot.replaceChildren();
    toggle.setAttribute("aria-expanded", "false");
    if (closeOpen === closer) closeOpen = null;
    if (focus) toggle.focus();
  };
  const closer = () => close(false);
  toggle.addEventListener("click", () => {
    if (slot.firstChild) {
      close(false);
      return;
    }
    closeOpen?.();
    closeOpen = closer;
    status.textContent = "";
    const form = reasonForm(options, () => close(true), async () => {
      close(true);
      if (options.success) status.textContent = options.success;
      options.after?.();
    });
    toggle.setAttribute("aria-expanded", "true");
    slot.replaceChildren(form);
    form.querySelector("textarea")?.focus();
  });
  return { toggle, panel: h("div", { class: "action-panel" }, slot, status) };
}

/** A small form's buttons: submit, and "Cancel" running `cancel`. */
export function formActions(submit: string, cancel: () => void): HTMLElement {
  return h("div", { class: "form-actions" }, h("button", { type: "submit" }, submit), h("button", { type: "button", class: "secondary", onclick: cancel }, t("form.cancel")));
}

/** Escape inside `form` runs `cancel` (which closes it and returns the focus). */
export function closeOnEscape(form: HTMLFormElement, cancel: () => void): void {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  });
}

function reasonForm(options: ReasonOptions, cancel: () => void, done: () => Promise<void>): HTMLFormElement {
  const textarea = h("textarea", {
    id: "f-reason",
    name: "reason",
    rows: "3",
    maxlength: String(REASON_MAX),
    required: true,
    "data-field": "reason",
    "aria-describedby": `${options.hint ? "f-reason-hint " : ""}reason-error`,
  });
  const error = h("p", { id: "reason-error", class: "field-error", hidden: true });
  const alert = h("div", { role: "alert" });
  const fail = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    textarea.setAttribute("aria-invalid", "true");
    textarea.focus();
  };
  const form = h(
    "form",
    { class: "reason-form", novalidate: true, "aria-label": options.name ?? options.label },
    h(
      "div",
      { class: "field" },
      h("label", { for: "f-reason" }, options.fieldLabel),
      options.hint ? h("p", { id: "f-reason-hint", class: "help" }, options.hint) : null,
      textarea,
      error,
    ),
    alert,
    formActions(options.submit, cancel),
  );
  closeOnEscape(form, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(alert);
    const reason = textarea.value.trim();
    if (!reason) {
      fail(t("reason.required"));
      return;
    }
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    submit.disabled = true;
    try {
      await options.run(reason);
      await done();
    } catch (caught) {
      submit.disabled = false;
      if (caught instanceof ApiError && caught.field === "reason") fail(caught.message.replace(/^reason: /, ""));
      else replace(alert, failure(caught));
    }
  });
  return form;
}

const HIDE = graphql(`mutation HidePost($id: ID!, $reason: String!) { hidePost(targetId: $id, reason: $reason) }`);
const RESTORE = graphql(`mutation RestorePost($id: ID!, $reason: String!) { restorePost(targetId: $id, reason: $reason) }`);
const REPORT = graphql(`mutation ReportPost($id: ID!, $reason: String!) { reportPost(targetId: $id, reason: $reason) }`);

export async function hidePost(id: string, reason: string): Promise<void> {
  await gql(HIDE, { id, reason });
}

export async function restorePost(id: string, reason: string): Promise<void> {
  await gql(RESTORE, { id, reason });
}

export async function reportPost(id: string, reason: string): Promise<void> {
  await gql(REPORT, { id, reason });
}

const QUERY = graphql(`query Moderation { viewer { signedIn }
  moderationQueue { reason createdAt targetId replyBody discussion { id title hiddenReason } content { id kind title } }
  auditLog { actor { name } action targetId reason at } }`);
const THREADS = graphql(`query ModeratedThreads($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Discussion { title } ... on Member { name }
  ... on CaseStudy { title } ... on Practice { title } ... on Guideline { title } } }`);

/** An item report's `kind` as the typename its page and label go by. */
const CONTENT_TYPES: Record<string, "CaseStudy" | "Practice" | "Guideline"> = { case_study: "CaseStudy", practice: "Practice", guideline: "Guideline" };
const CONTENT_KINDS = { CaseStudy: true, Practice: true, Guideline: true };

type Report = ModerationQuery["moderationQueue"][number];
type Audit = ModerationQuery["auditLog"][number];

/** Posts whose latest action is "hide" (the log is newest first). */
export function stillHidden<T extends { action: string; targetId: string }>(log: readonly T[]): T[] {
  const seen = new Set<string>();
  const hidden: T[] = [];
  for (const entry of log) {
    if (seen.has(entry.targetId)) continue;
    seen.add(entry.targetId);
    if (entry.action === "hide") hidden.push(entry);
  }
  return hidden;
}

/** `/moderacion`: the report queue, what is hidden, and the audit log. */
export async function moderation(main: HTMLElement, notice?: string): Promise<void> {
  document.title = `${t("nav.moderation")} · Plaza`;
  const title = heading(t("nav.moderation"));
  replace(main, title, loading());
  try {
    const signedIn = (await gql(SIGNED_IN)).viewer.signedIn;
    if (!signedIn) {
      replace(main, title, membersOnly("signedOut.moderation", "/moderacion"));
      return;
    }
    const data = await gql(QUERY);
    const hidden = stillHidden(data.auditLog);
    const log = data.auditLog.slice(0, 50);
    // Threads and items the viewer may read are nodes with a title, suspended members nodes
    // with a name; replies are not nodes, so they (and what the viewer may no longer read: a
    // hidden item, for a moderator who does not edit it) show without a link.
    const ids = [...new Set([...hidden, ...log].map((entry) => entry.targetId))].slice(0, 100);
    const nodes = ids.length ? (await gql(THREADS, { ids })).nodes : [];
    // Items' authors are not notified: they read the reason on the item's page.
    const items = new Set(nodes.flatMap((node) => (node && node.__typename in CONTENT_KINDS ? [node.id] : [])));
    const links = new Map(
      nodes.flatMap((node) => {
        if (node?.__typename === "Member") return [[node.id, h("a", { href: `/personas/${encodeURIComponent(node.id)}` }, node.name)] as const];
        if (node && "title" in node) return [[node.id, h("a", { href: itemPath(node.__typename, node.id) }, node.title)] as const];
        return [];
      }),
    );
    const status = h("p", { role: "status", id: "moderation-status", class: "notice", tabindex: "-1" }, notice ?? "");
    // After an action the page is read again; the outcome is announced and takes the focus.
    const reload = (message: string) => () => void moderation(main, message).then(() => document.getElementById("moderation-status")?.focus());
    const target = (id: string, unknown: string) => links.get(id)?.cloneNode(true) ?? unknown;
    replace(
      main,
      title,
      h("p", { class: "lead" }, t("moderation.intro")),
      status,
      h(
        "section",
        { "aria-labelledby": "queue-heading" },
        h("h2", { id: "queue-heading" }, t("moderation.queue", { count: data.moderationQueue.length })),
        data.moderationQueue.length
          ? h("ul", { class: "queue" }, data.moderationQueue.map((report, index) => queueItem(report, index, reload)))
          : h("p", {}, t("moderation.queueNone")),
      ),
      h(
        "section",
        { "aria-labelledby": "hidden-heading" },
        h("h2", { id: "hidden-heading" }, t("moderation.hiddenList")),
        hidden.length
          ? h(
              "ul",
              { class: "queue" },
              hidden.map((entry, index) => {
                const item = items.has(entry.targetId);
                const restore = reasonAction({
                  label: t("moderation.restore"),
                  describedBy: `hidden-${index}`,
                  fieldLabel: item ? t("moderation.reasonContent") : t("moderation.reason"),
                  submit: t("moderation.confirmRestore"),
                  run: (reason) => restorePost(entry.targetId, reason),
                  after: reload(item ? t("moderation.contentRestored") : t("moderation.restored")),
                });
                return h(
                  "li",
                  { class: "queue-item" },
                  h("h3", { id: `hidden-${index}` }, target(entry.targetId, t("moderation.aPost"))),
                  h("p", { class: "meta" }, t("moderation.hiddenBy", { name: entry.actor?.name ?? "—", date: date(entry.at), reason: entry.reason })),
                  h("p", { class: "post-actions" }, restore.toggle),
                  restore.panel,
                );
              }),
            )
          : h("p", {}, t("moderation.hiddenNone")),
      ),
      h(
        "section",
        { "aria-labelledby": "log-heading" },
        h("h2", { id: "log-heading" }, t("moderation.log")),
        log.length
          ? auditTable(log, (entry) => target(entry.targetId, isMemberAction(entry.action) ? t("moderation.aMember") : t("moderation.aPostPlain")))
          : h("p", {}, t("moderation.logNone")),
      ),
    );
  } catch (error) {
    replace(main, title, failure(error));
  }
}

function queueItem(report: Report, index: number, reload: (message: string) => () => void): HTMLElement {
  const headingId = `report-${index}`;
  const content = report.content;
  const hide = reasonAction({
    label: t("moderation.hide"),
    describedBy: headingId,
    fieldLabel: content ? t("moderation.reasonContent") : t("moderation.reason"),
    submit: t("moderation.confirmHide"),
    run: (reason) => hidePost(report.targetId, reason),
    after: reload(content ? t("moderation.contentHidden") : t("moderation.hidden")),
    look: "primary",
  });
  const keep = reasonAction({
    label: t("moderation.keep"),
    describedBy: headingId,
    fieldLabel: content ? t("moderation.reasonContent") : t("moderation.reason"),
    submit: t("moderation.confirmKeep"),
    run: (reason) => restorePost(report.targetId, reason),
    after: reload(t("moderation.kept")),
  });
  return h(
    "li",
    { class: "queue-item" },
    content ? reportedContent(content, headingId, report.createdAt) : reportedPost(report, headingId),
    h("p", {}, t("moderation.reportReason", { reason: report.reason })),
    h("p", { class: "post-actions" }, hide.toggle, keep.toggle),
    hide.panel,
    keep.panel,
  );
}

/** A reported case study, practice or guideline: its title (to its page), kind and date. */
function reportedContent(content: NonNullable<Report["content"]>, headingId: string, at: string): HTMLElement[] {
  const type = CONTENT_TYPES[content.kind];
  return [
    h("h3", { id: headingId }, type ? h("a", { href: itemPath(type, content.id) }, content.title) : content.title),
    h("p", { class: "meta" }, type ? t(`item.${type}`) : content.kind, ` · ${date(at)}`),
  ];
}

/** A reported thread or reply: the thread's title (to it), the reply's text, whether it is hidden. */
function reportedPost(report: Report, headingId: string): (HTMLElement | null)[] {
  const thread = report.discussion;
  const isReply = report.replyBody !== null;
  return [
    h("h3", { id: headingId }, thread ? h("a", { href: itemPath("Discussion", thread.id) }, thread.title) : t("moderation.aPost")),
    h("p", { class: "meta" }, isReply ? t("moderation.target.reply") : t("moderation.target.thread"), ` · ${date(report.createdAt)}`),
    isReply ? h("blockquote", { class: "reported" }, report.replyBody ?? "") : null,
    thread?.hiddenReason ? h("p", { class: "warning" }, t("moderation.hiddenNotice", { reason: thread.hiddenReason })) : null,
  ];
}

/** Suspensions, reinstatements and erasures are about members, every other action about a post. */
function isMemberAction(action: string): boolean {
  return action === "suspend" || action === "reinstate" || action === "erase";
}

const ACTIONS = {
  hide: "moderation.action.hide",
  restore: "moderation.action.restore",
  suspend: "moderation.action.suspend",
  reinstate: "moderation.action.reinstate",
  erase: "moderation.action.erase",
} as const;

function auditTable(log: Audit[], target: (entry: Audit) => Node | string): HTMLElement {
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "log-heading" },
    h(
      "table",
      { class: "audit" },
      h("thead", {}, h("tr", {}, [t("moderation.when"), t("moderation.who"), t("moderation.what"), t("moderation.on"), t("moderation.why")].map((label) => h("th", { scope: "col" }, label)))),
      h(
        "tbody",
        {},
        log.map((entry) =>
          h(
            "tr",
            {},
            h("td", {}, date(entry.at)),
            h("td", {}, entry.actor?.name ?? "—"),
            h("td", {}, entry.action in ACTIONS ? t(ACTIONS[entry.action as keyof typeof ACTIONS]) : entry.action),
            h("td", {}, target(entry)),
            h("td", {}, entry.reason),
          ),
        ),
      ),
    ),
  );
}
