import { describe, expect, it } from "vitest";
import {
  type Assessment,
  type Benchmark,
  answer,
  answeredCount,
  benchmarkRows,
  canAssess,
  dateProblem,
  errorPlace,
  guidelineSearch,
  historyRows,
  isReview,
  moveTo,
  newDraft,
  parseDraft,
  percentages,
  relatedRequest,
  scopeParam,
  scopeVariables,
  stepCount,
  stepProblem,
  toInput,
  today,
  unanswered,
  weakPoints,
  WEAK_POINT_SEARCHES,
} from "./assessment-model";

const CODES = ["no_strategy", "no_guidelines", "no_skills"];
const THREATS = CODES.map((code) => ({ code, label: code.replace("_", " ") }));
const LEVELS = ["none", "low", "medium", "high"].map((code) => ({ code, label: code.toUpperCase() }));
const level = (code: string) => ({ code, label: code.toUpperCase() });

function assessed(id: string, on: string, levels: string[], createdAt = `${on}T10:00:00Z`): Assessment {
  return { id, assessedOn: on, createdAt, answers: CODES.map((code, i) => ({ threat: THREATS[i]!, level: level(levels[i]!), note: i === 0 ? "nota" : "" })) };
}

describe("the wizard's draft", () => {
  it("has a step per threat and a review, and stays within them", () => {
    const draft = newDraft(CODES, "2025-06-02");
    expect(stepCount(CODES)).toBe(4);
    expect(draft.step).toBe(0);
    expect(isReview(draft, CODES)).toBe(false);
    expect(moveTo(draft, -1, CODES).step).toBe(0);
    expect(moveTo(draft, 99, CODES).step).toBe(3);
    expect(isReview(moveTo(draft, 3, CODES), CODES)).toBe(true);
  });

  it("asks for a level before moving on, and keeps notes within the API's limit", () => {
    let draft = newDraft(CODES, "2025-06-02");
    expect(stepProblem(draft, "no_strategy")).toEqual({ field: "level", message: "assessment.levelRequired" });
    draft = answer(draft, "no_strategy", { level: "high" });
    expect(stepProblem(draft, "no_strategy")).toBeNull();
    draft = answer(draft, "no_strategy", { note: "x".repeat(2001) });
    expect(stepProblem(draft, "no_strategy")?.field).toBe("note");
    expect(unanswered(draft, CODES)).toEqual(["no_guidelines", "no_skills"]);
    expect(answeredCount(draft, CODES)).toBe(1);
  });

  it("sends every threat in taxonomy order, notes trimmed", () => {
    let draft = newDraft(CODES, "2025-06-02");
    draft = answer(draft, "no_skills", { level: "low" });
    draft = answer(draft, "no_strategy", { level: "medium", note: "  sin objetivos  " });
    draft = answer(draft, "no_guidelines", { level: "none" });
    expect(toInput(draft, CODES)).toEqual({
      assessedOn: "2025-06-02",
      answers: [
        { threat: "no_strategy", level: "medium", note: "sin objetivos" },
        { threat: "no_guidelines", level: "none", note: "" },
        { threat: "no_skills", level: "low", note: "" },
      ],
    });
  });

  it("checks the date as the API does", () => {
    expect(dateProblem("", "2025-06-02")).toBe("assessment.dateRequired");
    expect(dateProblem("2025-02-30", "2025-06-02")).toBe("assessment.dateInvalid");
    expect(dateProblem("ayer", "2025-06-02")).toBe("assessment.dateInvalid");
    expect(dateProblem("2025-06-03", "2025-06-02")).toBe("assessment.dateFuture");
    expect(dateProblem("1999-12-31", "2025-06-02")).toBe("assessment.dateTooOld");
    expect(dateProblem("2025-06-02", "2025-06-02")).toBeNull();
  });

  it("defaults to a day that is not yet tomorrow for the API (the earlier of local and UTC)", () => {
    const day = today(new Date());
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(day <= new Date().toISOString().slice(0, 10)).toBe(true);
  });

  it("puts the server's errors beside their fields", () => {
    expect(errorPlace("input.answers.1.level", CODES)).toEqual({ step: 1, field: "level" });
    expect(errorPlace("input.answers.2.note", CODES)).toEqual({ step: 2, field: "note" });
    expect(errorPlace("input.assessedOn", CODES)).toEqual({ step: 3, field: "date" });
    expect(errorPlace("input.answers", CODES)).toEqual({ step: 3, field: null });
    expect(errorPlace("input.answers.9.level", CODES)).toEqual({ step: 3, field: null });
    expect(errorPlace(undefined, CODES)).toEqual({ step: 3, field: null });
  });

  it("survives a reload, and ignores what it cannot read", () => {
    const draft = answer(moveTo(newDraft(CODES, "2025-06-02"), 2, CODES), "no_guidelines", { level: "low", note: "guía" });
    expect(parseDraft(JSON.stringify(draft), CODES)).toEqual(draft);
    expect(parseDraft("{not json", CODES)).toBeNull();
    expect(parseDraft(null, CODES)).toBeNull();
    const odd = parseDraft(JSON.stringify({ step: 40, assessedOn: "2025-06-02", answers: { no_strategy: { level: "catastrophic", note: 3 } } }), CODES);
    expect(odd?.step).toBe(3);
    expect(odd?.answers.no_strategy).toEqual({ level: "", note: "" });
    expect(odd?.answers.no_skills).toEqual({ level: "", note: "" });
  });

  it("is offered to the agency's editors and admins", () => {
    expect(canAssess(["member", "editor"])).toBe(true);
    expect(canAssess(["agency_admin"])).toBe(true);
    expect(canAssess(["member", "moderator"])).toBe(false);
    expect(canAssess(undefined)).toBe(false);
  });
});

