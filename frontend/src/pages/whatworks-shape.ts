// "What works" (`/que-funciona`), shaped for the page: the filters and the breakdown in the
// address, the groups ordered and sorted into one section per metric kind, each case's own change
// (the metric the API aggregated), the scale of a section's range chart, what the middle half of
// the cases says, and the search that finds the cases behind a group. Pure functions (no DOM, no
// catalogue), so they are unit-tested as they are.
import type { WhatWorksBreakdown } from "../generated/schema";

export const WHAT_WORKS_PATH = "/que-funciona";

export interface Taxon {
  code: string;
  label: string;
}

export type Direction = "HIGHER_IS_BETTER" | "LOWER_IS_BETTER";
export type Breakdown = WhatWorksBreakdown;

/** A metric of a case behind a group, as much of it as the page needs. */
export interface CaseMetric {
  kind: { code: string };
  relativeChange: number | null;
  evidenceLevel: Taxon;
  periodEnd: string;
}

export interface GroupCase {
  id: string;
  title: string;
  agency: { name: string } | null;
  metrics: CaseMetric[];
}

export interface EvidenceCount {
  level: Taxon;
  count: number;
}

/** One `WhatWorksGroup`. */
export interface Group {
  metricKind: Taxon;
  direction: Direction;
  platform: Taxon | null;
  objective: Taxon | null;
  level: Taxon | null;
  country: string | null;
  /** The format (lower case), when broken down by format. */
  format?: string | null;
  caseCount: number;
  sufficient: boolean;
  median: number | null;
  q1: number | null;
  q3: number | null;
  interquartileRange: number | null;
  /** Weakest level first, strongest last (the API's order). */
  evidence: EvidenceCount[];
  cases: GroupCase[];
}

/** What the page is narrowed to and what it breaks the groups down by (null: not at all). */
export interface Filters {
  metric: string | null;
  platform: string | null;
  objective: string | null;
  level: string | null;
  country: string | null;
  /** Only cases that used this format (free text, as authors write it). */
  format: string | null;
  /** Only results measured over a period ending in this year or later. */
  since: number | null;
  by: Breakdown | null;
}

/** The breakdowns offered, in the order of the selector, with their words in the address. */
export const BREAKDOWNS: readonly Breakdown[] = ["PLATFORM", "FORMAT", "OBJECTIVE", "LEVEL", "COUNTRY"];
const BY_PARAM: Record<Breakdown, string> = { PLATFORM: "plataforma", FORMAT: "formato", OBJECTIVE: "objetivo", LEVEL: "nivel", COUNTRY: "pais" };
/** `por=ninguno`: all the cases of a metric kind together. */
export const NO_BREAKDOWN = "ninguno";
/** Without `por`, the page answers the question it is named for: which platforms work. */
export const DEFAULT_BREAKDOWN: Breakdown = "PLATFORM";

export const NO_FILTERS: Filters = { metric: null, platform: null, objective: null, level: null, country: null, format: null, since: null, by: DEFAULT_BREAKDOWN };

/** Longest format accepted in the address. */
const FORMAT_MAX = 100;

/** A format as the API compares them: trimmed, inner spaces collapsed, lower case; null if empty or too long. */
export function formatKey(raw: string | null): string | null {
  const key = (raw ?? "").split(/\s+/).filter(Boolean).join(" ").toLocaleLowerCase();
  return key && key.length <= FORMAT_MAX ? key : null;
}

/** The first year offered for "results since". */
export const FIRST_YEAR = 2015;

/** The years offered for "results since": this year back to [`FIRST_YEAR`]. */
export function sinceYears(today: Date = new Date()): number[] {
  const years: number[] = [];
  for (let year = today.getFullYear(); year >= FIRST_YEAR; year -= 1) years.push(year);
  return years;
}

/** The same view without any narrowing (the breakdown kept). */
export function cleared(filters: Filters): Filters {
  return { ...NO_FILTERS, by: filters.by };
}

const CODE = /^[a-z0-9_]{1,40}$/;

function code(params: URLSearchParams, name: string): string | null {
  const value = (params.get(name) ?? "").trim().toLowerCase();
  return CODE.test(value) ? value : null;
}

/** A year in the address (`desde=2024`), within the years offered. */
function sinceFrom(raw: string | null): number | null {
  const year = Number((raw ?? "").trim());
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= new Date().getFullYear() ? year : null;
}

/** The filters in the address (`?metrica=phone_calls&nivel=local&pais=ES&por=objetivo`); anything malformed is ignored. */
export function filtersFrom(params: URLSearchParams): Filters {
  const country = (params.get("pais") ?? "").trim().toUpperCase();
  const by = (params.get("por") ?? "").trim().toLowerCase();
  const breakdown = by === NO_BREAKDOWN ? null : (BREAKDOWNS.find((b) => BY_PARAM[b] === by) ?? DEFAULT_BREAKDOWN);
  return {
    metric: code(params, "metrica"),
    platform: code(params, "plataforma"),
    objective: code(params, "objetivo"),
    level: code(params, "nivel"),
    country: /^[A-Z]{2}$/.test(country) ? country : null,
    format: formatKey(params.get("formato")),
    since: sinceFrom(params.get("desde")),
    by: breakdown,
  };
}

