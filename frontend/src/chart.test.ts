import { describe, expect, it } from "vitest";
import { bars, formatValue } from "./chart";

describe("bars", () => {
  it("scales each metric to its own largest value and drops empty ones", () => {
    expect(
      bars([
        { label: "Llamadas", baseline: 12000, target: 9000, actual: 8280 },
        { label: "Satisfacción", baseline: null, actual: 8.6 },
        { label: "Vacía", baseline: null, target: null, actual: null },
      ]),
    ).toEqual([
      { label: "Llamadas", baseline: 1, target: 0.75, actual: 0.69 },
      { label: "Satisfacción", baseline: null, target: null, actual: 1 },
    ]);
  });

  it("lets the target set the scale when it is the largest value", () => {
    expect(bars([{ label: "Solicitudes", baseline: 85, target: 300, actual: 150 }])).toEqual([
      { label: "Solicitudes", baseline: 0.28, target: 1, actual: 0.5 },
    ]);
  });

  it("draws zero as an empty bar rather than leaving the metric out", () => {
    expect(bars([{ label: "Quejas", baseline: 0, target: 0, actual: 0 }])).toEqual([{ label: "Quejas", baseline: 0, target: 0, actual: 0 }]);
  });
});

describe("formatValue", () => {
  it("writes numbers the reader's way, with the unit when Intl knows it", () => {
    expect(formatValue(12000, "count", "es")).toBe("12.000");
    expect(formatValue(12000, "count", "en")).toBe("12,000");
    expect(formatValue(8.6, "score", "es")).toBe("8,6");
    expect(formatValue(57, "percent", "en")).toBe("57%");
    expect(formatValue(11, "minutes", "en")).toBe("11 min");
    expect(formatValue(1200, "eur", "es")).toMatch(/^1200\s€$/);
  });
});
