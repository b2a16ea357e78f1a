// Discussions and questions: the list, starting one (in the network, the agency or a group),
// a thread with its replies (server-sanitised HTML) and reply forms with a markdown preview,
// accepting an answer, and the comments under a case study, practice or guideline.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { ThreadQuery, ThreadsQuery } from "../generated/operations";
import type { DiscussionKindValue, StartDiscussionInput, VisibilityValue } from "../generated/schema";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { markdownField } from "../markdown";
import { navigate } from "../router";
import { bookmarkButton } from "./bookmarks";
import { showError } from "./editor";
import { hidePost, moderates, reasonAction, reportPost, restorePost } from "./moderation";
import { date, failure, heading, loading, person, safeHtml, type Person } from "./common";
import { notFoundBody, signedOutNote, signedOutPanel } from "./states";

type Thread = NonNullable<ThreadQuery["discussion"]>;
/** A reply and the replies to it (one level: replies to those have none). */
type Answer = Thread["replies"][number]["replies"][number];
type Reply = Answer & { replies?: Answer[] };

/** What the viewer may do on a thread's posts. */
interface Powers {
  signedIn: boolean;
  memberId: string | null;
  canAccept: boolean;
  moderator: boolean;
}

const REPLY_FIELDS = `id bodyHtml accepted createdAt author { id name }`;
const THREAD = graphql(`query Thread($id: ID!) {
  viewer { signedIn member { id roles agency { id } } }
  discussion(id: $id) { id kind title bodyHtml createdAt author { id name } hiddenReason
    agency { id } group { slug name viewerMembership { role status } } acceptedAnswer { id }
    subject { __typename id ... on CaseStudy { title } ... on Practice { title } ... on Guideline { title } }
    replies { ${REPLY_FIELDS} replies { ${REPLY_FIELDS} } } } }`);

const START = graphql(`mutation Start($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }`);
const REPLY = graphql(`mutation Reply($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }`);
const ACCEPT = graphql(`mutation AcceptAnswer($id: ID!) { acceptAnswer(replyId: $id) { id } }`);

/** A form posting a reply (to the thread, or to one reply); `done` runs after it is saved. */
function replyForm(discussionId: string, parentId: string | null, done: () => void): HTMLFormElement {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const suffix = parentId ? `-${parentId.replace(/[^\w]/g, "")}` : "";
  const body = markdownField(`body${suffix}`, parentId ? t("discussion.answerThis") : t("discussion.yourReply"), { rows: parentId ? 3 : 5 });
  const form = h("form", { class: "reply-form", novalidate: true }, summary, body.element, h("button", { type: "submit" }, t("discussion.send")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await gql(REPLY, { input: { discussionId, parentId, body: body.textarea.value } });
      done();
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return form;
}

/** "Report" for members other than the author, "Hide" for the thread's moderators. */
function postActions(targetId: string, author: Person | null, powers: Powers, reload: (notice: string) => void, isThread: boolean): { buttons: HTMLElement[]; panels: HTMLElement[] } {
  const buttons: HTMLElement[] = [];
  const panels: HTMLElement[] = [];
  if (powers.signedIn && (!author || author.id !== powers.memberId)) {
    const report = reasonAction({
      label: t("report.open"),
      name: isThread ? t("report.thread") : author ? t("report.reply", { name: author.name }) : t("report.replyAnon"),
      fieldLabel: t("report.reason"),
      hint: t("report.hint"),
      submit: t("report.send"),
      run: (reason) => reportPost(targetId, reason),
      success: t("report.sent"),
      look: "link",
    });
    buttons.push(report.toggle);
    panels.push(report.panel);
  }
  if (powers.moderator) {
    const hide = reasonAction({
      label: t("moderation.hide"),
      name: isThread ? t("moderation.hideThread") : author ? t("moderation.hideReply", { name: author.name }) : t("moderation.hideReplyAnon"),
      fieldLabel: t("moderation.reason"),
      submit: t("moderation.confirmHide"),
      run: (reason) => hidePost(targetId, reason),
      after: () => reload(t("moderation.hidden")),
    });
    buttons.push(hide.toggle);
    panels.push(hide.panel);
  }
  return { buttons, panels };
}

function replyItem(thread: Thread, reply: Reply, powers: Powers, reload: (notice?: string) => void, nested: boolean): HTMLElement {
  const { signedIn, canAccept } = powers;
  const actions: HTMLElement[] = [];
  const panels: HTMLElement[] = [];
  if (signedIn && !nested) {
    const slot = h("div", {});
    const answer = h("button", { type: "button", class: "link", "aria-expanded": "false" }, t("discussion.answer"));
    answer.addEventListener("click", () => {
      if (slot.firstChild) {
        slot.replaceChildren();
        answer.setAttribute("aria-expanded", "false");
        return;
      }
      answer.setAttribute("aria-expanded", "true");
      slot.replaceChildren(replyForm(thread.id, reply.id, () => reload()));
      slot.querySelector("textarea")?.focus();
    });
    actions.push(answer);
    panels.push(slot);
  }
  if (canAccept && !reply.accepted) {
    actions.push(
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: async () => {
            await gql(ACCEPT, { id: reply.id });
            reload();
          },
        },
        t("discussion.accept"),
      ),
    );
  }
  const moderation = postActions(reply.id, reply.author, powers, reload, false);
  actions.push(...moderation.buttons);
  panels.push(...moderation.panels);
  return h(
    "li",
    { class: reply.accepted ? "reply accepted" : "reply", id: `respuesta-${reply.id.replace(/[^\w]/g, "")}` },
    h("p", { class: "meta" }, person(reply.author), ` · ${date(reply.createdAt)}`, reply.accepted ? ` · ${t("discussion.accepted")}` : ""),
    safeHtml(reply.bodyHtml),
    actions.length ? h("div", { class: "post-actions" }, actions) : null,
    panels,
    reply.replies?.length ? h("ul", { class: "replies" }, reply.replies.map((r) => replyItem(thread, r, powers, reload, true))) : null,
  );
}

