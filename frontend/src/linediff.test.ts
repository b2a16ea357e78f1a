import { describe, expect, it } from "vitest";
import { splitHunks } from "./diff";
import { lineDiff } from "./linediff";

const text = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("lineDiff (a fork's amendments against the original)", () => {
  it("finds nothing to show for the same text", () => {
    expect(lineDiff(text("# Guía", "Tono cercano"), text("# Guía", "Tono cercano"))).toEqual({ added: 0, removed: 0, hunks: [] });
    // A missing final newline or Windows line ends are not changes.
    expect(lineDiff("a\r\nb\r\n", "a\nb").hunks).toEqual([]);
  });

  it("gives a changed line as removed then added, numbered in each version, with context", () => {
    const diff = lineDiff(text("# Horario", "De 8 a 20 h.", "Sin festivos"), text("# Horario", "De 8 a 22 h.", "Sin festivos"));
    expect(diff.added).toBe(1);
    expect(diff.removed).toBe(1);
    expect(diff.hunks).toEqual([
      {
        lines: [
          { change: "CONTEXT", oldNumber: 1, newNumber: 1, text: "# Horario" },
          { change: "REMOVED", oldNumber: 2, newNumber: null, text: "De 8 a 20 h." },
          { change: "ADDED", oldNumber: null, newNumber: 2, text: "De 8 a 22 h." },
          { change: "CONTEXT", oldNumber: 3, newNumber: 3, text: "Sin festivos" },
        ],
      },
    ]);
    // The side-by-side layout pairs them on one row.
    expect(splitHunks(diff.hunks)[0]?.[1]).toEqual({
      left: { number: 2, text: "De 8 a 20 h.", change: "REMOVED" },
      right: { number: 2, text: "De 8 a 22 h.", change: "ADDED" },
    });
  });

  it("keeps the common lines of a local annex added in the middle and at the end", () => {
    const before = text("1", "2", "3", "4");
    const after = text("1", "2", "Anexo local", "3", "4", "Contacto: 010");
    const diff = lineDiff(before, after);
    expect(diff).toMatchObject({ added: 2, removed: 0 });
    const changes = diff.hunks.flatMap((h) => h.lines).filter((l) => l.change !== "CONTEXT");
    expect(changes).toEqual([
      { change: "ADDED", oldNumber: null, newNumber: 3, text: "Anexo local" },
      { change: "ADDED", oldNumber: null, newNumber: 6, text: "Contacto: 010" },
    ]);
  });

  it("splits changes far apart into hunks with three lines of context", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `línea ${i + 1}`);
    const amended = [...lines];
    amended[1] = "segunda, enmendada";
    amended[17] = "decimoctava, enmendada";
    const diff = lineDiff(text(...lines), text(...amended));
    expect(diff.hunks).toHaveLength(2);
    expect(diff.hunks[0]?.lines[0]).toEqual({ change: "CONTEXT", oldNumber: 1, newNumber: 1, text: "línea 1" });
    expect(diff.hunks[0]?.lines).toHaveLength(1 + 2 + 3);
    expect(diff.hunks[1]?.lines.at(-1)).toEqual({ change: "CONTEXT", oldNumber: 20, newNumber: 20, text: "línea 20" });
    // Close changes share a hunk.
    amended[7] = "octava, enmendada";
    expect(lineDiff(text(...lines), text(...amended)).hunks).toHaveLength(2);
    amended[4] = "quinta, enmendada";
    expect(lineDiff(text(...lines), text(...amended)).hunks).toHaveLength(2);
  });

  it("handles an empty side", () => {
    expect(lineDiff("", text("a", "b"))).toMatchObject({ added: 2, removed: 0 });
    expect(lineDiff(text("a", "b"), "")).toMatchObject({ added: 0, removed: 2 });
  });
});
