import { describe, expect, it } from "vitest";
import { unitLabel } from "./case";
import { setLanguage } from "../i18n";

describe("metric units", () => {
  it("are words of the interface language, never codes", async () => {
    (globalThis as { document?: unknown }).document ??= { documentElement: { lang: "es" } };
    (globalThis as { localStorage?: unknown }).localStorage ??= { setItem: () => undefined };
    await setLanguage("es");
    expect(unitLabel("hours", "response_time")).toBe("horas");
    expect(unitLabel("percent", "reach_rate")).toBe("%");
    expect(unitLabel("count", "followers")).toBe("seguidores");
    expect(unitLabel("count", "satisfaction")).toBe("número");
    await setLanguage("ca");
    expect(unitLabel("hours", "response_time")).toBe("hores");
    expect(unitLabel("count", "phone_calls")).toBe("trucades");
    await setLanguage("pt");
    expect(unitLabel("days", "other")).toBe("dias");
    await setLanguage("en");
    expect(unitLabel("local_currency", "cost")).toBe("local currency");
    // A unit the catalogues do not know yet shows as sent.
    expect(unitLabel("parsecs", "other")).toBe("parsecs");
    await setLanguage("es");
  });
});
