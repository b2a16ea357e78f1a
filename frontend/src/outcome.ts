// A case study's headline result: the metric to show on its card, and how it did against its
// target (which way is better depends on the metric's kind: fewer calls, more satisfaction).

export interface OutcomeMetric {
  metric: string;
  unit: string;
  direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER" | null;
  baseline: number | null;
  target: number | null;
  actual: number | null;
  /** Relative change from baseline to actual (-0.3 = 30 % less). */
  relativeChange: number | null;
  /** The change oriented so that positive is better. */
  improvement: number | null;
}

export interface Headline {
  metric: OutcomeMetric;
  /** Whether the reached value meets the target; null without a target or a direction. */
  met: boolean | null;
}

/** Whether `actual` meets `target` for a metric whose better direction is `direction`. */
export function meetsTarget(metric: Pick<OutcomeMetric, "direction" | "target" | "actual">): boolean | null {
  if (metric.target === null || metric.actual === null || metric.direction === null) return null;
  return metric.direction === "LOWER_IS_BETTER" ? metric.actual <= metric.target : metric.actual >= metric.target;
}

/**
 * The metric a card leads with: the first reached value with both a target and a change from
 * its baseline, else the first with a target, else the first with a change, else none.
 */
export function headline(metrics: OutcomeMetric[]): Headline | null {
  const reached = metrics.filter((m) => m.actual !== null);
  const chosen =
    reached.find((m) => m.target !== null && m.relativeChange !== null) ??
    reached.find((m) => m.target !== null) ??
    reached.find((m) => m.relativeChange !== null);
  return chosen ? { metric: chosen, met: meetsTarget(chosen) } : null;
}

/** How strongly a case makes its point: endorsements first, then a met target, then improvement. */
export function featuredRank(endorsements: number, result: Headline | null): number[] {
  return [endorsements, result?.met ? 1 : 0, result?.metric.improvement ?? Number.NEGATIVE_INFINITY];
}

/** Orders by `featuredRank`, strongest first (stable for equal ranks). */
export function byRank<T>(items: T[], rank: (item: T) => number[]): T[] {
  return items
    .map((item, index) => ({ item, index, key: rank(item) }))
    .sort((a, b) => {
      for (let i = 0; i < Math.max(a.key.length, b.key.length); i += 1) {
        const difference = (b.key[i] ?? 0) - (a.key[i] ?? 0);
        if (difference !== 0 && !Number.isNaN(difference)) return difference;
      }
      return a.index - b.index;
    })
    .map(({ item }) => item);
}
