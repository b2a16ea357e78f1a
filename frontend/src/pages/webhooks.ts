// Webhooks (`/ajustes/webhooks`), for an agency's administrators and network administrators:
// the agency's endpoints that Plaza notifies (Standard Webhooks: signed HTTPS POSTs) when content
// the agency may read is published, updated or withdrawn. Each webhook shows what it receives and
// its state; it can be edited, switched on or off, sent a test event, have its signing secret
// shown or rotated, and be deleted; its delivery log lists the latest attempts, each of which can
// be sent again. A new or rotated secret is shown once, in a box of its own, with a copy button.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { WebhooksViewerQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { language, t, type Language } from "../i18n";
import { failure, heading, loading } from "./common";
import { busy, clearErrors, errorSummary, formField, showFieldError, showRequestError } from "./fields";
import { membersOnly, problemText } from "./states";
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
  type Delivery,
  type Webhook,
  type WebhookInput,
} from "./webhooks-model";

export * from "./webhooks-model";

export const WEBHOOKS_PATH = "/ajustes/webhooks";
/** Deliveries listed per webhook. */
const DELIVERIES_SHOWN = 20;

type ViewerData = WebhooksViewerQuery;

const FIELDS = "id url description events filter enabled disabledReason consecutiveFailures createdAt secretRotatedAt";
const DELIVERY = "id messageId event payload status attempts nextAttemptAt lastStatus lastError createdAt deliveredAt";
const VIEWER = graphql(`query WebhooksViewer { viewer { signedIn member { roles } agency { name } } webhookEventTypes }`);
const LIST = graphql(`query Webhooks { webhooks { ${FIELDS} } }`);
// Webhooks are not nodes: one webhook's secret or deliveries are read from the agency's list.
const SECRET = graphql(`query WebhookSecret($id: ID!) { webhook(id: $id) { secret } }`);
const DELIVERIES = graphql(`query WebhookDeliveries($id: ID!, $first: Int!) { webhook(id: $id) { deliveries(first: $first) { ${DELIVERY} } } }`);
const CREATE = graphql(`mutation CreateWebhook($input: WebhookInput!) { createWebhook(input: $input) { webhook { ${FIELDS} } secret } }`);
const UPDATE = graphql(`mutation UpdateWebhook($id: ID!, $input: WebhookInput!) { updateWebhook(id: $id, input: $input) { ${FIELDS} } }`);
const DELETE = graphql(`mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }`);
const ROTATE = graphql(`mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { webhook { ${FIELDS} } secret } }`);
const TEST = graphql(`mutation TestWebhook($id: ID!) { testWebhook(id: $id) { ${DELIVERY} } }`);
const REDELIVER = graphql(`mutation RedeliverWebhook($delivery: ID!) { redeliverWebhook(delivery: $delivery) { ${DELIVERY} } }`);

/**
 * A disclosure around a block of code that may scroll: the block takes the keyboard focus (to
 * scroll it) only while the disclosure is open, so a closed one adds no hidden tab stop.
 */
function codeDisclosure(className: string, summary: string, code: string, label?: string): HTMLDetailsElement {
  const block = h("pre", { "aria-label": label }, h("code", {}, code));
  const details = h("details", { class: className }, h("summary", {}, summary), block);
  details.addEventListener("toggle", () => {
    if (details.open) block.setAttribute("tabindex", "0");
    else block.removeAttribute("tabindex");
  });
  return details;
}

function time(value: string): HTMLElement {
  return h("time", { datetime: value }, when(value));
}

/** An identifier unique in the page, for ids and labels. */
let serial = 0;
function uid(prefix: string): string {
  serial += 1;
  return `${prefix}-${serial}`;
}

/**
 * Asks before something that cannot be undone (or changes a secret): a modal dialog whose safe
 * choice has the focus; Escape cancels. The focus goes back to where it was.
 */
