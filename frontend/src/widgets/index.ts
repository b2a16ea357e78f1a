// Plaza's intranet widgets: framework-free custom elements loaded with one script tag,
//   <script type="module" src="https://plaza.example/widgets/plaza-widgets.js"></script>
//   <plaza-latest platform="tiktok" level="local" limit="5"></plaza-latest>
// Anonymous, so they show public content only. Themeable with CSS custom properties
// (--plaza-font, --plaza-ink, --plaza-accent, --plaza-border).

const ORIGIN = new URL(import.meta.url).origin;

interface LatestData {
  caseStudies: { edges: { node: { id: string; title: string; summary: string; agency: { name: string } | null } }[] };
}

const QUERY = `query Latest($filter: ContentFilterInput, $first: Int) {
  caseStudies(filter: $filter, first: $first) { edges { node { id title summary agency { name } } } }
}`;

const STYLE = `
:host { display: block; font-family: var(--plaza-font, system-ui, sans-serif); color: var(--plaza-ink, #1b1f24); }
section { border: 1px solid var(--plaza-border, #c9d1da); border-radius: 6px; padding: .75rem 1rem; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
ul { list-style: none; margin: 0; padding: 0; }
li { margin: .5rem 0; }
a { color: var(--plaza-accent, #0b5cad); }
a:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
p { margin: .125rem 0 0; font-size: .875rem; color: var(--plaza-muted, #4a525c); }
`;

export class PlazaLatest extends HTMLElement {
  static observedAttributes = ["agency", "platform", "level", "country", "limit", "heading"];

  connectedCallback(): void {
    void this.load();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) void this.load();
  }

  private async load(): Promise<void> {
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    const filter: Record<string, string> = {};
    for (const name of ["agency", "platform", "level", "country"]) {
      const value = this.getAttribute(name);
      if (value) filter[name] = value;
    }
    const limit = Math.min(Math.max(Number(this.getAttribute("limit") ?? 5) || 5, 1), 20);
    const section = document.createElement("section");
    section.setAttribute("aria-live", "polite");
    const heading = document.createElement("h2");
    heading.textContent = this.getAttribute("heading") ?? "Casos de estudio recientes";
    section.append(heading);
    const style = document.createElement("style");
    style.textContent = STYLE;
    root.replaceChildren(style, section);
    try {
      const response = await fetch(`${ORIGIN}/graphql`, {
        method: "POST",
        credentials: "omit",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: QUERY, variables: { filter, first: limit } }),
      });
      const body = (await response.json()) as { data?: LatestData };
      const list = document.createElement("ul");
      for (const { node } of body.data?.caseStudies.edges ?? []) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `${ORIGIN}/casos/${encodeURIComponent(node.id)}`;
        link.textContent = node.title;
        const meta = document.createElement("p");
        meta.textContent = node.agency?.name ?? "";
        item.append(link, meta);
        list.append(item);
      }
      section.append(list);
    } catch {
      const error = document.createElement("p");
      error.textContent = "Plaza no está disponible ahora mismo.";
      section.append(error);
    }
  }
}

if (!customElements.get("plaza-latest")) customElements.define("plaza-latest", PlazaLatest);
