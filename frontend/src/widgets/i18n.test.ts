import { describe, expect, it } from "vitest";
import { type LangNode, WIDGET_MESSAGES, elementLanguage, message, resolveLanguage, supportedLanguage } from "./i18n";
import { placeholders } from "../format";

/** A stand-in for a DOM element: its `lang` attribute, its parent, and (at a shadow root's top) the host. */
function node(lang: string | null, parent: LangNode | null = null, host: LangNode | null = null): LangNode {
  return {
    getAttribute: (name) => (name === "lang" ? lang : null),
    parentElement: parent,
    getRootNode: () => (host ? { host } : {}),
  };
}

describe("widget language", () => {
  it("takes the widget's own lang attribute first", () => {
    const html = node("es");
    const widget = node("ca", node(null, html));
    expect(elementLanguage(widget)).toBe("ca");
  });

  it("else the closest ancestor's, up to the page's <html lang>", () => {
    const html = node("pt-BR");
    const section = node("en-GB", node(null, html));
    expect(elementLanguage(node(null, node(null, section)))).toBe("en");
    expect(elementLanguage(node(null, node(null, html)))).toBe("pt");
  });

  it("crosses out of a shadow root to its host", () => {
    const html = node("ca");
    const host = node(null, node(null, html));
    const inside = node(null, null, host);
    expect(elementLanguage(inside)).toBe("ca");
  });

  it("falls back to Spanish when nothing is declared, or when the nearest is not a widget language", () => {
    expect(elementLanguage(node(null, node(null)))).toBe("es");
    expect(elementLanguage(node(null, node("fr", node("ca"))))).toBe("es");
    expect(elementLanguage(node("eu"))).toBe("es");
  });

  it("passes over an empty lang", () => {
    expect(elementLanguage(node("", node(" ", node("pt"))))).toBe("pt");
  });

  it("reads language tags by their primary subtag, in any case", () => {
    expect(supportedLanguage("ca-ES-valencia")).toBe("ca");
    expect(supportedLanguage("PT_pt")).toBe("pt");
    expect(supportedLanguage("es-419")).toBe("es");
    expect(supportedLanguage("en")).toBe("en");
    expect(supportedLanguage("gl")).toBeNull();
    expect(supportedLanguage("toString")).toBeNull();
    expect(supportedLanguage(null)).toBeNull();
    expect(resolveLanguage([null, undefined, "EN-us"])).toBe("en");
    expect(resolveLanguage([])).toBe("es");
  });
});

describe("widget messages", () => {
  it("exist in every language with the same values", () => {
    for (const [language, catalogue] of Object.entries(WIDGET_MESSAGES)) {
      for (const [key, template] of Object.entries(WIDGET_MESSAGES.es)) {
        const translated = (catalogue as Record<string, string>)[key];
        expect(translated, `${language}:${key}`).toBeTruthy();
        expect(placeholders(translated ?? ""), `${language}:${key}`).toEqual(placeholders(template));
      }
    }
  });

  it("choose plural forms by the language's rules", () => {
    expect(message("es", "search.all", { total: 1, query: "x" })).toBe("1 resultado para «x».");
    expect(message("ca", "search.all", { total: 1, query: "x" })).toBe("1 resultat per a «x».");
    expect(message("pt", "search.some", { shown: 5, total: 12, query: "x" })).toBe("5 de 12 resultados para «x».");
    expect(message("en", "search.all", { total: 2, query: "x" })).toBe("2 results for “x”.");
  });
});
