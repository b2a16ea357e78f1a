// Writing practices and guidelines: a practice (new or edited), a new guideline, and a new
// version of a guideline (with the version it was written from, so a concurrent edit is refused
// with a clear message instead of silently replaced). Server errors show beside their field.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { PracticeEditorQuery } from "../generated/operations";
import type { VisibilityValue } from "../generated/schema";
import { graphql, type TypedDocument } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { markdownField } from "../markdown";
import { navigate } from "../router";
import { failure, heading, itemPath, loading } from "./common";
import { membersOnly, notFoundBody } from "./states";
import { choices, chosenLanguage, field, languageField, showError } from "./editor";
import { list, NO_DETAILS, type OwnGroup, shareFields } from "./case-fields";
import { keepDraft } from "./autosave";
import { errorText } from "./fields";
import { ATTACHMENT_FIELDS, attachmentList, type Attachment, type AttachmentList } from "./attachments";

/** The groups the viewer may publish to, with the taxonomies the writers offer. */
const WRITER_DATA = `viewer { signedIn } groups { id name viewerMembership { status } }
  taxonomies { objectives { code label(language: $lang) } platforms { code label(language: $lang) }
  threats { code label(language: $lang) } dimensions { code label(language: $lang) } }`;

const PRACTICE = graphql(`query PracticeEditor($lang: LabelLanguageValue, $id: ID!, $editing: Boolean!) { ${WRITER_DATA}
  node(id: $id) @include(if: $editing) { __typename ... on Practice { id title summary body visibility groupId language licence tags viewerCanEdit
    objectives { code } platforms { code } threats { code } dimensions { code } ${ATTACHMENT_FIELDS} } } }`);
const CREATE_PRACTICE = graphql(`mutation CreatePractice($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }`);
const UPDATE_PRACTICE = graphql(`mutation UpdatePractice($input: UpdatePracticeInput!) { updatePractice(input: $input) { practice { id } } }`);
const GUIDELINE = graphql(`query GuidelineEditor($lang: LabelLanguageValue, $id: ID!, $editing: Boolean!) { ${WRITER_DATA}
  node(id: $id) @include(if: $editing) { __typename ... on Guideline { id title summary language licence tags visibility groupId viewerCanEdit } } }`);
const CREATE_GUIDELINE = graphql(`mutation CreateGuideline($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }`);
const UPDATE_GUIDELINE = graphql(`mutation UpdateGuideline($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { guideline { id } } }`);
const NEW_VERSION = graphql(`mutation PublishGuidelineVersion($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { guideline { id } } }`);
/** Publishing a draft, by the kind of item (all answer nothing the page reads). */
const PUBLISH: Record<"publishPractice" | "publishGuideline" | "publishCaseStudy", TypedDocument<unknown, { id: string }>> = {
  publishPractice: graphql(`mutation PublishPractice($id: ID!) { publishPractice(input: { id: $id }) { __typename } }`),
  publishGuideline: graphql(`mutation PublishGuideline($id: ID!) { publishGuideline(input: { id: $id }) { __typename } }`),
  publishCaseStudy: graphql(`mutation PublishCaseStudy($id: ID!) { publishCaseStudy(input: { id: $id }) { __typename } }`),
};

/** What both writers load besides the item (WRITER_DATA). */
type WriterData = Omit<PracticeEditorQuery, "node">;

function ownGroups(data: WriterData): OwnGroup[] {
  return data.groups.filter((g) => g.viewerMembership?.status === "active").map((g) => ({ id: g.id, name: g.name }));
}

/** Tags, licence, audience and group as the API takes them. */
function sharing(values: FormData): { tags: string[]; licence: string; visibility: VisibilityValue; groupId: string | null } {
  // The form's choices are the enum's values.
  const visibility = String(values.get("visibility") ?? "NETWORK") as VisibilityValue;
  return {
    tags: list(String(values.get("tags") ?? "")),
    licence: String(values.get("licence") ?? "") || "CC-BY-4.0",
    visibility,
    groupId: visibility === "GROUP" ? String(values.get("groupId") ?? "") || null : null,
  };
}

/**
 * A form that submits with `save`, then goes to the page `save` returns; kept as a local draft
 * under `draft` while the author writes (the notice offering a kept one back goes first).
 */
