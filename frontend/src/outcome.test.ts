import { describe, expect, it } from "vitest";
import { byRank, featuredRank, headline, meetsTarget, type OutcomeMetric } from "./outcome";

const metric = (values: Partial<OutcomeMetric>): OutcomeMetric => ({
  metric: "m",
  unit: "count",
  direction: "HIGHER_IS_BETTER",
  baseline: null,
  target: null,
  actual: null,
  relativeChange: null,
  improvement: null,
  ...values,
});

describe("meetsTarget", () => {
  it("knows which way is better", () => {
    expect(meetsTarget({ direction: "LOWER_IS_BETTER", target: 9000, actual: 8280 })).toBe(true);
    expect(meetsTarget({ direction: "LOWER_IS_BETTER", target: 9000, actual: 9500 })).toBe(false);
    expect(meetsTarget({ direction: "HIGHER_IS_BETTER", target: 80, actual: 87 })).toBe(true);
    expect(meetsTarget({ direction: "HIGHER_IS_BETTER", target: 80, actual: 70 })).toBe(false);
  });

  it("says nothing without a target, a value or a direction", () => {
    expect(meetsTarget({ direction: null, target: 10, actual: 12 })).toBeNull();
    expect(meetsTarget({ direction: "HIGHER_IS_BETTER", target: null, actual: 12 })).toBeNull();
    expect(meetsTarget({ direction: "HIGHER_IS_BETTER", target: 10, actual: null })).toBeNull();
  });
});

describe("headline", () => {
  it("leads with a reached value that has both a target and a change", () => {
    const onlyTarget = metric({ metric: "a", target: 50, actual: 57 });
    const both = metric({ metric: "b", baseline: 100, target: 80, actual: 60, relativeChange: -0.4, direction: "LOWER_IS_BETTER" });
    expect(headline([onlyTarget, both])).toEqual({ metric: both, met: true });
  });

  it("falls back to a target, then to a change, then to nothing", () => {
    const onlyTarget = metric({ metric: "a", target: 50, actual: 40 });
    const onlyChange = metric({ metric: "b", baseline: 10, actual: 20, relativeChange: 1, direction: null });
    expect(headline([onlyChange, onlyTarget])?.metric).toBe(onlyTarget);
    expect(headline([onlyChange])).toEqual({ metric: onlyChange, met: null });
    expect(headline([metric({ target: 5 })])).toBeNull();
    expect(headline([])).toBeNull();
  });
});

describe("byRank", () => {
  it("puts endorsed cases first, then met targets, then bigger improvements", () => {
    const cases = [
      { id: "plain", endorsements: 0, result: null },
      { id: "improved", endorsements: 0, result: { metric: metric({ improvement: 0.4 }), met: false } },
      { id: "met", endorsements: 0, result: { metric: metric({ improvement: 0.1 }), met: true } },
      { id: "endorsed", endorsements: 3, result: null },
    ];
    expect(byRank(cases, (c) => featuredRank(c.endorsements, c.result)).map((c) => c.id)).toEqual(["endorsed", "met", "improved", "plain"]);
  });
});
