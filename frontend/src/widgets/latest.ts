// <plaza-latest agency platform level country limit heading token-url lang>: the newest case
// studies that match, refreshed live when a matching one is published.

import { h } from "../dom";
import { LIVE_FIELDS, clampLimit, itemUrl, pick } from "./core";
import { LATEST } from "./documents";
import { ORIGIN, PlazaElement } from "./base";

export class PlazaLatest extends PlazaElement {
  static observedAttributes = ["agency", "platform", "level", "country", "limit", "heading", "token-url", "lang"];

  private runs = 0;

  protected override liveFilter(): Record<string, string> {
    return pick((name) => this.getAttribute(name), LIVE_FIELDS);
  }

  protected async load(): Promise<void> {
    const run = ++this.runs;
    const read = (name: string) => this.getAttribute(name);
    const heading = h("h2", { id: this.headingId }, read("heading") ?? this.text("latest.heading"));
    const panel = (...content: Node[]) => h("section", { class: "panel", "aria-labelledby": this.headingId }, heading, ...content);
    // A live refresh keeps the current list until the new one arrives.
    if (!this.root.querySelector("ul")) this.show(panel(this.status(this.text("loading"))));
    try {
      const data = await this.query(LATEST, {
        filter: pick(read, [...LIVE_FIELDS, "country"]),
        first: clampLimit(read("limit")),
      });
      if (run !== this.runs) return;
      const edges = data.caseStudies.edges;
      const list = h(
        "ul",
        {},
        edges.map(({ node }) =>
          h("li", {}, h("a", { href: itemUrl(ORIGIN, "CASE_STUDY", node.id) }, node.title), node.agency && h("p", { class: "meta" }, node.agency.name)),
        ),
      );
      this.show(panel(edges.length > 0 ? list : this.status(this.text("latest.none"))));
    } catch {
      if (run === this.runs) this.show(panel(this.failure()));
    }
  }
}
