// Writing practices and guidelines: a practice (new or edited), a new guideline, and a new
// version of a guideline (with the version it was written from, so a concurrent edit is refused
// with a clear message instead of silently replaced). Server errors show beside their field.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import { labelLanguage, t } from "../i18n";
import { markdownField } from "../markdown";
import { navigate } from "../router";
import { failure, heading, itemPath, loading, type Taxon } from "./common";
import { membersOnly, notFoundBody } from "./states";
import { choices, chosenLanguage, field, languageField, showError } from "./editor";

const VISIBILITIES = (): Taxon[] => [
  { code: "NETWORK", label: t("editor.visibility.network") },
  { code: "PUBLIC", label: t("editor.visibility.public") },
  { code: "AGENCY", label: t("editor.visibility.agency") },
];

/** A form that submits `input()` with `save`, then goes to the page `save` returns. */
function writerForm(children: (HTMLElement | null)[], submitLabel: string, save: (values: FormData) => Promise<string>): HTMLFormElement {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const form = h("form", { class: "editor", novalidate: true }, summary, children, h("button", { type: "submit" }, submitLabel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      navigate(await save(new FormData(form)));
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return form;
}

function textInput(name: string, value = "", maxlength = 200): HTMLInputElement {
  const input = h("input", { name, type: "text", maxlength: String(maxlength) });
  input.value = value;
  return input;
}

function textArea(name: string, value = "", rows = 3): HTMLTextAreaElement {
  const area = h("textarea", { name, rows: String(rows) });
  area.value = value;
  return area;
}

interface PracticeNode {
  __typename: string;
  id: string;
  title: string;
  summary: string;
  body: string;
  visibility: string;
  language: string;
  viewerCanEdit: boolean;
  objectives: Taxon[];
  platforms: Taxon[];
}

/** `/practicas/nueva` and `/practicas/:id/editar`. */
export async function practiceEditor(main: HTMLElement, id?: string): Promise<void> {
  const title = heading(id ? t("practice.editTitle") : t("practice.newTitle"));
  replace(main, title, loading());
  try {
    const data = await gql<{ viewer: { signedIn: boolean }; taxonomies: { objectives: Taxon[]; platforms: Taxon[] }; node: PracticeNode | null }>(
      `query PracticeEditor($lang: LabelLanguageValue, $id: ID!, $editing: Boolean!) { viewer { signedIn }
        taxonomies { objectives { code label(language: $lang) } platforms { code label(language: $lang) } }
        node(id: $id) @include(if: $editing) { __typename ... on Practice { id title summary body visibility language viewerCanEdit objectives { code } platforms { code } } } }`,
      { lang: labelLanguage(), id: id ?? "", editing: Boolean(id) },
    );
    if (!data.viewer.signedIn) return replace(main, title, membersOnly("signedOut.write", location.pathname));
    const existing = id ? data.node : null;
    if (id && (!existing || existing.__typename !== "Practice" || !existing.viewerCanEdit)) return replace(main, heading(t("notFound")), notFoundBody(true));
    const body = markdownField("body", t("practice.body"), { value: existing?.body, rows: 8 });
    const form = writerForm(
      [
        field("title", t("editor.caseTitle"), textInput("title", existing?.title)),
        field("summary", t("case.summary"), textArea("summary", existing?.summary)),
        body.element,
        choices("objectives", t("case.objectives"), data.taxonomies.objectives, "checkbox", existing?.objectives.map((o) => o.code)),
        choices("platforms", t("case.platforms"), data.taxonomies.platforms, "checkbox", existing?.platforms.map((p) => p.code)),
        languageField(existing?.language),
        choices("visibility", t("editor.visibility"), VISIBILITIES(), "radio", [existing?.visibility ?? "NETWORK"]),
      ],
      existing ? t("editor.update") : t("editor.save"),
      async (values) => {
        const input = {
          title: String(values.get("title") ?? ""),
          summary: String(values.get("summary") ?? ""),
          body: body.textarea.value,
          objectives: values.getAll("objectives").map(String),
          platforms: values.getAll("platforms").map(String),
          visibility: String(values.get("visibility") ?? "NETWORK"),
          language: chosenLanguage(values),
        };
        if (existing) {
          await gql("mutation($input: UpdatePracticeInput!) { updatePractice(input: $input) { practice { id } } }", { input: { id: existing.id, ...input } });
          return itemPath("Practice", existing.id);
        }
        const created = await gql<{ createPractice: { practice: { id: string } } }>("mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }", { input });
        return itemPath("Practice", created.createPractice.practice.id);
      },
    );
    replace(main, title, h("p", {}, existing ? t("editor.editIntro") : t("editor.intro")), form);
  } catch (error) {
    replace(main, title, failure(error));
  }
}

/** `/guias/nueva`: a guideline's first version. */
export async function guidelineEditor(main: HTMLElement): Promise<void> {
  const title = heading(t("guideline.newTitle"));
  replace(main, title, loading());
  try {
    const data = await gql<{ viewer: { signedIn: boolean } }>("{ viewer { signedIn } }");
    if (!data.viewer.signedIn) return replace(main, title, membersOnly("signedOut.write", location.pathname));
    const body = markdownField("body", t("guideline.body"), { rows: 14 });
    const form = writerForm(
      [
        field("title", t("editor.caseTitle"), textInput("title")),
        field("summary", t("case.summary"), textArea("summary")),
        body.element,
        field("changelog", t("guideline.changelog"), textInput("changelog", "", 500)),
        languageField(),
        choices("visibility", t("editor.visibility"), VISIBILITIES(), "radio", ["NETWORK"]),
      ],
      t("editor.save"),
      async (values) => {
        const input = {
          title: String(values.get("title") ?? ""),
          summary: String(values.get("summary") ?? ""),
          body: body.textarea.value,
          changelog: String(values.get("changelog") ?? ""),
          visibility: String(values.get("visibility") ?? "NETWORK"),
          language: chosenLanguage(values),
        };
        const created = await gql<{ createGuideline: { guideline: { id: string } } }>("mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }", { input });
        return itemPath("Guideline", created.createGuideline.guideline.id);
      },
    );
    replace(main, title, h("p", {}, t("editor.intro")), form);
  } catch (error) {
    replace(main, title, failure(error));
  }
}

/** The "new version" form on a guideline's page, for its editors; starts from the current text. */
export function newVersionForm(guidelineId: string, current: { number: number; body: string }): HTMLElement {
  const body = markdownField("body", t("guideline.body"), { value: current.body, rows: 14 });
  const form = writerForm(
    [field("changelog", t("guideline.changelog"), textInput("changelog", "", 500)), body.element],
    t("guideline.publishVersion"),
    async (values) => {
      await gql("mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { guideline { id } } }", {
        input: { guidelineId, body: body.textarea.value, changelog: String(values.get("changelog") ?? ""), basedOnVersion: current.number },
      });
      return itemPath("Guideline", guidelineId);
    },
  );
  return h(
    "details",
    { class: "new-version" },
    h("summary", {}, t("guideline.newVersion")),
    form,
  );
}

/** "Draft: only its editors see it" with a Publish button, for any kind of item. */
export function draftNotice(mutation: "publishPractice" | "publishGuideline" | "publishCaseStudy", id: string, reload: () => void): HTMLElement {
  return h(
    "p",
    { class: "warning", role: "note" },
    t("case.draft"),
    " ",
    h(
      "button",
      {
        type: "button",
        onclick: async () => {
          await gql(`mutation($id: ID!) { ${mutation}(input: { id: $id }) { __typename } }`, { id });
          reload();
        },
      },
      t("case.publish"),
    ),
  );
}
