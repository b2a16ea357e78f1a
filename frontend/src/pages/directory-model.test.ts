import { describe, expect, it } from "vitest";
import { languageLabel } from "./directory";
import {
  NO_DIRECTORY,
  QUERY_MAX,
  agencyFilter,
  agencyParams,
  agencyPath,
  countriesOf,
  directoryFilter,
  directoryParams,
  directoryPath,
  isFiltered,
  isNarrowed,
  questionOf,
  withoutFilter,
} from "./directory-model";

const url = (query: string) => new URLSearchParams(query);

describe("the directory in the address", () => {
  it("reads the question and every filter", () => {
    const view = directoryParams(url("q=whatsapp+atenci%C3%B3n+ciudadana&plataforma=TikTok&objetivo=citizen_service&idioma=CA&nivel=local&pais=es"));
    expect(view).toEqual({ q: "whatsapp atención ciudadana", platform: "tiktok", objective: "citizen_service", language: "ca", level: "local", country: "ES" });
  });

  it("ignores what is malformed: unknown languages, odd codes, long countries", () => {
    const view = directoryParams(url("plataforma=tik tok&idioma=xx&nivel=<b>&pais=ESP&objetivo="));
    expect(view).toEqual(NO_DIRECTORY);
  });

  it("trims the question, collapses its spaces and cuts it at the API's limit", () => {
    expect(questionOf("  lectura   fácil \n")).toBe("lectura fácil");
    expect(questionOf(null)).toBe("");
    expect([...questionOf("ñ".repeat(QUERY_MAX + 50))].length).toBe(QUERY_MAX);
  });

  it("writes the same view back, in Spanish, leaving out what is empty", () => {
    expect(directoryPath(NO_DIRECTORY)).toBe("/personas");
    const view = { ...NO_DIRECTORY, q: "lectura fácil", platform: "tiktok", language: "ca" };
    const path = directoryPath(view);
    expect(path).toBe("/personas?q=lectura+f%C3%A1cil&plataforma=tiktok&idioma=ca");
    expect(directoryParams(url(path.split("?")[1]!))).toEqual(view);
  });

  it("reads a form's values as the address would (empty selects are no filter)", () => {
    const values = url("q=subtitulado&plataforma=&objetivo=&idioma=es&nivel=&pais=");
    expect(directoryPath(directoryParams(values))).toBe("/personas?q=subtitulado&idioma=es");
  });

  it("sends only the filters set", () => {
    expect(directoryFilter(NO_DIRECTORY)).toBeNull();
    expect(directoryFilter({ ...NO_DIRECTORY, q: "x", platform: "tiktok", country: "PT" })).toEqual({ platform: "tiktok", country: "PT" });
  });

  it("tells a question from a filter", () => {
    expect(isNarrowed(NO_DIRECTORY)).toBe(false);
    expect(isNarrowed({ ...NO_DIRECTORY, q: "x" })).toBe(true);
    expect(isFiltered({ ...NO_DIRECTORY, q: "x" })).toBe(false);
    expect(isFiltered({ ...NO_DIRECTORY, level: "local" })).toBe(true);
  });

  it("drops the filter the API refused, and only a filter that is set", () => {
    const view = { ...NO_DIRECTORY, q: "x", platform: "myspace", language: "es" };
    expect(withoutFilter(view, "filter.platform")).toEqual({ ...view, platform: null });
    expect(withoutFilter(view, "filter.platform.0")).toEqual({ ...view, platform: null });
    expect(withoutFilter(view, "filter.level")).toBeNull();
    expect(withoutFilter(view, "query")).toBeNull();
    expect(withoutFilter(view, undefined)).toBeNull();
    expect(withoutFilter(agencyParams(url("nivel=local")), "filter.platform")).toBeNull();
  });
});

describe("the list of agencies in the address", () => {
  it("reads and writes the question, the level and the country", () => {
    const view = agencyParams(url("q=vallverde&nivel=Local&pais=es&plataforma=tiktok"));
    expect(view).toEqual({ q: "vallverde", level: "local", country: "ES" });
    expect(agencyPath(view)).toBe("/organismos?q=vallverde&nivel=local&pais=ES");
    expect(agencyPath({ q: "", level: null, country: null })).toBe("/organismos");
  });

  it("sends a filter only when one is set", () => {
    expect(agencyFilter({ q: "x", level: null, country: null })).toBeNull();
    expect(agencyFilter({ q: "", level: null, country: "PT" })).toEqual({ country: "PT" });
  });
});

describe("choices offered", () => {
  it("lists each country once, sorted, keeping the one chosen", () => {
    expect(countriesOf([{ country: "pt" }, { country: "ES" }, { country: "es" }], "AR")).toEqual(["AR", "ES", "PT"]);
  });

  it("names working languages in the interface language, as labels", () => {
    expect(languageLabel("ca", "es")).toBe("Catalán");
    expect(languageLabel("eu", "en")).toBe("Basque");
    expect(languageLabel("gl", "pt")).toBe("Galego");
  });
});
