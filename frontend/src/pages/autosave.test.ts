import { describe, expect, it } from "vitest";
import { draftStore, forgetAllDrafts } from "./autosave";

/** A Storage kept in memory. */
function memory(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe("drafts kept in the browser", () => {
  it("come back as saved, and are forgotten once the server has them", () => {
    const storage = memory();
    const drafts = draftStore<{ title: string }>("case:new", storage);
    expect(drafts.load()).toBeNull();
    drafts.save({ title: "Avisos por Telegram" });
    expect(drafts.load()?.data).toEqual({ title: "Avisos por Telegram" });
    drafts.clear();
    expect(drafts.load()).toBeNull();
  });

  it("are all forgotten at sign-out, and nothing else of the browser's is", () => {
    const storage = memory();
    draftStore("case:new", storage).save({ title: "interno" });
    draftStore("practice:P1", storage).save({ title: "otro" });
    storage.setItem("plaza.language", "ca");
    expect(forgetAllDrafts(storage)).toBe(2);
    expect(draftStore("case:new", storage).load()).toBeNull();
    expect(storage.getItem("plaza.language")).toBe("ca");
    expect(forgetAllDrafts(null)).toBe(0);
  });
});