function confirmDialog(host: HTMLElement, title: string, text: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const titleId = uid("confirm-title");
    const textId = uid("confirm-text");
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": titleId, "aria-describedby": textId });
    const yes = h("button", { type: "button", onclick: () => dialog.close("confirm") }, confirmLabel);
    const no = h("button", { type: "button", class: "secondary", onclick: () => dialog.close("cancel") }, t("webhooks.cancel"));
    dialog.append(h("h2", { id: titleId }, title), h("p", { id: textId }, text), h("p", { class: "form-actions" }, yes, no));
    dialog.addEventListener("close", () => {
      const confirmed = dialog.returnValue === "confirm";
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(confirmed);
    });
    host.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/**
 * The signing secret in a highlighted box with a copy button: `once` right after it was made
 * (it will not be shown like this again), else on request. `close` hides it.
 */
function secretBox(secret: string, once: boolean, close: () => void): { element: HTMLElement; title: HTMLElement } {
  const titleId = uid("secret-title");
  const title = h("h4", { id: titleId, tabindex: "-1" }, once ? t("webhooks.secretNew") : t("webhooks.secretTitle"));
  const value = h("code", { class: "secret-value" }, secret);
  const copied = h("p", { role: "status", class: "action-status" });
  const copy = h(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(secret);
          copied.textContent = t("webhooks.copied");
        } catch {
          // No clipboard (an insecure origin, a refused permission): select it for copying by hand.
          const range = document.createRange();
          range.selectNodeContents(value);
          getSelection()?.removeAllRanges();
          getSelection()?.addRange(range);
          copied.textContent = t("webhooks.copyFailed");
        }
      },
    },
    t("webhooks.copy"),
  );
  const done = h("button", { type: "button", class: "secondary", onclick: close }, once ? t("webhooks.secretDone") : t("webhooks.hideSecret"));
  const element = h(
    "section",
    { class: "secret-box", "aria-labelledby": titleId },
    title,
    h("p", { class: "secret-warning" }, once ? t("webhooks.secretOnce") : t("webhooks.secretShown")),
    h("p", {}, value),
    h("p", { class: "form-actions" }, copy, done),
    copied,
  );
  return { element, title };
}

function facts(pairs: [string, Node | string | (Node | string)[]][]): HTMLElement {
  return h(
    "dl",
    { class: "webhook-facts" },
    pairs.flatMap(([term, detail]) => [h("dt", {}, term), h("dd", {}, ...(Array.isArray(detail) ? detail : [detail]))]),
  );
}

/** What a webhook is: its description, events, filter, state and dates. */
function summaryOf(webhook: Webhook): (HTMLElement | null)[] {
  const state = stateOf(webhook);
  const [name, ...details] = stateText(webhook);
  const rotated = webhook.secretRotatedAt !== webhook.createdAt;
  return [
    webhook.description ? h("p", { class: "webhook-description" }, webhook.description) : null,
    facts([
      [t("webhooks.events"), h("span", { class: "tags" }, webhook.events.map((code) => h("span", { class: "tag" }, eventLabel(code))))],
      [t("webhooks.filter"), webhook.filter ? h("code", {}, webhook.filter) : t("webhooks.noFilter")],
      [t("webhooks.state"), [h("span", { class: `webhook-state ${state}` }, name), details.length ? ` ${details.join(" · ")}` : ""]],
      [t("webhooks.created"), time(webhook.createdAt)],
      ...(rotated ? ([[t("webhooks.rotatedAt"), time(webhook.secretRotatedAt)]] as [string, HTMLElement][]) : []),
    ]),
  ];
}

/** Everything the page's cards share: where to ask before acting, and the form to edit in. */
interface Page {
  host: HTMLElement;
  edit: (webhook: Webhook, card: Card) => void;
  removed: (card: Card) => void;
  status: HTMLElement;
}

interface Card {
  element: HTMLElement;
  webhook: () => Webhook;
  update: (webhook: Webhook) => void;
  showSecret: (secret: string, once: boolean) => void;
  reloadDeliveries: () => void;
  say: (text: string) => void;
  editButton: HTMLButtonElement;
}

