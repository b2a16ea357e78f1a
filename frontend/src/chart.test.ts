import { describe, expect, it } from "vitest";
import { bars } from "./chart";

describe("bars", () => {
  it("scales each metric to its own largest value and drops empty ones", () => {
    expect(
      bars([
        { label: "Llamadas", baseline: 12000, actual: 8280 },
        { label: "Satisfacción", baseline: null, actual: 8.6 },
        { label: "Vacía", baseline: null, actual: null },
      ]),
    ).toEqual([
      { label: "Llamadas", baseline: 1, actual: 0.69 },
      { label: "Satisfacción", baseline: 0, actual: 1 },
    ]);
  });
});
