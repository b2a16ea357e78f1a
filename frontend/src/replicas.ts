// Replications of a case study as data: the chain up to the original, the tree of cases that
// replicated it, and each one's outcome delta against the case it replicated (their relative
// change minus the original's, per metric kind both measured), judged by the kind's direction
// (fewer calls is better, more satisfaction is better). Pure: no DOM, no i18n.

export type Direction = "HIGHER_IS_BETTER" | "LOWER_IS_BETTER" | null;

/** How a replication did against the original on one metric kind. */
export type Verdict = "better" | "worse" | "same" | "unknown";

export interface DeltaInput {
  metricKind: { code: string; label: string };
  original: number;
  replication: number;
  difference: number;
}

export interface DeltaRow {
  code: string;
  label: string;
  /** The original's relative change (−0.31: 31 % less). */
  original: number;
  /** The replication's relative change. */
  replication: number;
  /** Replication minus original, in percentage points (13 is thirteen points more). */
  points: number;
  verdict: Verdict;
}

/** Differences within half a point count as the same outcome. */
const SAME_WITHIN = 0.005;

/** Whether `difference` (replication minus original) is better, given the kind's direction. */
export function verdict(difference: number, direction: Direction): Verdict {
  if (direction === null || !Number.isFinite(difference)) return "unknown";
  if (Math.abs(difference) < SAME_WITHIN) return "same";
  const higher = difference > 0;
  return (direction === "HIGHER_IS_BETTER") === higher ? "better" : "worse";
}

/** The API's deltas as rows to show, in the API's order, each with its verdict. */
export function deltaRows(deltas: readonly DeltaInput[], directions: ReadonlyMap<string, Direction>): DeltaRow[] {
  return deltas.map((delta) => ({
    code: delta.metricKind.code,
    label: delta.metricKind.label,
    original: delta.original,
    replication: delta.replication,
    // Rounded to a tenth of a point: -0.18 - -0.31 is 0.13000000000000003.
    points: Math.round(delta.difference * 1000) / 10,
    verdict: verdict(delta.difference, directions.get(delta.metricKind.code) ?? null),
  }));
}

/** How many of a replication's rows did better and worse than the original. */
export function tally(rows: readonly DeltaRow[]): { better: number; worse: number; same: number } {
  return {
    better: rows.filter((row) => row.verdict === "better").length,
    worse: rows.filter((row) => row.verdict === "worse").length,
    same: rows.filter((row) => row.verdict === "same").length,
  };
}

export interface CaseRef {
  id: string;
  title: string;
  agency: { slug: string; name: string } | null;
}

/** A case with the case it replicates, as deep as the API was asked. */
export interface Lineage extends CaseRef {
  replicates?: Lineage | null;
}

/** The chain from the original down to `node`'s parent (empty when `node` is an original). */
export function ancestry(node: Lineage): CaseRef[] {
  const chain: CaseRef[] = [];
  const seen = new Set([node.id]);
  for (let up = node.replicates; up && !seen.has(up.id); up = up.replicates) {
    seen.add(up.id);
    chain.unshift({ id: up.id, title: up.title, agency: up.agency });
  }
  return chain;
}

export interface ReplicationInput {
  caseStudy: CaseRef & { viewerCanEdit?: boolean; replications?: ReplicationInput[] };
  deltas: DeltaInput[];
}

export interface TreeNode extends CaseRef {
  /** Whether it is the case the page shows. */
  current: boolean;
  /** Whether the viewer may unlink it (they edit it). */
  editable: boolean;
  /** Against the case it replicates (none for the original). */
  deltas: DeltaRow[];
  children: TreeNode[];
}

/**
 * The replication tree under `root`, each node with its deltas against its parent. A case that
 * shows up twice (a cycle the API should never give) is listed once.
 */
