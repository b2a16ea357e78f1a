// The webhooks page's data and its pure helpers (labels, states, inputs, formats), apart from
// the page's DOM so they are unit-tested alone.
import { language, t, type Language } from "../i18n";
import type { WebhookDeliveriesQuery, WebhooksQuery } from "../generated/operations";
import type { WebhookInput } from "../generated/schema";
import { es, type Key } from "../locales/es";

/** A webhook as the page asks for it (see `FIELDS` in webhooks.ts). */
export type Webhook = WebhooksQuery["webhooks"][number];

/** A delivery, every field of it (see `DELIVERY` in webhooks.ts). */
export type Delivery = NonNullable<WebhookDeliveriesQuery["webhook"]>["deliveries"][number];

/** What `createWebhook` and `updateWebhook` take. */
export type { WebhookInput };

/** A code in words from the `prefix.code` catalogue entries; an unknown code as it came. */
function labelOr(prefix: string, code: string, lang: Language): string {
  const key = `${prefix}.${code}`;
  return key in es ? t(key as Key, {}, lang) : code;
}

/** Whether the viewer's roles open the webhooks page (the server checks again). */
export function managesWebhooks(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((role) => role === "agency_admin" || role === "network_admin");
}

/** An event type (`item.published`) in words; an unknown one as its code. */
export function eventLabel(code: string, lang: Language = language()): string {
  return labelOr("webhooks.event", code, lang);
}

/** A delivery's status (`pending`, `delivered`, `failed`) in words; an unknown one as its code. */
export function statusLabel(status: string, lang: Language = language()): string {
  return labelOr("webhooks.status", status, lang);
}

export type WebhookState = "enabled" | "disabled" | "autoDisabled";

/** On, switched off by its administrators, or switched off by Plaza after failing too often. */
export function stateOf(webhook: Pick<Webhook, "enabled" | "disabledReason">): WebhookState {
  if (webhook.enabled) return "enabled";
  return webhook.disabledReason ? "autoDisabled" : "disabled";
}

/** A delivery error or switch-off code in words (an unknown code is shown as it came). */
export function errorText(code: string, lang: Language = language()): string {
  return labelOr("webhooks.error", code, lang);
}

/** The state in words: its name, then why and how many failures in a row, when that matters. */
export function stateText(webhook: Pick<Webhook, "enabled" | "disabledReason" | "consecutiveFailures">, lang: Language = language()): string[] {
  const state = stateOf(webhook);
  const parts = [t(`webhooks.state.${state}`, {}, lang)];
  if (state === "autoDisabled" && webhook.disabledReason) parts.push(t("webhooks.reason", { reason: errorText(webhook.disabledReason, lang) }, lang));
  if (webhook.consecutiveFailures > 0) parts.push(t("webhooks.failures", { count: webhook.consecutiveFailures }, lang));
  return parts;
}

/** A webhook as the input that keeps it as it is, with `changes` applied (switching it on or off). */
export function inputOf(webhook: Webhook, changes: Partial<WebhookInput> = {}): WebhookInput {
  return {
    url: webhook.url,
    description: webhook.description,
    events: [...webhook.events],
    filter: webhook.filter,
    enabled: webhook.enabled,
    ...changes,
  };
}

/** The form's values as the input to send (text trimmed; checked events; the switch). */
export function readInput(values: FormData): WebhookInput {
  const text = (name: string) => String(values.get(name) ?? "").trim();
  return {
    url: text("url"),
    description: text("description"),
    events: values.getAll("events").map(String),
    filter: text("filter"),
    enabled: values.has("enabled"),
  };
}

/** A payload as sent, indented for reading when it is JSON. */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** A date-time from the API as a short local date and time. */
export function when(value: string, lang = document.documentElement.lang || "es", timeZone?: string): string {
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }).format(parsed);
}

/** Verifying a message in JavaScript with the `standardwebhooks` package, commented in `lang`. */
export function verificationSnippet(lang: Language = language()): string {
  return [
    'import { Webhook } from "standardwebhooks";',
    "",
    `const wh = new Webhook(secret); // whsec_…`,
    `// ${t("webhooks.snippetBody", {}, lang)}`,
    `const event = wh.verify(rawBody, headers); // ${t("webhooks.snippetThrows", {}, lang)}`,
  ].join("\n");
}
