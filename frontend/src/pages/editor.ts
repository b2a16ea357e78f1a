// Writing a case study: a form whose every validation error, as the server reports it
// (`extensions.field`, e.g. `input.metrics.0.unit`), is shown in place beside its field, with
// a summary that links to it; the first invalid field takes the focus.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import { labelLanguage, t } from "../i18n";
import { navigate } from "../router";
import { failure, itemPath, loading } from "./common";

interface Taxon {
  code: string;
  label: string;
}

interface EditorData {
  viewer: { signedIn: boolean };
  taxonomies: {
    objectives: Taxon[];
    platforms: Taxon[];
    evidenceLevels: Taxon[];
    metricKinds: { kind: Taxon; units: Taxon[] }[];
  };
}

const DATA = `query Editor($lang: LabelLanguageValue) { viewer { signedIn } taxonomies {
  objectives { code label(language: $lang) } platforms { code label(language: $lang) }
  evidenceLevels { code label(language: $lang) }
  metricKinds { kind { code label(language: $lang) } units { code label } } } }`;

const CREATE = `mutation Create($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }`;

function field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const error = h("p", { id: `${name}-error`, class: "field-error", hidden: true });
  control.setAttribute("data-field", name);
  control.id = control.id || `f-${name.replace(/\./g, "-")}`;
  const describedBy = [hint ? `${control.id}-hint` : "", `${name}-error`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", describedBy);
  return h(
    "div",
    { class: "field" },
    h("label", { for: control.id }, label),
    hint ? h("p", { id: `${control.id}-hint`, class: "help" }, hint) : null,
    control,
    error,
  );
}

function choices(name: string, legend: string, options: Taxon[], type: "checkbox" | "radio"): HTMLElement {
  const group = h(
    "fieldset",
    { class: "choices", "data-field": name, "aria-describedby": `${name}-error` },
    h("legend", {}, legend),
    options.map((option) =>
      h("label", { class: "choice" }, h("input", { type, name, value: option.code }), ` ${option.label}`),
    ),
    h("p", { id: `${name}-error`, class: "field-error", hidden: true }),
  );
  return group;
}

function select(options: Taxon[], name: string): HTMLSelectElement {
  return h("select", { name }, h("option", { value: "" }, "—"), options.map((o) => h("option", { value: o.code }, o.label)));
}

/** Shows the server's validation error beside its field and in the summary. */
export function showError(form: HTMLFormElement, summary: HTMLElement, error: ApiError): void {
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const message of form.querySelectorAll<HTMLElement>(".field-error")) {
    message.hidden = true;
    message.textContent = "";
  }
  const path = (error.field ?? "").replace(/^input\./, "");
  const text = error.message.replace(/^input\.[\w.]+: /, "");
  let target = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
  // `metrics.0.periodEnd` and the like: the closest field that exists.
  for (let trimmed = path; !target && trimmed.includes("."); ) {
    trimmed = trimmed.slice(0, trimmed.lastIndexOf("."));
    target = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(trimmed)}"]`);
  }
  const message = target ? form.querySelector<HTMLElement>(`[id="${CSS.escape(target.getAttribute("data-field") ?? "")}-error"]`) : null;
  if (target && message) {
    target.setAttribute("aria-invalid", "true");
    message.textContent = text;
    message.hidden = false;
  }
  replace(
    summary,
    h("h2", {}, t("editor.errors")),
    h("p", {}, target ? h("a", { href: `#${target.id}` }, text) : text),
  );
  summary.hidden = false;
  (target?.matches("fieldset") ? target.querySelector("input") : target)?.focus();
}

