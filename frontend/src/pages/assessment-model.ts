// The threat self-assessment without the page: the wizard's draft and its checks, what is sent
// to `submitThreatAssessment`, the agency's history as a table, the anonymised benchmark shaped
// for its bars, the weak points and the searches that find what addresses them. No DOM here, so
// all of it is unit-tested (assessment.test.ts).
import type { WeakPointSearchesQuery } from "../generated/operations";
import { graphql, type TypedDocument } from "../graphql";
import type { Key } from "../locales/es";

/** The answer scale the API takes (`taxonomies { threatLevels }`), from absent to high. */
export const LEVELS = ["none", "low", "medium", "high"] as const;
export type Level = (typeof LEVELS)[number];

/** A level at or above this one is a weak point. */
export const WEAK_FROM: Level = "medium";
/** The longest note the API keeps (characters). */
export const NOTE_MAX = 2000;
/** The earliest day an assessment may refer to. */
export const EARLIEST_DAY = "2000-01-01";

export interface Taxon {
  code: string;
  label: string;
}

export function isLevel(value: string | null | undefined): value is Level {
  return (LEVELS as readonly string[]).includes(value ?? "");
}

/** How severe a level is: 0 (absent) to 3 (high); -1 when unknown. */
export function severity(level: string | null | undefined): number {
  return LEVELS.indexOf(level as Level);
}

/** Whether the viewer's roles may record an assessment for their agency (the server checks again). */
export function canAssess(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((role) => role === "editor" || role === "agency_admin");
}

// ---------------------------------------------------------------------------------------------
// The wizard: one threat per step, then a review step with the date.

export interface DraftAnswer {
  level: Level | "";
  note: string;
}

export interface Draft {
  /** 0 … threats − 1: a threat; threats: the review. */
  step: number;
  answers: Record<string, DraftAnswer>;
  /** The day it refers to (YYYY-MM-DD). */
  assessedOn: string;
}

/** A calendar day as YYYY-MM-DD. */
function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Today as the server sees it at the latest: the earlier of the local and the UTC day, so the
 * default date is never "in the future" for the API (which checks against UTC), wherever the
 * member is.
 */
export function today(now = new Date()): string {
  const local = iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
  const utc = iso(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  return local < utc ? local : utc;
}

export function newDraft(threats: readonly string[], day: string): Draft {
  return { step: 0, answers: Object.fromEntries(threats.map((code) => [code, { level: "", note: "" }])), assessedOn: day };
}

/** Steps in all: one per threat and the review. */
export function stepCount(threats: readonly string[]): number {
  return threats.length + 1;
}

export function isReview(draft: Draft, threats: readonly string[]): boolean {
  return draft.step >= threats.length;
}

/** The draft at another step, kept within the wizard. */
export function moveTo(draft: Draft, step: number, threats: readonly string[]): Draft {
  return { ...draft, step: Math.max(0, Math.min(step, threats.length)) };
}

export function answer(draft: Draft, code: string, change: Partial<DraftAnswer>): Draft {
  const current = draft.answers[code] ?? { level: "", note: "" };
  return { ...draft, answers: { ...draft.answers, [code]: { ...current, ...change } } };
}

/** Threats still without a level, in the order given. */
export function unanswered(draft: Draft, threats: readonly string[]): string[] {
  return threats.filter((code) => !isLevel(draft.answers[code]?.level));
}

/** How many threats have a level. */
export function answeredCount(draft: Draft, threats: readonly string[]): number {
  return threats.length - unanswered(draft, threats).length;
}

/** What is wrong with one threat's answer, if anything: the catalogue key of the message. */
export function stepProblem(draft: Draft, code: string): { field: "level" | "note"; message: Key } | null {
  const current = draft.answers[code];
  if (!isLevel(current?.level)) return { field: "level", message: "assessment.levelRequired" };
  if ((current?.note ?? "").trim().length > NOTE_MAX) return { field: "note", message: "assessment.noteTooLong" };
  return null;
}

/** What is wrong with the date, if anything (the API's own rules: a real day, 2000 to today). */
export function dateProblem(value: string, day: string): Key | null {
  if (!value) return "assessment.dateRequired";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !parsed || parsed.toISOString().slice(0, 10) !== value) return "assessment.dateInvalid";
  if (value > day) return "assessment.dateFuture";
  if (value < EARLIEST_DAY) return "assessment.dateTooOld";
  return null;
}

export interface AssessmentInput {
  assessedOn: string;
  answers: { threat: string; level: string; note: string }[];
}

/** The mutation's input: every threat in taxonomy order (the API's `answers.N` follow it). */
export function toInput(draft: Draft, threats: readonly string[]): AssessmentInput {
  return {
    assessedOn: draft.assessedOn,
    answers: threats.map((code) => ({ threat: code, level: draft.answers[code]?.level ?? "", note: (draft.answers[code]?.note ?? "").trim() })),
  };
}

