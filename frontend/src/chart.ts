// The outcome chart of a case study: per metric, baseline and reached value as two bars scaled
// to that metric's largest value (metrics have different units, so each has its own scale).

export interface MetricValues {
  label: string;
  baseline: number | null;
  actual: number | null;
}

export interface Bar {
  label: string;
  baseline: number;
  actual: number;
}

/** Bar lengths in 0..1 per metric; metrics without any value are left out. */
export function bars(metrics: MetricValues[]): Bar[] {
  return metrics
    .filter((m) => m.baseline !== null || m.actual !== null)
    .map((m) => {
      const max = Math.max(Math.abs(m.baseline ?? 0), Math.abs(m.actual ?? 0));
      const scale = (value: number | null) => (max === 0 || value === null ? 0 : Math.abs(value) / max);
      return { label: m.label, baseline: scale(m.baseline), actual: scale(m.actual) };
    });
}

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** An accessible SVG chart (role img with a title; the table beside it has the numbers). */
export function chart(metrics: MetricValues[], title: string, legend: { baseline: string; actual: string }): SVGSVGElement {
  const rows = bars(metrics);
  const rowHeight = 44;
  const width = 640;
  const labelWidth = 0;
  const root = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowHeight + 30}`, role: "img", class: "chart" });
  const heading = svg("title", {});
  heading.textContent = title;
  root.appendChild(heading);
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    const label = svg("text", { x: 0, y: y + 12, class: "chart-label" });
    label.textContent = row.label;
    root.appendChild(label);
    root.appendChild(svg("rect", { x: labelWidth, y: y + 16, width: Math.max(1, row.baseline * (width - 10)), height: 10, class: "bar-baseline" }));
    root.appendChild(svg("rect", { x: labelWidth, y: y + 28, width: Math.max(1, row.actual * (width - 10)), height: 10, class: "bar-actual" }));
  });
  const legendY = rows.length * rowHeight + 20;
  root.appendChild(svg("rect", { x: 0, y: legendY - 9, width: 10, height: 10, class: "bar-baseline" }));
  const base = svg("text", { x: 14, y: legendY, class: "chart-label" });
  base.textContent = legend.baseline;
  root.appendChild(base);
  root.appendChild(svg("rect", { x: 180, y: legendY - 9, width: 10, height: 10, class: "bar-actual" }));
  const actual = svg("text", { x: 194, y: legendY, class: "chart-label" });
  actual.textContent = legend.actual;
  root.appendChild(actual);
  return root;
}