/** One delivery: what, when, how it went, what was sent, and sending it again. */
function deliveryItem(delivery: Delivery, card: () => Card, replaceWith: (next: Delivery) => void): HTMLElement {
  const label = eventLabel(delivery.event);
  const pairs: [string, Node | string | (Node | string)[]][] = [
    [t("webhooks.delivery.attempts"), String(delivery.attempts)],
  ];
  if (delivery.lastStatus !== null) pairs.push([t("webhooks.delivery.lastStatus"), String(delivery.lastStatus)]);
  if (delivery.lastError) pairs.push([t("webhooks.delivery.lastError"), errorText(delivery.lastError)]);
  if (delivery.nextAttemptAt && delivery.status === "pending") pairs.push([t("webhooks.delivery.next"), time(delivery.nextAttemptAt)]);
  if (delivery.deliveredAt) pairs.push([t("webhooks.delivery.deliveredAt"), time(delivery.deliveredAt)]);
  pairs.push([t("webhooks.delivery.messageId"), h("code", {}, delivery.messageId)]);
  const resend = h("button", { type: "button", class: "secondary" }, t("webhooks.redeliver"), h("span", { class: "visually-hidden" }, ` ${label}, ${when(delivery.createdAt)}`));
  resend.addEventListener("click", async () => {
    try {
      const data = await busy(resend, t("webhooks.working"), () => gql(REDELIVER, { delivery: delivery.id }));
      replaceWith(data.redeliverWebhook);
      card().say(t("webhooks.redelivered"));
    } catch (error) {
      card().say(problemText(error));
    }
  });
  return h(
    "li",
    { class: "delivery" },
    h(
      "h4",
      { class: "delivery-head" },
      h("span", {}, label),
      " ",
      h("span", { class: `delivery-status ${delivery.status}` }, statusLabel(delivery.status)),
      " ",
      h("span", { class: "meta" }, time(delivery.createdAt)),
    ),
    facts(pairs),
    codeDisclosure("payload", t("webhooks.delivery.payload"), prettyPayload(delivery.payload)),
    h("p", { class: "form-actions" }, resend),
  );
}

/** The delivery log, loaded when opened (and again on request or after a test event). */
function deliveriesPanel(id: string, card: () => Card): { element: HTMLDetailsElement; reload: () => void } {
  const body = h("div", { class: "deliveries-body" });
  const refresh = h("button", { type: "button", class: "secondary" }, t("webhooks.reload"));
  const panel = h("details", { class: "deliveries" }, h("summary", {}, t("webhooks.deliveries")), body, h("p", { class: "form-actions" }, refresh));
  let loaded = false;
  const load = async () => {
    loaded = true;
    body.setAttribute("aria-busy", "true");
    replace(body, loading());
    try {
      const data = await gql(DELIVERIES, { id, first: DELIVERIES_SHOWN });
      const deliveries = data.webhook.deliveries;
      if (deliveries.length === 0) {
        replace(body, h("p", { class: "empty" }, t("webhooks.deliveriesNone")));
      } else {
        const list = h("ul", { class: "delivery-list" });
        const add = (delivery: Delivery, before?: HTMLElement) => {
          const item: HTMLElement = deliveryItem(delivery, card, (next) => {
            const fresh = add(next, item);
            item.remove();
            fresh.querySelector<HTMLButtonElement>("button")?.focus();
          });
          list.insertBefore(item, before ?? null);
          return item;
        };
        for (const delivery of deliveries) add(delivery);
        replace(body, list);
      }
    } catch (error) {
      loaded = false;
      replace(body, h("p", { role: "alert", class: "error" }, problemText(error)));
    } finally {
      body.removeAttribute("aria-busy");
    }
  };
  panel.addEventListener("toggle", () => {
    if (panel.open && !loaded) void load();
  });
  refresh.addEventListener("click", () => void load());
  return {
    element: panel,
    reload: () => {
      if (panel.open) void load();
      else loaded = false;
    },
  };
}

