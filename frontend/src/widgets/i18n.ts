// The widgets' words in Spanish, Catalan, Portuguese and English. A widget speaks the language
// declared nearest to it: its own `lang` attribute, else its closest ancestor's (up to the
// page's `<html lang>`, through shadow roots); Spanish when none is declared or the one
// declared is not among these. Kept apart from the app's catalogues so the script stays small.
import { formatMessage } from "../format";

const es = {
  unavailable: "Plaza no está disponible ahora mismo. Vuelve a intentarlo en unos minutos.",
  loading: "Cargando…",
  "latest.heading": "Casos de estudio recientes",
  "latest.none": "Todavía no hay casos publicados que coincidan. Aparecerán aquí en cuanto se publiquen.",
  "search.heading": "Buscar en Plaza",
  "search.label": "Qué buscas",
  "search.placeholder": "Por ejemplo: WhatsApp, crisis, atención ciudadana",
  "search.button": "Buscar",
  "search.empty": "Escribe qué quieres buscar.",
  "search.searching": "Buscando…",
  "search.none": "No hay resultados para «{query}». Prueba con otras palabras.",
  "search.some": "{shown} de {total, plural, one {# resultado} other {# resultados}} para «{query}».",
  "search.all": "{total, plural, one {# resultado} other {# resultados}} para «{query}».",
  "kind.CASE_STUDY": "Caso de estudio",
  "kind.PRACTICE": "Buena práctica",
  "kind.GUIDELINE": "Guía de uso",
  "kind.DISCUSSION": "Debate",
  "guideline.missing": "Falta el identificador de la guía (atributo guideline).",
  "guideline.none": "Esta guía no existe o no es pública. Si se publica, aparecerá aquí.",
  "guideline.version": "Versión {number}",
  "guideline.more": "Ver en Plaza",
  "guideline.read": "Leer la guía completa en Plaza",
  "guideline.sections": "En esta guía",
  "guideline.moreSections": "También en esta guía",
  "frame.unknown": "Este widget de Plaza no existe: revisa los atributos widget o src.",
  "embed.unknown": "Este widget de Plaza no existe.",
  "embed.latest": "Plaza: casos de estudio recientes",
  "embed.search": "Plaza: buscar casos, prácticas y guías",
  "embed.guideline": "Plaza: guía de uso",
};

export type WidgetKey = keyof typeof es;

const ca: Record<WidgetKey, string> = {
  unavailable: "Plaza no està disponible ara mateix. Torna-ho a provar d'aquí a uns minuts.",
  loading: "Carregant…",
  "latest.heading": "Casos d'estudi recents",
  "latest.none": "Encara no hi ha casos publicats que coincideixin. Apareixeran aquí tan bon punt es publiquin.",
  "search.heading": "Cerca a Plaza",
  "search.label": "Què cerques",
  "search.placeholder": "Per exemple: WhatsApp, crisi, atenció ciutadana",
  "search.button": "Cerca",
  "search.empty": "Escriu què vols cercar.",
  "search.searching": "Cercant…",
  "search.none": "No hi ha resultats per a «{query}». Prova amb altres paraules.",
  "search.some": "{shown} de {total, plural, one {# resultat} other {# resultats}} per a «{query}».",
  "search.all": "{total, plural, one {# resultat} other {# resultats}} per a «{query}».",
  "kind.CASE_STUDY": "Cas d'estudi",
  "kind.PRACTICE": "Bona pràctica",
  "kind.GUIDELINE": "Guia d'ús",
  "kind.DISCUSSION": "Debat",
  "guideline.missing": "Falta l'identificador de la guia (atribut guideline).",
  "guideline.none": "Aquesta guia no existeix o no és pública. Si es publica, apareixerà aquí.",
  "guideline.version": "Versió {number}",
  "guideline.more": "Veure-ho a Plaza",
  "guideline.read": "Llegir la guia completa a Plaza",
  "guideline.sections": "En aquesta guia",
  "guideline.moreSections": "També en aquesta guia",
  "frame.unknown": "Aquest giny de Plaza no existeix: revisa els atributs widget o src.",
  "embed.unknown": "Aquest giny de Plaza no existeix.",
  "embed.latest": "Plaza: casos d'estudi recents",
  "embed.search": "Plaza: cerca casos, pràctiques i guies",
  "embed.guideline": "Plaza: guia d'ús",
};

