import { describe, expect, it } from "vitest";
import { isModerator, moderates, stillHidden } from "./moderation";

describe("isModerator", () => {
  it("is true for moderators and admins only", () => {
    expect(isModerator(["member", "moderator"])).toBe(true);
    expect(isModerator(["editor", "agency_admin"])).toBe(true);
    expect(isModerator(["network_admin"])).toBe(true);
    expect(isModerator(["member", "editor"])).toBe(false);
    expect(isModerator(undefined)).toBe(false);
  });
});

describe("moderates", () => {
  const agency = { id: "A" };
  const thread = (agencyId: string, membership: { role: string; status: string } | null = null) => ({
    agency: { id: agencyId },
    group: membership ? { viewerMembership: membership } : null,
  });

  it("lets network admins moderate every thread", () => {
    expect(moderates({ roles: ["network_admin"], agency }, thread("B"))).toBe(true);
  });

  it("lets moderators and agency admins moderate their own agency's threads only", () => {
    expect(moderates({ roles: ["moderator"], agency }, thread("A"))).toBe(true);
    expect(moderates({ roles: ["agency_admin"], agency }, thread("A"))).toBe(true);
    expect(moderates({ roles: ["moderator"], agency }, thread("B"))).toBe(false);
    expect(moderates({ roles: ["editor"], agency }, thread("A"))).toBe(false);
  });

  it("lets a group's active owners and moderators moderate its threads", () => {
    expect(moderates({ roles: ["member"], agency }, thread("B", { role: "owner", status: "active" }))).toBe(true);
    expect(moderates({ roles: ["member"], agency }, thread("B", { role: "moderator", status: "active" }))).toBe(true);
    expect(moderates({ roles: ["member"], agency }, thread("B", { role: "member", status: "active" }))).toBe(false);
    expect(moderates({ roles: ["member"], agency }, thread("B", { role: "owner", status: "invited" }))).toBe(false);
  });

  it("is false for anonymous viewers", () => {
    expect(moderates(null, thread("A"))).toBe(false);
  });
});

describe("stillHidden", () => {
  it("keeps the posts whose newest action (the log is newest first) is a hide", () => {
    const log = [
      { action: "restore", targetId: "t1" },
      { action: "hide", targetId: "r1" },
      { action: "hide", targetId: "t1" },
      { action: "restore", targetId: "r1" },
      { action: "hide", targetId: "r2" },
    ];
    expect(stillHidden(log).map((entry) => entry.targetId)).toEqual(["r1", "r2"]);
  });

  it("is empty for an empty log", () => {
    expect(stillHidden([])).toEqual([]);
  });
});
