import { describe, expect, it } from "vitest";
import { segments } from "./highlight";

describe("segments", () => {
  it("maps UTF-8 byte ranges onto accented text", () => {
    // "Atención" — "ó" is two bytes in UTF-8: "ción" spans bytes 5..10.
    const text = "Atención ciudadana";
    expect(segments(text, [{ start: 0, end: 9 }])).toEqual([
      { text: "Atención", mark: true },
      { text: " ciudadana", mark: false },
    ]);
  });

  it("ignores overlapping and out-of-range highlights", () => {
    expect(segments("abc", [{ start: 1, end: 2 }, { start: 1, end: 3 }, { start: 2, end: 9 }])).toEqual([
      { text: "a", mark: false },
      { text: "b", mark: true },
      { text: "c", mark: false },
    ]);
  });
});
