// Plaza's intranet widgets: framework-free custom elements loaded with one script tag,
//   <script type="module" src="https://plaza.example/widgets/plaza-widgets.js"></script>
//   <plaza-latest platform="tiktok" level="local" limit="5"></plaza-latest>
// Anonymous by default, so they show public content only; the page's origin must be one an
// agency allows. For network content, `token-url="/plaza-widget-token"` names an endpoint of the
// intranet's own server that returns `{"token", "expiresAt"}` minted with `issueWidgetToken`
// and its agency service token: the page never holds a long-lived secret.
//
//   <plaza-latest agency platform level country limit heading token-url>   newest case studies, live
//   <plaza-search heading label placeholder limit platform level agency type token-url>
//   <plaza-guideline guideline="<global id>" full sections token-url>      a guideline's summary and sections
//                                                                          (full: its whole text; sections="2": two in full)
//   <plaza-frame widget agency …>                                          the iframe variant (frame.ts)
//
// Each speaks Spanish, Catalan, Portuguese or English: its own `lang` attribute, else the
// nearest ancestor's or the page's `<html lang>`; Spanish for any other language (i18n.ts).
//
// Live: a GraphQL subscription (graphql-transport-ws) refreshes a widget when matching content
// is published. Styles are constructed stylesheets, fine under a strict CSP; themeable with
// CSS custom properties (--plaza-font, --plaza-ink, --plaza-accent, --plaza-border,
// --plaza-muted, --plaza-background).

import { PlazaFrame } from "./frame";
import { PlazaGuideline } from "./guideline";
import { PlazaLatest } from "./latest";
import { PlazaSearch } from "./search";

export { PlazaFrame, PlazaGuideline, PlazaLatest, PlazaSearch };

const ELEMENTS: [string, CustomElementConstructor][] = [
  ["plaza-latest", PlazaLatest],
  ["plaza-search", PlazaSearch],
  ["plaza-guideline", PlazaGuideline],
  ["plaza-frame", PlazaFrame],
];

for (const [name, element] of ELEMENTS) {
  if (!customElements.get(name)) customElements.define(name, element);
}