/** The filters as an address's query string, or "" for the page as it opens. */
export function filterQuery(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.metric) params.set("metrica", filters.metric);
  if (filters.platform) params.set("plataforma", filters.platform);
  if (filters.objective) params.set("objetivo", filters.objective);
  if (filters.level) params.set("nivel", filters.level);
  if (filters.country) params.set("pais", filters.country);
  if (filters.format) params.set("formato", filters.format);
  if (filters.since) params.set("desde", String(filters.since));
  if (filters.by !== DEFAULT_BREAKDOWN) params.set("por", filters.by ? BY_PARAM[filters.by] : NO_BREAKDOWN);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The word of a breakdown in the address (`plataforma`), `ninguno` for none. */
export function breakdownParam(by: Breakdown | null): string {
  return by ? BY_PARAM[by] : NO_BREAKDOWN;
}

/** The breakdown a selector value stands for. */
export function breakdownOf(param: string): Breakdown | null {
  return BREAKDOWNS.find((b) => BY_PARAM[b] === param) ?? null;
}

/** Whether anything narrows the cases (the breakdown does not). */
export function isFiltered(filters: Filters): boolean {
  return Boolean(filters.metric || filters.platform || filters.objective || filters.level || filters.country || filters.format || filters.since);
}

/** The API's filter input. */
export function filterInput(filters: Filters): Record<"metricKind" | "platform" | "objective" | "level" | "country" | "format" | "since", string | null> {
  return {
    metricKind: filters.metric,
    platform: filters.platform,
    objective: filters.objective,
    level: filters.level,
    country: filters.country,
    format: filters.format,
    since: filters.since ? `${filters.since}-01-01` : null,
  };
}

/** The filters without the one the API refused (its error's `field`, `filter.platform`…). */
export function withoutField(filters: Filters, field: string | undefined): Filters | null {
  const name = field?.replace(/^filter\./, "");
  const key = ({ metricKind: "metric", platform: "platform", objective: "objective", level: "level", country: "country", format: "format", since: "since" } as const)[name as "platform"];
  if (!key || filters[key] === null) return null;
  return { ...filters, [key]: null };
}

/** A relative change as a signed percentage, with a true minus sign ("−27,5 %", "+12 %", "0 %"). */
export function percent(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value).replace("-", "\u2212");
}

/** A spread of relative changes in percentage points ("10,8"). */
export function points(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value * 100);
}

/** The change oriented so that positive is better for the kind. */
export function oriented(value: number, direction: Direction): number {
  return direction === "LOWER_IS_BETTER" ? -value : value;
}

export type Verdict = "better" | "worse" | "mixed";

/**
 * What the middle half of a group's cases says: all of it on the better side of no change, all
 * of it on the worse side, or some of each. Null without quartiles (too few cases).
 */
export function verdict(group: Pick<Group, "q1" | "q3" | "direction">): Verdict | null {
  if (group.q1 === null || group.q3 === null) return null;
  const a = oriented(group.q1, group.direction);
  const b = oriented(group.q3, group.direction);
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  if (low >= 0 && high > 0) return "better";
  if (high <= 0 && low < 0) return "worse";
  return "mixed";
}

/**
 * A case's metric of `kind` that the aggregate counted: among those with a relative change, the
 * strongest evidence (by the API's order of levels, weakest first), then the latest period.
 */
export function representative(metrics: CaseMetric[], kind: string, evidenceOrder: string[]): CaseMetric | null {
  const strength = (m: CaseMetric) => evidenceOrder.indexOf(m.evidenceLevel.code);
  let chosen: CaseMetric | null = null;
  for (const metric of metrics) {
    if (metric.kind.code !== kind || metric.relativeChange === null) continue;
    if (!chosen || strength(metric) > strength(chosen) || (strength(metric) === strength(chosen) && metric.periodEnd >= chosen.periodEnd)) chosen = metric;
  }
  return chosen;
}

/** A case behind a group with the change it brought (null if the page cannot tell). */
export interface CaseChange {
  case: GroupCase;
  change: number | null;
  evidence: Taxon | null;
}

/** The cases behind a group, each with its change, best first for the kind (unknown last). */
export function caseChanges(group: Pick<Group, "cases" | "metricKind" | "direction" | "evidence">): CaseChange[] {
  const order = group.evidence.map((e) => e.level.code);
  return group.cases
    .map((item) => {
      const metric = representative(item.metrics, group.metricKind.code, order);
      return { case: item, change: metric?.relativeChange ?? null, evidence: metric?.evidenceLevel ?? null };
    })
    .sort((a, b) => {
      if (a.change === null || b.change === null) return a.change === null ? (b.change === null ? 0 : 1) : -1;
      return oriented(b.change, group.direction) - oriented(a.change, group.direction);
    });
}

/** The evidence levels present in a group, strongest first. */
export function evidenceMix(evidence: EvidenceCount[]): EvidenceCount[] {
  return evidence.filter((e) => e.count > 0).reverse();
}

