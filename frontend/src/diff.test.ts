import { describe, expect, it } from "vitest";
import { type DiffLine, pairLines, splitHunks } from "./diff";

const context = (oldNumber: number, newNumber: number, text: string): DiffLine => ({ change: "CONTEXT", oldNumber, newNumber, text });
const removed = (oldNumber: number, text: string): DiffLine => ({ change: "REMOVED", oldNumber, newNumber: null, text });
const added = (newNumber: number, text: string): DiffLine => ({ change: "ADDED", oldNumber: null, newNumber, text });

describe("pairLines", () => {
  it("puts unchanged lines on both sides with each version's number", () => {
    expect(pairLines([context(3, 5, "Tono cercano")])).toEqual([
      { left: { number: 3, text: "Tono cercano", change: "CONTEXT" }, right: { number: 5, text: "Tono cercano", change: "CONTEXT" } },
    ]);
  });

  it("pairs a removed line with the added line that replaces it", () => {
    expect(pairLines([context(1, 1, "# Horario"), removed(2, "De 8 a 20 h."), added(2, "De 8 a 22 h.")])).toEqual([
      { left: { number: 1, text: "# Horario", change: "CONTEXT" }, right: { number: 1, text: "# Horario", change: "CONTEXT" } },
      { left: { number: 2, text: "De 8 a 20 h.", change: "REMOVED" }, right: { number: 2, text: "De 8 a 22 h.", change: "ADDED" } },
    ]);
  });

  it("pads the shorter side of a change with empty cells", () => {
    const rows = pairLines([removed(4, "a"), removed(5, "b"), added(4, "c"), context(6, 5, "d")]);
    expect(rows.map((row) => [row.left?.text ?? null, row.right?.text ?? null])).toEqual([
      ["a", "c"],
      ["b", null],
      ["d", "d"],
    ]);
    expect(rows[1]?.right).toBeNull();
  });

  it("shows pure additions and pure removals on one side only", () => {
    expect(pairLines([added(1, "nueva")])).toEqual([{ left: null, right: { number: 1, text: "nueva", change: "ADDED" } }]);
    expect(pairLines([removed(9, "vieja")])).toEqual([{ left: { number: 9, text: "vieja", change: "REMOVED" }, right: null }]);
  });

  it("pairs interleaved changes in order and never across unchanged lines", () => {
    const rows = pairLines([removed(1, "r1"), added(1, "a1"), removed(2, "r2"), added(2, "a2"), context(3, 3, "c"), added(4, "a3")]);
    expect(rows.map((row) => [row.left?.text ?? null, row.right?.text ?? null])).toEqual([
      ["r1", "a1"],
      ["r2", "a2"],
      ["c", "c"],
      [null, "a3"],
    ]);
  });

  it("keeps every line: as many cells on each side as lines of that version", () => {
    const lines = [context(1, 1, "x"), removed(2, "y"), removed(3, "z"), added(2, "w"), added(3, "v"), added(4, "u"), context(4, 5, "t")];
    const rows = pairLines(lines);
    expect(rows.filter((row) => row.left).length).toBe(lines.filter((line) => line.change !== "ADDED").length);
    expect(rows.filter((row) => row.right).length).toBe(lines.filter((line) => line.change !== "REMOVED").length);
  });

  it("returns no rows for an empty hunk", () => {
    expect(pairLines([])).toEqual([]);
  });
});

describe("splitHunks", () => {
  it("keeps hunks apart", () => {
    const split = splitHunks([{ lines: [removed(1, "a")] }, { lines: [added(10, "b")] }]);
    expect(split).toHaveLength(2);
    expect(split[0]).toEqual([{ left: { number: 1, text: "a", change: "REMOVED" }, right: null }]);
    expect(split[1]).toEqual([{ left: null, right: { number: 10, text: "b", change: "ADDED" } }]);
  });
});
