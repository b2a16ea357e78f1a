// Bookmarks: the "Save" toggle on case studies, practices, guidelines and discussions, and
// `/guardados`, the member's private list of what they saved.
import { gql } from "../api";
import { h, replace } from "../dom";
import { graphql } from "../graphql";
import { t } from "../i18n";
import type { Key } from "../locales/es";
import { SIGNED_IN, failure, heading, itemPath, loading } from "./common";
import { membersOnly, problemText } from "./states";

export const BOOKMARKS = `bookmarks { __typename id ... on CaseStudy { title } ... on Practice { title } ... on Guideline { title } ... on Discussion { title } }`;
const SAVED = graphql(`query Bookmarks { ${BOOKMARKS} }`);
const SAVED_IDS = graphql(`query BookmarkIds { bookmarks { id } }`);

const ADD = graphql(`mutation Bookmark($id: ID!) { bookmark(targetId: $id) }`);
const REMOVE = graphql(`mutation RemoveBookmark($id: ID!) { removeBookmark(targetId: $id) }`);

/** The kind of a saved item, in words ("Caso de estudio"). */
export function kindLabel(typename: string): string {
  return t(`item.${typename}` as Key);
}

/**
 * "Save" (aria-pressed) for an item the signed-in viewer can read, with a status message; null
 * for anonymous viewers. Whether it is saved comes from the viewer's bookmarks.
 */
export async function bookmarkButton(targetId: string, signedIn: boolean): Promise<HTMLElement | null> {
  if (!signedIn) return null;
  const data = await gql(SAVED_IDS).catch(() => null);
  if (!data) return null;
  let saved = data.bookmarks.some((b) => b.id === targetId);
  const button = h("button", { type: "button", class: "secondary bookmark", "aria-pressed": String(saved) }, t("bookmark.save"));
  const status = h("span", { role: "status", class: "action-status" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await (saved ? gql(REMOVE, { id: targetId }) : gql(ADD, { id: targetId }));
      saved = !saved;
      button.setAttribute("aria-pressed", String(saved));
      status.textContent = saved ? t("bookmark.saved") : t("bookmark.removed");
    } catch (error) {
      status.textContent = problemText(error);
    } finally {
      button.disabled = false;
      button.focus();
    }
  });
  return h("span", { class: "bookmark-toggle" }, button, " ", status);
}

/** `/guardados`: what the member saved, newest first, each with a "Remove" button. */
export async function bookmarks(main: HTMLElement): Promise<void> {
  document.title = `${t("bookmarks")} · Plaza`;
  const title = heading(t("bookmarks"));
  replace(main, title, loading());
  try {
    const signedIn = (await gql(SIGNED_IN)).viewer.signedIn;
    if (!signedIn) {
      replace(main, title, membersOnly("signedOut.bookmarks", "/guardados"));
      return;
    }
    const data = await gql(SAVED);
    const status = h("p", { role: "status", class: "notice", id: "bookmarks-status", tabindex: "-1" });
    // No count over an empty list: the message below says it is empty, and what to save.
    const count = h("p", { class: "meta", hidden: data.bookmarks.length === 0 }, t("bookmarks.count", { count: data.bookmarks.length }));
    const empty = h("p", { hidden: data.bookmarks.length > 0 }, t("bookmarks.none"));
    const list = h("ul", { class: "saved" });
    for (const item of data.bookmarks) {
      const label = "title" in item ? item.title : "—";
      const row = h(
        "li",
        { class: "saved-item" },
        h("span", { class: "saved-kind" }, kindLabel(item.__typename)),
        h("a", { href: itemPath(item.__typename, item.id) }, label),
      );
      const remove = h(
        "button",
        { type: "button", class: "secondary", "aria-label": t("bookmarks.removeTitle", { title: label }) },
        t("bookmarks.remove"),
      );
      remove.addEventListener("click", async () => {
        remove.disabled = true;
        try {
          await gql(REMOVE, { id: item.id });
        } catch (error) {
          remove.disabled = false;
          status.textContent = problemText(error);
          return;
        }
        // The focus moves to the next item's link (or the previous one, or the message).
        const next = (row.nextElementSibling ?? row.previousElementSibling)?.querySelector<HTMLElement>("a");
        row.remove();
        const left = list.children.length;
        count.textContent = t("bookmarks.count", { count: left });
        count.hidden = left === 0;
        empty.hidden = left > 0;
        status.textContent = t("bookmarks.removedTitle", { title: label });
        (next ?? status).focus();
      });
      row.append(remove);
      list.append(row);
    }
    replace(main, title, h("p", { class: "lead" }, t("bookmarks.intro")), status, count, list, empty);
  } catch (error) {
    replace(main, title, failure(error));
  }
}
