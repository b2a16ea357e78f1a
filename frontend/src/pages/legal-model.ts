// The network's legal pages: where they live and what they are called. Small on purpose: the
// footer and the router need it on every page, while the pages themselves (legal.ts) load only
// when opened.
import type { Key } from "../locales/es";

/** The legal pages, in footer order: slug (also the path, and the API's name) and title. */
export const LEGAL_PAGES = [
  { slug: "privacidad", title: "legal.privacy" },
  { slug: "accesibilidad", title: "legal.accessibility" },
  { slug: "aviso-legal", title: "legal.notice" },
] as const satisfies readonly { slug: string; title: Key }[];

export type LegalSlug = (typeof LEGAL_PAGES)[number]["slug"];

/** The legal page a path shows (`/privacidad` → `privacidad`), if any. */
export function legalSlugOf(path: string): LegalSlug | null {
  return LEGAL_PAGES.find((page) => path === `/${page.slug}`)?.slug ?? null;
}

/** A legal page's title (a catalogue key). */
export function legalTitle(slug: LegalSlug): Key {
  return LEGAL_PAGES.find((page) => page.slug === slug)!.title;
}
