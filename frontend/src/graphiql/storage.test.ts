import { describe, expect, it } from "vitest";
import { withoutHeaders } from "./storage";

describe("GraphiQL's storage", () => {
  it("drops the headers of saved history entries, at any depth", () => {
    const history = JSON.stringify({
      queries: [{ query: "{ viewer { name } }", headers: '{"Authorization": "Bearer plz_secret"}', operationName: "Yo" }],
    });
    const kept = withoutHeaders(history);
    expect(kept).not.toContain("plz_secret");
    expect(JSON.parse(kept)).toEqual({ queries: [{ query: "{ viewer { name } }", operationName: "Yo" }] });
  });

  it("keeps values that are not JSON as they are", () => {
    expect(withoutHeaders("CrearPractica")).toBe("CrearPractica");
  });
});