/** A webhook: what it is, its actions, what they did, its secret when shown, its log. */
function webhookCard(initial: Webhook, page: Page): Card {
  let webhook = initial;
  const titleId = uid("webhook-title");
  const summary = h("div", { class: "webhook-summary" });
  const status = h("p", { role: "status", class: "action-status notice", tabindex: "-1" });
  const secretSlot = h("div", { class: "secret-slot", id: uid("secret-slot") });
  const button = (label: string, secondary = true) => h("button", { type: "button", class: secondary ? "secondary" : undefined }, label);
  const editButton = button(t("webhooks.edit"));
  const testButton = button(t("webhooks.test"));
  const secretButton = button(t("webhooks.showSecret"));
  secretButton.setAttribute("aria-controls", secretSlot.id);
  secretButton.setAttribute("aria-expanded", "false");
  const rotateButton = button(t("webhooks.rotate"));
  const toggleButton = button("");
  const deleteButton = h("button", { type: "button", class: "secondary danger" }, t("webhooks.delete"));
  const title = h("h3", { id: titleId, class: "webhook-url" }, webhook.url);
  const deliveries = deliveriesPanel(webhook.id, () => card);
  const element = h(
    "li",
    { class: "webhook panel", "data-webhook": webhook.id },
    title,
    summary,
    h("div", { class: "item-actions webhook-actions", role: "group", "aria-labelledby": titleId }, editButton, testButton, secretButton, rotateButton, toggleButton, deleteButton),
    status,
    secretSlot,
    deliveries.element,
  );
  const say = (text: string) => {
    // The page's own message (a webhook created, deleted) is about something else by now.
    page.status.textContent = "";
    // Emptied first, so the same message twice is announced twice.
    status.textContent = "";
    setTimeout(() => {
      status.textContent = text;
    }, 50);
  };
  const hideSecret = (focus: HTMLElement | null) => {
    secretSlot.replaceChildren();
    secretButton.setAttribute("aria-expanded", "false");
    secretButton.textContent = t("webhooks.showSecret");
    focus?.focus();
  };
  const showSecret = (secret: string, once: boolean) => {
    const box = secretBox(secret, once, () => hideSecret(secretButton));
    replace(secretSlot, box.element);
    secretButton.setAttribute("aria-expanded", "true");
    secretButton.textContent = t("webhooks.hideSecret");
    if (once) box.title.focus();
  };
  const update = (next: Webhook) => {
    webhook = next;
    title.textContent = next.url;
    replace(summary, summaryOf(next));
    toggleButton.textContent = next.enabled ? t("webhooks.disable") : t("webhooks.enable");
  };
  editButton.addEventListener("click", () => page.edit(webhook, card));
  testButton.addEventListener("click", async () => {
    try {
      await busy(testButton, t("webhooks.working"), () => gql(TEST, { id: webhook.id }));
      say(t("webhooks.testQueued"));
      deliveries.reload();
    } catch (error) {
      say(problemText(error));
    }
  });
  secretButton.addEventListener("click", async () => {
    if (secretButton.getAttribute("aria-expanded") === "true") return hideSecret(secretButton);
    try {
      const data = await busy(secretButton, t("webhooks.working"), () => gql(SECRET, { id: webhook.id }));
      const secret = data.webhook.secret;
      if (secret) showSecret(secret, false);
      else say(problemText(new ApiError("", "NOT_FOUND", undefined)));
    } catch (error) {
      say(problemText(error));
    }
  });
  rotateButton.addEventListener("click", async () => {
    if (!(await confirmDialog(page.host, t("webhooks.rotateTitle"), t("webhooks.rotateText"), t("webhooks.rotateConfirm")))) return;
    try {
      const data = await busy(rotateButton, t("webhooks.working"), () => gql(ROTATE, { id: webhook.id }));
      update(data.rotateWebhookSecret.webhook);
      say(t("webhooks.rotated"));
      showSecret(data.rotateWebhookSecret.secret, true);
    } catch (error) {
      say(problemText(error));
    }
  });
  toggleButton.addEventListener("click", async () => {
    const enabled = !webhook.enabled;
    try {
      const data = await busy(toggleButton, t("webhooks.working"), () => gql(UPDATE, { id: webhook.id, input: inputOf(webhook, { enabled }) }));
      update(data.updateWebhook);
      say(enabled ? t("webhooks.enabledStatus") : t("webhooks.disabledStatus"));
    } catch (error) {
      say(problemText(error));
    }
  });
  deleteButton.addEventListener("click", async () => {
    if (!(await confirmDialog(page.host, t("webhooks.deleteTitle"), t("webhooks.deleteText", { url: webhook.url }), t("webhooks.deleteConfirm")))) return;
    try {
      await busy(deleteButton, t("webhooks.working"), () => gql(DELETE, { id: webhook.id }));
      page.removed(card);
    } catch (error) {
      say(problemText(error));
    }
  });
  const card: Card = { element, webhook: () => webhook, update, showSecret, reloadDeliveries: deliveries.reload, say, editButton };
  update(webhook);
  return card;
}

