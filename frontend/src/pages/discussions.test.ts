import { describe, expect, it } from "vitest";
import { commentTitle } from "./discussions";

describe("commentTitle", () => {
  it("takes the first words without markdown marks", () => {
    expect(commentTitle("¿Cuántas personas? **Gracias** por [el enlace](https://x.example).")).toBe("¿Cuántas personas? Gracias por el enlace.");
  });

  it("stays within 120 characters and is never empty", () => {
    expect(commentTitle("palabra".repeat(40)).length).toBeLessThanOrEqual(120);
    expect(commentTitle("***")).toBe("—");
  });
});
