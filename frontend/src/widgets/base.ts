// What every widget shares: its shadow root and styles, its language (see i18n.ts), the widget
// token from the intranet's `token-url`, GraphQL over fetch (persisted queries, see persisted.ts),
// the live socket (graphql-transport-ws, reconnecting with backoff), and reloading when
// attributes change.

import { h } from "../dom";
import type { TypedDocument } from "../graphql";
import { type Token, nextDelay, parseToken, tokenFresh } from "./core";
import { LIVE } from "./documents";
import { type WidgetKey, type WidgetLanguage, elementLanguage, message } from "./i18n";
import { graphql } from "./persisted";
import { adoptStyles } from "./styles";

/** Plaza's address: where this script was loaded from. */
export const ORIGIN = new URL(import.meta.url).origin;

/** A `contentPublished` event. */
export interface Published {
  id: string;
  kind: string;
}

let headings = 0;

export abstract class PlazaElement extends HTMLElement {
  protected readonly root: ShadowRoot;
  /** The `<style>` fallback, kept first in the root (null with constructed stylesheets). */
  private readonly fallbackStyle: HTMLStyleElement | null;
  /** An id for the heading the widget's landmark is labelled by (unique per page, for tests). */
  protected readonly headingId = `plaza-heading-${++headings}`;

  private token: Token | null = null;
  private pendingToken: Promise<string | null> | null = null;
  private socket: WebSocket | null = null;
  private retry = 1000;
  private timer = 0;
  private queued = false;
  /** Re-renders when the page's language changes (`<html lang>`, as a multilingual intranet switches it). */
  private readonly pageLanguage = new MutationObserver(() => {
    if (this.isConnected && !this.hasAttribute("lang")) void this.load();
  });

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.fallbackStyle = adoptStyles(this.root);
  }

  connectedCallback(): void {
    this.pageLanguage.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    this.refresh();
  }

  disconnectedCallback(): void {
    this.pageLanguage.disconnect();
    this.stopLive();
  }

  /** The language the widget speaks: its own `lang`, else the nearest ancestor's or the page's; es, ca, pt or en. */
  protected language(): WidgetLanguage {
    return elementLanguage(this);
  }

  /** A message in the widget's language. */
  protected text(key: WidgetKey, values: Record<string, string | number> = {}): string {
    return message(this.language(), key, values);
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after) return;
    if (name === "token-url") {
      this.token = null;
      this.pendingToken = null;
    }
    // Attributes present when the element is upgraded arrive before connectedCallback.
    if (this.isConnected) this.refresh();
  }

  /** Shows the widget's content, reloaded whenever its attributes change. */
  protected abstract load(): Promise<void>;

  /** What live events to hear of (LiveFilterInput); null for none. */
  protected liveFilter(): Record<string, string> | null {
    return null;
  }

  /** A matching item was published; reloads by default. */
  protected published(_item: Published): void {
    void this.load();
  }

  /**
   * Replaces what the shadow root shows. Its content says which language it is in, which is
   * Spanish on a page in a language the widgets do not speak.
   */
  protected show(...nodes: Node[]): void {
    const lang = this.language();
    for (const node of nodes) if (node instanceof HTMLElement && !node.lang) node.lang = lang;
    this.root.replaceChildren(...(this.fallbackStyle ? [this.fallbackStyle] : []), ...nodes);
  }

  /** A polite status line (loading, results, errors): screen readers announce its changes. */
  protected status(text = ""): HTMLParagraphElement {
    return h("p", { class: "status", role: "status" }, text);
  }

  /** The error users see when Plaza cannot be reached or refuses the page's origin. */
  protected failure(text = this.text("unavailable")): HTMLParagraphElement {
    return h("p", { class: "status error", role: "status" }, text);
  }

  /** Reloads and resubscribes once for all the attribute changes of one task. */
  private refresh(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.isConnected) return;
      void this.load();
      this.stopLive();
      this.startLive();
    });
  }

  /** A bearer token from the intranet's `token-url`, reused until a minute before it expires. */
  protected async bearer(): Promise<string | null> {
    const url = this.getAttribute("token-url");
    if (!url) return null;
    if (tokenFresh(this.token, Date.now())) return this.token.value;
    this.pendingToken ??= (async () => {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        this.token = response.ok ? parseToken(await response.json(), Date.now()) : null;
      } catch {
        this.token = null;
      } finally {
        this.pendingToken = null;
      }
      return this.token?.value ?? null;
    })();
    return this.pendingToken;
  }

  /**
   * Runs a GraphQL query on Plaza (with the widget token, never with Plaza's cookie): one of
   * documents.ts, sent by its hash first (persisted.ts).
   */
  protected async query<R, V>(query: TypedDocument<R, V>, variables: V): Promise<R> {
    return graphql(`${ORIGIN}/graphql`, await this.bearer(), query, variables);
  }

  /** Subscribes to matching publications; reconnects with backoff while on the page. */
  private startLive(): void {
    const filter = this.liveFilter();
    if (!filter || typeof WebSocket === "undefined") return;
    const socket = new WebSocket(`${ORIGIN.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    this.socket = socket;
    const send = (message: unknown) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    socket.addEventListener("open", () => {
      void this.bearer().then((token) =>
        send({ type: "connection_init", payload: token ? { Authorization: `Bearer ${token}` } : {} }),
      );
    });
    socket.addEventListener("message", (event) => {
      let message: { type?: string; payload?: { data?: { contentPublished?: Published } } };
      try {
        message = JSON.parse(String(event.data)) as typeof message;
      } catch {
        return;
      }
      if (message.type === "connection_ack") {
        this.retry = 1000;
        send({ id: "live", type: "subscribe", payload: { query: LIVE, variables: { filter } } });
      } else if (message.type === "next") {
        const item = message.payload?.data?.contentPublished;
        if (item) this.published(item);
      } else if (message.type === "ping") {
        send({ type: "pong" });
      }
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.isConnected) return;
      this.retry = nextDelay(this.retry);
      // Jitter, so that widgets do not all reconnect at once after Plaza restarts.
      const wait = this.retry * (0.75 + Math.random() / 2);
      this.timer = window.setTimeout(() => {
        this.timer = 0;
        if (this.isConnected && !this.socket) this.startLive();
      }, wait);
    });
  }

  private stopLive(): void {
    window.clearTimeout(this.timer);
    this.timer = 0;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
