// Platform scorecards, shaped for the pages (`/plataformas`, `/plataformas/<code>`): the filters
// in the address, the order of the cards, the history of ratings with the superseded ones marked,
// the change over a year, the trend chart's geometry and the rating form's input and errors.
// Pure functions (no DOM, no catalogue), so they are unit-tested as they are.

import type { VisibilityValue } from "../generated/schema";

export interface Taxon {
  code: string;
  label: string;
}

/** One dimension over the latest rating of each agency (`DimensionSummaryNode`). */
export interface DimensionSummary {
  dimension: Taxon;
  agencies: number;
  mean: number | null;
  median: number | null;
  /** Agencies per score, from 1 to 5. */
  distribution: number[];
}

export interface RatingAgency {
  id: string;
  slug: string;
  name: string;
  level: Taxon;
  country: string;
}

export interface Rating {
  id: string;
  agency: RatingAgency | null;
  ratedOn: string;
  createdAt: string;
  visibility: string;
  scores: { dimension: Taxon; score: number; justification: string }[];
  cases: { id: string; title: string }[];
}

export interface TrendPoint {
  quarterEnd: string;
  dimensions: DimensionSummary[];
}

export interface Scorecard {
  platform: Taxon;
  dimensions: DimensionSummary[];
  latest: Rating[];
  trend: TrendPoint[];
}

/** The public-value dimensions, in the order the API lists them. */
export const DIMENSIONS = ["service_delivery", "social_outcomes", "trust_legitimacy"] as const;
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** What the pages are narrowed to: a level of government and a country (ISO code). */
export interface Filters {
  level: string | null;
  country: string | null;
}

/** The filters in the address (`?nivel=local&pais=ES`); anything malformed is ignored. */
export function filtersFrom(params: URLSearchParams): Filters {
  const level = (params.get("nivel") ?? "").trim().toLowerCase();
  const country = (params.get("pais") ?? "").trim().toUpperCase();
  return { level: /^[a-z_]{1,40}$/.test(level) ? level : null, country: /^[A-Z]{2}$/.test(country) ? country : null };
}

/** The filters as an address's query string ("?nivel=local&pais=ES"), or "" for none. */
export function filterQuery(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.level) params.set("nivel", filters.level);
  if (filters.country) params.set("pais", filters.country);
  const query = params.toString();
  return query ? `?${query}` : "";
}

export const PLATFORMS_PATH = "/plataformas";

/** A platform's page, keeping the filters. */
export function platformPath(code: string, filters: Filters = { level: null, country: null }): string {
  return `${PLATFORMS_PATH}/${encodeURIComponent(code)}${filterQuery(filters)}`;
}

/** The platform code of a platform page's address, or null. */
export function platformCodeOf(path: string): string | null {
  const match = /^\/plataformas\/([^/]+)\/?$/.exec(path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]).toLowerCase();
  } catch {
    return null;
  }
}

/** Whether the viewer's roles let them rate platforms for their agency (the server checks again). */
export function ratesPlatforms(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((role) => role === "editor" || role === "agency_admin");
}

/** A scorecard's latest ratings, as far as counting their agencies goes. */
type Counted = { latest: { id: string; agency: Pick<RatingAgency, "id"> | null }[] };

/** How many agencies stand behind a scorecard (each agency's latest rating counts once). */
export function agencyCount(card: Counted): number {
  return new Set(card.latest.map((rating) => rating.agency?.id ?? rating.id)).size;
}

/** The day of the newest rating behind a scorecard, or null. */
export function newestRating(ratings: Pick<Rating, "ratedOn">[]): string | null {
  return ratings.reduce<string | null>((newest, r) => (newest === null || r.ratedOn > newest ? r.ratedOn : newest), null);
}

/** Cards with the most agencies behind them first; ties keep the API's (taxonomy) order. */
export function rankScorecards<T extends Counted>(cards: T[]): T[] {
  return cards
    .map((card, index) => ({ card, index, count: agencyCount(card) }))
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .map(({ card }) => card);
}

/** Platforms of the taxonomy that no card covers (nobody rated them, as far as the viewer sees). */
export function unrated(platforms: Taxon[], cards: Pick<Scorecard, "platform">[]): Taxon[] {
  const rated = new Set(cards.map((card) => card.platform.code));
  return platforms.filter((platform) => !rated.has(platform.code) && platform.code !== "other");
}

/** The countries of the rating agencies (ISO codes, sorted), with the chosen one kept. */
export function countriesOf(ratings: { agency: Pick<RatingAgency, "country"> | null }[], chosen: string | null = null): string[] {
  const codes = new Set(ratings.map((r) => r.agency?.country.toUpperCase()).filter((c): c is string => Boolean(c)));
  if (chosen) codes.add(chosen);
  return [...codes].sort();
}

