// The outcome chart of a case study: per metric, its baseline, target and reached value as bars
// scaled to that metric's largest value (metrics have different units, so each has its own
// scale). Every bar carries its value as a label beside it, the series names are text (not only
// colour), and the numbers are also available as a table: the page's own (referenced with
// aria-describedby) or one the chart brings in a <details>.
import { h } from "./dom";

export interface MetricValues {
  label: string;
  baseline: number | null;
  target?: number | null;
  actual: number | null;
  /** Unit code (`count`, `percent`, `minutes`, `eur`…), for the value labels. */
  unit?: string;
}

export type Series = "baseline" | "target" | "actual";

export interface Bar {
  label: string;
  /** Bar lengths in 0..1 of the metric's largest value; null where the value is missing. */
  baseline: number | null;
  target: number | null;
  actual: number | null;
}

export const SERIES: readonly Series[] = ["baseline", "target", "actual"];

/** Bar lengths in 0..1 per metric; metrics without any value are left out. */
export function bars(metrics: MetricValues[]): Bar[] {
  return metrics
    .filter((m) => m.baseline !== null || (m.target ?? null) !== null || m.actual !== null)
    .map((m) => {
      const target = m.target ?? null;
      const max = Math.max(Math.abs(m.baseline ?? 0), Math.abs(target ?? 0), Math.abs(m.actual ?? 0));
      const scale = (value: number | null) => (value === null ? null : max === 0 ? 0 : Math.round((Math.abs(value) / max) * 100) / 100);
      return { label: m.label, baseline: scale(m.baseline), target: scale(target), actual: scale(m.actual) };
    });
}

const UNITS: Record<string, string> = { percent: "percent", seconds: "second", minutes: "minute", hours: "hour", days: "day" };
const CURRENCIES: Record<string, string> = { eur: "EUR", usd: "USD" };

/** A metric value in the reader's language, with its unit where Intl knows it ("57 %", "11 min", "1200 €"). */
export function formatValue(value: number, unit = "", lang = document.documentElement.lang || "es"): string {
  const unitName = UNITS[unit];
  if (unitName) return new Intl.NumberFormat(lang, { style: "unit", unit: unitName, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
  const currency = CURRENCIES[unit];
  if (currency) return new Intl.NumberFormat(lang, { style: "currency", currency, maximumFractionDigits: Number.isInteger(value) ? 0 : 2 }).format(value);
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
}

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** One bar, drawn to `length` (0..1) of its track; decorative: its value is the text beside it. */
function bar(series: Series, length: number): SVGSVGElement {
  const root = svg("svg", { class: "chart-bar", width: "100%", height: 16, "aria-hidden": "true", focusable: "false" });
  root.appendChild(svg("rect", { class: "chart-track", x: 0, y: 0, width: "100%", height: 16, rx: 3 }));
  // A hair of bar even for 0, so every row visibly starts at the axis.
  const width = `${Math.max(0.5, length * 100).toFixed(1)}%`;
  root.appendChild(svg("rect", { class: `bar-${series}`, x: 0, y: 0, width, height: 16, rx: 3 }));
  return root;
}

/** One metric's bars: a row per known value, named, drawn to scale and labelled with the value. */
export function metricBars(metric: MetricValues, legend: Record<Series, string>): HTMLElement {
  const length = bars([metric])[0];
  const rows = SERIES.flatMap((series) => {
    const value = series === "target" ? (metric.target ?? null) : metric[series];
    const scaled = length?.[series] ?? null;
    if (value === null || scaled === null) return [];
    return [
      h(
        "div",
        { class: `chart-row chart-row-${series}` },
        h("dt", {}, legend[series]),
        h("dd", {}, bar(series, scaled), h("span", { class: "chart-value" }, formatValue(value, metric.unit))),
      ),
    ];
  });
  return h("dl", { class: "chart-rows" }, rows);
}

export interface ChartOptions {
  /** What the chart shows: the figure's caption. */
  title: string;
  /** The series names: baseline, target and reached value. */
  legend: Record<Series, string>;
  /** The column header of the metric names in the data table. */
  metricHeader: string;
  /** The summary of the data table's disclosure (when the chart brings its own table). */
  tableLabel: string;
  /** The id of a table on the page with these numbers; without it the chart brings one. */
  describedBy?: string;
}

let charts = 0;

/** The numbers of the chart as a table (metric per row, one column per series). */
export function chartTable(metrics: MetricValues[], options: Pick<ChartOptions, "title" | "legend" | "metricHeader">, id: string): HTMLTableElement {
  const shown = (value: number | null | undefined, unit?: string) => (value === null || value === undefined ? "—" : formatValue(value, unit));
  return h(
    "table",
    { id, class: "chart-table" },
    h("caption", {}, options.title),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, options.metricHeader), SERIES.map((series) => h("th", { scope: "col" }, options.legend[series])))),
    h(
      "tbody",
      {},
      metrics.map((m) =>
        h("tr", {}, h("th", { scope: "row" }, m.label), h("td", {}, shown(m.baseline, m.unit)), h("td", {}, shown(m.target, m.unit)), h("td", {}, shown(m.actual, m.unit))),
      ),
    ),
  );
}

/**
 * The chart as a figure: per metric, a labelled bar per known value with that value beside it;
 * the caption names it, and the table of its numbers is the page's (`describedBy`) or its own.
 */
export function chart(metrics: MetricValues[], options: ChartOptions): HTMLElement {
  charts += 1;
  const captionId = `chart-${charts}-caption`;
  const tableId = options.describedBy ?? `chart-${charts}-table`;
  const drawn = metrics.filter((m) => m.baseline !== null || (m.target ?? null) !== null || m.actual !== null);
  const groups = drawn.map((metric) => h("li", { class: "chart-metric" }, h("p", { class: "chart-name" }, metric.label), metricBars(metric, options.legend)));
  const legend = h(
    "ul",
    { class: "chart-legend", "aria-hidden": "true" },
    SERIES.map((series) => h("li", {}, h("span", { class: `chart-swatch bar-${series}` }), options.legend[series])),
  );
  return h(
    "figure",
    { class: "chart-figure", "aria-labelledby": captionId, "aria-describedby": tableId },
    h("ul", { class: "chart" }, groups),
    legend,
    h("figcaption", { id: captionId }, options.title),
    options.describedBy
      ? null
      : h("details", { class: "chart-data" }, h("summary", {}, options.tableLabel), h("div", { class: "table-scroll" }, chartTable(drawn, options, tableId))),
  );
}
