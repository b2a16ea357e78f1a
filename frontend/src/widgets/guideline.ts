// <plaza-guideline guideline="<global id>" full sections token-url lang>: a guideline at a
// glance, sized for an intranet box: its title, the number and date of its version in force,
// its summary, the list of its sections (each linking to the guideline on Plaza, at the
// section's anchor when the text has one) and a link to read it all on Plaza.
//   full          the whole text instead of the summary and the list
//   sections="2"  the first two sections in full (and what comes before them), then the others' list
// Reloads when Plaza announces the guideline.

import { h } from "../dom";
import { itemUrl, sectionCount, sectionUrl, splitSections } from "./core";
import { GUIDELINE } from "./documents";
import { ORIGIN, PlazaElement, type Published } from "./base";

/**
 * The guideline's text, parsed: HTML that Plaza rendered from markdown and sanitised (ammonia:
 * no scripts, handlers, styles, frames or unsafe links). Nothing else is ever set as HTML. It is
 * parsed in a template, where nothing loads or runs until the addresses are fixed: its relative
 * links and images point to Plaza, not to the intranet.
 */
function parse(html: string, base: string): DocumentFragment {
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
  return container;
}

/** Nodes of the parsed text (see `parse`) as the widget shows them. */
function block(nodes: Node[], lang: string | undefined): HTMLDivElement {
  const container = h("div", { class: "body", lang }, nodes);
  // The widget's title is an h2: the text's headings go below it, its highest as h3 (h6 at most).
  const headings = [...container.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  const top = Math.min(...headings.map((heading) => Number(heading.tagName[1])));
  for (const heading of headings) {
    const demoted = document.createElement(`h${Math.min(Number(heading.tagName[1]) - top + 3, 6)}`);
    for (const { name, value } of heading.attributes) demoted.setAttribute(name, value);
    demoted.append(...heading.childNodes);
    heading.replaceWith(demoted);
  }
  // An image its author gave no description is treated as decorative.
  for (const image of container.querySelectorAll("img:not([alt])")) image.setAttribute("alt", "");
  return container;
}

export class PlazaGuideline extends PlazaElement {
  static observedAttributes = ["guideline", "full", "sections", "token-url", "lang"];

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
    const panel = (...content: (Node | Node[] | null)[]) => h("article", { class: "panel", "aria-labelledby": this.headingId }, ...content);
    const untitled = (text: string) => panel(h("h2", { id: this.headingId }, this.text("kind.GUIDELINE")), this.status(text));
    if (!id) {
      this.show(untitled(this.text("guideline.missing")));
      return;
    }
    // A guideline already shown stays while it reloads.
    if (!this.root.querySelector("article .more")) this.show(untitled(this.text("loading")));
    try {
      const { guideline } = await this.query(GUIDELINE, { id });
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
      const text = parse(version.bodyHtml, url);
      const full = this.hasAttribute("full");
      let content: Node[];
      if (full) {
        content = [block([text], lang)];
      } else {
        const shown = sectionCount(this.getAttribute("sections"));
        const { intro, sections } = splitSections([...text.childNodes]);
        const listed = sections.slice(shown).filter((section) => section.title);
        content = [
          ...(guideline.summary ? [h("p", { class: "summary", lang }, guideline.summary)] : []),
          ...(shown ? [block([...intro, ...sections.slice(0, shown).flatMap((section) => section.nodes)], lang)] : []),
          ...(listed.length
            ? [
                h("h3", {}, this.text(shown ? "guideline.moreSections" : "guideline.sections")),
                h("ul", { class: "sections", lang }, listed.map((section) => h("li", {}, h("a", { href: sectionUrl(url, section.id) }, section.title)))),
              ]
            : []),
        ];
      }
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
          content,
          h(
            "p",
            { class: "more" },
            h("a", { href: url }, this.text(full ? "guideline.more" : "guideline.read"), h("span", { class: "vh", lang }, `: ${guideline.title}`)),
          ),
        ),
      );
    } catch {
      if (run === this.runs) this.show(panel(h("h2", { id: this.headingId }, this.text("kind.GUIDELINE")), this.failure()));
    }
  }
}
