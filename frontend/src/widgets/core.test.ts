import { describe, expect, it } from "vitest";
import {
  MAX_FRAME_HEIGHT,
  clampLimit,
  describeResults,
  embedRoute,
  embedUrl,
  frameHeight,
  itemUrl,
  kindLabel,
  nextDelay,
  parseToken,
  pick,
  searchFilter,
  sectionCount,
  sectionUrl,
  splitSections,
  tokenFresh,
} from "./core";

const PLAZA = "https://plaza.example";
const attributes = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("clampLimit", () => {
  it("keeps a whole number from 1 to the maximum", () => {
    expect(clampLimit("7")).toBe(7);
    expect(clampLimit("0")).toBe(1);
    expect(clampLimit("-3")).toBe(1);
    expect(clampLimit("500")).toBe(20);
    expect(clampLimit("4.8")).toBe(4);
    expect(clampLimit("30", 5, 50)).toBe(30);
  });

  it("falls back when the attribute is absent or not a number", () => {
    expect(clampLimit(null)).toBe(5);
    expect(clampLimit("")).toBe(5);
    expect(clampLimit("muchos", 10)).toBe(10);
    expect(clampLimit("Infinity")).toBe(5);
  });
});

describe("filters", () => {
  it("picks the attributes that are set, trimmed", () => {
    expect(pick(attributes({ platform: " tiktok ", level: "", agency: "x" }), ["agency", "platform", "level"])).toEqual({
      agency: "x",
      platform: "tiktok",
    });
  });

  it("builds the search filter from lists of codes", () => {
    const read = attributes({ platform: "tiktok, whatsapp", type: "case_study practice", level: " ", agency: "demo-ayto-vallverde" });
    expect(searchFilter(read)).toEqual({
      platforms: ["tiktok", "whatsapp"],
      types: ["case_study", "practice"],
      agencies: ["demo-ayto-vallverde"],
    });
    expect(searchFilter(attributes({}))).toEqual({});
  });
});

describe("item links", () => {
  it("links each kind to its page, with the id encoded", () => {
    expect(itemUrl(PLAZA, "CASE_STUDY", "Q2FzZTox")).toBe(`${PLAZA}/casos/Q2FzZTox`);
    expect(itemUrl(PLAZA, "PRACTICE", "a/b")).toBe(`${PLAZA}/practicas/a%2Fb`);
    expect(itemUrl(PLAZA, "GUIDELINE", "x=")).toBe(`${PLAZA}/guias/x%3D`);
    expect(itemUrl(PLAZA, "DISCUSSION", "d")).toBe(`${PLAZA}/debates/d`);
  });

  it("announces how many results there are", () => {
    expect(describeResults(0, 0, "tiktok")).toBe("No hay resultados para «tiktok». Prueba con otras palabras.");
    expect(describeResults(1, 1, "tiktok")).toBe("1 resultado para «tiktok».");
    expect(describeResults(3, 3, "tiktok")).toBe("3 resultados para «tiktok».");
    expect(describeResults(42, 10, "tiktok")).toBe("10 de 42 resultados para «tiktok».");
  });

  it("announces results in the widget's language", () => {
    expect(describeResults(1, 1, "tiktok", "ca")).toBe("1 resultat per a «tiktok».");
    expect(describeResults(3, 3, "tiktok", "ca")).toBe("3 resultats per a «tiktok».");
    expect(describeResults(0, 0, "tiktok", "pt")).toBe("Não há resultados para «tiktok». Experimente outras palavras.");
    expect(describeResults(42, 10, "tiktok", "en")).toBe("10 of 42 results for “tiktok”.");
  });

  it("names what a hit is in the widget's language", () => {
    expect(kindLabel("GUIDELINE")).toBe("Guía de uso");
    expect(kindLabel("CASE_STUDY", "ca")).toBe("Cas d'estudi");
    expect(kindLabel("PRACTICE", "en")).toBe("Good practice");
    expect(kindLabel("SOMETHING_ELSE", "pt")).toBe("");
    expect(kindLabel("toString")).toBe("");
  });
});

