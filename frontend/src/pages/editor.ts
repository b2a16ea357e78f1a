// Writing and editing a case study: a form with every field the model holds, whose every
// validation error, as the server reports it (`extensions.field`, e.g. `input.metrics.1.unit`),
// is shown in place beside its field, with a summary that links to it; the first invalid field
// takes the focus. Markdown sections have a preview rendered by the server (attached images
// included); outcome metrics can be added and removed; images and PDFs are attached with a
// progress bar; the form is kept in the browser as the author types and offered back.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { EditorQuery, ExistingQuery } from "../generated/operations";
import type { OutcomeMetricInput } from "../generated/schema";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { markdownField } from "../markdown";
import { navigate } from "../router";
import { failure, heading, itemPath, loading, type Taxon } from "./common";
import { membersOnly, notFoundBody, problem } from "./states";
import { languageName } from "./search";
import { ATTACHMENT_FIELDS, attachmentList, type Attachment } from "./attachments";
import { detailsInput, frameFields, howFields, NO_DETAILS, readDetails, shareFields, type Details, type OwnGroup } from "./case-fields";
import { draftStore, restoreNotice, saveOnChange } from "./autosave";

type EditorData = EditorQuery;

interface Metric {
  metric: string;
  kind: Taxon;
  unit: string;
  baseline: number | null;
  target: number | null;
  actual: number | null;
  periodStart: string;
  periodEnd: string;
  evidenceLevel: Taxon;
}

/** Everything the form shows: a case as loaded, a kept draft, or a blank one. */
interface Initial extends Details {
  title: string;
  summary: string;
  context: string;
  actions: string;
  lessons: string;
  objectives: string[];
  platforms: string[];
  language: string;
  metrics: Metric[];
  attachments: Attachment[];
}

/** A case study as loaded for editing. */
type Existing = Extract<NonNullable<ExistingQuery["node"]>, { __typename: "CaseStudy" }>;

const DATA = graphql(`query Editor($lang: LabelLanguageValue) { viewer { signedIn } taxonomies {
  objectives { code label(language: $lang) } platforms { code label(language: $lang) }
  threats { code label(language: $lang) } dimensions { code label(language: $lang) } stages { code label(language: $lang) }
  evidenceLevels { code label(language: $lang) }
  metricKinds { kind { code label(language: $lang) } units { code label(language: $lang) } } }
  groups { id name viewerMembership { status } } }`);

const EXISTING = graphql(`query Existing($id: ID!) { node(id: $id) { __typename ... on CaseStudy {
  id title summary context actions lessons visibility language viewerCanEdit
  objectives { code label } platforms { code label } formats team budget tools
  threats { code label } dimensions { code label } stage { code label } startedOn endedOn tags licence
  groupId
  metrics { metric kind { code label } unit baseline target actual periodStart periodEnd evidenceLevel { code label } }
  ${ATTACHMENT_FIELDS} } } }`);

const CREATE = graphql(`mutation Create($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }`);
const UPDATE = graphql(`mutation Update($input: UpdateCaseStudyInput!) { updateCaseStudy(input: $input) { caseStudy { id } } }`);

/** Most metrics the form offers (the server has its own limit). */
const METRICS_MAX = 20;

export function field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
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

export function choices(name: string, legend: string, options: Taxon[], type: "checkbox" | "radio", checked: string[] = []): HTMLElement {
  return h(
    "fieldset",
    { class: "choices", "data-field": name, "aria-describedby": `${name}-error` },
    h("legend", {}, legend),
    options.map((option) =>
      h("label", { class: "choice" }, h("input", { type, name, value: option.code, checked: checked.includes(option.code) }), ` ${option.label}`),
    ),
    h("p", { id: `${name}-error`, class: "field-error", hidden: true }),
  );
}

function select(options: Taxon[], name: string, selected = ""): HTMLSelectElement {
  return h("select", { name }, h("option", { value: "" }, "—"), options.map((o) => h("option", { value: o.code, selected: o.code === selected }, o.label)));
}

function input(name: string, type: string, value: string | number | null | undefined): HTMLInputElement {
  const element = h("input", { name, type, step: type === "number" ? "any" : undefined });
  element.value = value === null || value === undefined ? "" : String(value);
  return element;
}

/** The languages an item can be written in (the server's list). */
const CONTENT_LANGUAGES = ["es", "ca", "gl", "eu", "pt", "en", "fr", "it"];

