// Rating a platform on behalf of one's agency (its editors and admins): a score from 1 to 5 with
// its evidence for each public-value dimension the agency can speak to (at least one), the day
// it refers to, who may read it and, optionally, the agency's case studies behind it. Every error,
// the form's own or the server's (`input.scores.1.justification`), shows beside its field with a
// summary that links to it, as in the other editors; once saved, the page shows the new rating.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { RateMutation } from "../generated/operations";
import { graphql } from "../graphql";
import { t } from "../i18n";
import type { Key } from "../locales/es";
import { choices, field, showError } from "./editor";
import { calendarDay, formField, ratingInput, today, type RatePlatformInput, type Taxon } from "./scorecard";

export type Saved = RateMutation["ratePlatform"]["rating"];

export interface RatingFormOptions {
  platform: Taxon;
  agency: { slug: string; name: string };
  dimensions: Taxon[];
  /** The rating just saved from this page, if any: the form then starts with the success note. */
  saved: Saved | null;
  /** Whether the saved rating is in the list on the page (the filters may leave it out). */
  savedListed: boolean;
  onSaved: (rating: Saved) => void | Promise<void>;
}

const RATE = graphql(`mutation Rate($input: RatePlatformInput!) { ratePlatform(input: $input) { rating { id ratedOn } } }`);
const OWN_CASES = graphql(`query OwnCases($filter: ContentFilterInput) { caseStudies(filter: $filter, first: 20) { edges { node { id title } } } }`);

/** A dimension's score (1..5, or not rated) and its evidence. */
function dimensionEntry(dimension: Taxon): HTMLElement {
  const name = `scores.${dimension.code}.score`;
  const scores: Taxon[] = [
    { code: "", label: t("platforms.form.notRated") },
    ...[1, 2, 3, 4, 5].map((score) => ({ code: String(score), label: `${score} · ${t(`platforms.score.${score}` as Key)}` })),
  ];
  const evidence = h("textarea", { name: `scores.${dimension.code}.justification`, rows: 3, maxlength: 2000 });
  return h(
    "fieldset",
    { class: "dimension-entry" },
    h("legend", {}, dimension.label),
    h(
      "fieldset",
      { class: "choices score-choices", "data-field": name, "aria-describedby": `${name}-error` },
      h("legend", {}, t("platforms.form.score")),
      scores.map((option) => h("label", { class: "choice" }, h("input", { type: "radio", name, value: option.code, checked: option.code === "" }), ` ${option.label}`)),
      h("p", { id: `${name}-error`, class: "field-error", hidden: true }),
    ),
    field(`scores.${dimension.code}.justification`, t("platforms.form.evidence"), evidence, t("platforms.form.evidenceHint")),
  );
}

/** The agency's own published case studies on the platform, to link as evidence (optional). */
async function ownCases(slot: HTMLElement, platform: string, agency: string): Promise<void> {
  const data = await gql(OWN_CASES, { filter: { platform, agency } }).catch(() => null);
  const cases = data?.caseStudies.edges.map(({ node }) => ({ code: node.id, label: node.title })) ?? [];
  if (cases.length === 0) return;
  const set = choices("caseStudyIds", t("platforms.form.cases"), cases, "checkbox");
  set.classList.add("case-choices");
  replace(slot, set);
}

/** The note shown once a rating is saved, and the way to rate again. */
function savedNote(options: RatingFormOptions, form: HTMLFormElement): HTMLElement {
  const saved = options.saved!;
  const again = h("button", { type: "button", class: "secondary" }, t("platforms.form.again"));
  const note = h(
    "div",
    { id: "rating-saved", class: "success-note", role: "status", tabindex: "-1" },
    h("h3", {}, t("platforms.form.saved")),
    h("p", {}, t("platforms.form.savedText", { platform: options.platform.label, date: calendarDay(saved.ratedOn, document.documentElement.lang || "es") })),
    options.savedListed ? h("p", {}, h("a", { href: `#rating-${saved.id}` }, t("platforms.form.see"))) : h("p", { class: "help" }, t("platforms.form.savedHidden")),
    h("p", {}, again),
  );
  again.addEventListener("click", () => {
    form.hidden = false;
    again.closest("p")?.remove();
    form.querySelector<HTMLInputElement>("input")?.focus();
  });
  return note;
}

/** The form to rate `platform` for the viewer's agency. */
export function ratingForm(options: RatingFormOptions): HTMLElement {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const now = today();
  const date = h("input", { name: "ratedOn", type: "date", max: now });
  date.value = now;
  const visibility = choices(
    "visibility",
    t("editor.visibility"),
    [
      { code: "NETWORK", label: t("editor.visibility.network") },
      { code: "PUBLIC", label: t("editor.visibility.public") },
      { code: "AGENCY", label: t("editor.visibility.agency") },
    ],
    "radio",
    ["NETWORK"],
  );
  const cases = h("div", { class: "case-slot" });
  const status = h("p", { class: "action-status", role: "status" });
  const submit = h("button", { type: "submit" }, t("platforms.form.submit"));
  const form = h(
    "form",
    { id: "rate-platform", class: "editor rate-form", novalidate: true },
    summary,
    h("p", { class: "help" }, t("platforms.form.intro", { agency: options.agency.name })),
    h(
      "fieldset",
      { class: "score-set", "data-field": "scores", "aria-describedby": "scores-error" },
      h("legend", {}, t("platforms.form.scores")),
      h("p", { id: "scores-error", class: "field-error", hidden: true }),
      options.dimensions.map(dimensionEntry),
    ),
    field("ratedOn", t("platforms.form.date"), date, t("platforms.form.dateHint")),
    visibility,
    cases,
    h("div", { class: "form-actions" }, submit, status),
  );
  void ownCases(cases, options.platform.code, options.agency.slug);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const drafted = ratingInput(
      {
        platform: options.platform.code,
        ratedOn: String(values.get("ratedOn") ?? ""),
        visibility: String(values.get("visibility") ?? "NETWORK"),
        entries: options.dimensions.map((d) => ({
          dimension: d.code,
          score: String(values.get(`scores.${d.code}.score`) ?? ""),
          justification: String(values.get(`scores.${d.code}.justification`) ?? ""),
        })),
        caseStudyIds: values.getAll("caseStudyIds").map(String),
      },
      now,
    );
    if ("problem" in drafted) {
      showError(form, summary, new ApiError(t(drafted.problem.key), "BAD_USER_INPUT", `input.${drafted.problem.field}`));
      return;
    }
    const sent: RatePlatformInput = drafted.input;
    submit.disabled = true;
    status.textContent = t("platforms.form.saving");
    try {
      const result = await gql(RATE, { input: sent });
      status.textContent = "";
      await options.onSaved(result.ratePlatform.rating);
    } catch (error) {
      submit.disabled = false;
      status.textContent = "";
      const apiError = error instanceof ApiError ? error : new ApiError(String(error), undefined, undefined);
      if (apiError.field) {
        // The server numbers the scores it was sent; the form names them by dimension.
        const own = apiError.message.startsWith(`${apiError.field}: `) ? apiError.message.slice(apiError.field.length + 2) : apiError.message;
        showError(form, summary, new ApiError(own, apiError.code, `input.${formField(apiError.field, sent.scores)}`));
      } else {
        showError(form, summary, apiError);
      }
    }
  });
  if (!options.saved) return form;
  form.hidden = true;
  return h("div", {}, savedNote(options, form), form);
}