describe("the history", () => {
  it("is a row per threat with the assessments newest first, each compared with the one before", () => {
    const rows = historyRows([assessed("a", "2023-02-15", ["medium", "high", "low"]), assessed("b", "2025-03-20", ["low", "high", "medium"])], THREATS);
    expect(rows.map((row) => row.threat.code)).toEqual(CODES);
    expect(rows[0]!.cells.map((cell) => [cell.level?.code, cell.change])).toEqual([
      ["low", "better"],
      ["medium", null],
    ]);
    expect(rows[1]!.cells[0]!.change).toBe("same");
    expect(rows[2]!.cells[0]!.change).toBe("worse");
  });

  it("orders two assessments of the same day by when they were entered", () => {
    const rows = historyRows([assessed("a", "2025-03-20", ["low", "low", "low"], "2025-03-20T09:00:00Z"), assessed("b", "2025-03-20", ["high", "low", "low"], "2025-03-20T11:00:00Z")], THREATS);
    expect(rows[0]!.cells[0]!.level?.code).toBe("high");
  });
});

describe("the benchmark", () => {
  const benchmark: Benchmark = {
    sufficient: true,
    agencies: 5,
    minimumAgencies: 5,
    threats: [
      {
        threat: THREATS[0]!,
        own: level("medium"),
        distribution: [
          { level: level("none"), count: 0 },
          { level: level("low"), count: 3 },
          { level: level("medium"), count: 1 },
          { level: level("high"), count: 1 },
        ],
        shareLower: 0.6,
        shareHigher: 0.2,
      },
      { threat: THREATS[1]!, own: null, distribution: [{ level: level("high"), count: 5 }], shareLower: null, shareHigher: null },
      { threat: THREATS[2]!, own: level("low"), distribution: [], shareLower: null, shareHigher: null },
    ],
  };

  it("splits 100 % among the levels, exactly", () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentages([0, 3, 1, 1])).toEqual([0, 60, 20, 20]);
    expect(percentages([2, 1, 1, 1, 1, 1]).reduce((a, b) => a + b)).toBe(100);
    expect(percentages([0, 0])).toEqual([0, 0]);
  });

  it("counts every level of the scale, marks the agency's own and who does better or worse", () => {
    const [first, second, third] = benchmarkRows(benchmark, LEVELS);
    expect(first!.segments.map((s) => [s.level.code, s.count, s.percent, s.own])).toEqual([
      ["none", 0, 0, false],
      ["low", 3, 60, false],
      ["medium", 1, 20, true],
      ["high", 1, 20, false],
    ]);
    expect([first!.total, first!.lower, first!.higher]).toEqual([5, 3, 1]);
    // A level the API left out counts 0; without an own answer nobody is lower or higher.
    expect(second!.segments.map((s) => s.count)).toEqual([0, 0, 0, 5]);
    expect([second!.lower, second!.higher, second!.own]).toEqual([0, 0, null]);
    // Too few agencies: no distribution, nothing drawn.
    expect(third!.total).toBe(0);
    expect(third!.segments.every((s) => s.percent === 0)).toBe(true);
  });

  it("compares with the whole network, the agency's level, its country or both", () => {
    expect(scopeParam(new URLSearchParams("comparar=nivel"))).toBe("nivel");
    expect(scopeParam(new URLSearchParams("comparar=otra"))).toBe("red");
    const agency = { level: { code: "local" }, country: "ES" };
    expect(scopeVariables("red", agency)).toEqual({ level: null, country: null });
    expect(scopeVariables("nivel", agency)).toEqual({ level: "local", country: null });
    expect(scopeVariables("pais", agency)).toEqual({ level: null, country: "ES" });
    expect(scopeVariables("nivel-pais", agency)).toEqual({ level: "local", country: "ES" });
    expect(scopeVariables("nivel", null)).toEqual({ level: null, country: null });
  });
});

