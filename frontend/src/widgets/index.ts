// Plaza's intranet widgets: framework-free custom elements loaded with one script tag,
//   <script type="module" src="https://plaza.example/widgets/plaza-widgets.js"></script>
//   <plaza-latest platform="tiktok" level="local" limit="5"></plaza-latest>
// Anonymous by default, so they show public content only; the page's origin must be one an
// agency allows. For network content, `token-url="/plaza-widget-token"` names an endpoint of the
// intranet's own server that returns `{"token", "expiresAt"}` minted with `issueWidgetToken`
// and its agency service token: the page never holds a long-lived secret.
// Live: a GraphQL subscription (graphql-transport-ws) refreshes the list when matching content
// is published. Themeable with CSS custom properties (--plaza-font, --plaza-ink,
// --plaza-accent, --plaza-border).

const ORIGIN = new URL(import.meta.url).origin;

interface LatestData {
  caseStudies: { edges: { node: { id: string; title: string; summary: string; agency: { name: string } | null } }[] };
}

const QUERY = `query Latest($filter: ContentFilterInput, $first: Int) {
  caseStudies(filter: $filter, first: $first) { edges { node { id title summary agency { name } } } }
}`;

const LIVE = `subscription Live($filter: LiveFilterInput) { contentPublished(filter: $filter) { id } }`;

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
  static observedAttributes = ["agency", "platform", "level", "country", "limit", "heading", "token-url"];

  private token: { value: string; until: number } | null = null;

  /** A bearer token from the intranet's `token-url`, reused until a minute before it expires. */
  private async bearer(): Promise<string | null> {
    const url = this.getAttribute("token-url");
    if (!url) return null;
    if (this.token && this.token.until > Date.now() + 60_000) return this.token.value;
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return null;
    const body = (await response.json()) as { token?: string; expiresAt?: string };
    if (!body.token) return null;
    this.token = { value: body.token, until: body.expiresAt ? Date.parse(body.expiresAt) : Date.now() + 300_000 };
    return body.token;
  }

  private socket: WebSocket | null = null;
  private retry = 1000;

  private started = false;

  connectedCallback(): void {
    this.started = true;
    void this.load();
    this.listen();
  }

  disconnectedCallback(): void {
    this.started = false;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  attributeChangedCallback(): void {
    // Attributes present when the element is upgraded arrive before connectedCallback.
    if (this.started && this.isConnected) {
      void this.load();
      this.disconnectedCallback();
      this.started = true;
      this.listen();
    }
  }

  private filter(): Record<string, string> {
    const filter: Record<string, string> = {};
    for (const name of ["agency", "platform", "level"]) {
      const value = this.getAttribute(name);
      if (value) filter[name] = value;
    }
    return filter;
  }

  /** Subscribes to publications that match; reconnects with backoff while on the page. */
  private listen(): void {
    if (typeof WebSocket === "undefined") return;
    const socket = new WebSocket(`${ORIGIN.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    this.socket = socket;
    socket.addEventListener("open", () => {
      void this.bearer().then((token) =>
        socket.send(JSON.stringify({ type: "connection_init", payload: token ? { Authorization: `Bearer ${token}` } : {} })),
      );
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { type: string };
      if (message.type === "connection_ack") {
        this.retry = 1000;
        socket.send(JSON.stringify({ id: "live", type: "subscribe", payload: { query: LIVE, variables: { filter: this.filter() } } }));
      } else if (message.type === "next") {
        void this.load();
      } else if (message.type === "ping") {
        socket.send(JSON.stringify({ type: "pong" }));
      }
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket || !this.isConnected) return;
      this.retry = Math.min(this.retry * 2, 60000);
      window.setTimeout(() => this.isConnected && this.socket === socket && this.listen(), this.retry);
    });
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
      const token = await this.bearer();
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${ORIGIN}/graphql`, {
        method: "POST",
        credentials: "omit",
        headers,
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