/**
 * Where a server error belongs: `input.answers.3.level` → the fourth threat's step and its field,
 * `input.assessedOn` → the review's date; anything else → the review's summary.
 */
export function errorPlace(field: string | undefined, threats: readonly string[]): { step: number; field: "level" | "note" | "date" | null } {
  const path = (field ?? "").replace(/^input\./, "");
  if (path === "assessedOn") return { step: threats.length, field: "date" };
  const match = /^answers\.(\d+)(?:\.(\w+))?$/.exec(path);
  const index = match ? Number(match[1]) : NaN;
  if (match && index < threats.length) return { step: index, field: match[2] === "note" ? "note" : "level" };
  return { step: threats.length, field: null };
}

/** A draft kept for the session (a reload does not lose the answers); null if unusable. */
export function parseDraft(raw: string | null, threats: readonly string[]): Draft | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Draft>;
    if (typeof value !== "object" || value === null || typeof value.assessedOn !== "string" || typeof value.step !== "number") return null;
    const answers: Record<string, DraftAnswer> = {};
    for (const code of threats) {
      const given = value.answers?.[code];
      answers[code] = { level: isLevel(given?.level) ? given.level : "", note: typeof given?.note === "string" ? given.note : "" };
    }
    return { step: Math.max(0, Math.min(Math.trunc(value.step), threats.length)), answers, assessedOn: value.assessedOn };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The agency's history.

export interface AssessmentAnswer {
  threat: Taxon;
  level: Taxon;
  note: string;
}

export interface Assessment {
  id: string;
  assessedOn: string;
  createdAt: string;
  answers: AssessmentAnswer[];
}

/** Newest first: by the day it refers to, then by when it was entered. */
export function newestFirst(assessments: readonly Assessment[]): Assessment[] {
  return [...assessments].sort((a, b) => b.assessedOn.localeCompare(a.assessedOn) || b.createdAt.localeCompare(a.createdAt));
}

export type Change = "better" | "worse" | "same" | null;

export interface HistoryCell {
  level: Taxon | null;
  /** Against the assessment before it (older); null for the oldest or a missing answer. */
  change: Change;
}

export interface HistoryRow {
  threat: Taxon;
  cells: HistoryCell[];
}