/** Whether a rating's agency matches the filters. */
export function matches(rating: Pick<Rating, "agency">, filters: Filters): boolean {
  if (!filters.level && !filters.country) return true;
  if (!rating.agency) return false;
  return (!filters.level || rating.agency.level.code === filters.level) && (!filters.country || rating.agency.country.toUpperCase() === filters.country);
}

export interface HistoryEntry {
  rating: Rating;
  /**
   * Whether its scores count in the scorecard: `current` all of them (its agency rated none of
   * its dimensions since), `partly` some, `superseded` none. A later rating supersedes an
   * earlier one dimension by dimension, as the API aggregates.
   */
  status: "current" | "partly" | "superseded";
  /** The dimensions (codes) whose score in it still counts. */
  counting: string[];
}

/** Newest first: the later day, then the later entry. */
export function newestFirst(a: Pick<Rating, "ratedOn" | "createdAt">, b: Pick<Rating, "ratedOn" | "createdAt">): number {
  return b.ratedOn.localeCompare(a.ratedOn) || b.createdAt.localeCompare(a.createdAt);
}

/**
 * Every readable rating of the platform by agencies matching the filters, newest first, each
 * with the scores of it that still count (those its agency has not rated again since). The
 * latest ratings are always there, even when the history was cut short.
 */
export function ratingHistory(latest: Rating[], history: Rating[], filters: Filters): HistoryEntry[] {
  const byId = new Map<string, Rating>();
  for (const rating of [...latest, ...history.filter((r) => matches(r, filters))]) if (!byId.has(rating.id)) byId.set(rating.id, rating);
  const seen = new Map<string, Set<string>>();
  return [...byId.values()].sort(newestFirst).map((rating) => {
    const agency = rating.agency?.id ?? rating.id;
    const rated = seen.get(agency) ?? new Set<string>();
    seen.set(agency, rated);
    const counting = rating.scores.map((s) => s.dimension.code).filter((code) => !rated.has(code));
    for (const code of counting) rated.add(code);
    const status = counting.length === rating.scores.length ? "current" : counting.length ? "partly" : "superseded";
    return { rating, status, counting };
  });
}

/** A dimension's summary in a list of them, by code. */
export function dimensionOf(list: DimensionSummary[], code: string): DimensionSummary | undefined {
  return list.find((d) => d.dimension.code === code);
}

/** The quarters in a year's change. */
const YEAR = 4;

/**
 * How a dimension's mean moved over the last year of the trend (the latest quarter against four
 * quarters earlier), rounded to a tenth; null when either end has no score.
 */
export function yearChange(trend: TrendPoint[], code: string): number | null {
  const last = trend[trend.length - 1];
  const before = trend[trend.length - 1 - YEAR];
  const now = last ? dimensionOf(last.dimensions, code)?.mean : null;
  const then = before ? dimensionOf(before.dimensions, code)?.mean : null;
  if (now === null || now === undefined || then === null || then === undefined) return null;
  return Math.round((now - then) * 10) / 10;
}

/** Days between two calendar days (`2025-06-02`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether the newest rating is over a year old on `today` (opinion may have moved since). */
export function isStale(newest: string | null, today: string): boolean {
  return newest !== null && daysBetween(newest, today) > 365;
}

/** A calendar day from the API (`2025-06-02`) as a short date in `lang`, the same day everywhere. */
export function calendarDay(value: string, lang: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? value : new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(parsed);
}

/** Today as the API's calendar day (UTC), the day a rating defaults to. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The quarter and year of a quarter's last day (`2025-06-30` → 2, 2025). */
export function quarterOf(day: string): { quarter: number; year: number } {
  const [year = "0", month = "1"] = day.split("-");
  return { quarter: Math.floor((Number(month) - 1) / 3) + 1, year: Number(year) };
}

/** A score (1..5) as a share of the scale (0..1), for bars. */
export function scaleShare(score: number | null): number {
  if (score === null) return 0;
  return Math.min(1, Math.max(0, (score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)));
}

// The trend chart: quarters along x, the 1..5 scale along y, a line per dimension.

export interface TrendGeometry {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Distance between quarters. */
  step: number;
}

/** The chart's size for `quarters` quarters: 640 wide up to 14 quarters, wider beyond. */
export function trendGeometry(quarters: number): TrendGeometry {
  const left = 40;
  const right = 64;
  const top = 16;
  const bottom = 52;
  const room = 640 - left - right;
  const step = quarters > 1 ? Math.max(36, room / (quarters - 1)) : room;
  const width = quarters > 1 ? Math.round(left + right + step * (quarters - 1)) : 640;
  return { width, height: 260, left, right, top, bottom, step };
}

