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

/**
 * Forgets every draft this browser keeps: called when the member signs out, so the next person
 * on a shared computer never finds texts meant for one agency.
 */
export function forgetAllDrafts(storage: Storage | null = safeStorage()): number {
  if (!storage) return 0;
  const keys: string[] = [];
  try {
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // Storage refused: nothing was kept there either.
  }
  return keys.length;
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

/** A form's values by control name (files left out), as a draft keeps them. */
export type Snapshot = Record<string, string[]>;

export function snapshot(form: HTMLFormElement): Snapshot {
  const values: Snapshot = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") (values[name] ??= []).push(value);
  }
  return values;
}

/** Puts a snapshot back into the form's controls (and tells them, so dependent fields follow). */
export function restoreSnapshot(form: HTMLFormElement, values: Snapshot): void {
  for (const element of [...form.elements]) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) || !element.name) continue;
    if (element instanceof HTMLInputElement && element.type === "file") continue;
    const kept = values[element.name] ?? [];
    if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) element.checked = kept.includes(element.value);
    else element.value = kept[0] ?? "";
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

/** Something a form shows that is not one of its controls (an attachment list), kept with its draft. */
export interface DraftExtra<T> {
  get(): T;
  set(value: T): void;
}

interface KeptForm<T> {
  values: Snapshot;
  extra?: T;
}

/**
 * Keeps any editor form as a local draft under `key` (with `extra`, what the form shows beside
 * its controls): the notice offering a kept draft back (null when there is none), and `clear`
 * for once the server has the text.
 */
export function keepDraft<T = never>(form: HTMLFormElement, key: string, extra?: DraftExtra<T>): { notice: HTMLElement | null; clear: () => void } {
  const drafts = draftStore<KeptForm<T>>(key);
  const kept = drafts.load();
  let notice: HTMLElement | null = null;
  if (kept?.data?.values) {
    const data = kept.data;
    notice = restoreNotice(
      kept.savedAt,
      () => {
        restoreSnapshot(form, data.values);
        if (extra && data.extra !== undefined) extra.set(data.extra);
        notice?.remove();
        form.querySelector<HTMLElement>("input, textarea")?.focus();
      },
      () => drafts.clear(),
    );
  }
  // Once the server has the text, a save still scheduled must not bring the draft back.
  let done = false;
  const save = saveOnChange(form, () => {
    if (!done) drafts.save({ values: snapshot(form), extra: extra?.get() });
  });
  // Files added or removed change no control: the list says so with its own event.
  form.addEventListener("attachments-changed", save);
  return {
    notice,
    clear: () => {
      done = true;
      drafts.clear();
    },
  };
}
