import { describe, expect, it } from "vitest";
import { isFile } from "../router";
import { datasetsOf } from "./opendata";

const catalogue = {
  "@context": { dcat: "http://www.w3.org/ns/dcat#" },
  "dcat:dataset": [
    {
      "@id": "https://plaza.example/datos#casos",
      "dct:title": [
        { "@value": "Casos", "@language": "es" },
        { "@value": "Case studies", "@language": "en" },
      ],
      "dct:description": { "@value": "Casos documentados", "@language": "es" },
      "dct:modified": { "@value": "2026-12-01T10:00:00Z", "@type": "xsd:dateTime" },
      "dcat:distribution": [
        { "dcat:downloadURL": { "@id": "https://plaza.example/datos/casos.csv" } },
        { "dcat:downloadURL": { "@id": "https://plaza.example/datos/casos.json" } },
      ],
    },
    {
      "@id": "https://plaza.example/datos#guias",
      "dct:title": { "@value": "Guías", "@language": "es" },
      "dcat:distribution": { "dcat:downloadURL": { "@id": "https://plaza.example/datos/guias.csv" } },
    },
  ],
};

describe("open data page", () => {
  it("reads datasets in the reader's language, falling back to Spanish", () => {
    const [cases, guides] = datasetsOf(catalogue, "en");
    expect(cases?.title).toBe("Case studies");
    expect(cases?.description).toBe("Casos documentados");
    expect(cases?.modified).toBe("2026-12-01T10:00:00Z");
    expect(cases?.downloads).toEqual([
      { format: "CSV", url: "/datos/casos.csv" },
      { format: "JSON", url: "/datos/casos.json" },
    ]);
    // A single value instead of an array, and no modification date: an empty dataset.
    expect(guides?.title).toBe("Guías");
    expect(guides?.modified).toBeNull();
    expect(guides?.downloads).toHaveLength(1);
  });

  it("reads nothing out of something that is not a catalogue", () => {
    expect(datasetsOf(null, "es")).toEqual([]);
    expect(datasetsOf({ "dcat:dataset": [] }, "ca")).toEqual([]);
  });

  it("leaves files to the browser: feeds, data and catalogues are not pages of the app", () => {
    expect(isFile("/datos/casos.csv")).toBe(true);
    expect(isFile("/feed.atom")).toBe(true);
    expect(isFile("/datos/catalogo.jsonld")).toBe(true);
    expect(isFile("/datos")).toBe(false);
    expect(isFile("/casos/Q2FzZQ")).toBe(false);
  });
});

describe("private feed", () => {
  it("carries the search and the key in both formats, encoded", async () => {
    const { privateFeedUrls } = await import("./privatefeed");
    const urls = privateFeedUrls("plataforma:tiktok nivel:local", "plzf_a-b_c");
    expect(urls.atom).toBe("/feed.atom?q=plataforma%3Atiktok%20nivel%3Alocal&key=plzf_a-b_c");
    expect(urls.rss).toBe("/feed.rss?q=plataforma%3Atiktok%20nivel%3Alocal&key=plzf_a-b_c");
  });
});