export function xAt(geometry: TrendGeometry, index: number, quarters: number): number {
  return quarters > 1 ? geometry.left + geometry.step * index : geometry.left + (geometry.width - geometry.left - geometry.right) / 2;
}

export function yAt(geometry: TrendGeometry, score: number): number {
  const plot = geometry.height - geometry.top - geometry.bottom;
  return geometry.top + (1 - scaleShare(score)) * plot;
}

/** A line through the known values ("M x y L x y"), broken where a quarter has no score. */
export function linePath(points: { x: number; y: number | null }[]): string {
  let path = "";
  let drawing = false;
  for (const { x, y } of points) {
    if (y === null) {
      drawing = false;
      continue;
    }
    path += `${path ? " " : ""}${drawing ? "L" : "M"}${round(x)} ${round(y)}`;
    drawing = true;
  }
  return path;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Label positions beside the lines' ends: wanted at `y`, moved apart so that no two are closer
 * than `gap` (pushed down, and back up from `max` when they would fall below it), in the order
 * of the input.
 */
export function spreadLabels(wanted: number[], gap: number, max = Number.POSITIVE_INFINITY): number[] {
  const order = wanted.map((y, index) => ({ y, index })).sort((a, b) => a.y - b.y || a.index - b.index);
  for (let i = 1; i < order.length; i += 1) {
    const previous = order[i - 1]!;
    const current = order[i]!;
    if (current.y - previous.y < gap) current.y = previous.y + gap;
  }
  for (let i = order.length - 1; i >= 0; i -= 1) {
    const limit = i === order.length - 1 ? max : order[i + 1]!.y - gap;
    if (order[i]!.y > limit) order[i]!.y = limit;
  }
  const placed = new Array<number>(wanted.length);
  for (const { y, index } of order) placed[index] = Math.round(y * 10) / 10;
  return placed;
}

// The rating form.

/** One dimension as the form holds it: the score chosen ("" for not rated) and the evidence. */
export interface DimensionEntry {
  dimension: string;
  score: string;
  justification: string;
}

export interface RatingDraft {
  platform: string;
  ratedOn: string;
  visibility: string;
  entries: DimensionEntry[];
  caseStudyIds: string[];
}

/** A problem with the form before it is sent: the field (as the form names it) and a catalogue key. */
export interface DraftProblem {
  field: string;
  key: "platforms.form.noScore" | "platforms.form.needsEvidence" | "platforms.form.needsScore" | "platforms.form.future";
}

export interface RatePlatformInput {
  platform: string;
  ratedOn?: string;
  scores: { dimension: string; score: number; justification: string }[];
  caseStudyIds: string[];
  visibility: VisibilityValue;
}

/**
 * The `ratePlatform` input of a filled form, or the first problem found (in the order of the
 * form): evidence without a score, a score without evidence, nothing rated, a future day.
 */
export function ratingInput(draft: RatingDraft, now: string): { input: RatePlatformInput } | { problem: DraftProblem } {
  const scores: RatePlatformInput["scores"] = [];
  for (const entry of draft.entries) {
    const justification = entry.justification.trim();
    if (!entry.score) {
      if (justification) return { problem: { field: `scores.${entry.dimension}.score`, key: "platforms.form.needsScore" } };
      continue;
    }
    if (!justification) return { problem: { field: `scores.${entry.dimension}.justification`, key: "platforms.form.needsEvidence" } };
    scores.push({ dimension: entry.dimension, score: Number(entry.score), justification });
  }
  if (scores.length === 0) return { problem: { field: "scores", key: "platforms.form.noScore" } };
  if (draft.ratedOn && draft.ratedOn > now) return { problem: { field: "ratedOn", key: "platforms.form.future" } };
  return {
    input: {
      platform: draft.platform,
      ...(draft.ratedOn ? { ratedOn: draft.ratedOn } : {}),
      scores,
      caseStudyIds: draft.caseStudyIds,
      // The form's choices are the enum's values.
      visibility: (draft.visibility || "NETWORK") as VisibilityValue,
    },
  };
}

/**
 * The form's field for a server error's field: the API numbers the scores sent
 * (`input.scores.1.justification`), the form names them by dimension
 * (`scores.trust_legitimacy.justification`).
 */
export function formField(serverField: string, sent: RatePlatformInput["scores"]): string {
  const path = serverField.replace(/^input\./, "");
  const match = /^scores\.(\d+)(\..*)?$/.exec(path);
  if (!match) return path;
  const dimension = sent[Number(match[1])]?.dimension;
  return dimension ? `scores.${dimension}${match[2] ?? ""}` : "scores";
}
