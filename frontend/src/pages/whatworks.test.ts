import { describe, expect, it } from "vitest";
import { loadLanguage, t } from "../i18n";
import {
  NO_FILTERS,
  caseChanges,
  distinctCases,
  evidenceMix,
  filterInput,
  filterQuery,
  filtersFrom,
  groupKey,
  isFiltered,
  percent,
  points,
  position,
  representative,
  scaleOf,
  searchPath,
  sections,
  ticks,
  verdict,
  withoutField,
  type CaseMetric,
  type Group,
} from "./whatworks-shape";

const levels = [
  { level: { code: "self_reported", label: "Autodeclarado" }, count: 1 },
  { level: { code: "analytics_export", label: "Exportación de analítica" }, count: 2 },
  { level: { code: "audited", label: "Auditado" }, count: 0 },
];

function metric(kind: string, relativeChange: number | null, evidence: string, periodEnd = "2025-06-30"): CaseMetric {
  return { kind: { code: kind }, relativeChange, evidenceLevel: { code: evidence, label: evidence }, periodEnd };
}

function group(partial: Partial<Group>): Group {
  return {
    metricKind: { code: "phone_calls", label: "Llamadas" },
    direction: "LOWER_IS_BETTER",
    platform: null,
    objective: null,
    level: null,
    country: null,
    caseCount: 0,
    sufficient: false,
    median: null,
    q1: null,
    q3: null,
    interquartileRange: null,
    evidence: levels,
    cases: [],
    ...partial,
  };
}

describe("what works: the address", () => {
  it("reads the filters and the breakdown, ignoring anything malformed", () => {
    const filters = filtersFrom(new URLSearchParams("metrica=phone_calls&plataforma=WhatsApp&objetivo=<x>&nivel=local&pais=es&por=objetivo"));
    expect(filters).toEqual({ metric: "phone_calls", platform: "whatsapp", objective: null, level: "local", country: "ES", format: null, since: null, by: "OBJECTIVE" });
    expect(filtersFrom(new URLSearchParams("pais=ESP&por=nada"))).toEqual(NO_FILTERS);
    expect(filtersFrom(new URLSearchParams("por=ninguno")).by).toBeNull();
    // A year is kept only within the years offered.
    expect(filtersFrom(new URLSearchParams("desde=2023")).since).toBe(2023);
    expect(filtersFrom(new URLSearchParams("desde=1990")).since).toBeNull();
    expect(filtersFrom(new URLSearchParams("desde=2023.5")).since).toBeNull();
  });

  it("offers years from this one back to 2015, sends the first day of the year, and clears it", async () => {
    const { cleared, sinceYears } = await import("./whatworks-shape");
    expect(sinceYears(new Date(2026, 5, 1))).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015]);
    const filters = { ...NO_FILTERS, since: 2024, level: "local", by: "LEVEL" as const };
    expect(filterInput(filters).since).toBe("2024-01-01");
    expect(filterQuery(filters)).toBe("?nivel=local&desde=2024&por=nivel");
    expect(isFiltered({ ...NO_FILTERS, since: 2024 })).toBe(true);
    expect(cleared(filters)).toEqual({ ...NO_FILTERS, by: "LEVEL" });
    expect(withoutField(filters, "filter.since")).toEqual({ ...filters, since: null });
  });

  it("writes them back so a link shares the view, the default breakdown left out", () => {
    expect(filterQuery(NO_FILTERS)).toBe("");
    const filters = { ...NO_FILTERS, platform: "whatsapp", country: "ES", by: "LEVEL" as const };
    expect(filterQuery(filters)).toBe("?plataforma=whatsapp&pais=ES&por=nivel");
    expect(filtersFrom(new URLSearchParams(filterQuery(filters)))).toEqual(filters);
    expect(filterQuery({ ...NO_FILTERS, by: null })).toBe("?por=ninguno");
  });

  it("tells a filter from a breakdown, and builds the API's input", () => {
    expect(isFiltered({ ...NO_FILTERS, by: "COUNTRY" })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, level: "local" })).toBe(true);
    expect(filterInput({ ...NO_FILTERS, metric: "response_time" })).toEqual({ metricKind: "response_time", platform: null, objective: null, level: null, country: null, format: null, since: null });
  });

  it("takes a format as people write it, compared as the API compares it", async () => {
    const { formatKey, searchPath } = await import("./whatworks-shape");
    const filters = filtersFrom(new URLSearchParams("formato=%20V%C3%ADdeos%20%20Cortos%20&por=formato"));
    expect(filters.format).toBe("vídeos cortos");
    expect(filters.by).toBe("FORMAT");
    expect(isFiltered(filters)).toBe(true);
    expect(filterInput(filters).format).toBe("vídeos cortos");
    expect(filtersFrom(new URLSearchParams(filterQuery(filters)))).toEqual(filters);
    expect(formatKey("x".repeat(101))).toBeNull();
    expect(formatKey("   ")).toBeNull();
    expect(searchPath(NO_FILTERS, group({ format: 'mapas "interactivos"' }))).toBe(`/buscar?q=${encodeURIComponent('tipo:caso "mapas interactivos"')}`);
  });

  it("drops the filter the API refused, and nothing else", () => {
    const filters = { ...NO_FILTERS, platform: "myspace", level: "local" };
    expect(withoutField(filters, "filter.platform")).toEqual({ ...filters, platform: null });
    expect(withoutField(filters, "filter.metricKind")).toBeNull();
    expect(withoutField(filters, undefined)).toBeNull();
  });
});

