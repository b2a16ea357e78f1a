import { describe, expect, it } from "vitest";
import { type Direction, ancestry, deltaRows, linkChoices, previewDeltas, replicationTree, tally, treeSize, verdict } from "./replicas";

const DIRECTIONS = new Map<string, Direction>([
  ["phone_calls", "LOWER_IS_BETTER"],
  ["satisfaction", "HIGHER_IS_BETTER"],
  ["other", null],
]);
const calls = { code: "phone_calls", label: "Llamadas telefónicas" };
const satisfaction = { code: "satisfaction", label: "Satisfacción" };
const agency = (slug: string) => ({ slug, name: slug });

describe("outcome deltas of a replication", () => {
  it("judges a difference by the metric's direction", () => {
    // Vallverde cut calls 31 %, Riudevall 18 %: +13 points, a worse result for calls.
    expect(verdict(0.13, "LOWER_IS_BETTER")).toBe("worse");
    expect(verdict(-0.1, "LOWER_IS_BETTER")).toBe("better");
    expect(verdict(0.2, "HIGHER_IS_BETTER")).toBe("better");
    expect(verdict(-0.2, "HIGHER_IS_BETTER")).toBe("worse");
    expect(verdict(0.004, "HIGHER_IS_BETTER")).toBe("same");
    expect(verdict(0.5, null)).toBe("unknown");
    expect(verdict(Number.NaN, "HIGHER_IS_BETTER")).toBe("unknown");
  });

  it("gives rows in percentage points, rounded, with the verdict", () => {
    const rows = deltaRows(
      [
        { metricKind: calls, original: -0.31, replication: -0.18, difference: -0.18 - -0.31 },
        { metricKind: satisfaction, original: 0.1, replication: 0.25, difference: 0.15 },
        { metricKind: { code: "unknown_kind", label: "?" }, original: 0, replication: 1, difference: 1 },
      ],
      DIRECTIONS,
    );
    expect(rows).toEqual([
      { code: "phone_calls", label: "Llamadas telefónicas", original: -0.31, replication: -0.18, points: 13, verdict: "worse" },
      { code: "satisfaction", label: "Satisfacción", original: 0.1, replication: 0.25, points: 15, verdict: "better" },
      { code: "unknown_kind", label: "?", original: 0, replication: 1, points: 100, verdict: "unknown" },
    ]);
    expect(tally(rows)).toEqual({ better: 1, worse: 1, same: 0 });
  });

  it("previews the delta of a case not linked yet as the server computes it", () => {
    const metric = (kind: { code: string; label: string }, direction: Direction, change: number | null, evidence: string, end: string) => ({
      metric: kind.label,
      kind,
      direction,
      relativeChange: change,
      evidenceLevel: { code: evidence },
      periodEnd: end,
    });
    const original = [metric(calls, "LOWER_IS_BETTER", -0.31, "audited", "2024-12-31"), metric({ code: "other", label: "Otra" }, null, 0.5, "audited", "2024-12-31")];
    const own = [
      // The strongest evidence wins over a later period; a metric without a change is skipped.
      metric(calls, "LOWER_IS_BETTER", -0.4, "self_reported", "2025-12-31"),
      metric(calls, "LOWER_IS_BETTER", -0.35, "audited", "2025-06-30"),
      metric(calls, "LOWER_IS_BETTER", null, "audited", "2025-12-31"),
      metric({ code: "other", label: "Otra" }, null, 0.9, "audited", "2025-12-31"),
    ];
    expect(previewDeltas(original, own)).toEqual([
      { code: "phone_calls", label: "Llamadas telefónicas", original: -0.31, replication: -0.35, points: -4, verdict: "better" },
    ]);
    expect(previewDeltas(original, [])).toEqual([]);
  });
});

describe("the replication graph", () => {
  it("walks up to the original, stopping at a loop", () => {
    const chain = ancestry({
      id: "c",
      title: "C",
      agency: agency("c"),
      replicates: { id: "b", title: "B", agency: agency("b"), replicates: { id: "a", title: "A", agency: null, replicates: null } },
    });
    expect(chain.map((c) => c.id)).toEqual(["a", "b"]);
    expect(ancestry({ id: "a", title: "A", agency: null })).toEqual([]);
    expect(ancestry({ id: "a", title: "A", agency: null, replicates: { id: "a", title: "A", agency: null } })).toEqual([]);
  });

  it("builds the tree from the original, each node against its parent, the current one marked", () => {
    const tree = replicationTree(
      {
        id: "vallverde",
        title: "WhatsApp 010",
        agency: agency("vallverde"),
        replications: [
          {
            caseStudy: {
              id: "riudevall",
              title: "Rèplica",
              agency: agency("riudevall"),
              viewerCanEdit: false,
              replications: [
                { caseStudy: { id: "sierra", title: "Sierra", agency: agency("sierra"), viewerCanEdit: true }, deltas: [{ metricKind: calls, original: -0.18, replication: -0.2, difference: -0.02 }] },
                // Listed twice by mistake: shown once.
                { caseStudy: { id: "sierra", title: "Sierra", agency: agency("sierra") }, deltas: [] },
              ],
            },
            deltas: [{ metricKind: calls, original: -0.31, replication: -0.18, difference: 0.13 }],
          },
        ],
      },
      "riudevall",
      DIRECTIONS,
    );
    expect(tree.current).toBe(false);
    expect(tree.deltas).toEqual([]);
    expect(tree.children).toHaveLength(1);
    const riudevall = tree.children[0]!;
    expect(riudevall).toMatchObject({ id: "riudevall", current: true, editable: false });
    expect(riudevall.deltas[0]).toMatchObject({ points: 13, verdict: "worse" });
    expect(riudevall.children.map((c) => [c.id, c.editable, c.deltas[0]?.verdict])).toEqual([["sierra", true, "better"]]);
    expect(treeSize(tree)).toBe(3);
  });

  it("offers the viewer's own editable cases, never the original or a loop, saying what a link replaces", () => {
    const choices = linkChoices(
      [
        { id: "mine", title: "Nuestro caso", viewerCanEdit: true, replicates: null },
        { id: "linked", title: "Ya enlazado", viewerCanEdit: true, replicates: { id: "orig", title: "Original" } },
        { id: "elsewhere", title: "Enlazado a otro", viewerCanEdit: true, replicates: { id: "x", title: "Otro" } },
        { id: "notmine", title: "De otra persona", viewerCanEdit: false, replicates: null },
        { id: "orig", title: "Original", viewerCanEdit: true, replicates: null },
        { id: "parent", title: "El que replica el original", viewerCanEdit: true, replicates: null },
      ],
      "orig",
      "parent",
    );
    expect(choices).toEqual([
      { id: "mine", title: "Nuestro caso", linked: false, replaces: null },
      { id: "linked", title: "Ya enlazado", linked: true, replaces: null },
      { id: "elsewhere", title: "Enlazado a otro", linked: false, replaces: { id: "x", title: "Otro" } },
    ]);
  });
});