const pt: Record<WidgetKey, string> = {
  unavailable: "O Plaza não está disponível neste momento. Tente novamente dentro de alguns minutos.",
  loading: "A carregar…",
  "latest.heading": "Estudos de caso recentes",
  "latest.none": "Ainda não há casos publicados que correspondam. Aparecerão aqui assim que forem publicados.",
  "search.heading": "Pesquisar no Plaza",
  "search.label": "O que procura",
  "search.placeholder": "Por exemplo: WhatsApp, crise, atendimento ao cidadão",
  "search.button": "Pesquisar",
  "search.empty": "Escreva o que procura.",
  "search.searching": "A pesquisar…",
  "search.none": "Não há resultados para «{query}». Experimente outras palavras.",
  "search.some": "{shown} de {total, plural, one {# resultado} other {# resultados}} para «{query}».",
  "search.all": "{total, plural, one {# resultado} other {# resultados}} para «{query}».",
  "kind.CASE_STUDY": "Estudo de caso",
  "kind.PRACTICE": "Boa prática",
  "kind.GUIDELINE": "Guia de uso",
  "kind.DISCUSSION": "Debate",
  "guideline.missing": "Falta o identificador do guia (atributo guideline).",
  "guideline.none": "Este guia não existe ou não é público. Se for publicado, aparecerá aqui.",
  "guideline.version": "Versão {number}",
  "guideline.more": "Ver no Plaza",
  "guideline.read": "Ler o guia completo no Plaza",
  "guideline.sections": "Neste guia",
  "guideline.moreSections": "Também neste guia",
  "frame.unknown": "Este widget do Plaza não existe: verifique os atributos widget ou src.",
  "embed.unknown": "Este widget do Plaza não existe.",
  "embed.latest": "Plaza: estudos de caso recentes",
  "embed.search": "Plaza: pesquisar casos, práticas e guias",
  "embed.guideline": "Plaza: guia de uso",
};

const en: Record<WidgetKey, string> = {
  unavailable: "Plaza is not available right now. Try again in a few minutes.",
  loading: "Loading…",
  "latest.heading": "Recent case studies",
  "latest.none": "No published case studies match yet. They will appear here as soon as they are published.",
  "search.heading": "Search Plaza",
  "search.label": "What are you looking for",
  "search.placeholder": "For example: WhatsApp, crisis, citizen service",
  "search.button": "Search",
  "search.empty": "Type what you are looking for.",
  "search.searching": "Searching…",
  "search.none": "No results for “{query}”. Try other words.",
  "search.some": "{shown} of {total, plural, one {# result} other {# results}} for “{query}”.",
  "search.all": "{total, plural, one {# result} other {# results}} for “{query}”.",
  "kind.CASE_STUDY": "Case study",
  "kind.PRACTICE": "Good practice",
  "kind.GUIDELINE": "Usage guideline",
  "kind.DISCUSSION": "Discussion",
  "guideline.missing": "The guideline's id is missing (guideline attribute).",
  "guideline.none": "This guideline does not exist or is not public. If it is published, it will appear here.",
  "guideline.version": "Version {number}",
  "guideline.more": "View in Plaza",
  "guideline.read": "Read the full guideline in Plaza",
  "guideline.sections": "In this guideline",
  "guideline.moreSections": "Also in this guideline",
  "frame.unknown": "This Plaza widget does not exist: check the widget or src attributes.",
  "embed.unknown": "This Plaza widget does not exist.",
  "embed.latest": "Plaza: recent case studies",
  "embed.search": "Plaza: search case studies, practices and guidelines",
  "embed.guideline": "Plaza: usage guideline",
};

export const WIDGET_MESSAGES = { es, ca, pt, en } as const;
export type WidgetLanguage = keyof typeof WIDGET_MESSAGES;

/** The widget language a language tag asks for (`ca-ES` → `ca`, `pt-BR` → `pt`), or null. */
export function supportedLanguage(tag: string | null | undefined): WidgetLanguage | null {
  const base = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return Object.hasOwn(WIDGET_MESSAGES, base) ? (base as WidgetLanguage) : null;
}

/**
 * The language of the nearest declaration, given from nearest to farthest (the element's own
 * `lang`, its ancestors', the page's): the first that is set decides; Spanish when that one is
 * not a widget language, or when none is set. An empty `lang=""` is passed over.
 */
export function resolveLanguage(declared: Iterable<string | null | undefined>): WidgetLanguage {
  for (const tag of declared) {
    if (tag && tag.trim()) return supportedLanguage(tag) ?? "es";
  }
  return "es";
}

/** What the language lookup needs of an element (a DOM `Element` has it all). */
export interface LangNode {
  getAttribute(name: string): string | null;
  parentElement: LangNode | null;
  getRootNode(): unknown;
}

/** The `lang` attributes from `element` up to the page's root, crossing out of shadow roots. */
export function* declaredLanguages(element: LangNode): Generator<string | null> {
  for (let node: LangNode | null = element; node; ) {
    yield node.getAttribute("lang");
    const parent: LangNode | null = node.parentElement;
    if (parent) {
      node = parent;
      continue;
    }
    const root = node.getRootNode() as { host?: LangNode } | null;
    node = root?.host ?? null;
  }
}

/** The language a widget speaks, from where it is on the page. */
export function elementLanguage(element: LangNode): WidgetLanguage {
  return resolveLanguage(declaredLanguages(element));
}

/** The widget message `key` in `lang`, with its placeholders and plurals filled. */
export function message(lang: WidgetLanguage, key: WidgetKey, values: Record<string, string | number> = {}): string {
  return formatMessage(WIDGET_MESSAGES[lang][key], values, lang);
}
