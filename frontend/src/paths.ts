// Where each kind of item lives in the app, shared by the app and the widgets (no i18n here, so
// the widget bundle stays small).

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

/** The path of an item's page from its search kind or typename and global id, on `origin`. */
export function itemPath(kind: string, id: string, origin = ""): string {
  return `${origin}${BASES[kind] ?? "/casos"}/${encodeURIComponent(id)}`;
}
