import { h } from "../dom";
import { t } from "../i18n";

export interface Taxon {
  code: string;
  label: string;
}

const BASES: Record<string, string> = {
  CASE_STUDY: "/casos",
  CaseStudy: "/casos",
  PRACTICE: "/practicas",
  Practice: "/practicas",
  GUIDELINE: "/guias",
  Guideline: "/guias",
  DISCUSSION: "/debates",
  Discussion: "/debates",
};

/** The path of an item's page from its search kind or typename and global id. */
export function itemPath(kind: string, id: string): string {
  return `${BASES[kind] ?? "/casos"}/${encodeURIComponent(id)}`;
}

/** Plain text split into paragraphs (markdown sources are shown as text, never as HTML). */
export function paragraphs(text: string): HTMLElement[] {
  return text
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim())
    .map((paragraph) => h("p", {}, paragraph));
}

export function loading(): HTMLElement {
  return h("p", { role: "status" }, t("loading"));
}

export function failure(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return h("p", { role: "alert", class: "error" }, t("error", { message }));
}

export function tags(label: string, taxa: Taxon[]): HTMLElement | null {
  if (taxa.length === 0) return null;
  return h("p", { class: "tags" }, h("span", { class: "tags-label" }, `${label}: `), taxa.map((taxon) => h("span", { class: "tag" }, taxon.label)));
}
