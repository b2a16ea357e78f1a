// <plaza-frame widget="latest|search|guideline" agency="<the intranet's agency slug>" …>: the
// iframe variant, for intranets whose pages cannot run Plaza's script in their own document
// (or prefer not to). The frame is one of Plaza's `/embed/...` pages, which only the origins
// the agency allows may frame (CSP `frame-ancestors`); it grows to its content's height, which
// the page posts to us. Public content only (no token).
//   <plaza-frame widget="latest" agency="demo-ayto-vallverde" platform="tiktok" limit="5">
//   <plaza-frame widget="search" agency="demo-ayto-vallverde" type="guideline">
//   <plaza-frame widget="guideline" agency="demo-ayto-vallverde" guideline="<global id>">
// Or `src="https://plaza.example/embed/latest?agencia=…&platform=tiktok"` (an embed page of
// this script's origin only). `from-agency` narrows the content to one agency; `frame-title`
// names the frame for screen readers. CSS custom properties do not cross into the frame.

import { h } from "../dom";
import { EMBEDS, type EmbedName, embedUrl, frameHeight } from "./core";
import { ORIGIN, PlazaElement } from "./base";

/** What the framed page may do: run its own script, submit its form, open links in the tab. */
const SANDBOX = "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

export class PlazaFrame extends PlazaElement {
  static observedAttributes = ["src", "widget", "agency", "from-agency", "frame-title", "lang", ...new Set(Object.values(EMBEDS).flatMap((embed) => embed.params))];

  private frame: HTMLIFrameElement | null = null;

  /** Heights from our own frame's page only, and never taller than MAX_FRAME_HEIGHT. */
  private readonly resize = (event: MessageEvent): void => {
    const frame = this.frame;
    if (!frame || event.source !== frame.contentWindow || event.origin !== ORIGIN) return;
    const height = frameHeight(event.data);
    if (height !== null) frame.style.height = `${height}px`;
  };

  override connectedCallback(): void {
    window.addEventListener("message", this.resize);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    window.removeEventListener("message", this.resize);
    super.disconnectedCallback();
  }

  protected async load(): Promise<void> {
    // The framed page speaks the frame's language (`lang` in its address).
    const src = embedUrl(ORIGIN, (name) => this.getAttribute(name), this.language());
    if (!src) {
      this.frame = null;
      this.show(this.failure(this.text("frame.unknown")));
      return;
    }
    const widget = new URL(src).pathname.split("/")[2] ?? "";
    const title = this.getAttribute("frame-title") ?? (Object.hasOwn(EMBEDS, widget) ? this.text(EMBEDS[widget as EmbedName].title) : "Plaza");
    if (this.frame?.src === src) {
      this.frame.title = title;
      return;
    }
    this.frame = h("iframe", { src, title, loading: "lazy", scrolling: "no", sandbox: SANDBOX });
    this.show(this.frame);
  }
}
