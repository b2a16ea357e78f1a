// A markdown text area with a preview rendered by the server exactly as readers will see it
// (sanitised HTML), toggled with a button so keyboard and screen-reader users reach both.
import { gql } from "./api";
import { h } from "./dom";
import { graphql } from "./graphql";
import { t } from "./i18n";
import { linkPreview, type Attachment } from "./pages/attachments";
import { safeHtml } from "./pages/common";

const PREVIEW = graphql(`query Preview($markdown: String!) { previewMarkdown(markdown: $markdown) }`);

export interface MarkdownField {
  /** The field: label, hint, text area, preview and the error slot. */
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
}

/**
 * A labelled markdown text area named `name` (also its `data-field` for server errors), with a
 * "Preview" toggle. `field` is the server's field path when it differs from `name`.
 */
export function markdownField(name: string, label: string, options: { value?: string; rows?: number; field?: string; required?: boolean; attachments?: () => Attachment[] } = {}): MarkdownField {
  const field = options.field ?? name;
  const id = `f-${field.replace(/\./g, "-")}`;
  const textarea = h("textarea", {
    id,
    name,
    rows: String(options.rows ?? 5),
    "data-field": field,
    "aria-describedby": `${id}-hint ${field}-error`,
    required: options.required ?? false,
  });
  textarea.value = options.value ?? "";
  const preview = h("div", { id: `${id}-preview`, class: "preview", role: "region", "aria-label": t("markdown.previewOf", { label }), hidden: true });
  const toggle = h("button", { type: "button", class: "secondary", "aria-controls": `${id}-preview`, "aria-expanded": "false" }, t("markdown.preview"));
  toggle.addEventListener("click", async () => {
    const opening = preview.hidden;
    toggle.setAttribute("aria-expanded", String(opening));
    toggle.textContent = opening ? t("markdown.hidePreview") : t("markdown.preview");
    if (!opening) {
      preview.hidden = true;
      return;
    }
    preview.hidden = false;
    preview.replaceChildren(h("p", { role: "status" }, t("loading")));
    try {
      const source = textarea.value.trim();
      const html = source ? (await gql(PREVIEW, { markdown: source })).previewMarkdown : "";
      // Attached images show through the signed links the editor holds for them.
      const linked = options.attachments ? linkPreview(html, options.attachments()) : html;
      preview.replaceChildren(linked ? safeHtml(linked) : h("p", { class: "help" }, t("markdown.empty")));
    } catch (error) {
      preview.replaceChildren(h("p", { role: "alert", class: "error" }, error instanceof Error ? error.message : String(error)));
    }
  });
  const element = h(
    "div",
    { class: "field markdown" },
    h("label", { for: id }, label),
    h("p", { id: `${id}-hint`, class: "help" }, t("editor.markdown")),
    textarea,
    h("div", { class: "preview-bar" }, toggle),
    preview,
    h("p", { id: `${field}-error`, class: "field-error", hidden: true }),
  );
  return { element, textarea };
}