/**
 * A thread and its replies. `notice` (the outcome of a moderator's action) is announced at the
 * top and takes the focus.
 */
export async function discussion(main: HTMLElement, id: string, notice?: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(THREAD, { id });
    const thread = data.discussion;
    if (!thread) {
      // A moderator who just hid a thread may no longer read it: the outcome, and the way back.
      replace(
        main,
        heading(t("notFound")),
        notice ? h("p", { role: "status", class: "notice", tabindex: "-1" }, notice) : null,
        notice ? h("p", {}, h("a", { href: "/moderacion" }, t("nav.moderation"))) : notFoundBody(data.viewer.signedIn),
      );
      return;
    }
    document.title = `${thread.title} · Plaza`;
    const signedIn = data.viewer.signedIn;
    const member = data.viewer.member;
    const powers: Powers = {
      signedIn,
      memberId: member?.id ?? null,
      canAccept: thread.kind === "QUESTION" && Boolean(member) && member?.id === thread.author?.id,
      moderator: moderates(member, thread),
    };
    const reload = (message?: string) =>
      void discussion(main, id, message).then(() =>
        document.querySelector<HTMLElement>(message ? "main .notice" : "main h2.replies-heading")?.focus(),
      );
    const subjectPath = thread.subject ? subjectLink(thread.subject) : null;
    const bookmark = await bookmarkButton(thread.id, signedIn);
    const threadActions = thread.hiddenReason
      ? { buttons: [], panels: [] }
      : postActions(thread.id, thread.author, powers, reload, true);
    const restore =
      thread.hiddenReason && powers.moderator
        ? reasonAction({
            label: t("moderation.restore"),
            name: t("moderation.restoreThread"),
            fieldLabel: t("moderation.reason"),
            submit: t("moderation.confirmRestore"),
            run: (reason) => restorePost(thread.id, reason),
            after: () => reload(t("moderation.restored")),
          })
        : null;
    replace(
      main,
      h(
        "article",
        {},
        heading(thread.title),
        notice ? h("p", { role: "status", class: "notice", tabindex: "-1" }, notice) : null,
        h(
          "p",
          { class: "meta" },
          thread.kind === "QUESTION" ? `${t("discussion.question")} · ` : "",
          person(thread.author),
          ` · ${date(thread.createdAt)}`,
          thread.group ? [" · ", h("a", { href: `/grupos/${encodeURIComponent(thread.group.slug)}` }, thread.group.name)] : null,
        ),
        thread.hiddenReason ? h("p", { class: "warning", role: "note" }, t("moderation.hiddenNotice", { reason: thread.hiddenReason })) : null,
        subjectPath,
        safeHtml(thread.bodyHtml),
        bookmark || threadActions.buttons.length || restore
          ? h("div", { class: "post-actions" }, bookmark, threadActions.buttons, restore?.toggle)
          : null,
        threadActions.panels,
        restore?.panel,
        h(
          "section",
          { "aria-labelledby": "replies-heading" },
          h("h2", { id: "replies-heading", class: "replies-heading", tabindex: "-1" }, t("discussion.replies", { count: shownReplies(thread.replies) })),
          thread.replies.length
            ? h("ul", { class: "replies" }, thread.replies.map((r) => replyItem(thread, r, powers, reload, false)))
            : h("p", {}, t("discussion.noReplies")),
          signedIn ? replyForm(thread.id, null, () => reload()) : signedOutNote("signedOut.reply", location.pathname),
        ),
      ),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}

/** How many replies the thread shows (the API's `replyCount` also counts hidden ones). */
function shownReplies(replies: Reply[]): number {
  return replies.reduce((sum, reply) => sum + 1 + (reply.replies?.length ?? 0), 0);
}

function subjectLink(subject: NonNullable<Thread["subject"]>): HTMLElement {
  const base = subject.__typename === "Practice" ? "/practicas" : subject.__typename === "Guideline" ? "/guias" : "/casos";
  return h("p", {}, t("discussion.commentsOn"), " ", h("a", { href: `${base}/${encodeURIComponent(subject.id)}` }, "title" in subject ? subject.title : ""));
}

type ListData = ThreadsQuery;

/** The threads as cards; `empty` says why there are none and what to do. */
function threadList(edges: ListData["discussions"]["edges"], empty: string): HTMLElement {
  if (edges.length === 0) return h("p", { class: "empty" }, empty);
  return h(
    "ul",
    { class: "cards" },
    edges.map(({ node }) =>
      h(
        "li",
        { class: "card" },
        h("h3", {}, h("a", { href: `/debates/${encodeURIComponent(node.id)}` }, node.title)),
        h(
          "p",
          { class: "meta" },
          node.kind === "QUESTION" ? `${t("discussion.question")} · ` : "",
          person(node.author),
          ` · ${date(node.createdAt)} · ${t("discussion.replyCount", { count: node.replyCount })}`,
          node.group ? ` · ${node.group.name}` : "",
        ),
      ),
    ),
  );
}

const LIST = graphql(`query Threads($filter: DiscussionFilterInput) { viewer { signedIn }
  discussions(filter: $filter, first: 50) { edges { node { id kind title replyCount createdAt author { id name } group { name } } } } }`);

/** Threads the viewer may read, with a form to start one; `groupId` narrows to a group's. */
export async function threads(container: HTMLElement, options: { groupId?: string; subjectId?: string; headingLevel?: "h2" } = {}): Promise<void> {
  const filter = options.groupId ? { groupId: options.groupId } : options.subjectId ? { subjectId: options.subjectId } : {};
  const data = await gql(LIST, { filter });
  const signedIn = data.viewer.signedIn;
  const empty = options.subjectId
    ? `${t("discussion.noComments")}${signedIn ? ` ${t("discussion.firstComment")}` : ""}`
    : options.groupId
      ? t("discussion.noneGroup")
      : `${t("discussion.none")}${signedIn ? ` ${t("discussion.noneStart")}` : ""}`;
  // Signed out: what members see and the way in (a note under comments, a panel on /debates).
  const signedOut = options.subjectId ? signedOutNote("signedOut.comments", location.pathname) : signedOutPanel("signedOut.discussions", location.pathname);
  replace(container, threadList(data.discussions.edges, empty), signedIn ? startForm(options) : signedOut);
}

/** A comment's title: its first words without markdown marks. */
export function commentTitle(markdown: string): string {
  const plain = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`#>~|]/g, "")
    .split(/\s+/)
    .filter(Boolean);
  const words = plain.slice(0, 12).join(" ");
  return (words.length > 120 ? `${words.slice(0, 119)}…` : words) || "—";
}

/** The form that starts a thread: in a group, as a comment on an item, or in the network. */
function startForm(options: { groupId?: string; subjectId?: string }): HTMLElement {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const comment = Boolean(options.subjectId);
  const titleInput = h("input", { id: "f-title", name: "title", type: "text", maxlength: "200", "data-field": "title", "aria-describedby": "title-error" });
  const body = markdownField("body", comment ? t("discussion.yourComment") : t("discussion.body"), { rows: 5 });
  const kind = h(
    "fieldset",
    { class: "choices", "data-field": "kind" },
    h("legend", {}, t("discussion.kind")),
    h("label", { class: "choice" }, h("input", { type: "radio", name: "kind", value: "DISCUSSION", checked: true }), ` ${t("discussion.kind.discussion")}`),
    h("label", { class: "choice" }, h("input", { type: "radio", name: "kind", value: "QUESTION" }), ` ${t("discussion.kind.question")}`),
  );
  const visibility = h(
    "fieldset",
    { class: "choices", "data-field": "visibility" },
    h("legend", {}, t("editor.visibility")),
    [
      ["NETWORK", t("editor.visibility.network")],
      ["PUBLIC", t("editor.visibility.public")],
      ["AGENCY", t("editor.visibility.agency")],
    ].map(([value, label]) => h("label", { class: "choice" }, h("input", { type: "radio", name: "visibility", value: value!, checked: value === "NETWORK" }), ` ${label}`)),
    h("p", { id: "visibility-error", class: "field-error", hidden: true }),
  );
  const form = h(
    "form",
    { class: "editor start-form", novalidate: true },
    h("h2", {}, comment ? t("discussion.comment") : t("discussion.start")),
    summary,
    comment ? null : h("div", { class: "field" }, h("label", { for: "f-title" }, t("discussion.title")), titleInput, h("p", { id: "title-error", class: "field-error", hidden: true })),
    comment ? null : kind,
    body.element,
    comment || options.groupId ? null : visibility,
    h("button", { type: "submit" }, comment ? t("discussion.sendComment") : t("discussion.send")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const text = body.textarea.value.trim();
    // A comment's title is its first words.
    const title = comment ? commentTitle(text) : String(values.get("title") ?? "");
    // The radio buttons' values are the enums' (the server refuses any other).
    const input: StartDiscussionInput = { title, body: body.textarea.value, kind: comment ? "DISCUSSION" : (String(values.get("kind") ?? "DISCUSSION") as DiscussionKindValue) };
    if (options.subjectId) input.subjectId = options.subjectId;
    else if (options.groupId) Object.assign(input, { groupId: options.groupId, visibility: "GROUP" });
    else input.visibility = String(values.get("visibility") ?? "NETWORK") as VisibilityValue;
    try {
      const started = await gql(START, { input });
      navigate(`/debates/${encodeURIComponent(started.startDiscussion.id)}`);
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return form;
}

/** `/debates`: every thread the viewer may read, and a form to start one. */
export async function discussions(main: HTMLElement): Promise<void> {
  const title = heading(t("discussion.all"));
  const body = h("div", {}, loading());
  replace(main, title, body);
  try {
    await threads(body);
  } catch (error) {
    replace(body, failure(error));
  }
}

/** The comments under a case study, practice or guideline. */
export function comments(subjectId: string): HTMLElement {
  const body = h("div", {}, loading());
  void threads(body, { subjectId }).catch((error: unknown) => replace(body, failure(error)));
  return h("section", { class: "comments", "aria-labelledby": "comments-heading" }, h("h2", { id: "comments-heading" }, t("discussion.comments")), body);
}
