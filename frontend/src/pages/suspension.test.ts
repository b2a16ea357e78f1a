import { describe, expect, it } from "vitest";
import { untilOf } from "./suspension";

describe("suspension end date", () => {
  it("is the start of the chosen day in local time, or none", () => {
    expect(untilOf("")).toBeNull();
    expect(untilOf("not a date")).toBeNull();
    const until = untilOf("2030-03-15");
    expect(until).not.toBeNull();
    const local = new Date(until!);
    expect([local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes()]).toEqual([2030, 2, 15, 0, 0]);
  });
});
