// The expertise directory (`/personas`) and the list of agencies (`/organismos`), shaped for the
// address: the question and the filters live in the URL (`/personas?q=lectura+fácil&plataforma=
// tiktok&idioma=ca`), in Spanish like the app's other filters, so a link shares the view and the
// browser's back button returns to the previous search. Pure functions (no DOM, no catalogue),
// unit-tested as they are.

export const DIRECTORY_PATH = "/personas";
export const AGENCIES_PATH = "/organismos";

/** Longest question the API accepts (`directory` and `agencies`), in characters. */
export const QUERY_MAX = 200;

/** The languages a member may say they work in (the API's list), in the order offered. */
export const SPOKEN_LANGUAGES = ["es", "ca", "gl", "eu", "pt", "en", "fr", "it", "de"] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];

/** What the directory shows: the question (may be empty: everyone) and its filters. */
export interface DirectoryParams {
  q: string;
  platform: string | null;
  objective: string | null;
  language: string | null;
  level: string | null;
  country: string | null;
}

/** What the list of agencies shows. */
export interface AgencyParams {
  q: string;
  level: string | null;
  country: string | null;
}

type Filter = Exclude<keyof DirectoryParams, "q">;

/** The filters of the directory, in the order of the form, with their words in the address. */
export const DIRECTORY_FILTERS: readonly Filter[] = ["platform", "objective", "language", "level", "country"];
const PARAM: Record<Filter, string> = { platform: "plataforma", objective: "objetivo", language: "idioma", level: "nivel", country: "pais" };

export const NO_DIRECTORY: DirectoryParams = { q: "", platform: null, objective: null, language: null, level: null, country: null };

const CODE = /^[a-z0-9_]{1,40}$/;

/** A question as the address carries it: trimmed, inner spaces collapsed, at most [`QUERY_MAX`] characters. */
export function questionOf(raw: string | null): string {
  const text = (raw ?? "").split(/\s+/).filter(Boolean).join(" ");
  return [...text].slice(0, QUERY_MAX).join("");
}

function code(params: URLSearchParams, name: string): string | null {
  const value = (params.get(name) ?? "").trim().toLowerCase();
  return CODE.test(value) ? value : null;
}

function country(params: URLSearchParams): string | null {
  const value = (params.get(PARAM.country) ?? "").trim().toUpperCase();
  return /^[A-Z]{2}$/.test(value) ? value : null;
}

function spoken(params: URLSearchParams): string | null {
  const value = code(params, PARAM.language);
  return value && (SPOKEN_LANGUAGES as readonly string[]).includes(value) ? value : null;
}

/** The directory's view in the address; anything malformed is ignored. */
export function directoryParams(params: URLSearchParams): DirectoryParams {
  return {
    q: questionOf(params.get("q")),
    platform: code(params, PARAM.platform),
    objective: code(params, PARAM.objective),
    language: spoken(params),
    level: code(params, PARAM.level),
    country: country(params),
  };
}

/** The directory's view as a query string (`?q=…&plataforma=…`), "" for everyone unfiltered. */
export function directoryQuery(view: DirectoryParams): string {
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  for (const filter of DIRECTORY_FILTERS) {
    const value = view[filter];
    if (value) params.set(PARAM[filter], value);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The directory's address for a view. */
export function directoryPath(view: DirectoryParams): string {
  return `${DIRECTORY_PATH}${directoryQuery(view)}`;
}

/** Whether any filter narrows the directory (the question aside). */
export function isFiltered(view: DirectoryParams | AgencyParams): boolean {
  return Object.entries(view).some(([name, value]) => name !== "q" && value !== null);
}

/** Whether the view asks anything at all: a question or a filter. */
export function isNarrowed(view: DirectoryParams | AgencyParams): boolean {
  return Boolean(view.q) || isFiltered(view);
}

/** The API's `DirectoryFilterInput`, or null when nothing filters. */
export function directoryFilter(view: DirectoryParams): Partial<Record<Filter, string>> | null {
  const filter: Partial<Record<Filter, string>> = {};
  for (const name of DIRECTORY_FILTERS) {
    const value = view[name];
    if (value) filter[name] = value;
  }
  return Object.keys(filter).length ? filter : null;
}

/**
 * The view without the filter the API refused (its error's field, `filter.platform`…), so the
 * page can show the rest; null when the field names no filter that is set.
 */
export function withoutFilter<V extends DirectoryParams | AgencyParams>(view: V, field: string | undefined): V | null {
  const name = /^filter\.(\w+)/.exec(field ?? "")?.[1];
  if (!name || name === "q" || !(name in view) || view[name as keyof V] === null) return null;
  return { ...view, [name]: null };
}

/** The list of agencies' view in the address (`/organismos?q=…&nivel=local&pais=ES`). */
export function agencyParams(params: URLSearchParams): AgencyParams {
  return { q: questionOf(params.get("q")), level: code(params, PARAM.level), country: country(params) };
}

/** The list of agencies' address for a view. */
export function agencyPath(view: AgencyParams): string {
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  if (view.level) params.set(PARAM.level, view.level);
  if (view.country) params.set(PARAM.country, view.country);
  const query = params.toString();
  return `${AGENCIES_PATH}${query ? `?${query}` : ""}`;
}

/** The API's `AgencyFilterInput`, or null when nothing filters. */
export function agencyFilter(view: AgencyParams): { level?: string; country?: string } | null {
  if (!view.level && !view.country) return null;
  return { ...(view.level ? { level: view.level } : {}), ...(view.country ? { country: view.country } : {}) };
}

/** The distinct country codes of some agencies (and the one chosen, kept even if none is left), sorted. */
export function countriesOf(agencies: readonly { country: string }[], chosen: string | null = null): string[] {
  const codes = new Set(agencies.map((agency) => agency.country.toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c)));
  if (chosen) codes.add(chosen);
  return [...codes].sort();
}
