// An item's review state, on case study, practice and guideline pages: the review-by date,
// current or possibly outdated, who last confirmed it is still current and when, and the
// "obsolete" mark (who, when, why) while it stands. Its editors confirm it (with the next review
// date), mark it obsolete with a reason, or lift the mark.
import { gql } from "../api";
import { h, replace } from "../dom";
import { graphql } from "../graphql";
import { language, t } from "../i18n";
import { busy, clearErrors, errorSummary, errorText, formField, showFieldError, showRequestError } from "./fields";

/** A date (`2027-06-30`) as the interface language writes it, whatever the time zone. */
export function day(value: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? value : new Intl.DateTimeFormat(language(), { dateStyle: "long", timeZone: "UTC" }).format(parsed);
}

/** Today and five years on, as the API's dates (UTC, as the server counts them). */
export function reviewWindow(now = new Date()): { min: string; max: string } {
  const min = now.toISOString().slice(0, 10);
  const later = new Date(now.getTime());
  later.setUTCFullYear(later.getUTCFullYear() + 5);
  return { min, max: later.toISOString().slice(0, 10) };
}

/** Longest reason for an obsolete mark (the server's limit). */
export const REASON_MAX = 500;

export interface ReviewMark {
  at: string;
  by: { name: string } | null;
  reason?: string | null;
}

export interface Freshness {
  reviewBy: string;
  possiblyOutdated: boolean;
  verified?: ReviewMark | null;
  obsolete?: ReviewMark | null;
}

/** The fields the review state shows, for an item's query. */
export const FRESHNESS_FIELDS = "freshness { reviewBy possiblyOutdated verified { at by { name } } obsolete { at reason by { name } } }";
const PAYLOAD = `id ${FRESHNESS_FIELDS}` as const;
const VERIFY = graphql(`mutation Verify($input: VerifyContentInput!) { verifyContent(input: $input) { ${PAYLOAD} } }`);
const OBSOLETE = graphql(`mutation MarkObsolete($input: MarkObsoleteInput!) { markObsolete(input: $input) { ${PAYLOAD} } }`);
const CLEAR = graphql(`mutation ClearObsolete($input: ClearObsoleteInput!) { clearObsolete(input: $input) { ${PAYLOAD} } }`);

/** A timestamp's calendar day, as the interface language writes it. */
function when(at: string): string {
  return day(at.slice(0, 10));
}

/** Who put a mark ("a former member" when they are gone). */
function who(mark: ReviewMark): string {
  return mark.by?.name ?? t("review.someone");
}

/** The badge: obsolete, possibly outdated, verified (just now or before), or current. */
function badge(freshness: Freshness, verifiedNow: boolean): HTMLElement {
  const [kind, label] = freshness.obsolete
    ? ["obsolete", t("review.badgeObsolete")]
    : freshness.possiblyOutdated
      ? ["outdated", t("review.badgeOutdated")]
      : verifiedNow || freshness.verified
        ? ["current", t("review.badgeVerified")]
        : ["current", t("review.badgeCurrent")];
  return h("span", { class: `state-badge ${kind}` }, label);
}

/** The lines under the heading: the state, the obsolete mark with its reason, the last confirmation. */
export function stateLines(freshness: Freshness, verifiedNow: boolean): HTMLElement[] {
  const date = day(freshness.reviewBy);
  const main = verifiedNow ? t("review.verifiedNow", { date }) : freshness.possiblyOutdated ? t("review.outdated", { date }) : t("review.current", { date });
  const lines = [h("p", { class: "review-line" }, badge(freshness, verifiedNow), " ", main)];
  const obsolete = freshness.obsolete;
  if (obsolete) {
    lines.push(h("p", { class: "review-mark obsolete-mark" }, t("review.obsoleteBy", { name: who(obsolete), date: when(obsolete.at) }), obsolete.reason ? h("q", {}, obsolete.reason) : null));
  }
  const verified = freshness.verified;
  if (verified && !verifiedNow) lines.push(h("p", { class: "review-mark" }, t("review.verifiedBy", { name: who(verified), date: when(verified.at) })));
  return lines;
}

interface Reviewed {
  id: string;
  status: string;
  viewerCanEdit: boolean;
  freshness: Freshness;
}

