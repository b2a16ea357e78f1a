// The viewer's notifications, marked read on demand (the header's badge counts them live), and
// how often they get an e-mail digest of the unread ones.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { DigestFrequencyValue } from "../generated/schema";
import { graphql } from "../graphql";
import { t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, itemPath, loading } from "./common";
import { membersOnly } from "./states";

export type Frequency = DigestFrequencyValue;
/** How often a digest may come, in the order offered. */
export const FREQUENCIES: Frequency[] = ["OFF", "DAILY", "WEEKLY"];

const FEED = graphql(`query Notifications { digestFrequency notifications { unreadCount items { id kind read createdAt actor { name } discussion { id title }
  item { __typename ... on CaseStudy { id title } ... on Practice { id title } ... on Guideline { id title } } } } }`);
const UNREAD = graphql(`query UnreadCount { notifications { unreadCount } }`);
const SET_DIGEST = graphql(`mutation SetDigestFrequency($frequency: DigestFrequencyValue!) { setDigestFrequency(frequency: $frequency) }`);
const MARK_READ = graphql(`mutation MarkNotificationsRead { markNotificationsRead { unreadCount } }`);

/** Saves how often the viewer gets the digest; answers the frequency saved. */
export async function saveDigestFrequency(frequency: Frequency): Promise<Frequency> {
  return (await gql(SET_DIGEST, { frequency })).setDigestFrequency;
}

export async function unreadCount(): Promise<number | null> {
  const data = await gql(UNREAD).catch(() => null);
  return data?.notifications.unreadCount ?? null;
}

/** The digest frequency as a labelled radio group with a save button and a status message. */
function digestForm(current: Frequency): HTMLElement {
  const status = h("p", { role: "status", class: "action-status" });
  const alert = h("div", { role: "alert" });
  const form = h(
    "form",
    { id: "digest-form", class: "editor digest-form", novalidate: true },
    h(
      "fieldset",
      { class: "choices", "data-field": "frequency" },
      h("legend", {}, t("digest.legend")),
      FREQUENCIES.map((value) => h("label", { class: "choice" }, h("input", { type: "radio", name: "frequency", value, checked: value === current }), ` ${t(`digest.${value}` as Key)}`)),
    ),
    h("button", { type: "submit" }, t("digest.save")),
    status,
    alert,
  );
  // A new choice is not saved yet: the earlier confirmation no longer applies.
  form.addEventListener("change", () => {
    status.textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const frequency = String(new FormData(form).get("frequency") ?? current) as Frequency;
    replace(alert);
    status.textContent = "";
    try {
      const saved = await saveDigestFrequency(frequency);
      status.textContent = t("digest.saved", { choice: t(`digest.${saved}` as Key).toLowerCase() });
    } catch (error) {
      replace(alert, failure(error));
    }
  });
  return h("section", { class: "panel digest", "aria-labelledby": "digest-heading" }, h("h2", { id: "digest-heading" }, t("digest")), form);
}

export async function notifications(main: HTMLElement): Promise<void> {
  const heading = h("h1", { tabindex: "-1" }, t("notifications"));
  replace(main, heading, loading());
  try {
    const data = await gql(FEED);
    const items = data.notifications.items.map((n) => {
      const target = n.discussion
        ? h("a", { href: itemPath("Discussion", n.discussion.id) }, n.discussion.title)
        : n.item && "title" in n.item
          ? h("a", { href: itemPath(n.item.__typename, n.item.id) }, n.item.title)
          : null;
      return h(
        "li",
        { class: n.read ? "notification" : "notification unread" },
        h("p", {}, h("strong", {}, t(`notification.${n.kind.toLowerCase()}` as Parameters<typeof t>[0])), " · ", n.actor?.name ?? "", n.read ? "" : ` · ${t("notifications.new")}`),
        target ? h("p", {}, target) : null,
        h("p", { class: "meta" }, new Date(n.createdAt).toLocaleString(document.documentElement.lang)),
      );
    });
    const markAll = h(
      "button",
      {
        type: "button",
        onclick: async () => {
          await gql(MARK_READ).catch(() => null);
          await notifications(main);
          document.dispatchEvent(new CustomEvent("plaza:unread"));
        },
      },
      t("notifications.markAll"),
    );
    replace(
      main,
      heading,
      // Nothing at all: the message below says so (and what will come here), not "none unread".
      items.length ? h("p", { role: "status" }, t("notifications.unread", { count: data.notifications.unreadCount })) : null,
      data.notifications.unreadCount > 0 ? markAll : null,
      items.length ? h("ul", { class: "notifications" }, items) : h("p", {}, t("notifications.none")),
      digestForm(data.digestFrequency),
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === "UNAUTHENTICATED") return replace(main, heading, membersOnly("signedOut.notifications", "/avisos"));
    replace(main, heading, failure(error));
  }
}
