import { describe, expect, it } from "vitest";
import { isHidden } from "./content-moderation";

describe("isHidden", () => {
  it("is true for an item its moderators withdrew, with their reason", () => {
    expect(isHidden({ status: "WITHDRAWN", hiddenReason: "Datos personales" })).toBe(true);
  });

  it("is false for a published item, a draft, or when the reason is not the viewer's to read", () => {
    // A moderator may publish a hidden item again without restoring it: the reason stays.
    expect(isHidden({ status: "PUBLISHED", hiddenReason: "Datos personales" })).toBe(false);
    expect(isHidden({ status: "DRAFT", hiddenReason: null })).toBe(false);
    expect(isHidden({ status: "WITHDRAWN", hiddenReason: null })).toBe(false);
  });
});
