// Moderating a case study, practice or guideline from its page: "Report" for signed-in readers of
// a published item they did not write; "Hide" (a published item) and "Restore" (a hidden one)
// for its moderators; and, while it is hidden, the notice its authors, editors and moderators
// read first, with why (its editors' Publish button then says why it is refused). The API does
// not say who moderates an item, so the page applies the server's rule (`moderates`): network
// admins, the moderators and agency admins of its agency, the owners and moderators of its group.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { errorText } from "./fields";
import { hidePost, moderates, reasonAction, reportPost, restorePost } from "./moderation";
import { notFoundBody } from "./states";
import { publishControl, type PublishMutation } from "./writers";

/** What an item page asks of the viewer, for this. */
export const MODERATION_VIEWER = "viewer { signedIn member { id roles agency { id } } }";

const GROUP = graphql(`query ItemGroupMembership($id: ID!) { node(id: $id) { __typename ... on Group { viewerMembership { role status } } } }`);

export interface ModerationViewer {
  signedIn: boolean;
  member: { id: string; roles: string[]; agency: { id: string } | null } | null;
}

/** An item as this needs it (every item page's query asks for these). */
export interface ModeratedItem {
  id: string;
  title: string;
  status: string;
  hiddenReason: string | null;
  groupId: string | null;
  agency: { id: string } | null;
  authors: { id: string }[];
  viewerCanEdit: boolean;
}

export interface ItemModeration {
  /** While it is hidden, for those who still see it: why, and what they may do. */
  notice: HTMLElement | null;
  /** "Report", "Hide" or "Restore", for the item's row of actions. */
  buttons: HTMLElement[];
  /** Their forms and outcomes, to place after that row. */
  panels: HTMLElement[];
}

/** Whether a moderator hid the item (its status then is no longer published). */
export function isHidden(item: Pick<ModeratedItem, "status" | "hiddenReason">): boolean {
  return item.hiddenReason !== null && item.status !== "PUBLISHED";
}

/** Whether the viewer moderates the item; its group is asked about only when that decides. */
async function moderatesItem(viewer: ModerationViewer, item: ModeratedItem): Promise<boolean> {
  const member = viewer.member;
  if (!member) return false;
  if (moderates(member, { agency: item.agency, group: null })) return true;
  if (!item.groupId) return false;
  const found = await gql(GROUP, { id: item.groupId }).catch(() => null);
  const group = found?.node?.__typename === "Group" ? found.node : null;
  return moderates(member, { agency: item.agency, group });
}

/** A refused Publish: a hidden item's is worded here (the server's message names the field). */
function publishRefusal(error: unknown): string {
  return error instanceof ApiError && error.code === "BAD_USER_INPUT" && error.field === "id" ? t("content.publishRefused") : errorText(error);
}

/**
 * The report, hide and restore actions the viewer is offered on an item, and the hidden notice.
 * `reload(notice)` draws the page again announcing `notice`.
 */
export async function itemModeration(item: ModeratedItem, viewer: ModerationViewer, publish: PublishMutation, reload: (notice?: string) => void): Promise<ItemModeration> {
  const moderator = await moderatesItem(viewer, item);
  const hidden = isHidden(item);
  const published = item.status === "PUBLISHED";
  const actions: ReturnType<typeof reasonAction>[] = [];
  const memberId = viewer.member?.id;
  if (viewer.signedIn && published && !item.authors.some((author) => author.id === memberId)) {
    actions.push(
      reasonAction({
        label: t("report.open"),
        name: t("report.item", { title: item.title }),
        fieldLabel: t("report.reason"),
        hint: t("report.contentHint"),
        submit: t("report.send"),
        run: (reason) => reportPost(item.id, reason),
        success: t("report.sent"),
        look: "link",
      }),
    );
  }
  if (moderator && published) {
    actions.push(
      reasonAction({
        label: t("moderation.hide"),
        name: t("moderation.hideItem", { title: item.title }),
        fieldLabel: t("moderation.reasonContent"),
        submit: t("moderation.confirmHide"),
        run: (reason) => hidePost(item.id, reason),
        after: () => reload(t("moderation.contentHidden")),
      }),
    );
  }
  if (moderator && hidden) {
    actions.push(
      reasonAction({
        label: t("moderation.restore"),
        name: t("moderation.restoreItem", { title: item.title }),
        fieldLabel: t("moderation.restoreReason"),
        submit: t("moderation.confirmRestore"),
        run: (reason) => restorePost(item.id, reason),
        after: () => reload(t("moderation.contentRestored")),
        look: "primary",
      }),
    );
  }
  // Its moderators restore it; its other editors may try to publish it, and are told why not.
  const notice =
    hidden && item.hiddenReason !== null
      ? h(
          "div",
          { class: "warning hidden-notice", role: "note" },
          h("p", {}, h("strong", {}, t("content.hiddenNotice", { reason: item.hiddenReason }))),
          h("p", {}, moderator ? t("content.hiddenModerator") : t("content.hiddenWho")),
          !moderator && item.viewerCanEdit ? h("p", {}, publishControl(publish, item.id, () => reload(), publishRefusal)) : null,
        )
      : null;
  return { notice, buttons: actions.map((action) => action.toggle), panels: actions.map((action) => action.panel) };
}

/** The outcome of an action on the page, announced; it takes the focus once drawn (`focusNotice`). */
export function pageNotice(notice: string | undefined): HTMLElement | null {
  return notice ? h("p", { role: "status", class: "notice page-notice", tabindex: "-1" }, notice) : null;
}

/** Draws an item page again with `notice`, then gives the notice the focus. */
export function reloadWith(render: (notice?: string) => Promise<void>): (notice?: string) => void {
  return (notice) => void render(notice).then(() => document.querySelector<HTMLElement>("main .page-notice")?.focus());
}

/**
 * An item the viewer cannot read: why that may be; after hiding it (`notice`), the outcome
 * and the way to the moderation page instead (a moderator who does not edit it no longer
 * reads it).
 */
export function itemNotFound(main: HTMLElement, signedIn: boolean, notice?: string): void {
  replace(
    main,
    h("h1", { tabindex: "-1" }, t("notFound")),
    pageNotice(notice),
    notice ? h("p", {}, h("a", { href: "/moderacion" }, t("nav.moderation"))) : notFoundBody(signedIn),
  );
}
