import { describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";

(globalThis as { document?: unknown }).document ??= { documentElement: { lang: "es" } };
(globalThis as { localStorage?: unknown }).localStorage ??= { setItem: () => undefined };

describe("related items", () => {
  it("name every kind a hit can be, in every interface language", async () => {
    const { t } = await import("../i18n");
    for (const lang of ["es", "en", "ca", "pt"] as const) {
      expect(await setLanguage(lang)).toBe(lang);
      for (const kind of ["CASE_STUDY", "PRACTICE", "GUIDELINE", "DISCUSSION"]) {
        const label = t(`related.kind.${kind}` as Parameters<typeof t>[0]);
        expect(label).not.toContain("related.");
        expect(label.length).toBeGreaterThan(2);
      }
    }
  });
});