export async function editor(main: HTMLElement): Promise<void> {
  const heading = h("h1", { tabindex: "-1" }, t("editor.title"));
  replace(main, heading, loading());
  let data: EditorData;
  try {
    data = await gql<EditorData>(DATA, { lang: labelLanguage() });
  } catch (error) {
    replace(main, heading, failure(error));
    return;
  }
  if (!data.viewer.signedIn) {
    replace(main, heading, h("p", {}, h("a", { href: `/entrar?volver=${encodeURIComponent("/casos/nuevo")}` }, t("login"))));
    return;
  }
  const kinds = data.taxonomies.metricKinds.map((k) => k.kind);
  const units = [...new Map(data.taxonomies.metricKinds.flatMap((k) => k.units).map((u) => [u.code, u])).values()];
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const visibility = choices(
    "visibility",
    t("editor.visibility"),
    [
      { code: "NETWORK", label: t("editor.visibility.network") },
      { code: "PUBLIC", label: t("editor.visibility.public") },
      { code: "AGENCY", label: t("editor.visibility.agency") },
    ],
    "radio",
  );
  visibility.querySelector<HTMLInputElement>('input[value="NETWORK"]')!.checked = true;
  const form = h(
    "form",
    { class: "editor", novalidate: true },
    summary,
    field("title", t("editor.caseTitle"), h("input", { name: "title", type: "text", maxlength: "200" })),
    field("summary", t("case.summary"), h("textarea", { name: "summary", rows: "3" })),
    choices("objectives", t("case.objectives"), data.taxonomies.objectives, "checkbox"),
    choices("platforms", t("case.platforms"), data.taxonomies.platforms, "checkbox"),
    field("context", t("case.context"), h("textarea", { name: "context", rows: "5" }), t("editor.markdown")),
    field("actions", t("case.actions"), h("textarea", { name: "actions", rows: "5" }), t("editor.markdown")),
    h(
      "fieldset",
      { class: "metric" },
      h("legend", {}, t("editor.metric")),
      field("metrics.0.metric", t("metric.name"), h("input", { name: "metric", type: "text" })),
      field("metrics.0.kind", t("editor.kind"), select(kinds, "kind")),
      field("metrics.0.unit", t("editor.unit"), select(units, "unit")),
      field("metrics.0.baseline", t("metric.baseline"), h("input", { name: "baseline", type: "number", step: "any" })),
      field("metrics.0.actual", t("metric.actual"), h("input", { name: "actual", type: "number", step: "any" })),
      field("metrics.0.periodStart", t("editor.periodStart"), h("input", { name: "periodStart", type: "date" })),
      field("metrics.0.periodEnd", t("editor.periodEnd"), h("input", { name: "periodEnd", type: "date" })),
      field("metrics.0.evidenceLevel", t("metric.evidence"), select(data.taxonomies.evidenceLevels, "evidenceLevel")),
    ),
    field("lessons", t("case.lessons"), h("textarea", { name: "lessons", rows: "4" }), t("editor.markdown")),
    visibility,
    h("button", { type: "submit" }, t("editor.save")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "");
    const number = (name: string) => (text(name) === "" ? null : Number(text(name)));
    const metricGiven = text("metric") !== "";
    const input = {
      title: text("title"),
      summary: text("summary"),
      context: text("context"),
      actions: text("actions"),
      lessons: text("lessons"),
      objectives: values.getAll("objectives").map(String),
      platforms: values.getAll("platforms").map(String),
      visibility: text("visibility") || "NETWORK",
      metrics: metricGiven
        ? [
            {
              metric: text("metric"),
              kind: text("kind") || null,
              unit: text("unit"),
              baseline: number("baseline"),
              actual: number("actual"),
              periodStart: text("periodStart") || null,
              periodEnd: text("periodEnd") || null,
              evidenceLevel: text("evidenceLevel"),
            },
          ]
        : [],
    };
    try {
      const created = await gql<{ createCaseStudy: { caseStudy: { id: string } } }>(CREATE, { input });
      navigate(itemPath("CaseStudy", created.createCaseStudy.caseStudy.id));
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  replace(main, heading, h("p", {}, t("editor.intro")), form);
}
