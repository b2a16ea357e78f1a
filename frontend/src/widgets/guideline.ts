// <plaza-guideline guideline="<global id>" token-url lang>: a guideline's title, the number and
// date of its version in force, and its text. Reloads when Plaza announces the guideline.

import { h } from "../dom";
import { itemUrl } from "./core";
import { ORIGIN, PlazaElement, type Published } from "./base";

interface GuidelineData {
  guideline: {
    id: string;
    title: string;
    language: string;
    agency: { name: string } | null;
    currentVersion: { number: number; createdAt: string; bodyHtml: string } | null;
  } | null;
}

const QUERY = `query Guideline($id: ID!) {
  guideline(id: $id) { id title language agency { name } currentVersion { number createdAt bodyHtml } }
}`;

/**
 * The guideline's text: HTML that Plaza rendered from markdown and sanitised (ammonia: no
 * scripts, handlers, styles, frames or unsafe links). Nothing else is ever set as HTML. Its
 * relative links and images point to Plaza, not to the intranet.
 */
function body(html: string, base: string): HTMLDivElement {
  // Parsed in a template, where nothing loads until the addresses are fixed.
  const template = document.createElement("template");
  template.innerHTML = html;
  const container = template.content;
  for (const [selector, attribute] of [["a[href]", "href"], ["img[src]", "src"]] as const) {
    for (const element of container.querySelectorAll(selector)) {
      const value = element.getAttribute(attribute) ?? "";
      if (value.startsWith("#")) continue;
      // Defence in depth: only web and mail addresses, whatever the sanitiser let through.
      let url: URL | null = null;
      try {
        url = new URL(value, base);
      } catch {
        // Not an address: dropped below.
      }
      if (url && ["http:", "https:", "mailto:"].includes(url.protocol)) element.setAttribute(attribute, url.href);
      else element.removeAttribute(attribute);
    }
  }
  // The widget's title is an h2: the text's own headings go below it (h1 → h3, …, h6 at most).
  for (const heading of container.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Math.min(Number(heading.tagName[1]) + 2, 6);
    const demoted = document.createElement(`h${level}`);
    for (const { name, value } of heading.attributes) demoted.setAttribute(name, value);
    demoted.append(...heading.childNodes);
    heading.replaceWith(demoted);
  }
  // An image its author gave no description is treated as decorative.
  for (const image of container.querySelectorAll("img:not([alt])")) image.setAttribute("alt", "");
  return h("div", { class: "body" }, container);
}

export class PlazaGuideline extends PlazaElement {
  static observedAttributes = ["guideline", "token-url", "lang"];

  private runs = 0;

  /**
   * Every publication the viewer may see, of any agency: `contentPublished` cannot filter by
   * item, so the widget picks its own guideline's events out (see `published`).
   */
  protected override liveFilter(): Record<string, string> | null {
    return this.getAttribute("guideline") ? {} : null;
  }

  protected override published(item: Published): void {
    if (item.id === this.getAttribute("guideline")) void this.load();
  }

  protected async load(): Promise<void> {
    const run = ++this.runs;
    const id = this.getAttribute("guideline")?.trim();
    const panel = (...content: Node[]) => h("article", { class: "panel", "aria-labelledby": this.headingId }, ...content);
    const untitled = (text: string) => panel(h("h2", { id: this.headingId }, this.text("kind.GUIDELINE")), this.status(text));
    if (!id) {
      this.show(untitled(this.text("guideline.missing")));
      return;
    }
    if (!this.root.querySelector("article .body")) this.show(untitled(this.text("loading")));
    try {
      const { guideline } = await this.query<GuidelineData>(QUERY, { id });
      if (run !== this.runs) return;
      const version = guideline?.currentVersion;
      if (!guideline || !version) {
        this.show(untitled(this.text("guideline.none")));
        return;
      }
      const url = itemUrl(ORIGIN, "GUIDELINE", guideline.id);
      const date = new Date(version.createdAt);
      // The guideline may be in Catalan, Galician, Basque…: screen readers read it in its language.
      const lang = guideline.language || undefined;
      const text = body(version.bodyHtml, url);
      if (lang) text.lang = lang;
      this.show(
        panel(
          h("h2", { id: this.headingId, lang }, guideline.title),
          h(
            "p",
            { class: "meta" },
            this.text("guideline.version", { number: version.number }),
            Number.isNaN(date.getTime()) ? null : [" · ", h("time", { datetime: version.createdAt }, new Intl.DateTimeFormat(this.language(), { dateStyle: "long" }).format(date))],
            guideline.agency && ` · ${guideline.agency.name}`,
          ),
          text,
          h("p", { class: "more" }, h("a", { href: url }, this.text("guideline.more"), h("span", { class: "vh", lang }, `: ${guideline.title}`))),
        ),
      );
    } catch {
      if (run === this.runs) this.show(panel(h("h2", { id: this.headingId }, this.text("kind.GUIDELINE")), this.failure()));
    }
  }
}