describe("widget tokens", () => {
  const now = Date.parse("2026-01-01T10:00:00Z");

  it("reads the token and its expiry", () => {
    expect(parseToken({ token: "plz_w", expiresAt: "2026-01-01T10:05:00Z" }, now)).toEqual({ value: "plz_w", until: now + 300_000 });
    expect(parseToken({ token: "plz_w" }, now)).toEqual({ value: "plz_w", until: now + 300_000 });
    expect(parseToken({ token: "plz_w", expiresAt: "mañana" }, now)?.until).toBe(now + 300_000);
  });

  it("refuses answers without a token", () => {
    expect(parseToken({}, now)).toBeNull();
    expect(parseToken({ token: "" }, now)).toBeNull();
    expect(parseToken({ token: 42 }, now)).toBeNull();
    expect(parseToken(null, now)).toBeNull();
    expect(parseToken("plz_w", now)).toBeNull();
  });

  it("reuses a token until a minute before it expires", () => {
    expect(tokenFresh(null, now)).toBe(false);
    expect(tokenFresh({ value: "t", until: now + 61_000 }, now)).toBe(true);
    expect(tokenFresh({ value: "t", until: now + 59_000 }, now)).toBe(false);
  });
});

describe("live reconnection", () => {
  it("doubles the wait up to a minute", () => {
    expect(nextDelay(1000)).toBe(2000);
    expect(nextDelay(16_000)).toBe(32_000);
    expect(nextDelay(32_000)).toBe(60_000);
    expect(nextDelay(60_000)).toBe(60_000);
    expect(nextDelay(0)).toBe(1000);
  });
});

describe("frame heights", () => {
  it("accepts height messages only", () => {
    expect(frameHeight({ type: "plaza:height", height: 321.2 })).toBe(322);
    expect(frameHeight({ type: "plaza:height", height: 0 })).toBe(0);
    expect(frameHeight({ type: "plaza:height", height: 1e9 })).toBe(MAX_FRAME_HEIGHT);
    for (const data of [
      null,
      "plaza:height",
      { type: "plaza:height" },
      { type: "plaza:height", height: "300" },
      { type: "plaza:height", height: -1 },
      { type: "plaza:height", height: Number.NaN },
      { type: "plaza:height", height: Number.POSITIVE_INFINITY },
      { type: "other", height: 300 },
    ]) {
      expect(frameHeight(data)).toBeNull();
    }
  });
});

