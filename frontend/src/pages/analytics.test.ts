import { describe, expect, it } from "vitest";
import { day, readsAnalytics, share, weeksParam } from "./analytics";

describe("search analytics page", () => {
  it("is offered to network admins only", () => {
    expect(readsAnalytics(["network_admin"])).toBe(true);
    expect(readsAnalytics(["agency_admin", "editor"])).toBe(false);
    expect(readsAnalytics(undefined)).toBe(false);
  });

  it("reads the window from the address, within the offered choices", () => {
    expect(weeksParam(new URLSearchParams("semanas=12"))).toBe(12);
    expect(weeksParam(new URLSearchParams("semanas=999"))).toBe(8);
    expect(weeksParam(new URLSearchParams(""))).toBe(8);
  });

  it("shows shares as percentages, and nothing of nothing", () => {
    expect(share(1, 4, "en")).toBe("25%");
    expect(share(0, 0, "en")).toBe("—");
  });

  it("shows a week's dates as the same calendar day everywhere", () => {
    expect(day("2025-06-02", "en")).toBe("Jun 2, 2025");
  });
});