/** The review state, and for the item's editors the confirmation and the obsolete mark. */
export function reviewState(item: Reviewed): HTMLElement {
  const state = h("div", { class: "review-state" }, stateLines(item.freshness, false));
  const section = h(
    "section",
    { class: `panel review ${item.freshness.possiblyOutdated || item.freshness.obsolete ? "is-outdated" : ""}`, "aria-labelledby": "review-heading" },
    h("h2", { id: "review-heading" }, t("review.heading")),
    state,
  );
  if (!item.viewerCanEdit || item.status !== "PUBLISHED") return section;
  const status = h("p", { role: "status", class: "help" });
  const obsoleteSlot = h("div", {});
  /** Shows a new state after a mutation, and the obsolete controls that fit it. */
  const show = (freshness: Freshness, verifiedNow: boolean, message: string) => {
    replace(state, stateLines(freshness, verifiedNow));
    section.classList.toggle("is-outdated", freshness.possiblyOutdated || Boolean(freshness.obsolete));
    replace(obsoleteSlot, obsoleteControls(item.id, freshness, show));
    status.textContent = message;
  };
  section.append(verifyForm(item.id, show), obsoleteSlot, status);
  replace(obsoleteSlot, obsoleteControls(item.id, item.freshness, show));
  return section;
}

type Show = (freshness: Freshness, verifiedNow: boolean, message: string) => void;

/** "Still current", with an optional next review date. */
function verifyForm(id: string, show: Show): HTMLElement {
  const window = reviewWindow();
  const summary = errorSummary();
  const input = h("input", { type: "date", min: window.min, max: window.max });
  const submit = h("button", { type: "submit", class: "secondary" }, t("review.verify"));
  const form = h("form", { class: "editor verify-form", novalidate: true }, summary, formField("review-next", "reviewBy", t("review.nextDate"), input, t("review.nextHint")), submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const chosen = input.value;
    if (input.validity.badInput) return showFieldError(form, summary, "reviewBy", t("review.badDate"));
    if (chosen && chosen < window.min) return showFieldError(form, summary, "reviewBy", t("review.past"));
    if (chosen && chosen > window.max) return showFieldError(form, summary, "reviewBy", t("review.tooFar"));
    try {
      const result = await busy(submit, t("review.verifying"), () =>
        gql(VERIFY, { input: { id, ...(chosen ? { nextReviewBy: chosen } : {}) } }),
      );
      const freshness = result.verifyContent.freshness;
      show(freshness, true, t("review.done", { date: day(freshness.reviewBy) }));
    } catch (error) {
      showRequestError(form, summary, error);
    }
  });
  return form;
}

/** Marking obsolete (a reason, in a disclosure), or lifting the mark while it stands. */
function obsoleteControls(id: string, freshness: Freshness, show: Show): HTMLElement {
  if (freshness.obsolete) {
    const lift = h("button", { type: "button", class: "secondary" }, t("review.clearObsolete"));
    const error = h("p", { class: "field-error", role: "alert", hidden: true });
    lift.addEventListener("click", async () => {
      error.hidden = true;
      try {
        const result = await busy(lift, t("review.verifying"), () => gql(CLEAR, { input: { id } }));
        show(result.clearObsolete.freshness, false, t("review.cleared"));
      } catch (failure) {
        error.textContent = errorText(failure);
        error.hidden = false;
      }
    });
    return h("div", { class: "obsolete-controls" }, h("p", {}, lift), error);
  }
  const summary = errorSummary();
  const reason = h("textarea", { rows: "3", maxlength: String(REASON_MAX) });
  const submit = h("button", { type: "submit", class: "secondary danger" }, t("review.markObsolete"));
  const form = h("form", { class: "editor obsolete-form", novalidate: true }, summary, formField("review-obsolete-reason", "reason", t("review.reason"), reason, t("review.reasonHint", { max: REASON_MAX })), submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const text = reason.value.trim();
    if (!text) return showFieldError(form, summary, "reason", t("review.reasonRequired"));
    if (text.length > REASON_MAX) return showFieldError(form, summary, "reason", t("review.reasonTooLong", { max: REASON_MAX }));
    try {
      const result = await busy(submit, t("review.verifying"), () => gql(OBSOLETE, { input: { id, reason: text } }));
      show(result.markObsolete.freshness, false, t("review.markedObsolete"));
    } catch (error) {
      showRequestError(form, summary, error);
    }
  });
  return h("details", { class: "obsolete-details" }, h("summary", {}, t("review.obsoleteSummary")), form);
}
