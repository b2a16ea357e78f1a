import { h } from "../dom";
import { t } from "../i18n";

export interface Taxon {
  code: string;
  label: string;
}

/** The path of an item's page from its search kind or typename and global id. */
export function itemPath(kind: string, id: string): string {
  const base = kind === "CASE_STUDY" || kind === "CaseStudy" ? "/casos" : "/items";
  return `${base}/${encodeURIComponent(id)}`;
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
