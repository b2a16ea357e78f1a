// The widgets' pure helpers: no DOM, no network, so they are unit-tested under Node.
import { itemPath } from "../paths";

/** Reads an attribute (an element's `getAttribute`) or a query parameter (`URLSearchParams.get`). */
export type Read = (name: string) => string | null;

/** A page size from an attribute: a whole number from 1 to `max`, `fallback` when absent or not a number. */
export function clampLimit(raw: string | null, fallback = 5, max = 20): number {
  const value = raw === null || raw.trim() === "" ? Number.NaN : Math.floor(Number(raw));
  return Number.isFinite(value) ? Math.min(Math.max(value, 1), max) : fallback;
}

/** The values of a list attribute: separated by commas or spaces, blanks dropped. */
export function words(raw: string | null): string[] {
  return (raw ?? "").split(/[\s,]+/).filter(Boolean);
}

/** The named attributes that are set (trimmed, non-empty), as a filter object. */
export function pick(read: Read, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = read(name)?.trim();
    if (value) out[name] = value;
  }
  return out;
}

/** What `contentPublished` can filter on (LiveFilterInput). */
export const LIVE_FIELDS = ["agency", "platform", "level"] as const;

/** The `search` filter (SearchFilterInput) from the element's `platform`, `level`, `agency` and `type` attributes. */
export function searchFilter(read: Read): Record<string, string[]> {
  const fields: [string, string][] = [
    ["platform", "platforms"],
    ["level", "levels"],
    ["agency", "agencies"],
    ["type", "types"],
  ];
  const filter: Record<string, string[]> = {};
  for (const [attribute, field] of fields) {
    const values = words(read(attribute));
    if (values.length > 0) filter[field] = values;
  }
  return filter;
}

/** Spanish names of what a search hit is. */
export const KIND_LABELS: Record<string, string> = {
  CASE_STUDY: "Caso de estudio",
  PRACTICE: "Buena práctica",
  GUIDELINE: "Guía de uso",
  DISCUSSION: "Debate",
};

/** The address of an item's page in Plaza from its kind (SearchKind) and global id. */
export function itemUrl(origin: string, kind: string, id: string): string {
  return itemPath(kind, id, origin);
}

/** What the search's live region announces. */
export function describeResults(total: number, shown: number, query: string): string {
  const quoted = `«${query}»`;
  if (total === 0) return `No hay resultados para ${quoted}.`;
  if (total > shown) return `${shown} de ${total} resultados para ${quoted}.`;
  return total === 1 ? `1 resultado para ${quoted}.` : `${total} resultados para ${quoted}.`;
}

/** A widget token as the intranet's `token-url` answers it. */
export interface Token {
  value: string;
  /** When it expires (ms since the epoch). */
  until: number;
}

/** The token in a `token-url` answer (`{token, expiresAt}`); five minutes when no expiry is given. */
export function parseToken(body: unknown, now: number): Token | null {
  if (typeof body !== "object" || body === null) return null;
  const { token, expiresAt } = body as { token?: unknown; expiresAt?: unknown };
  if (typeof token !== "string" || token === "") return null;
  const until = typeof expiresAt === "string" ? Date.parse(expiresAt) : Number.NaN;
  return { value: token, until: Number.isFinite(until) ? until : now + 300_000 };
}

/** Whether a token may still be used: it is reused until a minute before it expires. */
export function tokenFresh(token: Token | null, now: number): token is Token {
  return token !== null && token.until > now + 60_000;
}

/** The next wait before reconnecting the live socket: doubling from one second, at most a minute. */
export function nextDelay(previous: number): number {
  return Math.min(Math.max(previous, 500) * 2, 60_000);
}

/** The tallest a framed widget may grow to (px), whatever its page says. */
export const MAX_FRAME_HEIGHT = 4000;

/** The message the embed page posts to its parent when its height changes. */
export interface HeightMessage {
  type: "plaza:height";
  height: number;
}

/**
 * The height (px) in a message from an embed page, or null if it is not a height message.
 * Callers must also check who sent it (`event.source` and `event.origin`).
 */
export function frameHeight(data: unknown): number | null {
  if (typeof data !== "object" || data === null) return null;
  const { type, height } = data as { type?: unknown; height?: unknown };
  if (type !== "plaza:height" || typeof height !== "number" || !Number.isFinite(height) || height < 0) return null;
  return Math.min(Math.ceil(height), MAX_FRAME_HEIGHT);
}

/** The widgets an embed page can show, and the query parameters each passes on as attributes. */
export const EMBEDS = {
  latest: {
    tag: "plaza-latest",
    title: "Plaza: casos de estudio recientes",
    params: ["platform", "level", "country", "limit", "heading"],
  },
  search: {
    tag: "plaza-search",
    title: "Plaza: buscar casos, prácticas y guías",
    params: ["platform", "level", "type", "limit", "heading", "placeholder", "label"],
  },
  guideline: {
    tag: "plaza-guideline",
    title: "Plaza: guía de uso",
    params: ["guideline"],
  },
} as const;

export type EmbedName = keyof typeof EMBEDS;

/**
 * The query parameter that narrows an embedded widget to one agency's content. `agencia` (or
 * `agency`) is taken: it names the agency whose intranet frames the page (the server answers
 * with that agency's allowed origins as `frame-ancestors`).
 */
export const CONTENT_AGENCY = "from-agency";

/**
 * The `/embed/...` address a `<plaza-frame>` shows: its `src` when that is an embed page of
 * Plaza's own origin, else one built from `widget` (latest, search, guideline), `agency` (the
 * intranet's agency, which must allow the page's origin), `from-agency` and the widget's own
 * attributes. Null when neither gives a valid address.
 */
export function embedUrl(origin: string, read: Read): string | null {
  const src = read("src");
  if (src) {
    let url: URL;
    try {
      url = new URL(src, origin);
    } catch {
      return null;
    }
    return url.origin === origin && url.pathname.startsWith("/embed/") ? url.href : null;
  }
  const widget = read("widget") ?? "latest";
  if (!Object.hasOwn(EMBEDS, widget)) return null;
  const embed = EMBEDS[widget as EmbedName];
  const url = new URL(`/embed/${widget}`, origin);
  const agency = read("agency")?.trim();
  if (agency) url.searchParams.set("agencia", agency);
  const content = read(CONTENT_AGENCY)?.trim();
  if (content) url.searchParams.set(CONTENT_AGENCY, content);
  for (const [name, value] of Object.entries(pick(read, embed.params))) url.searchParams.set(name, value);
  return url.href;
}

/** What an embed page shows: the element, its attributes and the page's (hidden) title. */
export interface EmbedRoute {
  tag: string;
  title: string;
  attributes: Record<string, string>;
}

/** The embed page's widget from its address (`/embed/latest?agencia=…&platform=…`), or null. */
export function embedRoute(pathname: string, search: string): EmbedRoute | null {
  const match = /^\/embed\/([a-z]+)\/?$/.exec(pathname);
  if (!match || !Object.hasOwn(EMBEDS, match[1] ?? "")) return null;
  const embed = EMBEDS[match[1] as EmbedName];
  const params = new URLSearchParams(search);
  const attributes = pick((name) => params.get(name), embed.params);
  const content = params.get(CONTENT_AGENCY)?.trim();
  if (content && embed.tag !== "plaza-guideline") attributes.agency = content;
  return { tag: embed.tag, title: embed.title, attributes };
}
