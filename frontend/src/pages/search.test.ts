import { describe, expect, it } from "vitest";
import { countryName, languageName } from "./search";

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