function writerForm(
  children: (HTMLElement | null)[],
  submitLabel: string,
  draft: string,
  save: (values: FormData) => Promise<string>,
  files?: AttachmentList | null,
): { form: HTMLFormElement; notice: HTMLElement | null } {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const form = h("form", { class: "editor", novalidate: true }, summary, children, h("button", { type: "submit" }, submitLabel));
  const kept = keepDraft(form, draft, files ? { get: () => files.files(), set: (next: Attachment[]) => files.set(next) } : undefined);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const next = await save(new FormData(form));
      kept.clear();
      navigate(next);
    } catch (error) {
      if (error instanceof ApiError) showError(form, summary, error);
      else replace(summary, failure(error));
    }
  });
  return { form, notice: kept.notice };
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

/** The attachments widget for one body text: images go into `body` where the cursor is. */
function bodyFiles(body: { textarea: HTMLTextAreaElement }, initial: Attachment[]): ReturnType<typeof attachmentList> {
  return attachmentList(
    initial,
    (markdown) => {
      const area = body.textarea;
      const at = area.selectionStart ?? area.value.length;
      const before = area.value.slice(0, at);
      const gap = before && !before.endsWith("\n") ? "\n\n" : "";
      area.value = `${before}${gap}${markdown}\n\n${area.value.slice(at)}`;
      area.focus();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    },
    () => body.textarea.dispatchEvent(new Event("attachments-changed", { bubbles: true })),
  );
}

const codes = (taxa: { code: string }[] | undefined) => (taxa ?? []).map((x) => x.code);

/** `/practicas/nueva` and `/practicas/:id/editar`: every field a practice holds. */
export async function practiceEditor(main: HTMLElement, id?: string): Promise<void> {
  const title = heading(id ? t("practice.editTitle") : t("practice.newTitle"));
  replace(main, title, loading());
  try {
    const data = await gql(PRACTICE, { lang: labelLanguage(), id: id ?? "", editing: Boolean(id) });
    if (!data.viewer.signedIn) return replace(main, title, membersOnly("signedOut.write", location.pathname));
    const node = id ? data.node : null;
    const existing = node?.__typename === "Practice" ? node : null;
    if (id && (!existing || !existing.viewerCanEdit)) return replace(main, heading(t("notFound")), notFoundBody(true));
    let files: ReturnType<typeof attachmentList> | null = null;
    const body = markdownField("body", t("practice.body"), { value: existing?.body, rows: 8, attachments: () => files?.files() ?? [] });
    files = bodyFiles(body, existing?.attachments ?? []);
    const shared = { ...NO_DETAILS, tags: existing?.tags ?? [], licence: existing?.licence ?? NO_DETAILS.licence, visibility: existing?.visibility ?? "NETWORK", groupId: existing?.groupId ?? "" };
    const { form, notice } = writerForm(
      [
        field("title", t("editor.caseTitle"), textInput("title", existing?.title)),
        field("summary", t("case.summary"), textArea("summary", existing?.summary)),
        body.element,
        files.element,
        choices("objectives", t("case.objectives"), data.taxonomies.objectives, "checkbox", codes(existing?.objectives)),
        choices("platforms", t("case.platforms"), data.taxonomies.platforms, "checkbox", codes(existing?.platforms)),
        choices("threats", t("case.threats"), data.taxonomies.threats, "checkbox", codes(existing?.threats)),
        choices("dimensions", t("case.dimensions"), data.taxonomies.dimensions, "checkbox", codes(existing?.dimensions)),
        languageField(existing?.language),
        ...shareFields(shared, ownGroups(data)),
      ],
      existing ? t("editor.update") : t("editor.save"),
      existing ? `practice:${existing.id}` : "practice:new",
      async (values) => {
        const input = {
          title: String(values.get("title") ?? ""),
          summary: String(values.get("summary") ?? ""),
          body: body.textarea.value,
          objectives: values.getAll("objectives").map(String),
          platforms: values.getAll("platforms").map(String),
          threats: values.getAll("threats").map(String),
          dimensions: values.getAll("dimensions").map(String),
          language: chosenLanguage(values),
          attachments: files?.ids() ?? [],
          ...sharing(values),
        };
        if (existing) {
          await gql(UPDATE_PRACTICE, { input: { id: existing.id, ...input } });
          return itemPath("Practice", existing.id);
        }
        const created = await gql(CREATE_PRACTICE, { input });
        return itemPath("Practice", created.createPractice.practice.id);
      },
      files,
    );
    replace(main, title, h("p", {}, existing ? t("editor.editIntro") : t("editor.intro")), notice, form);
  } catch (error) {
    replace(main, title, failure(error));
  }
}

/**
 * `/guias/nueva`: a guideline's first version, with its tags, licence and audience; and
 * `/guias/:id/editar`: its own facts (its text changes with a new version, on its page).
 */