describe("what works: figures", () => {
  it("writes relative changes as signed percentages with a true minus", () => {
    expect(percent(-0.275, "es")).toBe("\u221227,5\u00a0%");
    expect(percent(0.12, "en")).toBe("+12%");
    expect(percent(0, "en")).toBe("0%");
    expect(points(0.1075, "es")).toBe("10,8");
  });

  it("says what the middle half of the cases did, by the kind's better direction", () => {
    expect(verdict({ q1: -0.33, q3: -0.22, direction: "LOWER_IS_BETTER" })).toBe("better");
    expect(verdict({ q1: -0.33, q3: -0.22, direction: "HIGHER_IS_BETTER" })).toBe("worse");
    expect(verdict({ q1: -0.1, q3: 0.2, direction: "HIGHER_IS_BETTER" })).toBe("mixed");
    expect(verdict({ q1: null, q3: null, direction: "HIGHER_IS_BETTER" })).toBeNull();
  });

  it("lists the evidence present, strongest first", () => {
    expect(evidenceMix(levels).map((e) => e.level.code)).toEqual(["analytics_export", "self_reported"]);
  });

  it("names what a group stands for", () => {
    expect(groupKey(group({ platform: { code: "whatsapp", label: "WhatsApp" } }))).toEqual({ code: "whatsapp", label: "WhatsApp" });
    expect(groupKey(group({ country: "AR" }))).toEqual({ code: "AR", label: null });
    expect(groupKey(group({}))).toBeNull();
  });

  it("has the words for every group state in every language", async () => {
    // The catalogues other than Spanish load before they are spoken.
    await Promise.all([loadLanguage("en"), loadLanguage("ca"), loadLanguage("pt")]);
    for (const lang of ["es", "en", "ca", "pt"] as const) {
      expect(t("whatWorks.cases", { count: 1 }, lang)).toMatch(/^1 /);
      expect(t("whatWorks.few", { count: 2, min: 3 }, lang)).toContain("3");
    }
    expect(t("whatWorks.cases", { count: 4 }, "es")).toBe("4 casos");
    expect(t("whatWorks.casesBehind", { count: 1 }, "en")).toBe("See the case");
    expect(t("whatWorks.few", { count: 1, min: 3 }, "es")).toBe("Sin mediana con 1 caso (hacen falta 3). El cambio de cada uno:");
  });
});

