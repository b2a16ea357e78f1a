// A line diff computed in the browser, for text not saved yet (a fork's local amendments against
// the version it starts from), in the API's own shape (diff.ts: hunks of unified lines with up to
// three lines of context) so the guideline page's diff tables show it. Pure: no DOM, no i18n.
import type { DiffLine, Hunk } from "./diff";

export interface LineDiff {
  added: number;
  removed: number;
  hunks: Hunk[];
}

/** Past this many cells the middle is not aligned line by line: it is shown as replaced. */
const MAX_CELLS = 4_000_000;

function lines(text: string): string[] {
  if (text === "") return [];
  const split = text.replace(/\r\n?/g, "\n").split("\n");
  // A final newline ends the last line; it does not start another one.
  if (split[split.length - 1] === "") split.pop();
  return split;
}

/** The edit script between `a` and `b`, line by line (longest common subsequence). */
function script(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const out: DiffLine[] = [];
  const context = (i: number, j: number) => out.push({ change: "CONTEXT", oldNumber: i + 1, newNumber: j + 1, text: a[i] ?? "" });
  const removed = (i: number) => out.push({ change: "REMOVED", oldNumber: i + 1, newNumber: null, text: a[i] ?? "" });
  const added = (j: number) => out.push({ change: "ADDED", oldNumber: null, newNumber: j + 1, text: b[j] ?? "" });
  for (let i = 0; i < start; i += 1) context(i, i);
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i += 1) removed(i);
    for (let j = start; j < endB; j += 1) added(j);
  } else if (n > 0 || m > 0) {
    // lengths[i][j]: the longest common run of a[start+i..endA) and b[start+j..endB).
    const width = m + 1;
    const lengths = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lengths[i * width + j] =
          a[start + i] === b[start + j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        context(start + i, start + j);
        i += 1;
        j += 1;
      } else if (j === m || (i < n && lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
        // On a tie the removal goes first, as unified diffs show a changed line.
        removed(start + i);
        i += 1;
      } else {
        added(start + j);
        j += 1;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k += 1) context(endA + k, endB + k);
  return out;
}

/**
 * The changes from `before` to `after`: lines added and removed, and the hunks (each changed run
 * with up to `context` unchanged lines around it; runs closer than that share a hunk).
 */
export function lineDiff(before: string, after: string, context = 3): LineDiff {
  const all = script(lines(before), lines(after));
  const changed = all.map((line, index) => (line.change === "CONTEXT" ? -1 : index)).filter((index) => index >= 0);
  const hunks: Hunk[] = [];
  let first = -1;
  let last = -1;
  const close = () => {
    if (first >= 0) hunks.push({ lines: all.slice(Math.max(0, first - context), Math.min(all.length, last + context + 1)) });
  };
  for (const index of changed) {
    if (first >= 0 && index - last > 2 * context) {
      close();
      first = -1;
    }
    if (first < 0) first = index;
    last = index;
  }
  close();
  return {
    added: all.filter((line) => line.change === "ADDED").length,
    removed: all.filter((line) => line.change === "REMOVED").length,
    hunks,
  };
}