export function replicationTree(
  root: CaseRef & { replications?: ReplicationInput[] },
  currentId: string,
  directions: ReadonlyMap<string, Direction>,
): TreeNode {
  const seen = new Set([root.id]);
  const grow = (replications: readonly ReplicationInput[] | undefined): TreeNode[] =>
    (replications ?? [])
      .filter((r) => {
        if (seen.has(r.caseStudy.id)) return false;
        seen.add(r.caseStudy.id);
        return true;
      })
      .map((r) => ({
        id: r.caseStudy.id,
        title: r.caseStudy.title,
        agency: r.caseStudy.agency,
        current: r.caseStudy.id === currentId,
        editable: Boolean(r.caseStudy.viewerCanEdit),
        deltas: deltaRows(r.deltas, directions),
        children: grow(r.caseStudy.replications),
      }));
  return { id: root.id, title: root.title, agency: root.agency, current: root.id === currentId, editable: false, deltas: [], children: grow(root.replications) };
}

/** Every case in the tree, the root included. */
export function treeSize(node: TreeNode): number {
  return 1 + node.children.reduce((sum, child) => sum + treeSize(child), 0);
}

export interface OwnMetric {
  metric: string;
  kind: { code: string; label: string };
  direction: Direction;
  relativeChange: number | null;
  evidenceLevel: { code: string };
  periodEnd: string;
}

const EVIDENCE = ["self_reported", "analytics_export", "audited"];

/**
 * The metric of `kind` a comparison uses, as the server picks it: with a change from its
 * baseline, the strongest evidence first, then the latest period.
 */
function representative(metrics: readonly OwnMetric[], kind: string): OwnMetric | null {
  let best: OwnMetric | null = null;
  for (const metric of metrics) {
    if (metric.kind.code !== kind || metric.relativeChange === null) continue;
    const rank = EVIDENCE.indexOf(metric.evidenceLevel.code);
    const bestRank = best ? EVIDENCE.indexOf(best.evidenceLevel.code) : -2;
    if (!best || rank > bestRank || (rank === bestRank && metric.periodEnd >= best.periodEnd)) best = metric;
  }
  return best;
}

/**
 * What linking `own` as a replication of `original` would show, before it is saved: the
 * delta per metric kind both measured (never `other`, which is not comparable).
 */
export function previewDeltas(original: readonly OwnMetric[], own: readonly OwnMetric[]): DeltaRow[] {
  const kinds = [...new Set(original.map((m) => m.kind.code))].filter((code) => code !== "other");
  const rows: DeltaRow[] = [];
  for (const code of kinds) {
    const before = representative(original, code);
    const after = representative(own, code);
    if (!before || !after || before.relativeChange === null || after.relativeChange === null || before.direction === null) continue;
    const difference = after.relativeChange - before.relativeChange;
    rows.push({
      code,
      label: before.kind.label,
      original: before.relativeChange,
      replication: after.relativeChange,
      points: Math.round(difference * 1000) / 10,
      verdict: verdict(difference, before.direction),
    });
  }
  return rows;
}

export interface AgencyCase {
  id: string;
  title: string;
  viewerCanEdit: boolean;
  replicates: { id: string; title: string } | null;
}

export interface LinkChoice {
  id: string;
  title: string;
  /** The case it already replicates, which linking replaces (null when none, or this one). */
  replaces: { id: string; title: string } | null;
  /** Whether it already replicates the case on the page. */
  linked: boolean;
}

/**
 * The viewer's agency's cases they may link as a replication of `originalId`: those they edit,
 * not the original itself, nor one that the original replicates (the API refuses a loop).
 */
export function linkChoices(cases: readonly AgencyCase[], originalId: string, originalReplicates: string | null): LinkChoice[] {
  return cases
    .filter((c) => c.viewerCanEdit && c.id !== originalId && c.id !== originalReplicates)
    .map((c) => ({
      id: c.id,
      title: c.title,
      linked: c.replicates?.id === originalId,
      replaces: c.replicates && c.replicates.id !== originalId ? c.replicates : null,
    }));
}