describe("embed addresses", () => {
  it("builds the embed page a frame shows from its attributes", () => {
    const url = new URL(
      embedUrl(PLAZA, attributes({ widget: "latest", agency: "demo-ayto-vallverde", platform: "tiktok", limit: "3", "from-agency": "demo-diputacion-sierra", guideline: "ignored" })) ?? "",
    );
    expect(url.origin + url.pathname).toBe(`${PLAZA}/embed/latest`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      agencia: "demo-ayto-vallverde",
      platform: "tiktok",
      limit: "3",
      "from-agency": "demo-diputacion-sierra",
    });
    expect(embedUrl(PLAZA, attributes({ agency: "a" }))).toBe(`${PLAZA}/embed/latest?agencia=a`);
    expect(embedUrl(PLAZA, attributes({ agency: "a" }), "ca")).toBe(`${PLAZA}/embed/latest?agencia=a&lang=ca`);
    expect(embedUrl(PLAZA, attributes({ widget: "guideline", agency: "a", guideline: "R3VpZGU6MQ==" }))).toBe(
      `${PLAZA}/embed/guideline?agencia=a&guideline=R3VpZGU6MQ%3D%3D`,
    );
  });

  it("accepts a src on Plaza's own embed pages only", () => {
    expect(embedUrl(PLAZA, attributes({ src: `${PLAZA}/embed/search?agencia=a` }))).toBe(`${PLAZA}/embed/search?agencia=a`);
    expect(embedUrl(PLAZA, attributes({ src: "/embed/latest?agencia=a" }))).toBe(`${PLAZA}/embed/latest?agencia=a`);
    // The frame's language goes along, unless the src names one.
    expect(embedUrl(PLAZA, attributes({ src: "/embed/latest?agencia=a" }), "pt")).toBe(`${PLAZA}/embed/latest?agencia=a&lang=pt`);
    expect(embedUrl(PLAZA, attributes({ src: "/embed/latest?lang=en" }), "pt")).toBe(`${PLAZA}/embed/latest?lang=en`);
    expect(embedUrl(PLAZA, attributes({ src: "https://evil.example/embed/latest" }), "pt")).toBeNull();
    expect(embedUrl(PLAZA, attributes({ src: "https://evil.example/embed/latest" }))).toBeNull();
    expect(embedUrl(PLAZA, attributes({ src: `${PLAZA}/casos/x` }))).toBeNull();
    expect(embedUrl(PLAZA, attributes({ src: "javascript:alert(1)" }))).toBeNull();
    expect(embedUrl(PLAZA, attributes({ widget: "toString" }))).toBeNull();
    expect(embedUrl(PLAZA, attributes({ widget: "admin" }))).toBeNull();
  });

  it("maps an embed page's address to its widget", () => {
    expect(embedRoute("/embed/latest", "?agencia=demo-ayto-vallverde&platform=tiktok&limit=3&token-url=/x")).toEqual({
      tag: "plaza-latest",
      title: "Plaza: casos de estudio recientes",
      attributes: { platform: "tiktok", limit: "3" },
      lang: "es",
    });
    expect(embedRoute("/embed/search/", "?agencia=a&type=guideline&from-agency=b")?.attributes).toEqual({ type: "guideline", agency: "b" });
    expect(embedRoute("/embed/guideline", "?agency=a&guideline=R3VpZGU6MQ%3D%3D")).toEqual({
      tag: "plaza-guideline",
      title: "Plaza: guía de uso",
      attributes: { guideline: "R3VpZGU6MQ==" },
      lang: "es",
    });
  });

  it("passes a guideline's full and sections on, full by its presence", () => {
    const url = embedUrl(PLAZA, attributes({ widget: "guideline", guideline: "g", full: "", sections: " 2 " }));
    expect(url).toBe(`${PLAZA}/embed/guideline?guideline=g&sections=2&full=`);
    expect(embedRoute("/embed/guideline", new URL(url ?? "").search)?.attributes).toEqual({ guideline: "g", sections: "2", full: "" });
    expect(embedRoute("/embed/guideline", "?guideline=g&full")?.attributes).toEqual({ guideline: "g", full: "" });
    expect(embedRoute("/embed/guideline", "?guideline=g&sections=")?.attributes).toEqual({ guideline: "g" });
    // Other widgets have no such attributes.
    expect(embedUrl(PLAZA, attributes({ widget: "latest", full: "", sections: "2" }))).toBe(`${PLAZA}/embed/latest`);
    expect(embedRoute("/embed/latest", "?full&sections=2")?.attributes).toEqual({});
  });

  it("gives an embed page the language its address asks for, Spanish otherwise", () => {
    expect(embedRoute("/embed/latest", "?agencia=a&lang=ca")).toMatchObject({ title: "Plaza: casos d'estudi recents", lang: "ca" });
    expect(embedRoute("/embed/search", "?lang=en-GB")).toMatchObject({ title: "Plaza: search case studies, practices and guidelines", lang: "en" });
    expect(embedRoute("/embed/latest", "?lang=fr")?.lang).toBe("es");
    expect(embedRoute("/embed/latest", "?lang=pt")?.attributes).toEqual({});
  });

  it("knows no other embed pages", () => {
    expect(embedRoute("/embed", "")).toBeNull();
    expect(embedRoute("/embed/", "")).toBeNull();
    expect(embedRoute("/embed/admin", "")).toBeNull();
    expect(embedRoute("/embed/constructor", "")).toBeNull();
    expect(embedRoute("/embed/latest/x", "")).toBeNull();
    expect(embedRoute("/casos/latest", "")).toBeNull();
  });
});

