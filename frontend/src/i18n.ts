// Interface catalogues: Spanish by default, English, Catalan and Portuguese. Taxonomy labels
// come from the API (in the same four languages); the rest of the interface from these
// catalogues, whose messages may choose plural forms ICU-style (see format.ts):
//   "search.results": "{count, plural, one {# resultado} other {# resultados}}"
// Only Spanish (the default, and every message's fallback) travels with the app; the other
// catalogues are chunks of their own, loaded when their language is spoken (`setLanguage`).
import { formatMessage } from "./format";
import { es, type Key } from "./locales/es";

export const LANGUAGES = { es: "Español", en: "English", ca: "Català", pt: "Português" } as const;
export type Language = keyof typeof LANGUAGES;
/** A catalogue: a message for every key of the Spanish one (each locale file is typed so). */
export type Catalogue = Record<Key, string>;
/** How each catalogue but Spanish's is fetched. */
export type Importers = Record<Exclude<Language, "es">, () => Promise<Catalogue>>;

const IMPORTERS: Importers = {
  en: () => import("./locales/en").then((module) => module.en),
  ca: () => import("./locales/ca").then((module) => module.ca),
  pt: () => import("./locales/pt").then((module) => module.pt),
};

export interface Catalogues {
  /** `language`'s catalogue if loaded (Spanish's always is). */
  get(language: Language): Catalogue | undefined;
  /**
   * Loads `language`'s catalogue, once: calls while it loads share the request, later ones the
   * catalogue. Resolves to the language now available: `language`, or Spanish when its catalogue
   * failed to load (never rejects; a failure is not kept, so a later call tries again).
   */
  load(language: Language): Promise<Language>;
}

export function catalogueLoader(importers: Importers, warn: (message: string, error: unknown) => void = console.warn): Catalogues {
  const loaded = new Map<Language, Catalogue>([["es", es]]);
  const pending = new Map<Language, Promise<Language>>();
  return {
    get: (language) => loaded.get(language),
    load(language) {
      if (language === "es" || loaded.has(language)) return Promise.resolve(language);
      let loading = pending.get(language);
      if (!loading) {
        const request = Promise.resolve().then(importers[language]);
        loading = request
          .then((catalogue): Language => {
            loaded.set(language, catalogue);
            return language;
          })
          .catch((error: unknown): Language => {
            warn(`plaza: the ${language} catalogue did not load; speaking Spanish`, error);
            return "es";
          })
          .finally(() => pending.delete(language));
        pending.set(language, loading);
      }
      return loading;
    },
  };
}

const CATALOGUES = catalogueLoader(IMPORTERS);

/** Loads `language`'s catalogue (see `Catalogues.load`) without speaking it yet. */
export function loadLanguage(language: Language): Promise<Language> {
  return CATALOGUES.load(language);
}

let current: Language = "es";
let requests = 0;

export function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && value in LANGUAGES;
}

const STORED = "plaza.language";

/**
 * Speaks `language` from now on, once its catalogue is loaded (at once when it already is):
 * resolves to the language spoken then, Spanish if the catalogue failed to load. Of calls made
 * while a catalogue loads, the last wins. `remember`: the reader chose it (the header's
 * selector, their profile's interface language as they saved it), so this browser keeps it; a
 * language merely inferred (the browser's, the profile's at load) is not stored, so a later
 * choice can apply.
 */
export function setLanguage(language: Language, remember = true): Promise<Language> {
  const request = ++requests;
  if (remember) {
    try {
      localStorage.setItem(STORED, language);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  }
  const speak = (spoken: Language): Language => {
    if (request === requests) {
      current = spoken;
      document.documentElement.lang = spoken;
    }
    return current;
  };
  if (CATALOGUES.get(language)) return Promise.resolve(speak(language));
  return CATALOGUES.load(language).then(speak);
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

/**
 * Switches to `language` as the reader's choice and, once it is spoken (or Spanish, if its
 * catalogue failed to load), tells the app's frame to follow; resolves to the language spoken.
 */
export async function switchLanguage(language: Language): Promise<Language> {
  const spoken = await setLanguage(language);
  document.dispatchEvent(new Event(LANGUAGE_CHANGED));
  return spoken;
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
 * plural forms chosen by the language's rules (`t("search.results", { count: 1 })`). In a
 * language whose catalogue is not loaded (see `loadLanguage`), the Spanish message.
 */
export function t(key: Key, values: Record<string, string | number> = {}, lang: Language = current): string {
  const catalogue = CATALOGUES.get(lang);
  return catalogue ? formatMessage(catalogue[key] ?? es[key], values, lang) : formatMessage(es[key], values, "es");
}

/** The language to ask the API for taxonomy labels in: the interface's own. */
export function labelLanguage(lang: Language = current): "ES" | "EN" | "CA" | "PT" {
  return lang.toUpperCase() as "ES" | "EN" | "CA" | "PT";
}
