// Plaza's wordmark and the few interface icons, drawn as inline SVG (no icon font, no requests).
// The glyph is a square seen from above: four city blocks around a round plaza, with the meeting
// point at its centre. public/favicon.svg is the same drawing.

const SVG = "http://www.w3.org/2000/svg";

function node<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** A decorative SVG (hidden from assistive technology: the text beside it says what it is). */
function decorative(viewBox: string, className: string, children: SVGElement[]): SVGSVGElement {
  const root = node("svg", { viewBox, class: className, "aria-hidden": "true", focusable: "false" });
  root.append(...children);
  return root;
}

/** The glyph of the wordmark: four blocks around a round plaza. */
export function glyph(): SVGSVGElement {
  const block = (x: number, y: number) => node("rect", { x, y, width: 9.5, height: 9.5, rx: 2, class: "glyph-block" });
  return decorative("0 0 32 32", "glyph", [
    node("rect", { width: 32, height: 32, rx: 7, class: "glyph-tile" }),
    block(5, 5),
    block(17.5, 5),
    block(5, 17.5),
    block(17.5, 17.5),
    node("circle", { cx: 16, cy: 16, r: 5.2, class: "glyph-tile" }),
    node("circle", { cx: 16, cy: 16, r: 3, class: "glyph-centre" }),
  ]);
}

const ICONS = {
  // Three lines: the menu on narrow screens.
  menu: ["M4 7h16", "M4 12h16", "M4 17h16"],
  // A bell: notifications.
  bell: ["M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z", "M10 20.5a2 2 0 0 0 4 0"],
  // A magnifying glass: search.
  search: ["M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13z", "M15.5 15.5 20 20"],
  // A globe: the interface language.
  globe: ["M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z", "M3 12h18", "M12 3c2.5 2.6 3.6 5.6 3.6 9s-1.1 6.4-3.6 9c-2.5-2.6-3.6-5.6-3.6-9S9.5 5.6 12 3z"],
  // An arrow: "go" links.
  arrow: ["M5 12h13", "M13 7l5 5-5 5"],
} as const;

export type IconName = keyof typeof ICONS;

/** A 24 × 24 line icon in the current text colour. */
export function icon(name: IconName): SVGSVGElement {
  return decorative(
    "0 0 24 24",
    `icon icon-${name}`,
    ICONS[name].map((d) => node("path", { d, fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round", "stroke-linejoin": "round" })),
  );
}