/** The history as a table: a row per threat, a column per assessment (newest first). */
export function historyRows(assessments: readonly Assessment[], threats: readonly Taxon[]): HistoryRow[] {
  const sorted = newestFirst(assessments);
  return threats.map((threat) => {
    const levels = sorted.map((assessment) => assessment.answers.find((a) => a.threat.code === threat.code)?.level ?? null);
    return {
      threat,
      cells: levels.map((level, index) => {
        const before = levels[index + 1];
        if (!level || !before) return { level, change: null };
        const delta = severity(level.code) - severity(before.code);
        return { level, change: delta < 0 ? "better" : delta > 0 ? "worse" : "same" };
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The network benchmark.

export interface Standing {
  threat: Taxon;
  own: Taxon | null;
  distribution: { level: Taxon; count: number }[];
  shareLower: number | null;
  shareHigher: number | null;
}

export interface Benchmark {
  sufficient: boolean;
  agencies: number | null;
  minimumAgencies: number;
  threats: Standing[];
}

export interface Segment {
  level: Taxon;
  count: number;
  /** Width in whole percent; the segments of a row add up to 100 (or all 0 when nobody answered). */
  percent: number;
  own: boolean;
}

export interface BenchmarkRow {
  threat: Taxon;
  own: Taxon | null;
  total: number;
  segments: Segment[];
  /** Agencies at a lower level than the viewer's (doing better on this threat), and at a higher one. */
  lower: number;
  higher: number;
  shareLower: number | null;
  shareHigher: number | null;
}

/**
 * Whole percentages that add up to exactly 100 (largest remainders), so the bars of a row fill
 * their track; all zero when there is nothing to share.
 */
export function percentages(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + Math.max(0, count), 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((count) => (Math.max(0, count) * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, value) => sum + value, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/**
 * The benchmark per threat, in the taxonomy's order: the counts at every level of the scale
 * (a level the API left out counts 0), their widths, and where the agency stands.
 */
export function benchmarkRows(benchmark: Benchmark, levels: readonly Taxon[]): BenchmarkRow[] {
  return benchmark.threats.map((standing) => {
    const counts = levels.map((level) => standing.distribution.find((d) => d.level.code === level.code)?.count ?? 0);
    const widths = percentages(counts);
    const own = standing.own;
    const ownIndex = own ? levels.findIndex((level) => level.code === own.code) : -1;
    return {
      threat: standing.threat,
      own,
      total: counts.reduce((sum, count) => sum + count, 0),
      segments: levels.map((level, index) => ({ level, count: counts[index] ?? 0, percent: widths[index] ?? 0, own: index === ownIndex })),
      lower: ownIndex < 0 ? 0 : counts.slice(0, ownIndex).reduce((sum, count) => sum + count, 0),
      higher: ownIndex < 0 ? 0 : counts.slice(ownIndex + 1).reduce((sum, count) => sum + count, 0),
      shareLower: standing.shareLower,
      shareHigher: standing.shareHigher,
    };
  });
}

/** Whom the agency compares itself with: the whole network, its level, its country, or both. */
export const SCOPES = ["red", "nivel", "pais", "nivel-pais"] as const;
export type Scope = (typeof SCOPES)[number];

/** The comparison asked for in the address (`?comparar=nivel`), else the whole network. */
export function scopeParam(params: URLSearchParams): Scope {
  const asked = params.get("comparar");
  return (SCOPES as readonly string[]).includes(asked ?? "") ? (asked as Scope) : "red";
}

/** The benchmark's arguments for a scope, from the viewer's agency. */
export function scopeVariables(scope: Scope, agency: { level: { code: string }; country: string } | null): { level: string | null; country: string | null } {
  if (!agency) return { level: null, country: null };
  return {
    level: scope === "nivel" || scope === "nivel-pais" ? agency.level.code : null,
    country: scope === "pais" || scope === "nivel-pais" ? agency.country : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Weak points and what addresses them.

export interface WeakPoint {
  threat: Taxon;
  level: Taxon;
  note: string;
  /** Share of agencies at a lower level (doing better), when the benchmark says. */
  shareLower: number | null;
}

/**
 * The latest assessment's threats at a medium or high level: the highest first, then those on
 * which more of the network does better, then in the taxonomy's order.
 */
export function weakPoints(latest: Assessment | null, threats: readonly Taxon[], standings: readonly Standing[] = []): WeakPoint[] {
  if (!latest) return [];
  const order = new Map(threats.map((threat, index) => [threat.code, index]));
  return latest.answers
    .filter((a) => severity(a.level.code) >= severity(WEAK_FROM))
    .map((a) => ({ threat: a.threat, level: a.level, note: a.note, shareLower: standings.find((s) => s.threat.code === a.threat.code)?.shareLower ?? null }))
    .sort(
      (a, b) =>
        severity(b.level.code) - severity(a.level.code) ||
        (b.shareLower ?? 0) - (a.shareLower ?? 0) ||
        (order.get(a.threat.code) ?? 99) - (order.get(b.threat.code) ?? 99),
    );
}

/** The search for cases and practices tagged with a threat (the `amenaza:` operator). */
export function threatSearch(code: string): string {
  return `amenaza:${code}`;
}

/**
 * The search for guidelines about a threat: guidelines carry no threats in the API, so their
 * text is searched for the threat's name.
 */
export function guidelineSearch(label: string): string {
  return `tipo:guia ${label.replace(/[":+\-()]/g, " ").replace(/\s+/g, " ").trim()}`;
}

/** Cases and practices shown per weak point, and guidelines. */
export const ITEMS_SHOWN = 3;
export const GUIDELINES_SHOWN = 2;

/** The first weak point's searches (aliases `t0`, `g0`; variables `$q0`, `$g0`). */
const POINT_SEARCHES =
  `t0: search(query: $q0, first: ${ITEMS_SHOWN}) { totalCount edges { node { id kind title } } } g0: search(query: $g0, first: ${GUIDELINES_SHOWN}) { edges { node { id kind title } } }` as const;

/**
 * The searches of one weak point as an operation: what `npm run gen` validates against the
 * schema and types. relatedRequest sends them once per point, renumbered.
 */
export const WEAK_POINT_SEARCHES = graphql(`query WeakPointSearches($q0: String!, $g0: String!) { ${POINT_SEARCHES} }`);

type Searches = WeakPointSearchesQuery;

/** What relatedRequest's operation answers: every point's searches, by alias. */
export type RelatedSearches = Partial<Record<`t${number}`, Searches["t0"]> & Record<`g${number}`, Searches["g0"]>>;

/**
 * One request for every weak point's searches (aliases `t0`, `g0`, `t1`…): the cases and
 * practices tagged with the threat, and the guidelines that speak of it.
 */
export function relatedRequest(points: readonly { code: string; label: string }[]): {
  query: TypedDocument<RelatedSearches, Record<string, string>>;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  const parameters: string[] = [];
  const fields: string[] = [];
  points.forEach((point, index) => {
    variables[`q${index}`] = threatSearch(point.code);
    variables[`g${index}`] = guidelineSearch(point.label);
    parameters.push(`$q${index}: String!`, `$g${index}: String!`);
    fields.push(POINT_SEARCHES.replace(/\b([tg])0:/g, `$1${index}:`).replace(/\$([qg])0\b/g, `$$$1${index}`));
  });
  // WEAK_POINT_SEARCHES's fields, once per point: its types hold for each point's aliases.
  const query = `query WeakPointSearches(${parameters.join(", ")}) { ${fields.join(" ")} }` as TypedDocument<RelatedSearches, Record<string, string>>;
  return { query, variables };
}
