// The network's legal pages (/privacidad, /accesibilidad, /aviso-legal): their titles in the
// interface's language, their text as the network wrote it (in Spanish: said so, and marked
// lang="es", to readers of another interface language), and when it was last saved. Network
// administrators rewrite them in place: "Editar" opens a Markdown editor with a preview in
// place of the text; an error shows beside the field; saved, the page is drawn again with a
// status message that takes the focus. Loaded only when one of them is opened (main.ts).
import { gql } from "../api";
import { h, replace } from "../dom";
import type { LegalPageQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { language, t } from "../i18n";
import { markdownField } from "../markdown";
import { date, failure, heading, loading, safeHtml } from "./common";
import { busy, clearErrors, errorSummary, showFieldError, showRequestError } from "./fields";
import { legalTitle, type LegalSlug } from "./legal-model";
import { closeOnEscape, formActions } from "./moderation";

const PAGE = graphql(`query LegalPage($slug: String!) { legalPage(slug: $slug) { slug body bodyHtml isModel updatedAt updatedBy { name } canEdit } }`);
const UPDATE = graphql(`mutation UpdateLegalPage($slug: String!, $body: String!) { updateLegalPage(slug: $slug, body: $body) { slug } }`);

type Page = LegalPageQuery["legalPage"];

/** The form that rewrites the page's Markdown; `reload` draws the page again with a message. */
function legalForm(slug: LegalSlug, page: Page, cancel: () => void, reload: (message: string) => void): HTMLFormElement {
  const body = markdownField("body", t("legal.form.body"), { value: page.body, rows: 20, required: true });
  const summary = errorSummary();
  const form = h(
    "form",
    { class: "editor legal-form", novalidate: true, "aria-labelledby": "legal-form-title" },
    h("h2", { id: "legal-form-title" }, t("legal.form.title")),
    summary,
    h("p", { class: "help" }, t("legal.form.help")),
    body.element,
    formActions(t("legal.form.save"), cancel),
  );
  closeOnEscape(form, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    if (!body.textarea.value.trim()) return showFieldError(form, summary, "body", t("legal.form.empty"));
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    try {
      await busy(submit, t("legal.form.saving"), () => gql(UPDATE, { slug, body: body.textarea.value }));
    } catch (error) {
      return showRequestError(form, summary, error);
    }
    reload(t("legal.saved"));
  });
  return form;
}

/** When the text was last saved (and by whom, to administrators), or that it is still the model. */
function stateLine(page: Page): HTMLElement | null {
  if (page.updatedAt) {
    const when = date(page.updatedAt);
    return h("p", { class: "meta legal-updated" }, page.updatedBy ? t("legal.updatedBy", { date: when, name: page.updatedBy.name }) : t("legal.updated", { date: when }));
  }
  // Readers just see the text; those who must complete it are told it is still the model.
  return page.isModel && page.canEdit ? h("p", { class: "legal-model" }, t("legal.model")) : null;
}

/** `/privacidad`, `/accesibilidad` or `/aviso-legal`; `notice` announces what was just done. */
export async function legalPage(main: HTMLElement, slug: LegalSlug, notice?: string): Promise<void> {
  const title = t(legalTitle(slug));
  document.title = `${title} · Plaza`;
  replace(main, heading(title), loading());
  try {
    const page = (await gql(PAGE, { slug })).legalPage;
    const status = h("p", { role: "status", id: "legal-status", class: "notice", tabindex: "-1", hidden: !notice }, notice ?? "");
    const text = safeHtml(page.bodyHtml);
    text.lang = "es";
    text.classList.add("legal-text");
    const content = h("div", {}, language() === "es" ? null : h("p", { class: "help legal-language" }, t("legal.inSpanish")), text);
    let editor: { toggle: HTMLButtonElement; panel: HTMLElement } | null = null;
    if (page.canEdit) {
      const reload = (message: string) => void legalPage(main, slug, message).then(() => document.getElementById("legal-status")?.focus());
      const toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": "legal-editor" }, t("legal.edit"));
      const panel = h("div", { id: "legal-editor" });
      const close = () => {
        replace(panel);
        content.hidden = false;
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      };
      toggle.addEventListener("click", () => {
        if (panel.firstChild) return close();
        const form = legalForm(slug, page, close, reload);
        toggle.setAttribute("aria-expanded", "true");
        content.hidden = true;
        replace(panel, form);
        form.querySelector("textarea")?.focus();
      });
      editor = { toggle, panel };
    }
    replace(main, heading(title), stateLine(page), status, editor ? h("p", { class: "post-actions" }, editor.toggle) : null, editor?.panel, content);
  } catch (error) {
    replace(main, heading(title), failure(error));
  }
}
