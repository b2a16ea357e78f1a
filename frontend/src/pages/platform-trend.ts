// A platform's trend by quarter: a line per public-value dimension on the 1..5 scale, each with
// its own colour, dash and marker shape (never colour alone), the latest value written at the
// end of each line, the axes labelled; the same numbers as a table in a disclosure beside it.
import { h } from "../dom";
import { t } from "../i18n";
import { DIMENSIONS, SCORE_MAX, SCORE_MIN, dimensionOf, linePath, quarterOf, spreadLabels, trendGeometry, xAt, yAt, type Taxon, type TrendPoint } from "./scorecard";

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** A mean on the scale the reader's way, one decimal ("4,5"). */
export function scoreText(value: number): string {
  return new Intl.NumberFormat(document.documentElement.lang || "es", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** "T2 2025" / "Q2 2025": a quarter by its last day. */
export function quarterLabel(day: string): string {
  return t("platforms.quarter", { quarter: String(quarterOf(day).quarter), year: String(quarterOf(day).year) });
}

/** The marker of series `index`: a circle, a square, a diamond. */
function marker(index: number, x: number, y: number, size = 4.5): SVGElement {
  const series = `trend-series-${index}`;
  if (index === 1) return svg("rect", { class: `trend-marker ${series}`, x: x - size, y: y - size, width: size * 2, height: size * 2 });
  if (index === 2) return svg("path", { class: `trend-marker ${series}`, d: `M${x} ${y - size - 1}L${x + size + 1} ${y}L${x} ${y + size + 1}L${x - size - 1} ${y}Z` });
  return svg("circle", { class: `trend-marker ${series}`, cx: x, cy: y, r: size });
}

/** A legend's key: a short stretch of the series' line with its marker. */
function key(index: number): SVGSVGElement {
  return svg("svg", { class: "trend-key", width: 36, height: 14, viewBox: "0 0 36 14", "aria-hidden": "true", focusable: "false" }, svg("path", { class: `trend-line trend-series-${index}`, d: "M2 7L34 7" }), marker(index, 18, 7, 4));
}

let charts = 0;

/** The chart drawn: axes, grid, a line per dimension, the latest values at the lines' ends. */
function plot(trend: TrendPoint[], dimensions: Taxon[]): SVGSVGElement {
  const geometry = trendGeometry(trend.length);
  const root = svg("svg", {
    class: "trend-svg",
    viewBox: `0 0 ${geometry.width} ${geometry.height}`,
    width: geometry.width,
    height: geometry.height,
    "aria-hidden": "true",
    focusable: "false",
  });
  // Drawn to scale between 80 % and 125 % of its size (CSSOM, which the CSP allows): narrower
  // screens scroll it sideways rather than shrink its labels out of legibility.
  root.style.minWidth = `${Math.round(geometry.width * 0.8)}px`;
  root.style.maxWidth = `${Math.round(geometry.width * 1.25)}px`;
  const right = geometry.width - geometry.right;
  for (let score = SCORE_MIN; score <= SCORE_MAX; score += 1) {
    const y = yAt(geometry, score);
    root.append(svg("line", { class: "trend-grid", x1: geometry.left - 6, x2: right + 6, y1: y, y2: y }));
    root.append(svg("text", { class: "trend-axis", x: geometry.left - 12, y: y + 4, "text-anchor": "end" }, String(score)));
  }
  // Quarters along x: the quarter on the first line, its year under the first of each year.
  const every = Math.max(1, Math.ceil(trend.length / 16));
  const baseline = geometry.height - geometry.bottom;
  trend.forEach((point, index) => {
    const x = xAt(geometry, index, trend.length);
    const { quarter, year } = quarterOf(point.quarterEnd);
    root.append(svg("line", { class: "trend-tick", x1: x, x2: x, y1: baseline + 6, y2: baseline + 10 }));
    if (index % every === 0 || index === trend.length - 1) {
      root.append(svg("text", { class: "trend-axis", x, y: baseline + 24, "text-anchor": "middle" }, t("platforms.quarterShort", { quarter: String(quarter) })));
    }
    if (quarter === 1 || index === 0) root.append(svg("text", { class: "trend-axis trend-year", x, y: baseline + 42, "text-anchor": "middle" }, String(year)));
  });
  const ends: { index: number; y: number; value: number }[] = [];
  dimensions.forEach((dimension, index) => {
    const points = trend.map((point, i) => {
      const mean = dimensionOf(point.dimensions, dimension.code)?.mean ?? null;
      return { x: xAt(geometry, i, trend.length), y: mean === null ? null : yAt(geometry, mean), mean };
    });
    const path = linePath(points);
    if (path) root.append(svg("path", { class: `trend-line trend-series-${index}`, d: path }));
    for (const point of points) if (point.y !== null) root.append(marker(index, point.x, point.y));
    const last = [...points].reverse().find((point) => point.mean !== null);
    if (last?.mean !== null && last?.mean !== undefined && last.y !== null) ends.push({ index, y: last.y, value: last.mean });
  });
  const placed = spreadLabels(ends.map((end) => end.y + 4), 15, geometry.height - geometry.bottom + 4);
  ends.forEach((end, i) => {
    root.append(svg("text", { class: `trend-end trend-series-${end.index}`, x: right + 12, y: placed[i] ?? end.y }, scoreText(end.value)));
  });
  return root;
}

/** The trend's numbers: a row per quarter, a column per dimension (mean, and agencies behind it). */
export function trendTable(trend: TrendPoint[], dimensions: Taxon[], id: string, caption: string): HTMLTableElement {
  return h(
    "table",
    { id, class: "trend-table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("platforms.trend.quarter")), dimensions.map((d) => h("th", { scope: "col" }, d.label)))),
    h(
      "tbody",
      {},
      [...trend].reverse().map((point) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, quarterLabel(point.quarterEnd)),
          dimensions.map((d) => {
            const summary = dimensionOf(point.dimensions, d.code);
            return h("td", {}, summary?.mean === null || summary?.mean === undefined ? "—" : t("platforms.trend.cell", { mean: scoreText(summary.mean), count: summary.agencies }));
          }),
        ),
      ),
    ),
  );
}

/** The dimensions in the API's order, labelled as the scorecard labels them. */
export function orderedDimensions(labels: Taxon[]): Taxon[] {
  return DIMENSIONS.map((code) => labels.find((d) => d.code === code) ?? { code, label: code });
}

/**
 * The trend as a figure: the chart (scrolling sideways on its own when the quarters do not fit),
 * its legend and caption, and the table of its numbers in a disclosure.
 */
export function trendFigure(trend: TrendPoint[], dimensions: Taxon[], caption: string): HTMLElement {
  charts += 1;
  const captionId = `trend-${charts}-caption`;
  const tableId = `trend-${charts}-table`;
  const drawn = plot(trend, dimensions);
  const scroller = h("div", { class: "trend-scroll", tabindex: "0", role: "region", "aria-label": t("platforms.trend.scroll") }, drawn);
  // Where the chart scrolls (narrow screens, long histories), it opens on the latest quarters.
  requestAnimationFrame(() => {
    scroller.scrollLeft = scroller.scrollWidth;
  });
  return h(
    "figure",
    { class: "trend-figure", "aria-labelledby": captionId, "aria-describedby": tableId },
    h("ul", { class: "trend-legend" }, dimensions.map((d, index) => h("li", {}, key(index), d.label))),
    scroller,
    h("p", { class: "trend-swipe help" }, t("platforms.trend.swipe")),
    h("figcaption", { id: captionId }, caption),
    h(
      "details",
      { class: "chart-data" },
      h("summary", {}, t("chart.table")),
      h("div", { class: "table-scroll" }, trendTable(trend, dimensions, tableId, caption)),
    ),
  );
}
