import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { catalogueLoader, type Catalogue, type Importers } from "./i18n";
import { es } from "./locales/es";

const english = { ...es, "nav.home": "Home" } as Catalogue;
const catalan = { ...es, "nav.home": "Inici" } as Catalogue;

/** Importers that count their calls; English answers `english`, the others as told. */
function importers(overrides: Partial<Importers> = {}) {
  const calls = { en: 0, ca: 0, pt: 0 };
  const counted = (language: keyof Importers, importer: () => Promise<Catalogue>) => () => {
    calls[language] += 1;
    return importer();
  };
  const table: Importers = {
    en: counted("en", overrides.en ?? (() => Promise.resolve(english))),
    ca: counted("ca", overrides.ca ?? (() => Promise.resolve(catalan))),
    pt: counted("pt", overrides.pt ?? (() => Promise.reject(new Error("offline")))),
  };
  return { calls, table };
}

describe("the catalogue loader", () => {
  it("has Spanish from the start, without loading anything", async () => {
    const { calls, table } = importers();
    const loader = catalogueLoader(table);
    expect(loader.get("es")).toBe(es);
    expect(await loader.load("es")).toBe("es");
    expect(calls).toEqual({ en: 0, ca: 0, pt: 0 });
  });

  it("loads a catalogue once: calls while it loads share the request, later ones the catalogue", async () => {
    const { calls, table } = importers();
    const loader = catalogueLoader(table);
    expect(loader.get("en")).toBeUndefined();
    const [first, second] = await Promise.all([loader.load("en"), loader.load("en")]);
    expect([first, second]).toEqual(["en", "en"]);
    expect(await loader.load("en")).toBe("en");
    expect(loader.get("en")).toBe(english);
    expect(calls.en).toBe(1);
    expect(calls.ca).toBe(0);
  });

  it("falls back to Spanish when a catalogue fails to load, and tries again next time", async () => {
    let fail = true;
    const warn = vi.fn();
    const { calls, table } = importers({ ca: () => (fail ? Promise.reject(new Error("offline")) : Promise.resolve(catalan)) });
    const loader = catalogueLoader(table, warn);
    expect(await loader.load("ca")).toBe("es");
    expect(loader.get("ca")).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    fail = false;
    expect(await loader.load("ca")).toBe("ca");
    expect(loader.get("ca")).toBe(catalan);
    expect(calls.ca).toBe(2);
  });

  it("falls back to Spanish when the importer throws instead of rejecting", async () => {
    const warn = vi.fn();
    const { table } = importers({
      en: () => {
        throw new Error("no chunk");
      },
    });
    expect(await catalogueLoader(table, warn).load("en")).toBe("es");
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe("speaking a language", () => {
  beforeEach(() => {
    vi.resetModules();
    (globalThis as { document?: unknown }).document = { documentElement: { lang: "es" } };
    const store = new Map<string, string>();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => store.set(key, value),
    };
  });
  afterEach(() => {
    vi.doUnmock("./locales/pt");
    vi.restoreAllMocks();
  });
  const lang = () => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang;

  it("waits for the catalogue, then speaks it, plurals included", async () => {
    const i18n = await import("./i18n");
    // Not loaded yet: its messages are still the Spanish ones.
    expect(i18n.t("search.results", { count: 1 }, "en")).toBe("1 resultado");
    const switching = i18n.setLanguage("en");
    expect(i18n.language()).toBe("es");
    expect(await switching).toBe("en");
    expect(i18n.language()).toBe("en");
    expect(lang()).toBe("en");
    expect(i18n.t("search.results", { count: 1 })).toBe("1 result");
    expect(i18n.t("search.results", { count: 3 })).toBe("3 results");
    expect(i18n.storedLanguage()).toBe("en");
    // Spanish, and a catalogue already loaded, apply at once.
    void i18n.setLanguage("es", false);
    expect(i18n.language()).toBe("es");
    void i18n.setLanguage("en", false);
    expect(i18n.language()).toBe("en");
  });

  it("speaks Spanish, without failing, when the catalogue does not load", async () => {
    vi.doMock("./locales/pt", () => {
      throw new Error("offline");
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const i18n = await import("./i18n");
    const changed = vi.fn();
    (globalThis as { document: { dispatchEvent?: unknown } }).document.dispatchEvent = changed;
    expect(await i18n.switchLanguage("pt")).toBe("es");
    expect(i18n.language()).toBe("es");
    expect(lang()).toBe("es");
    expect(i18n.t("search.results", { count: 2 })).toBe("2 resultados");
    expect(changed).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalled();
  });

  it("speaks the last language asked for, whichever catalogue loads first", async () => {
    const i18n = await import("./i18n");
    const english = i18n.setLanguage("en", false);
    const spanish = i18n.setLanguage("es", false);
    expect(await spanish).toBe("es");
    await english;
    expect(i18n.language()).toBe("es");
    const catalan = i18n.setLanguage("ca", false);
    const portuguese = i18n.setLanguage("pt", false);
    await Promise.all([catalan, portuguese]);
    expect(i18n.language()).toBe("pt");
    expect(lang()).toBe("pt");
  });
});