/** The item's language: detected by the server from the text unless the author picks one. */
export function languageField(current?: string): HTMLElement {
  const control = h(
    "select",
    { name: "language" },
    current ? null : h("option", { value: "" }, t("editor.languageAuto")),
    CONTENT_LANGUAGES.map((code) => h("option", { value: code, selected: code === current }, languageName(code))),
  );
  return field("language", t("editor.language"), control, current ? undefined : t("editor.languageHint"));
}

/** The chosen language, or nothing to let the server detect it. */
export function chosenLanguage(values: FormData): string | undefined {
  return String(values.get("language") ?? "") || undefined;
}

/** Shows the server's validation error beside its field and in the summary. */
export function showError(form: HTMLFormElement, summary: HTMLElement, error: ApiError): void {
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const message of form.querySelectorAll<HTMLElement>(".field-error")) {
    message.hidden = true;
    message.textContent = "";
  }
  const path = (error.field ?? "").replace(/^input\./, "");
  // The message without its field path ("input.title: …", "email: …").
  const prefix = error.field ? `${error.field}: ` : "";
  const own = (prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message).replace(/^input\.[\w.]+: /, "");
  // Not about the form (no connection, signed out, not allowed…): what happened and what to do.
  const text = error.field || error.code === undefined || ["BAD_USER_INPUT", "CONFLICT"].includes(error.code) ? own : problem(error).text;
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
  replace(summary, h("h2", {}, t("editor.errors")), h("p", {}, target ? h("a", { href: `#${target.id}` }, text) : text));
  summary.hidden = false;
  (target?.matches("fieldset") ? target.querySelector("input") : target)?.focus();
}

/** The form's starting values for a case as loaded. */
function initialOf(existing: Existing): Initial {
  const codes = (taxa: Taxon[]) => taxa.map((x) => x.code);
  return {
    title: existing.title,
    summary: existing.summary,
    context: existing.context,
    actions: existing.actions,
    lessons: existing.lessons,
    objectives: codes(existing.objectives),
    platforms: codes(existing.platforms),
    language: existing.language,
    metrics: existing.metrics,
    attachments: existing.attachments,
    formats: existing.formats,
    team: existing.team,
    budget: existing.budget,
    tools: existing.tools,
    threats: codes(existing.threats),
    dimensions: codes(existing.dimensions),
    stage: existing.stage.code,
    startedOn: existing.startedOn ?? "",
    endedOn: existing.endedOn ?? "",
    tags: existing.tags,
    licence: existing.licence,
    visibility: existing.visibility,
    groupId: existing.groupId ?? "",
  };
}

const BLANK: Initial = { ...NO_DETAILS, title: "", summary: "", context: "", actions: "", lessons: "", objectives: [], platforms: [], language: "", metrics: [], attachments: [] };

/** The case study editor: a new draft at `/casos/nuevo`, or an existing case at `/casos/:id/editar`. */
export async function editor(main: HTMLElement, id?: string): Promise<void> {
  const title = heading(id ? t("editor.editTitle") : t("editor.title"));
  replace(main, title, loading());
  let data: EditorData;
  let existing: Existing | null = null;
  try {
    data = await gql(DATA, { lang: labelLanguage() });
    if (id && data.viewer.signedIn) {
      const found = (await gql(EXISTING, { id })).node;
      if (!found || found.__typename !== "CaseStudy" || !found.viewerCanEdit) {
        replace(main, heading(t("notFound")), notFoundBody(true));
        return;
      }
      existing = found;
    }
  } catch (error) {
    replace(main, title, failure(error));
    return;
  }
  if (!data.viewer.signedIn) {
    replace(main, title, membersOnly("signedOut.write", location.pathname));
    return;
  }
  const drafts = draftStore<Initial>(existing ? `case:${existing.id}` : "case:new");
  const start = existing ? initialOf(existing) : BLANK;
  const show = (initial: Initial, notice: HTMLElement | null) => {
    const form = buildForm(data, existing, initial, drafts);
    replace(main, title, h("p", {}, existing ? t("editor.editIntro") : t("editor.intro")), notice, form);
  };
  const kept = drafts.load();
  const notice = kept
    ? restoreNotice(
        kept.savedAt,
        () => {
          show({ ...start, ...kept.data }, null);
          main.querySelector<HTMLElement>("[name=title]")?.focus();
        },
        () => drafts.clear(),
      )
    : null;
  show(start, notice);
}