export async function guidelineEditor(main: HTMLElement, id?: string): Promise<void> {
  const title = heading(id ? t("guideline.editTitle") : t("guideline.newTitle"));
  replace(main, title, loading());
  try {
    const data = await gql(GUIDELINE, { lang: labelLanguage(), id: id ?? "", editing: Boolean(id) });
    if (!data.viewer.signedIn) return replace(main, title, membersOnly("signedOut.write", location.pathname));
    const node = id ? data.node : null;
    const existing = node?.__typename === "Guideline" ? node : null;
    if (id && (!existing || !existing.viewerCanEdit)) return replace(main, heading(t("notFound")), notFoundBody(true));
    const shared = { ...NO_DETAILS, tags: existing?.tags ?? [], licence: existing?.licence ?? NO_DETAILS.licence, visibility: existing?.visibility ?? "NETWORK", groupId: existing?.groupId ?? "" };
    let files: ReturnType<typeof attachmentList> | null = null;
    const body = markdownField("body", t("guideline.body"), { rows: 14, attachments: () => files?.files() ?? [] });
    files = bodyFiles(body, []);
    const text = existing ? [] : [body.element, files.element, field("changelog", t("guideline.changelog"), textInput("changelog", "", 500))];
    const { form, notice } = writerForm(
      [
        field("title", t("editor.caseTitle"), textInput("title", existing?.title)),
        field("summary", t("case.summary"), textArea("summary", existing?.summary)),
        ...text,
        languageField(existing?.language),
        ...shareFields(shared, ownGroups(data)),
      ],
      existing ? t("editor.update") : t("editor.save"),
      existing ? `guideline:${existing.id}` : "guideline:new",
      async (values) => {
        const facts = {
          title: String(values.get("title") ?? ""),
          summary: String(values.get("summary") ?? ""),
          language: chosenLanguage(values),
          ...sharing(values),
        };
        if (existing) {
          await gql(UPDATE_GUIDELINE, { input: { id: existing.id, ...facts } });
          return itemPath("Guideline", existing.id);
        }
        const input = { ...facts, body: body.textarea.value, changelog: String(values.get("changelog") ?? ""), attachments: files?.ids() ?? [] };
        const created = await gql(CREATE_GUIDELINE, { input });
        return itemPath("Guideline", created.createGuideline.guideline.id);
      },
      existing ? null : files,
    );
    replace(main, title, h("p", {}, existing ? t("guideline.editIntro") : t("editor.intro")), notice, form);
  } catch (error) {
    replace(main, title, failure(error));
  }
}

/** The "new version" form on a guideline's page, for its editors; starts from the current text. */
export function newVersionForm(guidelineId: string, current: { number: number; body: string }, attached: Attachment[] = []): HTMLElement {
  let files: ReturnType<typeof attachmentList> | null = null;
  const body = markdownField("body", t("guideline.body"), { value: current.body, rows: 14, attachments: () => files?.files() ?? [] });
  files = bodyFiles(body, attached);
  const { form, notice } = writerForm(
    [field("changelog", t("guideline.changelog"), textInput("changelog", "", 500)), body.element, files.element],
    t("guideline.publishVersion"),
    `guideline:${guidelineId}:version`,
    async (values) => {
      await gql(NEW_VERSION, {
        input: { guidelineId, body: body.textarea.value, changelog: String(values.get("changelog") ?? ""), basedOnVersion: current.number, attachments: files?.ids() ?? [] },
      });
      return itemPath("Guideline", guidelineId);
    },
    files,
  );
  return h(
    "details",
    { class: "new-version" },
    h("summary", {}, t("guideline.newVersion")),
    notice,
    form,
  );
}

/** The mutations publishing each kind of item. */
export type PublishMutation = keyof typeof PUBLISH;

/**
 * A Publish button for an item's editors: published, the page is drawn again (`reload`);
 * refused, the reason shows beside it (`explain` words it, the server's own words by default).
 */
export function publishControl(mutation: PublishMutation, id: string, reload: () => void, explain: (error: unknown) => string = errorText): HTMLElement {
  const alert = h("span", { role: "alert", class: "action-status" });
  const button = h("button", { type: "button" }, t("case.publish"));
  button.addEventListener("click", async () => {
    alert.textContent = "";
    button.disabled = true;
    try {
      await gql(PUBLISH[mutation], { id });
      reload();
    } catch (error) {
      button.disabled = false;
      alert.textContent = explain(error);
    }
  });
  return h("span", { class: "publish-control" }, button, " ", alert);
}

/** "Draft: only its editors see it" with a Publish button, for any kind of item. */
export function draftNotice(mutation: PublishMutation, id: string, reload: () => void): HTMLElement {
  return h("p", { class: "warning", role: "note" }, t("case.draft"), " ", publishControl(mutation, id, reload));
}
