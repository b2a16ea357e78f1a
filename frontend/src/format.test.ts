import { describe, expect, it } from "vitest";
import { formatMessage, placeholders, pluralCategory } from "./format";

const RESULTS = "{count, plural, one {# resultado} other {# resultados}}";

describe("plural selection", () => {
  it("follows each language's rules", () => {
    expect(formatMessage(RESULTS, { count: 1 }, "es")).toBe("1 resultado");
    expect(formatMessage(RESULTS, { count: 3 }, "es")).toBe("3 resultados");
    expect(formatMessage(RESULTS, { count: 0 }, "es")).toBe("0 resultados");
    expect(formatMessage("{count, plural, one {# resultat} other {# resultats}}", { count: 1 }, "ca")).toBe("1 resultat");
    expect(formatMessage("{count, plural, one {# resultat} other {# resultats}}", { count: 2 }, "ca")).toBe("2 resultats");
    expect(formatMessage("{count, plural, one {# result} other {# results}}", { count: 1 }, "en")).toBe("1 result");
    // Portuguese counts 0 and 1 as singular; Spanish and Catalan only 1.
    expect(formatMessage("{count, plural, one {# membro} other {# membros}}", { count: 0 }, "pt")).toBe("0 membro");
    expect(pluralCategory(0, "pt")).toBe("one");
    expect(pluralCategory(0, "es")).toBe("other");
  });

  it("prefers an exact match, and falls back to `other` for a category without a branch", () => {
    const useful = "{count, plural, =0 {} one {# persona} other {# personas}}";
    expect(formatMessage(useful, { count: 0 }, "es")).toBe("");
    expect(formatMessage(useful, { count: 1 }, "es")).toBe("1 persona");
    // A million is "many" in Spanish (un millón de…): no such branch, so `other`.
    expect(pluralCategory(1_000_000, "es")).toBe("many");
    expect(formatMessage(RESULTS, { count: 1_000_000 }, "es")).toBe("1.000.000 resultados");
  });

  it("writes the count the language's way", () => {
    expect(formatMessage(RESULTS, { count: 12345 }, "es")).toBe("12.345 resultados");
    expect(formatMessage("{count, plural, one {# result} other {# results}}", { count: 12345 }, "en")).toBe("12,345 results");
  });

  it("fills placeholders around and inside the plural branches", () => {
    const message = "{shown} de {total, plural, one {# resultado} other {# resultados}} para «{query}»";
    expect(formatMessage(message, { shown: 10, total: 42, query: "tiktok" }, "es")).toBe("10 de 42 resultados para «tiktok»");
    expect(formatMessage("{a, plural, one {# línea} other {# líneas}}, {b, plural, one {# eliminada} other {# eliminadas}}", { a: 1, b: 3 }, "es")).toBe(
      "1 línea, 3 eliminadas",
    );
    expect(formatMessage("{n, plural, other {# de {who}}}", { n: 2, who: "Ana" }, "es")).toBe("2 de Ana");
  });

  it("keeps apostrophes, a lone # and unknown placeholders as they are", () => {
    expect(formatMessage("Casos d'estudi #1 de {agency}", {}, "ca")).toBe("Casos d'estudi #1 de {agency}");
    expect(formatMessage(RESULTS, {}, "es")).toBe(RESULTS);
  });

  it("lists the values a message uses", () => {
    expect(placeholders("{shown} de {total, plural, one {# x} other {# {query}}}")).toEqual(["query", "shown", "total"]);
    expect(placeholders("Sin nada")).toEqual([]);
  });
});
