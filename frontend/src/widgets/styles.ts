// The widgets' shadow DOM styles, one sheet shared by every element. A constructed stylesheet
// (`adoptedStyleSheets`) is not an inline style, so it works under a strict CSP
// (`style-src 'self'`) on the intranet page and on Plaza's embed pages; a `<style>` element is
// the fallback for browsers without constructable stylesheets only.
//
// Themeable with CSS custom properties set on the page (they cross the shadow boundary):
// --plaza-font, --plaza-ink, --plaza-accent, --plaza-border, --plaza-muted, --plaza-background.
// The defaults meet WCAG AA contrast on the default background (ink 16:1, accent 6.6:1,
// muted 8:1); a theme must keep that.

const CSS = `
:host { display: block; font-family: var(--plaza-font, system-ui, sans-serif); color: var(--plaza-ink, #1b1f24); line-height: 1.4; }
:host([hidden]) { display: none; }
.panel { border: 1px solid var(--plaza-border, #c9d1da); border-radius: 6px; padding: .75rem 1rem; background: var(--plaza-background, #fff); }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
ul { list-style: none; margin: 0; padding: 0; }
li { margin: .625rem 0; }
a { color: var(--plaza-accent, #0b5cad); text-underline-offset: .15em; }
a:focus-visible, button:focus-visible, input:focus-visible, iframe:focus-visible {
  outline: 3px solid var(--plaza-accent, #0b5cad); outline-offset: 2px;
}
p { margin: .125rem 0 0; }
.meta, .status, .snippet { font-size: .875rem; color: var(--plaza-muted, #4a525c); }
.error { color: var(--plaza-ink, #1b1f24); }
mark { background: #fff1a8; color: #1b1f24; padding: 0 .1em; border-radius: 2px; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .5rem; }
label { flex-basis: 100%; font-size: .875rem; font-weight: 600; }
input {
  flex: 1 1 12rem; min-width: 0; font: inherit; color: inherit; background: var(--plaza-background, #fff);
  padding: .4rem .5rem; border: 1px solid var(--plaza-muted, #4a525c); border-radius: 4px;
}
button {
  font: inherit; font-weight: 600; padding: .4rem .9rem; border-radius: 4px; cursor: pointer;
  color: var(--plaza-background, #fff); background: var(--plaza-accent, #0b5cad); border: 1px solid var(--plaza-accent, #0b5cad);
}
.body { overflow-wrap: anywhere; }
.body :is(h1, h2, h3, h4, h5, h6) { font-size: 1rem; margin: 1rem 0 .25rem; }
.body p, .body ul, .body ol { margin: .5rem 0; }
.body ul { list-style: disc; padding-left: 1.5rem; }
.body img { max-width: 100%; height: auto; }
.body pre { overflow: auto; }
.more { margin-top: .75rem; }
.summary { margin: .5rem 0; }
.panel > h3 { font-size: .9375rem; margin: .75rem 0 .25rem; }
.sections li { margin: .25rem 0; }
iframe { display: block; width: 100%; border: 0; overflow: hidden; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

let shared: CSSStyleSheet | null = null;

/**
 * Gives `root` the widgets' styles: the shared constructed sheet, or, without
 * `adoptedStyleSheets`, a `<style>` element for the caller to keep inside `root`.
 */
export function adoptStyles(root: ShadowRoot): HTMLStyleElement | null {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
    return null;
  }
  const style = document.createElement("style");
  style.textContent = CSS;
  return style;
}
