import { describe, expect, it } from "vitest";
import { clickPosition, countryName, languageName } from "./search";

describe("facet labels", () => {
  it("names languages and countries in the interface language", () => {
    expect(languageName("ca", "es")).toBe("catalán");
    expect(languageName("pt", "en")).toBe("Portuguese");
    expect(countryName("ar", "es")).toBe("Argentina");
    expect(countryName("ES", "ca")).toBe("Espanya");
  });

  it("falls back to the code for anything it cannot name", () => {
    expect(languageName("not a code!", "es")).toBe("not a code!");
  });
});

describe("click positions", () => {
  it("are 1-based on the first page and past the tenth on later pages", () => {
    expect(clickPosition(0, true)).toBe(1);
    expect(clickPosition(9, true)).toBe(10);
    expect(clickPosition(0, false)).toBe(11);
  });
});