describe("what works: each case's own change", () => {
  const order = levels.map((l) => l.level.code);

  it("takes the metric the aggregate counted: the strongest evidence, then the latest period", () => {
    const metrics = [
      metric("phone_calls", -0.2, "self_reported", "2025-12-31"),
      metric("phone_calls", -0.4, "analytics_export", "2024-12-31"),
      metric("phone_calls", -0.3, "analytics_export", "2025-06-30"),
      metric("phone_calls", null, "audited"),
      metric("response_time", -0.9, "audited"),
    ];
    expect(representative(metrics, "phone_calls", order)?.relativeChange).toBe(-0.3);
    expect(representative(metrics, "satisfaction", order)).toBeNull();
  });

  it("orders a group's cases best first for the kind, unknown last", () => {
    const cases = [
      { id: "a", title: "A", agency: null, metrics: [metric("phone_calls", -0.1, "audited")] },
      { id: "b", title: "B", agency: null, metrics: [] },
      { id: "c", title: "C", agency: { name: "Vallverde" }, metrics: [metric("phone_calls", -0.5, "self_reported")] },
    ];
    const changes = caseChanges(group({ cases }));
    expect(changes.map((c) => [c.case.id, c.change])).toEqual([
      ["c", -0.5],
      ["a", -0.1],
      ["b", null],
    ]);
    expect(changes[0]?.evidence?.code).toBe("self_reported");
  });
});

describe("what works: sections and scale", () => {
  const whatsapp = group({ platform: { code: "whatsapp", label: "WhatsApp" }, caseCount: 4, median: -0.275, q1: -0.33, q3: -0.22, cases: [{ id: "1", title: "", agency: null, metrics: [] }] });
  const telegram = group({ platform: { code: "telegram", label: "Telegram" }, caseCount: 3, median: -0.4, q1: -0.45, q3: -0.3, cases: [{ id: "2", title: "", agency: null, metrics: [] }] });
  const x = group({ platform: { code: "x", label: "X" }, caseCount: 1, cases: [{ id: "1", title: "", agency: null, metrics: [] }] });
  const reach = group({ metricKind: { code: "reach", label: "Alcance" }, direction: "HIGHER_IS_BETTER", caseCount: 2, cases: [{ id: "9", title: "", agency: null, metrics: [] }] });

  it("puts one section per metric kind, groups with a median first and the best median first", () => {
    const parts = sections([reach, x, whatsapp, telegram]);
    expect(parts.map((s) => s.kind.code)).toEqual(["phone_calls", "reach"]);
    expect(parts[0]?.groups.map((g) => g.platform?.code)).toEqual(["telegram", "whatsapp", "x"]);
    expect(parts[0]?.cases).toBe(4);
    expect(parts[0]?.direction).toBe("LOWER_IS_BETTER");
  });

  it("counts distinct cases, at least the largest group", () => {
    expect(distinctCases([whatsapp, x, telegram])).toBe(4);
    expect(distinctCases([])).toBe(0);
  });

  it("spans the quartiles, the cases and zero on a padded scale with round ticks", () => {
    const scale = scaleOf([whatsapp], [-0.5, null]);
    expect(scale.min).toBeLessThan(-0.5);
    expect(scale.max).toBeGreaterThan(0);
    expect(position(0, scale)).toBeGreaterThan(90);
    expect(position(-10, scale)).toBe(0);
    const marks = ticks(scale);
    expect(marks).toContain(0);
    expect(marks).toContain(-0.5);
    expect(marks.length).toBeLessThanOrEqual(7);
  });

  it("keeps a scale open when there is almost no spread", () => {
    const scale = scaleOf([group({ median: 0, q1: 0, q3: 0 })]);
    expect(scale.max - scale.min).toBeGreaterThanOrEqual(0.1);
  });

  it("searches the cases behind a group with the filters as operators", () => {
    const path = searchPath({ ...NO_FILTERS, level: "local" }, whatsapp);
    expect(decodeURIComponent(path)).toBe("/buscar?q=tipo:caso plataforma:whatsapp nivel:local");
  });
});
