import { describe, expect, it } from "vitest";
import { standing } from "./adoption";
import { reviewWindow } from "./review";

const member = (roles: string[], slug = "demo-ayto-vallverde") => ({ signedIn: true, member: { roles, agency: { slug, name: slug } } });
const published = { status: "PUBLISHED", agency: { slug: "generalitat-catalunya", name: "Generalitat" } };

describe("who may adopt or fork a guideline for their agency", () => {
  it("is its editors and admins, on another agency's published guideline", () => {
    expect(standing(member(["member", "editor"]), published)).toBe("may");
    expect(standing(member(["member", "agency_admin"]), published)).toBe("may");
    expect(standing(member(["member"]), published)).toBe("notEditor");
    expect(standing(member(["member", "moderator"]), published)).toBe("notEditor");
  });

  it("is nobody for their own agency's guideline, a draft, or a visitor", () => {
    expect(standing(member(["editor"], "generalitat-catalunya"), published)).toBe("ownAgency");
    expect(standing(member(["editor"]), { ...published, status: "DRAFT" })).toBe("draft");
    expect(standing({ signedIn: false, member: null }, published)).toBe("signedOut");
  });
});

describe("the next review date", () => {
  it("may be from today to five years on (UTC, as the server counts)", () => {
    expect(reviewWindow(new Date("2026-12-06T23:30:00Z"))).toEqual({ min: "2026-12-06", max: "2031-12-06" });
    expect(reviewWindow(new Date("2028-02-29T08:00:00Z"))).toEqual({ min: "2028-02-29", max: "2033-03-01" });
  });
});
