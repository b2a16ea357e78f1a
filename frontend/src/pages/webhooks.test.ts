import { beforeAll, describe, expect, it } from "vitest";
import { loadLanguage } from "../i18n";
import {
  errorText,
  eventLabel,
  inputOf,
  managesWebhooks,
  prettyPayload,
  readInput,
  stateOf,
  stateText,
  statusLabel,
  verificationSnippet,
  when,
  type Webhook,
} from "./webhooks";

const webhook: Webhook = {
  id: "V2ViaG9vazox",
  url: "https://hooks.example.org/plaza",
  description: "Intranet",
  events: ["item.published", "item.withdrawn"],
  filter: "tipo:caso plataforma:tiktok",
  enabled: true,
  disabledReason: null,
  consecutiveFailures: 0,
  createdAt: "2026-03-02T09:30:00Z",
  secretRotatedAt: "2026-03-02T09:30:00Z",
};

describe("webhooks page", () => {
  // The catalogues other than Spanish load before they are spoken.
  beforeAll(() => Promise.all([loadLanguage("en"), loadLanguage("ca"), loadLanguage("pt")]));

  it("is offered to agency and network admins only", () => {
    expect(managesWebhooks(["editor", "agency_admin"])).toBe(true);
    expect(managesWebhooks(["network_admin"])).toBe(true);
    expect(managesWebhooks(["editor", "moderator"])).toBe(false);
    expect(managesWebhooks(undefined)).toBe(false);
  });

  it("puts the server's error codes into words, and shows an unknown one as it came", () => {
    expect(errorText("private_address", "es")).toContain("privada");
    expect(errorText("timeout", "en")).toContain("in time");
    expect(errorText("too_many_failures", "ca")).toContain("30");
    expect(errorText("resolve", "pt")).toContain("nome do servidor");
    expect(errorText("something_new", "es")).toBe("something_new");
    const off = { ...webhook, enabled: false, disabledReason: "too_many_failures", consecutiveFailures: 30 };
    expect(stateText(off, "es").join(" ")).toContain("30 intentos fallidos seguidos");
  });

  it("names every event type in words, in each language", () => {
    expect(eventLabel("item.published", "es")).toBe("Publicado");
    expect(eventLabel("item.updated", "es")).toBe("Actualizado");
    expect(eventLabel("item.withdrawn", "es")).toBe("Retirado");
    expect(eventLabel("guideline.version_published", "es")).toBe("Nueva versión de guía");
    expect(eventLabel("discussion.replied", "es")).toBe("Respuesta en un debate");
    expect(eventLabel("webhook.test", "es")).toBe("Evento de prueba");
    expect(eventLabel("item.published", "en")).toBe("Published");
    expect(eventLabel("discussion.replied", "ca")).toBe("Resposta en un debat");
    expect(eventLabel("guideline.version_published", "pt")).toBe("Nova versão de guia");
    // A type the server adds later still shows, as its code.
    expect(eventLabel("item.archived", "es")).toBe("item.archived");
  });

  it("says a delivery's status in words, not by colour alone", () => {
    expect(statusLabel("pending", "es")).toBe("Pendiente");
    expect(statusLabel("delivered", "es")).toBe("Entregado");
    expect(statusLabel("failed", "es")).toBe("Fallido");
    expect(statusLabel("failed", "en")).toBe("Failed");
    expect(statusLabel("queued", "es")).toBe("queued");
  });

  it("tells a webhook switched off by hand from one Plaza switched off", () => {
    expect(stateOf(webhook)).toBe("enabled");
    expect(stateOf({ enabled: false, disabledReason: null })).toBe("disabled");
    expect(stateOf({ enabled: false, disabledReason: "switched off after 30 failed attempts in a row" })).toBe("autoDisabled");
    expect(stateText(webhook, "es")).toEqual(["Activo"]);
    expect(stateText({ enabled: true, disabledReason: null, consecutiveFailures: 1 }, "es")).toEqual(["Activo", "1 fallo seguido"]);
    expect(stateText({ enabled: false, disabledReason: "too many failures", consecutiveFailures: 30 }, "es")).toEqual([
      "Desactivado automáticamente",
      "Motivo: too many failures",
      "30 fallos seguidos",
    ]);
  });

  it("switches a webhook on or off keeping everything else", () => {
    const input = inputOf(webhook, { enabled: false });
    expect(input).toEqual({
      url: "https://hooks.example.org/plaza",
      description: "Intranet",
      events: ["item.published", "item.withdrawn"],
      filter: "tipo:caso plataforma:tiktok",
      enabled: false,
    });
    input.events.push("item.updated");
    expect(webhook.events).toHaveLength(2);
  });

  it("reads the form: text trimmed, the events checked, the switch", () => {
    const values = new FormData();
    values.set("url", "  https://hooks.example.org/plaza ");
    values.set("description", " Intranet ");
    values.append("events", "item.published");
    values.append("events", "discussion.replied");
    values.set("filter", " plataforma:tiktok ");
    expect(readInput(values)).toEqual({
      url: "https://hooks.example.org/plaza",
      description: "Intranet",
      events: ["item.published", "discussion.replied"],
      filter: "plataforma:tiktok",
      enabled: false,
    });
    values.set("enabled", "on");
    expect(readInput(values).enabled).toBe(true);
  });

  it("indents JSON payloads and leaves anything else as sent", () => {
    expect(prettyPayload('{"type":"webhook.test","data":{"n":1}}')).toBe('{\n  "type": "webhook.test",\n  "data": {\n    "n": 1\n  }\n}');
    expect(prettyPayload("not json")).toBe("not json");
  });

  it("shows dates with their time", () => {
    // ICU versions differ in the space before "AM" (a narrow no-break space in newer ones).
    expect(when("2026-03-02T09:30:00Z", "en", "UTC").replace(/\s/g, " ")).toBe("Mar 2, 2026, 9:30 AM");
    expect(when("whenever", "en", "UTC")).toBe("whenever");
  });

  it("shows how to verify a message with the standardwebhooks package", () => {
    const snippet = verificationSnippet("en");
    expect(snippet).toContain('import { Webhook } from "standardwebhooks";');
    expect(snippet).toContain("const wh = new Webhook(secret);");
    expect(snippet).toContain("const event = wh.verify(rawBody, headers); // throws if the signature, id or timestamp are wrong");
    expect(verificationSnippet("es")).toContain("// lanza un error si la firma, el id o la hora no son válidos");
  });
});
