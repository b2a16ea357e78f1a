// Interface catalogues: Spanish by default, English, Catalan and Portuguese. Taxonomy labels
// come from the API (in the same four languages); the rest of the interface from these
// catalogues, whose messages may choose plural forms ICU-style (see format.ts):
//   "search.results": "{count, plural, one {# resultado} other {# resultados}}"
import { formatMessage } from "./format";
import { ca } from "./locales/ca";
import { en } from "./locales/en";
import { es, type Key } from "./locales/es";
import { pt } from "./locales/pt";

export const LANGUAGES = { es: "Español", en: "English", ca: "Català", pt: "Português" } as const;
export type Language = keyof typeof LANGUAGES;
const CATALOGUES: Record<Language, Record<Key, string>> = { es, en, ca, pt };

let current: Language = "es";

export function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && value in LANGUAGES;
}

const STORED = "plaza.language";

/**
 * Speaks `language` from now on. `remember`: the reader chose it (the header's selector, their
 * profile's interface language as they saved it), so this browser keeps it; a language merely
 * inferred (the browser's, the profile's at load) is not stored, so a later choice can apply.
 */
export function setLanguage(language: Language, remember = true): void {
  current = language;
  document.documentElement.lang = language;
  if (!remember) return;
  try {
    localStorage.setItem(STORED, language);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}

/** The language this browser was told to speak, if any (see `setLanguage`). */
export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null;
  }
}

/** The event a page sends on switching the language, so the app's frame (header, footer) follows. */
export const LANGUAGE_CHANGED = "plaza:language";

/** Switches to `language` as the reader's choice, and tells the app's frame to follow. */
export function switchLanguage(language: Language): void {
  setLanguage(language);
  document.dispatchEvent(new Event(LANGUAGE_CHANGED));
}

export function language(): Language {
  return current;
}

/** The stored choice, else the browser's language if catalogued, else Spanish. */
export function initialLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "es";
}

/**
 * The message `key` in the current language, with `{name}` placeholders filled and its
 * plural forms chosen by the language's rules (`t("search.results", { count: 1 })`).
 */
export function t(key: Key, values: Record<string, string | number> = {}, lang: Language = current): string {
  const template = CATALOGUES[lang][key] ?? es[key];
  return formatMessage(template, values, lang);
}

/** The language to ask the API for taxonomy labels in: the interface's own. */
export function labelLanguage(lang: Language = current): "ES" | "EN" | "CA" | "PT" {
  return lang.toUpperCase() as "ES" | "EN" | "CA" | "PT";
}

export function catalogues(): Record<Language, Record<Key, string>> {
  return CATALOGUES;
}