/** The events to choose from, as checkboxes in a fieldset that takes `events` errors. */
function eventChoices(types: string[]): HTMLElement {
  const id = "webhook-events";
  return h(
    "fieldset",
    { id, class: "choices", "data-field": "events", "aria-describedby": `${id}-error` },
    h("legend", {}, t("webhooks.events")),
    types.map((code) => h("label", { class: "choice" }, h("input", { type: "checkbox", name: "events", value: code }), ` ${eventLabel(code)}`)),
    h("p", { id: `${id}-error`, class: "field-error", hidden: true }),
  );
}

/** The signatures: which headers, and verifying them with the `standardwebhooks` package. */
function verification(): HTMLElement {
  const details = codeDisclosure("verify", t("webhooks.verify"), verificationSnippet(), t("webhooks.verifyExample"));
  // The explanation before the example, the advice on answering after it.
  details.querySelector("summary")?.after(h("p", {}, t("webhooks.verifyText")));
  details.append(h("p", {}, t("webhooks.verifyAnswer")));
  return details;
}

/** A failure loading the page: what happened, and a button to try again. */
function failed(main: HTMLElement, title: HTMLElement, error: unknown): void {
  if (error instanceof ApiError && error.code === "UNAUTHENTICATED") return replace(main, title, membersOnly("signedOut.webhooks", WEBHOOKS_PATH));
  if (error instanceof ApiError && error.code === "FORBIDDEN") return replace(main, title, h("p", { role: "alert" }, t("webhooks.forbidden")));
  const again = h(
    "button",
    {
      type: "button",
      onclick: async () => {
        await webhooks(main);
        main.querySelector<HTMLElement>("h1")?.focus();
      },
    },
    t("webhooks.retry"),
  );
  replace(main, title, failure(error), h("p", {}, again));
}