/** What a group stands for beyond its metric kind: the breakdown's value, or null for all the cases. */
export function groupKey(group: Pick<Group, "platform" | "objective" | "level" | "country" | "format">): { code: string; label: string | null } | null {
  if (group.platform) return { code: group.platform.code, label: group.platform.label };
  if (group.format) return { code: group.format, label: group.format };
  if (group.objective) return { code: group.objective.code, label: group.objective.label };
  if (group.level) return { code: group.level.code, label: group.level.label };
  if (group.country) return { code: group.country, label: null };
  return null;
}

/** One metric kind's groups, for one section of the page. */
export interface Section {
  kind: Taxon;
  direction: Direction;
  groups: Group[];
  /** Distinct cases behind the section (as far as the listed cases tell). */
  cases: number;
}

/**
 * The groups by metric kind: in a section, groups with a median first, the best median for the
 * kind first, then the most cases; sections with the most groups with a median, then the most
 * cases, first.
 */
export function sections(groups: Group[]): Section[] {
  const byKind = new Map<string, Group[]>();
  for (const group of groups) {
    const list = byKind.get(group.metricKind.code) ?? [];
    list.push(group);
    byKind.set(group.metricKind.code, list);
  }
  const ranked = [...byKind.values()].map((list, index) => {
    const first = list[0]!;
    const sorted = list
      .map((group, position) => ({ group, position }))
      .sort((a, b) => {
        const am = a.group.median;
        const bm = b.group.median;
        if ((am === null) !== (bm === null)) return am === null ? 1 : -1;
        if (am !== null && bm !== null && am !== bm) return oriented(bm, b.group.direction) - oriented(am, a.group.direction);
        return b.group.caseCount - a.group.caseCount || a.position - b.position;
      })
      .map(({ group }) => group);
    const ids = new Set(list.flatMap((g) => g.cases.map((c) => c.id)));
    const cases = Math.max(ids.size, ...list.map((g) => g.caseCount));
    return { section: { kind: first.metricKind, direction: first.direction, groups: sorted, cases }, index, sufficient: list.filter((g) => g.median !== null).length };
  });
  return ranked
    .sort((a, b) => b.sufficient - a.sufficient || b.section.cases - a.section.cases || a.index - b.index)
    .map(({ section }) => section);
}

/** How many distinct cases the groups stand on (at least the largest group's count). */
export function distinctCases(groups: Pick<Group, "cases" | "caseCount">[]): number {
  const ids = new Set(groups.flatMap((g) => g.cases.map((c) => c.id)));
  return Math.max(ids.size, 0, ...groups.map((g) => g.caseCount));
}

/** A section's scale: the span of every quartile and case change in it, zero included, padded. */
export interface Scale {
  min: number;
  max: number;
}

export function scaleOf(groups: Pick<Group, "q1" | "q3" | "median">[], changes: (number | null)[] = []): Scale {
  const values = [0, ...changes, ...groups.flatMap((g) => [g.q1, g.q3, g.median])].filter((v): v is number => v !== null && Number.isFinite(v));
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 0.1) {
    // Nearly no spread: a window of ±5 points around it, so marks do not sit on top of each other.
    const middle = (max + min) / 2;
    min = Math.min(min, middle - 0.05);
    max = Math.max(max, middle + 0.05);
  }
  const pad = (max - min) * 0.06;
  return { min: min - pad, max: max + pad };
}

/** Where `value` sits on the scale, as a percentage of its width (0..100, one decimal). */
export function position(value: number, scale: Scale): number {
  const share = (value - scale.min) / (scale.max - scale.min);
  return Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10;
}

/** Round ticks for the scale's axis: steps of 10, 20, 25 or 50 points and so on, zero among them. */
export function ticks(scale: Scale, most = 7): number[] {
  const span = scale.max - scale.min;
  const steps = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10];
  const step = steps.find((s) => span / s <= most - 1) ?? steps[steps.length - 1]!;
  const out: number[] = [];
  for (let v = Math.ceil(scale.min / step) * step; v <= scale.max + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000 || 0);
  return out;
}

/** The search (`/buscar?q=…`) for the cases behind a group: the filters and its breakdown value as operators. */
export function searchPath(filters: Filters, group: Pick<Group, "platform" | "objective" | "level" | "country" | "format">): string {
  const parts = ["tipo:caso"];
  const platform = group.platform?.code ?? filters.platform;
  const objective = group.objective?.code ?? filters.objective;
  const level = group.level?.code ?? filters.level;
  const country = group.country ?? filters.country;
  if (platform) parts.push(`plataforma:${platform}`);
  if (objective) parts.push(`objetivo:${objective}`);
  if (level) parts.push(`nivel:${level}`);
  if (country) parts.push(`pais:${country}`);
  // Formats are free text: their words, as a phrase that ranks first (not an operator).
  const format = group.format ?? filters.format;
  if (format) parts.push(`"${format.replace(/"/g, "")}"`);
  return `/buscar?q=${encodeURIComponent(parts.join(" "))}`;
}
