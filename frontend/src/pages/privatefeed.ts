// A member's private feed of a search: the same search as the public feed, read as the member
// (network, agency and group items included) through a secret key in the URL. The key is
// loaded only when the member opens the panel; it can be created, renewed (the old URL stops
// working) or revoked.
import { gql } from "../api";
import { h, replace } from "../dom";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { problemText } from "./states";

const FEED_KEY = graphql(`query FeedKey { viewer { feedKey } }`);
const RESET = graphql(`mutation ResetFeedKey { resetFeedKey }`);
const REVOKE = graphql(`mutation RevokeFeedKey { revokeFeedKey }`);

/** The private feed URLs of a search for a key. */
export function privateFeedUrls(query: string, key: string): { atom: string; rss: string } {
  const params = `q=${encodeURIComponent(query)}&key=${encodeURIComponent(key)}`;
  return { atom: `/feed.atom?${params}`, rss: `/feed.rss?${params}` };
}

/** The panel, closed until the member opens it. */
export function privateFeed(query: string): HTMLElement {
  const status = h("p", { role: "status", class: "action-status" });
  const body = h("div", {});
  const show = (key: string | null) => {
    const buttons = key
      ? [
          h("button", { type: "button", class: "secondary", onclick: () => void change("resetFeedKey", "feed.renewed") }, t("feed.renew")),
          h("button", { type: "button", class: "secondary", onclick: () => void change("revokeFeedKey", "feed.revoked") }, t("feed.revoke")),
        ]
      : [h("button", { type: "button", onclick: () => void change("resetFeedKey", "feed.created") }, t("feed.create"))];
    const urls = key ? privateFeedUrls(query, key) : null;
    replace(
      body,
      h("p", { class: "help" }, t("feed.privateHelp")),
      urls
        ? h(
            "ul",
            { class: "private-feed-links" },
            h("li", {}, h("a", { href: urls.atom, type: "application/atom+xml" }, t("feed.atom"))),
            h("li", {}, h("a", { href: urls.rss, type: "application/rss+xml" }, t("feed.rss"))),
          )
        : h("p", {}, t("feed.none")),
      h("p", { class: "actions" }, buttons),
    );
  };
  const change = async (mutation: "resetFeedKey" | "revokeFeedKey", done: "feed.created" | "feed.renewed" | "feed.revoked") => {
    try {
      let key: string | null = null;
      if (mutation === "resetFeedKey") key = (await gql(RESET)).resetFeedKey;
      else await gql(REVOKE);
      show(key);
      status.textContent = t(done);
    } catch (error) {
      status.textContent = problemText(error);
    }
  };
  const panel = h("details", { class: "private-feed" }, h("summary", {}, t("feed.private")), body, status);
  let loaded = false;
  panel.addEventListener("toggle", async () => {
    if (!panel.open || loaded) return;
    loaded = true;
    body.textContent = t("loading");
    try {
      const data = await gql(FEED_KEY);
      show(data.viewer.feedKey);
    } catch (error) {
      loaded = false;
      body.textContent = problemText(error);
    }
  });
  return panel;
}
