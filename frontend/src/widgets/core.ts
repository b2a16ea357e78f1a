// The widgets' pure helpers: no DOM, no network, so they are unit-tested under Node.
import { itemPath } from "../paths";
import { WIDGET_MESSAGES, type WidgetKey, type WidgetLanguage, message, supportedLanguage } from "./i18n";

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

/** What a search hit is (SearchKind), in words of `lang`; empty for an unknown kind. */
export function kindLabel(kind: string, lang: WidgetLanguage = "es"): string {
  const key = `kind.${kind}`;
  return Object.hasOwn(WIDGET_MESSAGES.es, key) ? message(lang, key as WidgetKey) : "";
}

/** The address of an item's page in Plaza from its kind (SearchKind) and global id. */
export function itemUrl(origin: string, kind: string, id: string): string {
  return itemPath(kind, id, origin);
}

/** What the search's live region announces, in `lang`. */
export function describeResults(total: number, shown: number, query: string, lang: WidgetLanguage = "es"): string {
  if (total === 0) return message(lang, "search.none", { query });
  if (total > shown) return message(lang, "search.some", { shown, total, query });
  return message(lang, "search.all", { total, query });
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

/**
 * The widgets an embed page can show, the message naming each (its page's title), and the
 * query parameters each passes on as attributes. `lang` (es, ca, pt, en) is the page's language.
 */
export const EMBEDS = {
  latest: {
    tag: "plaza-latest",
    title: "embed.latest",
    params: ["platform", "level", "country", "limit", "heading"],
  },
  search: {
    tag: "plaza-search",
    title: "embed.search",
    params: ["platform", "level", "type", "limit", "heading", "placeholder", "label"],
  },
  guideline: {
    tag: "plaza-guideline",
    title: "embed.guideline",
    params: ["guideline", "full", "sections"],
  },
} as const satisfies Record<string, { tag: string; title: WidgetKey; params: readonly string[] }>;

export type EmbedName = keyof typeof EMBEDS;

/** Boolean attributes: they count by their presence, whatever their value (`full`, `?full`). */
const FLAGS: readonly string[] = ["full"];

/** The named attributes (or query parameters) that are set: values trimmed and non-empty, flags as "". */
function embedParams(read: Read, names: readonly string[]): Record<string, string> {
  const out = pick(read, names.filter((name) => !FLAGS.includes(name)));
  for (const name of names) if (FLAGS.includes(name) && read(name) !== null) out[name] = "";
  return out;
}

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
 * attributes. Null when neither gives a valid address. `lang`, the frame's language, is passed
 * on unless the `src` names one.
 */
export function embedUrl(origin: string, read: Read, lang?: WidgetLanguage): string | null {
  const src = read("src");
  if (src) {
    let url: URL;
    try {
      url = new URL(src, origin);
    } catch {
      return null;
    }
    if (url.origin !== origin || !url.pathname.startsWith("/embed/")) return null;
    if (lang && !url.searchParams.has("lang")) url.searchParams.set("lang", lang);
    return url.href;
  }
  const widget = read("widget") ?? "latest";
  if (!Object.hasOwn(EMBEDS, widget)) return null;
  const embed = EMBEDS[widget as EmbedName];
  const url = new URL(`/embed/${widget}`, origin);
  const agency = read("agency")?.trim();
  if (agency) url.searchParams.set("agencia", agency);
  const content = read(CONTENT_AGENCY)?.trim();
  if (content) url.searchParams.set(CONTENT_AGENCY, content);
  for (const [name, value] of Object.entries(embedParams(read, embed.params))) url.searchParams.set(name, value);
  if (lang) url.searchParams.set("lang", lang);
  return url.href;
}

/** What an embed page shows: the element, its attributes, the page's (hidden) title and language. */
export interface EmbedRoute {
  tag: string;
  title: string;
  attributes: Record<string, string>;
  lang: WidgetLanguage;
}

/** The embed page's widget from its address (`/embed/latest?agencia=…&platform=…`), or null. */
export function embedRoute(pathname: string, search: string): EmbedRoute | null {
  const match = /^\/embed\/([a-z]+)\/?$/.exec(pathname);
  if (!match || !Object.hasOwn(EMBEDS, match[1] ?? "")) return null;
  const embed = EMBEDS[match[1] as EmbedName];
  const params = new URLSearchParams(search);
  const attributes = embedParams((name) => params.get(name), embed.params);
  const content = params.get(CONTENT_AGENCY)?.trim();
  if (content && embed.tag !== "plaza-guideline") attributes.agency = content;
  const lang = supportedLanguage(params.get("lang")) ?? "es";
  return { tag: embed.tag, title: message(lang, embed.title), attributes, lang };
}

/** What splitting a guideline's text into sections needs of a DOM node (a DOM `Node` has it all). */
export interface OutlineNode {
  nodeName: string;
  textContent: string | null;
  getAttribute?: (name: string) => string | null;
}

/** A section of a text: its heading's words and id (null without one), and its nodes, the heading first. */
export interface Section<T> {
  title: string;
  id: string | null;
  nodes: T[];
}

/** The level of a heading node (1 to 6), 0 for any other node. */
function headingLevel(node: OutlineNode): number {
  const match = /^H([1-6])$/i.exec(node.nodeName);
  return match ? Number(match[1]) : 0;
}

/**
 * A rendered text's top-level nodes split into sections at its headings of one level: the
 * highest level used at least twice (h2 in guidelines written with `##`, h1 in those written
 * with `#` and h2 under a single `#` title), else the highest used at all. What comes before
 * the first is the `intro`. Headings inside quotes or lists are not top-level: they start none.
 */
export function splitSections<T extends OutlineNode>(nodes: Iterable<T>): { intro: T[]; sections: Section<T>[] } {
  const all = [...nodes];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const node of all) counts[headingLevel(node)] = (counts[headingLevel(node)] ?? 0) + 1;
  const twice = counts.findIndex((count, level) => level > 0 && count > 1);
  const split = twice > 0 ? twice : counts.findIndex((count, level) => level > 0 && count > 0);
  const intro: T[] = [];
  const sections: Section<T>[] = [];
  for (const node of all) {
    if (split > 0 && headingLevel(node) === split) {
      const title = (node.textContent ?? "").replace(/\s+/g, " ").trim();
      sections.push({ title, id: node.getAttribute?.("id")?.trim() || null, nodes: [node] });
    } else {
      (sections.at(-1)?.nodes ?? intro).push(node);
    }
  }
  return { intro, sections };
}

/** The address of a section on its guideline's page: the page, at the section's anchor when its heading has an id. */
export function sectionUrl(page: string, id: string | null): string {
  return id ? `${page}#${encodeURIComponent(id)}` : page;
}

/** How many sections a `sections` attribute asks to show in full: a whole number, 0 when absent or not a positive number. */
export function sectionCount(raw: string | null): number {
  const value = raw === null || raw.trim() === "" ? 0 : Math.floor(Number(raw));
  return Number.isFinite(value) && value > 0 ? Math.min(value, 100) : 0;
}