/** A stand-in for a top-level node of a rendered text: a heading or paragraph (with its text and id), or a text node. */
function el(name: string, text = "", id: string | null = null) {
  return { nodeName: name, textContent: text, getAttribute: (attribute: string) => (attribute === "id" ? id : null) };
}
const blank = () => ({ nodeName: "#text", textContent: "\n" });
const titles = (nodes: ReturnType<typeof el | typeof blank>[]) => splitSections(nodes).sections.map((section) => section.title);

describe("guideline sections", () => {
  it("splits a text at its h2 headings, with what comes before apart", () => {
    const intro = el("P", "Para quién es esta guía.");
    const first = [el("H2", "1. Introducción"), blank(), el("P", "Texto."), el("H3", "1.1 Alcance"), el("UL", "uno dos")];
    const second = [el("H2", " 2.  Primeros\n pasos ", "primeros-pasos"), el("P", "Más.")];
    const { intro: before, sections } = splitSections([intro, blank(), ...first, ...second]);
    expect(before).toEqual([intro, expect.objectContaining({ nodeName: "#text" })]);
    expect(sections).toEqual([
      { title: "1. Introducción", id: null, nodes: first },
      { title: "2. Primeros pasos", id: "primeros-pasos", nodes: second },
    ]);
  });

  it("takes the highest heading level used at least twice", () => {
    // Written with `#`: the h1 headings are the sections, h2 sub-sections stay inside them.
    expect(titles([el("H1", "Tono"), el("P"), el("H2", "Con la prensa"), el("H1", "Horario"), el("P")])).toEqual(["Tono", "Horario"]);
    // One `#` title over `##` sections: the title is part of the intro.
    const titled = splitSections([el("H1", "Guía"), el("P", "Intro"), el("H2", "Uno"), el("H2", "Dos")]);
    expect(titled.intro.map((node) => node.textContent)).toEqual(["Guía", "Intro"]);
    expect(titled.sections.map((section) => section.title)).toEqual(["Uno", "Dos"]);
    // Lower-case node names (XML documents) count too.
    expect(titles([el("h3", "a"), el("h3", "b")])).toEqual(["a", "b"]);
  });

  it("makes one section of a single heading, and none without headings", () => {
    expect(titles([el("P", "Intro"), el("H3", "Única"), el("P", "Texto")])).toEqual(["Única"]);
    const plain = [el("P", "Solo texto."), blank(), el("BLOCKQUOTE", "Cita")];
    expect(splitSections(plain)).toEqual({ intro: plain, sections: [] });
    expect(splitSections([])).toEqual({ intro: [], sections: [] });
  });

  it("keeps headings without words as section boundaries, titled empty", () => {
    const { sections } = splitSections([el("H2", "Uno"), el("P", "a"), el("H2", "  "), el("P", "b")]);
    expect(sections.map((section) => [section.title, section.nodes.length])).toEqual([["Uno", 2], ["", 2]]);
  });

  it("links a section to the guideline's page, at its anchor when its heading has an id", () => {
    const page = `${PLAZA}/guias/R3VpZGU6MQ%3D%3D`;
    expect(sectionUrl(page, null)).toBe(page);
    expect(sectionUrl(page, "primeros-pasos")).toBe(`${page}#primeros-pasos`);
    expect(sectionUrl(page, "año 2 #x")).toBe(`${page}#a%C3%B1o%202%20%23x`);
    const { sections } = splitSections([el("H2", "Uno", "  "), el("H2", "Dos", " dos ")]);
    expect(sections.map((section) => section.id)).toEqual([null, "dos"]);
  });

  it("reads how many sections to show in full", () => {
    expect(sectionCount(null)).toBe(0);
    expect(sectionCount("")).toBe(0);
    expect(sectionCount("2")).toBe(2);
    expect(sectionCount(" 3.7 ")).toBe(3);
    expect(sectionCount("0")).toBe(0);
    expect(sectionCount("-1")).toBe(0);
    expect(sectionCount("todas")).toBe(0);
    expect(sectionCount("Infinity")).toBe(0);
    expect(sectionCount("1000")).toBe(100);
  });
});