function buildForm(data: EditorData, existing: Existing | null, initial: Initial, drafts: ReturnType<typeof draftStore<Initial>>): HTMLFormElement {
  const kinds = data.taxonomies.metricKinds.map((k) => k.kind);
  const units = [...new Map(data.taxonomies.metricKinds.flatMap((k) => k.units).map((u) => [u.code, u])).values()];
  const groups: OwnGroup[] = data.groups.filter((g) => g.viewerMembership?.status === "active").map((g) => ({ id: g.id, name: g.name }));
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const metricsList = h("div", { class: "metrics" });
  const addButton = h("button", { type: "button", class: "secondary" }, t("editor.addMetric"));
  /** Renumbers the metric fieldsets so their names and fields follow their order. */
  const renumber = () => {
    const sets = [...metricsList.querySelectorAll<HTMLFieldSetElement>("fieldset.metric")];
    sets.forEach((set, index) => {
      set.querySelector("legend")!.textContent = t("editor.metricNumber", { number: index + 1 });
      for (const control of set.querySelectorAll<HTMLElement>("[data-name]")) {
        const name = `metrics.${index}.${control.getAttribute("data-name")}`;
        const old = control.getAttribute("data-field");
        control.setAttribute("data-field", name);
        control.setAttribute("name", name);
        control.id = `f-${name.replace(/\./g, "-")}`;
        const label = set.querySelector<HTMLLabelElement>(`label[data-for="${control.getAttribute("data-name")}"]`);
        if (label) label.htmlFor = control.id;
        const error = set.querySelector<HTMLElement>(`[id="${CSS.escape(`${old}-error`)}"]`);
        if (error) error.id = `${name}-error`;
        control.setAttribute("aria-describedby", `${name}-error`);
      }
    });
    addButton.hidden = sets.length >= METRICS_MAX;
  };
  const metricSet = (metric?: Metric): HTMLFieldSetElement => {
    const part = (name: string, label: string, control: HTMLElement) => {
      control.setAttribute("data-name", name);
      return h("div", { class: "field" }, h("label", { "data-for": name }, label), control, h("p", { class: "field-error", hidden: true, id: `pending-${name}-error` }));
    };
    const set = h(
      "fieldset",
      { class: "metric" },
      h("legend", {}),
      part("metric", t("metric.name"), input("metric", "text", metric?.metric)),
      part("kind", t("editor.kind"), select(kinds, "kind", metric?.kind.code)),
      part("unit", t("editor.unit"), select(units, "unit", metric?.unit)),
      part("baseline", t("metric.baseline"), input("baseline", "number", metric?.baseline)),
      part("target", t("metric.target"), input("target", "number", metric?.target)),
      part("actual", t("metric.actual"), input("actual", "number", metric?.actual)),
      part("periodStart", t("editor.periodStart"), input("periodStart", "date", metric?.periodStart)),
      part("periodEnd", t("editor.periodEnd"), input("periodEnd", "date", metric?.periodEnd)),
      part("evidenceLevel", t("metric.evidence"), select(data.taxonomies.evidenceLevels, "evidenceLevel", metric?.evidenceLevel.code)),
    );
    // Error slots start with a placeholder id that renumbering turns into `metrics.N.x-error`.
    for (const control of set.querySelectorAll<HTMLElement>("[data-name]")) control.setAttribute("data-field", `pending-${control.getAttribute("data-name")}`);
    set.append(
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () => {
            set.remove();
            renumber();
            addButton.focus();
            keep();
          },
        },
        t("editor.removeMetric"),
      ),
    );
    return set;
  };
  for (const metric of initial.metrics) metricsList.append(metricSet(metric));
  addButton.addEventListener("click", () => {
    const set = metricSet();
    metricsList.append(set);
    renumber();
    set.querySelector("input")?.focus();
  });
  renumber();
  const context = markdownField("context", t("case.context"), { value: initial.context, attachments: () => files.files() });
  const actions = markdownField("actions", t("case.actions"), { value: initial.actions, attachments: () => files.files() });
  const lessons = markdownField("lessons", t("case.lessons"), { value: initial.lessons, rows: 4, attachments: () => files.files() });
  /** The text area an image goes into: the last one the author was in, else "what was done". */
  let lastText = actions.textarea;
  for (const area of [context.textarea, actions.textarea, lessons.textarea]) area.addEventListener("focus", () => (lastText = area));
  const files = attachmentList(
    initial.attachments,
    (markdown) => {
      const at = lastText.selectionStart ?? lastText.value.length;
      const before = lastText.value.slice(0, at);
      const gap = before && !before.endsWith("\n") ? "\n\n" : "";
      lastText.value = `${before}${gap}${markdown}\n\n${lastText.value.slice(at)}`;
      lastText.focus();
      keep();
    },
    () => keep(),
  );
  const titleInput = input("title", "text", initial.title);
  titleInput.maxLength = 200;
  const summaryInput = h("textarea", { name: "summary", rows: "3" });
  summaryInput.value = initial.summary;
  const form = h(
    "form",
    { class: "editor", novalidate: true },
    summary,
    field("title", t("editor.caseTitle"), titleInput),
    field("summary", t("case.summary"), summaryInput),
    choices("objectives", t("case.objectives"), data.taxonomies.objectives, "checkbox", initial.objectives),
    choices("platforms", t("case.platforms"), data.taxonomies.platforms, "checkbox", initial.platforms),
    context.element,
    actions.element,
    howFields(initial),
    h("section", { class: "metrics-section", "aria-labelledby": "metrics-heading" }, h("h2", { id: "metrics-heading" }, t("editor.metrics")), h("p", { class: "help" }, t("editor.metricsHelp")), metricsList, addButton),
    lessons.element,
    files.element,
    ...frameFields(initial, data.taxonomies),
    languageField(initial.language || undefined),
    ...shareFields(initial, groups),
    h("p", { class: "help", role: "status", id: "autosave-status" }),
    h("button", { type: "submit" }, existing ? t("editor.update") : t("editor.save")),
  );
  /** The form's values now. */
  const current = (): Initial => {
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "");
    const number = (name: string) => (text(name).trim() === "" ? null : Number(text(name)));
    const taxon = (name: string): Taxon => ({ code: text(name), label: "" });
    const metrics = [...metricsList.querySelectorAll("fieldset.metric")].map((_, i) => ({
      metric: text(`metrics.${i}.metric`),
      kind: taxon(`metrics.${i}.kind`),
      unit: text(`metrics.${i}.unit`),
      baseline: number(`metrics.${i}.baseline`),
      target: number(`metrics.${i}.target`),
      actual: number(`metrics.${i}.actual`),
      periodStart: text(`metrics.${i}.periodStart`),
      periodEnd: text(`metrics.${i}.periodEnd`),
      evidenceLevel: taxon(`metrics.${i}.evidenceLevel`),
    }));
    return {
      ...readDetails(values),
      title: text("title"),
      summary: text("summary"),
      context: text("context"),
      actions: text("actions"),
      lessons: text("lessons"),
      objectives: values.getAll("objectives").map(String),
      platforms: values.getAll("platforms").map(String),
      language: text("language"),
      metrics,
      attachments: files.files(),
    };
  };
  const status = form.querySelector<HTMLElement>("#autosave-status")!;
  // Set once the server has the case: a save still scheduled must not bring the draft back.
  let saved = false;
  const keep = saveOnChange(form, () => {
    if (saved) return;
    drafts.save(current());
    status.textContent = t("autosave.saved", { time: new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }) });
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const now = current();
    const fields = {
      title: now.title,
      summary: now.summary,
      context: now.context,
      actions: now.actions,
      lessons: now.lessons,
      objectives: now.objectives,
      platforms: now.platforms,
      language: chosenLanguage(new FormData(form)),
      // A period left blank goes as null (the schema's `Date!` says no): the server's error names
      // the field, and the form shows it there.
      metrics: now.metrics.map((m) => ({ ...m, kind: m.kind.code || null, evidenceLevel: m.evidenceLevel.code, periodStart: m.periodStart || null, periodEnd: m.periodEnd || null })) as OutcomeMetricInput[],
      attachments: files.ids(),
      ...detailsInput(now),
    };
    try {
      if (existing) {
        await gql(UPDATE, { input: { id: existing.id, ...fields } });
        saved = true;
        drafts.clear();
        navigate(itemPath("CaseStudy", existing.id));
      } else {
        const created = await gql(CREATE, { input: fields });
        saved = true;
        drafts.clear();
        navigate(itemPath("CaseStudy", created.createCaseStudy.caseStudy.id));
      }
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return form;
}
