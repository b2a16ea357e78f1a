import { h } from "../dom";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { problemAlert } from "./states";

/** Whether the viewer is signed in (pages for members only ask this first). */
export const SIGNED_IN = graphql(`query SignedIn { viewer { signedIn } }`);

export { itemPath } from "../paths";

export interface Taxon {
  code: string;
  label: string;
}

/**
 * HTML the server rendered from markdown and sanitised (pulldown-cmark + ammonia: no scripts,
 * handlers, styles, frames or unsafe links); the page's CSP forbids inline scripts as well.
 */
export function safeHtml(html: string): HTMLElement {
  const container = h("div", { class: "post" });
  container.innerHTML = html;
  // An image its author gave no description is treated as decorative.
  for (const image of container.querySelectorAll("img:not([alt])")) image.setAttribute("alt", "");
  return container;
}

/** A member as the API names them. */
export interface Person {
  id: string;
  name: string;
}

/** A member's name linking to their profile. */
export function person(member: Person | null): HTMLElement | string {
  return member ? h("a", { href: `/personas/${encodeURIComponent(member.id)}` }, member.name) : "";
}

/** "Agency: <link> · Authors: <links> · licence" under an item's title. */
export function ownerLine(agency: { slug: string; name: string } | null, licence: string, authors: Person[] = []): HTMLElement {
  return h(
    "p",
    { class: "meta" },
    agency ? [`${t("case.agency")}: `, h("a", { href: `/organismos/${encodeURIComponent(agency.slug)}` }, agency.name), " · "] : null,
    authors.length ? [`${t("case.authors")}: `, ...authors.flatMap((a, i) => [i ? ", " : "", person(a)]), " · "] : null,
    licence,
  );
}

export function loading(): HTMLElement {
  return h("p", { role: "status" }, t("loading"));
}

/** What went wrong and what to do about it (see states.ts). */
export function failure(error: unknown): HTMLElement {
  return problemAlert(error);
}

export function tags(label: string, taxa: Taxon[]): HTMLElement | null {
  if (taxa.length === 0) return null;
  return h("p", { class: "tags" }, h("span", { class: "tags-label" }, `${label}: `), taxa.map((taxon) => h("span", { class: "tag" }, taxon.label)));
}

/** A page's main heading, which takes the focus after client-side navigation. */
export function heading(text: string): HTMLElement {
  return h("h1", { tabindex: "-1" }, text);
}

/** A date-time from the API as a short local date. */
export function date(value: string): string {
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium" }).format(parsed);
}

/**
 * A section of a page that loads on its own and reloads after a change: its heading, a status
 * line that announces what just happened (class `statusClass`), and a body that starts loading.
 */
export function liveSection(
  className: string,
  headingId: string,
  title: string,
  statusClass: string,
): { section: HTMLElement; status: HTMLElement; body: HTMLElement } {
  const status = h("p", { role: "status", class: statusClass, tabindex: "-1" });
  const body = h("div", {}, loading());
  const section = h("section", { class: className, "aria-labelledby": headingId }, h("h2", { id: headingId }, title), status, body);
  return { section, status, body };
}
