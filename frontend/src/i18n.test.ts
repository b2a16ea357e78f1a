import { describe, expect, it } from "vitest";
import { catalogues, initialLanguage, t } from "./i18n";
import { es } from "./locales/es";

describe("i18n", () => {
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
  });

  it("chooses the stored language, then the browser's, then Spanish", () => {
    expect(initialLanguage("ca", ["en-GB"])).toBe("ca");
    expect(initialLanguage(null, ["pt-BR", "en"])).toBe("pt");
    expect(initialLanguage("xx", ["de-DE"])).toBe("es");
  });
});
