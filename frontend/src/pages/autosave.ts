// Drafts kept in the browser while an author writes: the form is saved locally a moment after
// each change, offered back when the editor opens again (after a closed tab, a crash, a lost
// connection), and forgotten once the server has the text.
import { h } from "../dom";
import { language, t } from "../i18n";

/** A saved draft and when it was saved. */
export interface Saved<T> {
  savedAt: string;
  data: T;
}

/** The local draft store for one editor (`case:new`, `case:<id>`). */
export interface DraftStore<T> {
  load(): Saved<T> | null;
  save(data: T): void;
  clear(): void;
}

const PREFIX = "plaza.draft.";

export function draftStore<T>(key: string, storage: Storage | null = safeStorage()): DraftStore<T> {
  const name = PREFIX + key;
  return {
    load() {
      try {
        const raw = storage?.getItem(name);
        return raw ? (JSON.parse(raw) as Saved<T>) : null;
      } catch {
        return null;
      }
    },
    save(data) {
      try {
        storage?.setItem(name, JSON.stringify({ savedAt: new Date().toISOString(), data }));
      } catch {
        // Storage full or refused: the draft is only not kept locally.
      }
    },
    clear() {
      try {
        storage?.removeItem(name);
      } catch {
        // Nothing to forget.
      }
    },
  };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Calls `save` a second after the last of a burst of changes to `form`. */
export function saveOnChange(form: HTMLFormElement, save: () => void, delay = 1000): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(save, delay);
  };
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  return schedule;
}

/** The notice offering a kept draft back: restore it, or discard it. */
export function restoreNotice(savedAt: string, restore: () => void, discard: () => void): HTMLElement {
  const when = new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(savedAt));
  const notice = h("div", { class: "notice", role: "status" });
  notice.append(
    h("p", {}, t("autosave.found", { when })),
    h(
      "p",
      { class: "item-actions" },
      h("button", { type: "button", onclick: () => restore() }, t("autosave.restore")),
      " ",
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () => {
            discard();
            notice.remove();
          },
        },
        t("autosave.discard"),
      ),
    ),
  );
  return notice;
}