describe("weak points", () => {
  it("are the medium and high threats, the highest first, then where more agencies do better", () => {
    const latest = assessed("b", "2025-03-20", ["medium", "high", "medium"]);
    const standings = [
      { threat: THREATS[0]!, own: level("medium"), distribution: [], shareLower: 0.2, shareHigher: 0 },
      { threat: THREATS[2]!, own: level("medium"), distribution: [], shareLower: 0.8, shareHigher: 0 },
    ];
    expect(weakPoints(latest, THREATS, standings).map((p) => p.threat.code)).toEqual(["no_guidelines", "no_skills", "no_strategy"]);
    expect(weakPoints(latest, THREATS).map((p) => p.threat.code)).toEqual(["no_guidelines", "no_strategy", "no_skills"]);
    expect(weakPoints(assessed("c", "2025-03-20", ["none", "low", "low"]), THREATS)).toEqual([]);
    expect(weakPoints(null, THREATS)).toEqual([]);
  });

  it("are searched in one request: tagged cases and practices, and guidelines by their words", () => {
    const { query, variables } = relatedRequest([
      { code: "no_guidelines", label: "Sin guía de uso" },
      { code: "impersonation", label: "Suplantación (cuentas: falsas)" },
    ]);
    expect(variables).toEqual({
      q0: "amenaza:no_guidelines",
      g0: "tipo:guia Sin guía de uso",
      q1: "amenaza:impersonation",
      g1: "tipo:guia Suplantación cuentas falsas",
    });
    expect(query).toContain("$q0: String!, $g0: String!, $q1: String!, $g1: String!");
    expect(query).toContain("t1: search(query: $q1, first: 3)");
    expect(query).toContain("g0: search(query: $g0, first: 2)");
    // One point's request is exactly the operation `npm run gen` validates against the schema.
    expect(relatedRequest([{ code: "no_guidelines", label: "Sin guía" }]).query).toBe(WEAK_POINT_SEARCHES);
    // Operators typed into a label never reach the query as operators.
    expect(guidelineSearch('-"x" +y tipo:caso')).toBe("tipo:guia x y tipo caso");
  });
});
