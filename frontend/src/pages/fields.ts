// Form fields for the adoption, fork, replication, review, suspension, profile and legal forms,
// whose ids carry a prefix of their own (a guideline page also holds the comment form, with its
// own `body` and `title`; a profile page the suspension form and the profile form): the server's
// validation error (`extensions.field`, e.g. `input.changelog`) or the form's own check shows
// beside its field and in the form's summary, and the field takes the focus.
import { ApiError } from "../api";
import { h, replace } from "../dom";
import { t } from "../i18n";
import { problem } from "./states";

/**
 * A labelled control whose errors come as `field` (`title`, `reviewBy`: the server's path
 * without `input.`); `id` is unique in the page.
 */
export function formField(id: string, field: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  control.setAttribute("data-field", field);
  control.setAttribute("aria-describedby", [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" "));
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { id: `${id}-hint`, class: "help" }, hint) : null,
    control,
    h("p", { id: `${id}-error`, class: "field-error", hidden: true }),
  );
}

/** One option of a group of checkboxes or radio buttons; `hint` explains it (read with it). */
export interface Choice {
  code: string;
  label: string;
  hint?: string;
}

/**
 * Checkboxes or radio buttons named `id` in a fieldset that takes errors as `field` (the
 * fieldset is `id`, its error `<id>-error`); options with a hint are stacked, each hint
 * describing its option.
 */
export function choiceGroup(type: "checkbox" | "radio", id: string, field: string, legend: string, options: Choice[], checked: readonly string[]): HTMLElement {
  const described = options.some((option) => option.hint);
  return h(
    "fieldset",
    { id, class: described ? "choices stacked" : "choices", "data-field": field, "aria-describedby": `${id}-error` },
    h("legend", {}, legend),
    options.map((option, index) => {
      const hint = option.hint ? `${id}-${index}-hint` : undefined;
      const label = h("label", { class: "choice" }, h("input", { type, name: id, value: option.code, checked: checked.includes(option.code), "aria-describedby": hint }), ` ${option.label}`);
      return hint ? h("div", { class: "choice-described" }, label, h("p", { id: hint, class: "help" }, option.hint)) : label;
    }),
    h("p", { id: `${id}-error`, class: "field-error", hidden: true }),
  );
}

/** Radio buttons in a fieldset that takes errors as `field`. */
export function radios(id: string, field: string, legend: string, options: Choice[], checked: string): HTMLElement {
  return choiceGroup("radio", id, field, legend, options, [checked]);
}

/** The values checked in a group made by [`choiceGroup`]. */
export function checkedValues(group: HTMLElement): string[] {
  return [...group.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => input.value);
}

/** The error summary a form starts with (hidden until something goes wrong). */
export function errorSummary(): HTMLElement {
  return h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
}

/** Clears every error the form shows. */
export function clearErrors(form: HTMLElement, summary: HTMLElement): void {
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const message of form.querySelectorAll<HTMLElement>(".field-error")) {
    message.hidden = true;
    message.textContent = "";
  }
  summary.hidden = true;
  summary.replaceChildren();
}

/** What to tell the reader about `error`: the server's own words for a field, else what to do. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return problem(error).text;
  const prefix = error.field ? `${error.field}: ` : "";
  const own = prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return error.field || ["BAD_USER_INPUT", "CONFLICT"].includes(error.code ?? "") ? own : problem(error).text;
}

/**
 * Shows `text` beside the field that takes `field` errors (the closest one for a nested path;
 * none: in the summary only), in the summary with a link to it, and focuses the field.
 */
export function showFieldError(form: HTMLElement, summary: HTMLElement, field: string | undefined, text: string, extra: (Node | string)[] = []): void {
  clearErrors(form, summary);
  let path = (field ?? "").replace(/^input\./, "");
  let target = path ? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`) : null;
  while (!target && path.includes(".")) {
    path = path.slice(0, path.lastIndexOf("."));
    target = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
  }
  // Its error slot: `<id>-error` (formField), else `<field>-error` (markdownField, editor.ts).
  const message = target
    ? (form.querySelector<HTMLElement>(`[id="${CSS.escape(target.id)}-error"]`) ?? form.querySelector<HTMLElement>(`[id="${CSS.escape(path)}-error"]`))
    : null;
  if (target && message) {
    target.setAttribute("aria-invalid", "true");
    message.textContent = text;
    message.hidden = false;
  }
  replace(summary, h("h2", {}, t("editor.errors")), h("p", {}, target ? h("a", { href: `#${target.id}` }, text) : text), extra.length ? h("p", {}, extra) : null);
  summary.hidden = false;
  if (target) (target.matches("fieldset") ? target.querySelector("input") : target)?.focus();
  else summary.focus();
}

/** Shows a failed request's error: beside its field when the server named one. */
export function showRequestError(form: HTMLElement, summary: HTMLElement, error: unknown, extra: (Node | string)[] = []): void {
  showFieldError(form, summary, error instanceof ApiError ? error.field : undefined, errorText(error), extra);
}

/** Disables a submit button while `work` runs, saying so; gives it back afterwards. */
export async function busy<T>(button: HTMLButtonElement, label: string, work: () => Promise<T>): Promise<T> {
  const idle = button.textContent ?? "";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = idle;
  }
}
