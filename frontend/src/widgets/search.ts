// <plaza-search heading label placeholder limit platform level agency type token-url lang>: a search
// box and its results. Filters take one code or several separated by commas or spaces
// (`type="case_study practice"`). Snippets are built from text and highlight ranges, never
// from HTML.

import { h } from "../dom";
import { segments } from "../highlight";
import { clampLimit, describeResults, itemUrl, kindLabel, searchFilter } from "./core";
import { SEARCH } from "./documents";
import { ORIGIN, PlazaElement } from "./base";

export class PlazaSearch extends PlazaElement {
  static observedAttributes = ["heading", "label", "placeholder", "limit", "platform", "level", "agency", "type", "token-url", "lang"];

  private input: HTMLInputElement | null = null;
  private announcer: HTMLParagraphElement | null = null;
  private results: HTMLUListElement | null = null;
  private runs = 0;

  /** Builds the form (keeping what was typed) and repeats the last search with the new attributes. */
  protected async load(): Promise<void> {
    const read = (name: string) => this.getAttribute(name);
    const typed = this.input?.value ?? "";
    const input = h("input", {
      id: "plaza-q",
      type: "search",
      name: "q",
      autocomplete: "off",
      enterkeyhint: "search",
      placeholder: read("placeholder") ?? this.text("search.placeholder"),
    });
    input.value = typed;
    const form = h(
      "form",
      { role: "search", "aria-labelledby": this.headingId, onsubmit: (event: Event) => (event.preventDefault(), void this.search()) },
      h("label", { for: "plaza-q" }, read("label") ?? this.text("search.label")),
      input,
      h("button", { type: "submit" }, this.text("search.button")),
    );
    this.input = input;
    this.announcer = this.status();
    this.results = h("ul", {});
    this.show(
      h(
        "section",
        { class: "panel", "aria-labelledby": this.headingId },
        h("h2", { id: this.headingId }, read("heading") ?? this.text("search.heading")),
        form,
        this.announcer,
        this.results,
      ),
    );
    if (typed.trim()) await this.search();
  }

  private async search(): Promise<void> {
    const { input, announcer, results } = this;
    if (!input || !announcer || !results) return;
    const run = ++this.runs;
    const query = input.value.trim();
    results.replaceChildren();
    if (!query) {
      announcer.textContent = this.text("search.empty");
      return;
    }
    announcer.className = "status";
    announcer.textContent = this.text("search.searching");
    try {
      const read = (name: string) => this.getAttribute(name);
      const data = await this.query(SEARCH, { query, filter: searchFilter(read), first: clampLimit(read("limit"), 10) });
      if (run !== this.runs) return;
      const hits = data.search.edges.map((edge) => edge.node);
      results.replaceChildren(
        ...hits.map((hit) =>
          h(
            "li",
            {},
            h("a", { href: itemUrl(ORIGIN, hit.kind, hit.id) }, hit.title),
            h("p", { class: "meta" }, kindLabel(hit.kind, this.language())),
            hit.snippet.text &&
              h(
                "p",
                { class: "snippet" },
                segments(hit.snippet.text, hit.snippet.highlights).map((part) => (part.mark ? h("mark", {}, part.text) : part.text)),
              ),
          ),
        ),
      );
      announcer.textContent = describeResults(data.search.totalCount, hits.length, query, this.language());
    } catch {
      if (run !== this.runs) return;
      announcer.className = "status error";
      announcer.textContent = this.text("unavailable");
    }
  }
}
