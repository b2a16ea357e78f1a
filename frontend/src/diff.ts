// A diff between two versions of a guideline, as the API gives it (hunks of unified lines), laid
// out side by side: the old version on the left, the new one on the right. Pure: no DOM, no i18n.

export type Change = "CONTEXT" | "ADDED" | "REMOVED";

export interface DiffLine {
  change: Change;
  oldNumber: number | null;
  newNumber: number | null;
  text: string;
}

export interface Hunk {
  lines: DiffLine[];
}

/** One side of a side-by-side row: a line of one version. */
export interface Side {
  number: number | null;
  text: string;
  change: Change;
}

/** A row of the side-by-side table; a side is null where that version has no line there. */
export interface SplitRow {
  left: Side | null;
  right: Side | null;
}

/**
 * The rows of one hunk side by side. Unchanged lines sit on both sides; within each run of
 * changed lines, the removed lines (left) and the added lines (right) are paired in order, and
 * the shorter side is padded with empty cells.
 */
export function pairLines(lines: readonly DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i += 1) {
      const old = removed[i];
      const fresh = added[i];
      rows.push({
        left: old ? { number: old.oldNumber, text: old.text, change: "REMOVED" } : null,
        right: fresh ? { number: fresh.newNumber, text: fresh.text, change: "ADDED" } : null,
      });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.change === "REMOVED") {
      removed.push(line);
    } else if (line.change === "ADDED") {
      added.push(line);
    } else {
      flush();
      rows.push({
        left: { number: line.oldNumber, text: line.text, change: "CONTEXT" },
        right: { number: line.newNumber, text: line.text, change: "CONTEXT" },
      });
    }
  }
  flush();
  return rows;
}

/** Every hunk side by side (hunks stay apart: the lines between them did not change). */
export function splitHunks(hunks: readonly Hunk[]): SplitRow[][] {
  return hunks.map((hunk) => pairLines(hunk.lines));
}
