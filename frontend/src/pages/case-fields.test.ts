import { describe, expect, it } from "vitest";
import { detailsInput, NO_DETAILS } from "./case-fields";
import { fileSize, linkPreview, precheck, uploadProblem, type Attachment } from "./attachments";
import { ApiError } from "../api";
import { setLanguage } from "../i18n";

(globalThis as { document?: unknown }).document ??= { documentElement: { lang: "es" } };
(globalThis as { localStorage?: unknown }).localStorage ??= { setItem: () => undefined };

describe("the case details sent to the API", () => {
  it("are the details only, even from a whole form's values", () => {
    const form = { ...NO_DETAILS, title: "T", metrics: [{ kind: { code: "x" } }], language: "", team: "Dos personas" };
    const sent = detailsInput(form);
    expect(sent).not.toHaveProperty("metrics");
    expect(sent).not.toHaveProperty("title");
    expect(sent).not.toHaveProperty("language");
    expect(sent.team).toBe("Dos personas");
  });

  it("send empty dates as nothing and a group only with group visibility", () => {
    expect(detailsInput({ ...NO_DETAILS, groupId: "G1" })).toMatchObject({ startedOn: null, endedOn: null, groupId: null });
    expect(detailsInput({ ...NO_DETAILS, visibility: "GROUP", groupId: "G1", startedOn: "2025-01-02" })).toMatchObject({ groupId: "G1", startedOn: "2025-01-02" });
  });
});

describe("attachments", () => {
  it("are refused before sending when they cannot be taken, in the interface language", async () => {
    setLanguage("es");
    expect(precheck({ size: 10, type: "image/png" }, 0)).toBeNull();
    expect(precheck({ size: 10, type: "text/plain" }, 0)).toContain("PDF");
    expect(precheck({ size: 0, type: "image/png" }, 0)).toContain("vacío");
    expect(precheck({ size: 11 * 1024 * 1024, type: "application/pdf" }, 0)).toContain("10 MB");
    expect(precheck({ size: 10, type: "image/png" }, 20)).toContain("20");
    await setLanguage("en");
    expect(precheck({ size: 0, type: "image/png" }, 0)).not.toContain("vacío");
  });

  it("explain the server's codes in words", () => {
    setLanguage("es");
    expect(uploadProblem(new ApiError("x", "FILE_TOO_LARGE", "attachments"))).toContain("10 MB");
    expect(uploadProblem(new Error("boom"))).not.toContain("boom");
  });

  it("sizes read as people write them", () => {
    setLanguage("es");
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(2.5 * 1024 * 1024)).toBe("2,5 MB");
  });

  it("previews show the uploader's own links in place of /adjuntos/<id>", () => {
    const file: Attachment = { id: "01ARZ3NDEKTSV4RRFFQ69G5FAV", name: "a.png", mediaType: "image/png", size: 1, width: 1, height: 1, isImage: true, url: "/adjuntos/01ARZ3NDEKTSV4RRFFQ69G5FAV?o=member%3A1&e=2&s=3", thumbnailUrl: null, markdown: "" };
    const html = linkPreview('<p><img src="/adjuntos/01ARZ3NDEKTSV4RRFFQ69G5FAV" alt="a"></p>', [file]);
    expect(html).toContain('src="/adjuntos/01ARZ3NDEKTSV4RRFFQ69G5FAV?o=member%3A1&amp;e=2&amp;s=3"');
  });
});
