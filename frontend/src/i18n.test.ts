import { beforeAll, describe, expect, it } from "vitest";
import { placeholders } from "./format";
import { initialLanguage, labelLanguage, loadLanguage, t } from "./i18n";
import { ca } from "./locales/ca";
import { en } from "./locales/en";
import { es } from "./locales/es";
import { pt } from "./locales/pt";

const catalogues = () => ({ es, en, ca, pt });

describe("i18n", () => {
  // Only Spanish comes with the app: the others load (here, all at once) before they are spoken.
  beforeAll(async () => {
    expect(await Promise.all([loadLanguage("en"), loadLanguage("ca"), loadLanguage("pt")])).toEqual(["en", "ca", "pt"]);
  });

  it("every catalogue has every key, none empty", () => {
    for (const [language, catalogue] of Object.entries(catalogues())) {
      for (const key of Object.keys(es)) {
        expect(catalogue[key as keyof typeof es], `${language}:${key}`).toBeTruthy();
      }
    }
  });

  it("fills placeholders", () => {
    expect(t("search.results", { count: 3 }, "en")).toBe("3 results");
    expect(t("search.results", { count: 3 }, "es")).toBe("3 resultados");
    expect(t("guideline.version", { number: 2 }, "ca")).toBe("Versió 2");
  });

  it("chooses singular and plural forms in every language", () => {
    expect(t("search.results", { count: 1 }, "es")).toBe("1 resultado");
    expect(t("search.results", { count: 1 }, "ca")).toBe("1 resultat");
    expect(t("search.results", { count: 1 }, "pt")).toBe("1 resultado");
    expect(t("search.results", { count: 1 }, "en")).toBe("1 result");
    expect(t("search.results", { count: 3 }, "ca")).toBe("3 resultats");
    expect(t("group.members", { count: 1 }, "es")).toBe("1 miembro");
    expect(t("group.members", { count: 5 }, "pt")).toBe("5 membros");
    expect(t("discussion.replyCount", { count: 0 }, "es")).toBe("Sin respuestas");
    expect(t("discussion.replyCount", { count: 1 }, "en")).toBe("1 reply");
    expect(t("guideline.added", { added: 1, removed: 2 }, "es")).toBe("1 línea añadida, 2 eliminadas");
    expect(t("analytics.noneListed", { k: 3 }, "ca")).toBe("Cap cerca no s'ha repetit 3 vegades o més en aquest període.");
    expect(t("directory.count", { count: 1 }, "es")).toBe("1 persona");
    expect(t("directory.count", { count: 3 }, "en")).toBe("3 people");
    expect(t("directory.count", { count: 1 }, "en")).toBe("1 person");
    expect(t("agencies.count", { count: 2 }, "ca")).toBe("2 organismes");
    expect(t("profile.form.over", { count: 1 }, "pt")).toBe("1 carácter a mais");
  });

  it("says nothing of a count of zero where a zero reads oddly", () => {
    expect(t("endorse.count", { count: 0 }, "es")).toBe("");
    expect(t("endorse.count", { count: 1 }, "es")).toBe("1 persona lo encuentra útil");
    expect(t("endorse.count", { count: 4 }, "ca")).toBe("A 4 persones els resulta útil");
    expect(t("notifications.unread", { count: 0 }, "es")).toBe("No tienes avisos sin leer.");
    expect(t("notifications.unread", { count: 2 }, "pt")).toBe("2 avisos por ler");
  });

  it("uses the same values in every language, and every plural has its `other` form", () => {
    for (const [language, catalogue] of Object.entries(catalogues())) {
      for (const [key, template] of Object.entries(es)) {
        const translated = catalogue[key as keyof typeof es];
        expect(placeholders(translated), `${language}:${key}`).toEqual(placeholders(template));
        if (/,\s*plural\s*,/.test(translated)) expect(translated, `${language}:${key}`).toMatch(/other\s*\{/);
      }
    }
  });

  it("asks the API for taxonomy labels in the interface language", () => {
    expect(labelLanguage("es")).toBe("ES");
    expect(labelLanguage("ca")).toBe("CA");
    expect(labelLanguage("pt")).toBe("PT");
    expect(labelLanguage("en")).toBe("EN");
  });

  it("chooses the stored language, then the browser's, then Spanish", () => {
    expect(initialLanguage("ca", ["en-GB"])).toBe("ca");
    expect(initialLanguage(null, ["pt-BR", "en"])).toBe("pt");
    expect(initialLanguage("xx", ["de-DE"])).toBe("es");
  });
});