export async function webhooks(main: HTMLElement): Promise<void> {
  document.title = `${t("webhooks.title")} · Plaza`;
  const title = heading(t("webhooks.title"));
  replace(main, title, loading());
  let viewer: ViewerData;
  let list: Webhook[];
  try {
    viewer = await gql(VIEWER);
    if (!viewer.viewer.signedIn) return replace(main, title, membersOnly("signedOut.webhooks", WEBHOOKS_PATH));
    if (!managesWebhooks(viewer.viewer.member?.roles)) return replace(main, title, h("p", { role: "alert" }, t("webhooks.forbidden")));
    list = (await gql(LIST)).webhooks;
  } catch (error) {
    return failed(main, title, error);
  }

  const status = h("p", { role: "status", class: "notice", tabindex: "-1" });
  const items = h("ul", { class: "webhooks" });
  const empty = h("p", { class: "empty" }, t("webhooks.empty"));
  const cards = new Map<string, Card>();
  const showEmpty = () => {
    empty.hidden = cards.size > 0;
    items.hidden = cards.size === 0;
  };

  // The form: a new webhook, or the one being edited.
  const formTitle = h("h2", { id: "webhook-form-title", tabindex: "-1" }, t("webhooks.new"));
  const summary = errorSummary();
  const url = h("input", { type: "url", name: "url", required: true, maxlength: "2000", autocomplete: "url", inputmode: "url", spellcheck: "false" });
  const description = h("input", { type: "text", name: "description", maxlength: "200" });
  const filter = h("input", { type: "text", name: "filter", maxlength: "500", placeholder: "tipo:caso plataforma:tiktok", spellcheck: "false" });
  const enabled = h("input", { type: "checkbox", name: "enabled", id: "webhook-enabled", checked: true, "data-field": "enabled", "aria-describedby": "webhook-enabled-error" });
  const submit = h("button", { type: "submit" }, t("webhooks.create"));
  const cancel = h("button", { type: "button", class: "secondary", hidden: true }, t("webhooks.cancelEdit"));
  const form = h(
    "form",
    { class: "editor webhook-form", novalidate: true, "aria-labelledby": "webhook-form-title" },
    summary,
    formField("webhook-url", "url", t("webhooks.url"), url, t("webhooks.urlHint")),
    formField("webhook-description", "description", t("webhooks.description"), description, t("webhooks.descriptionHint")),
    eventChoices(viewer.webhookEventTypes),
    formField("webhook-filter", "filter", t("webhooks.filter"), filter, t("webhooks.filterHint")),
    h("div", { class: "field check-field" }, h("label", { class: "choice" }, enabled, ` ${t("webhooks.enabled")}`), h("p", { id: "webhook-enabled-error", class: "field-error", hidden: true })),
    h("p", { class: "form-actions" }, submit, cancel),
  );
  let editing: Card | null = null;
  const stopEditing = () => {
    editing = null;
    form.reset();
    clearErrors(form, summary);
    formTitle.textContent = t("webhooks.new");
    submit.textContent = t("webhooks.create");
    cancel.hidden = true;
  };
  cancel.addEventListener("click", () => {
    const card = editing;
    stopEditing();
    card?.editButton.focus();
  });

  const page: Page = {
    host: main,
    status,
    edit: (webhook, card) => {
      editing = card;
      clearErrors(form, summary);
      url.value = webhook.url;
      description.value = webhook.description;
      filter.value = webhook.filter;
      enabled.checked = webhook.enabled;
      for (const box of form.querySelectorAll<HTMLInputElement>('input[name="events"]')) box.checked = webhook.events.includes(box.value);
      formTitle.textContent = t("webhooks.editTitle", { url: webhook.url });
      submit.textContent = t("webhooks.save");
      cancel.hidden = false;
      formTitle.focus();
    },
    removed: (card) => {
      cards.delete(card.webhook().id);
      card.element.remove();
      if (editing === card) stopEditing();
      showEmpty();
      status.textContent = t("webhooks.deleted");
      status.focus();
    },
  };
  const add = (webhook: Webhook): Card => {
    const card = webhookCard(webhook, page);
    cards.set(webhook.id, card);
    items.append(card.element);
    showEmpty();
    return card;
  };
  for (const webhook of list) add(webhook);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = readInput(new FormData(form));
    if (!input.url) return showFieldError(form, summary, "url", t("webhooks.needUrl"));
    if (input.events.length === 0) return showFieldError(form, summary, "events", t("webhooks.needEvents"));
    clearErrors(form, summary);
    const card = editing;
    try {
      if (card) {
        const data = await busy(submit, t("webhooks.saving"), () => gql(UPDATE, { id: card.webhook().id, input }));
        card.update(data.updateWebhook);
        stopEditing();
        card.editButton.focus();
        card.say(t("webhooks.saved"));
      } else {
        const data = await busy(submit, t("webhooks.saving"), () => gql(CREATE, { input }));
        stopEditing();
        const created = add(data.createWebhook.webhook);
        status.textContent = t("webhooks.createdStatus");
        created.showSecret(data.createWebhook.secret, true);
      }
    } catch (error) {
      showRequestError(form, summary, error);
    }
  });

  const agency = viewer.viewer.agency?.name;
  replace(
    main,
    title,
    h("p", { class: "lead" }, t("webhooks.intro")),
    agency ? h("p", { class: "meta" }, t("webhooks.agency", { agency })) : null,
    h(
      "p",
      { class: "help" },
      t("webhooks.docs"),
      " ",
      h("a", { href: "/graphql" }, t("webhooks.docsApi")),
      " · ",
      h("a", { href: "https://www.standardwebhooks.com/", rel: "noopener" }, t("webhooks.docsSpec")),
    ),
    h("section", { class: "webhook-list", "aria-labelledby": "webhook-list-title" }, h("h2", { id: "webhook-list-title" }, t("webhooks.list")), status, empty, items),
    h("section", { class: "webhook-form-section", "aria-labelledby": "webhook-form-title" }, formTitle, form),
    verification(),
  );
  showEmpty();
}
