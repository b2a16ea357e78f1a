// Pages of practices and guidelines (current text, version history and a diff between any two
// versions), with their comments.
import { gql } from "../api";
import { type Hunk, type Side, splitHunks } from "../diff";
import { h, replace } from "../dom";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import { adoptionSection } from "./adoption";
import { bookmarkButton } from "./bookmarks";
import { comments } from "./discussions";
import { draftNotice, newVersionForm } from "./writers";
import { failure, itemPath, loading, ownerLine, safeHtml, tags } from "./common";
import { isHidden, itemModeration, itemNotFound, type ItemModeration, type ModeratedItem, MODERATION_VIEWER, pageNotice, reloadWith } from "./content-moderation";
import { FRESHNESS_FIELDS, reviewState } from "./review";
import { ATTACHMENT_FIELDS, attachmentsSection } from "./attachments";
import { relatedSection } from "./related";

/**
 * An item's title, the outcome of a moderator's action, the hidden notice, owner and licence,
 * the bookmark toggle and the report, hide and restore actions, and (for its editors) the draft
 * notice.
 */
function itemHead(
  node: ModeratedItem & { agency: { slug: string; name: string } | null; licence: string },
  bookmark: HTMLElement | null,
  moderation: ItemModeration,
  notice: string | undefined,
  publish: "publishPractice" | "publishGuideline",
  reload: () => void,
): (HTMLElement | null)[] {
  return [
    h("h1", { tabindex: "-1" }, node.title),
    pageNotice(notice),
    moderation.notice,
    ownerLine(node.agency, node.licence),
    bookmark || moderation.buttons.length ? h("div", { class: "item-actions" }, bookmark, moderation.buttons) : null,
    ...moderation.panels,
    node.status !== "PUBLISHED" && node.viewerCanEdit && !isHidden(node) ? draftNotice(publish, node.id, reload) : null,
  ];
}

const PRACTICE = graphql(`query Practice($id: ID!, $lang: LabelLanguageValue) { ${MODERATION_VIEWER} node(id: $id) { __typename ... on Practice {
  id title summary bodyHtml language licence agency { id slug name } ${FRESHNESS_FIELDS} status viewerCanEdit hiddenReason groupId authors { id } ${ATTACHMENT_FIELDS}
  platforms { code label(language: $lang) } objectives { code label(language: $lang) } } } }`);

// Not `Guideline`: that is the <plaza-guideline> widget's operation (widgets/documents.ts).
const GUIDELINE = graphql(`query GuidelineItem($id: ID!) { ${MODERATION_VIEWER} node(id: $id) { __typename ... on Guideline {
  id title summary language licence agency { id slug name } currentVersionNumber currentVersion { number body bodyHtml } status viewerCanEdit
  hiddenReason groupId authors { id }
  versions(first: 100) { nodes { number changelog createdAt } }
  adoptions { kind versionNumber agency { name } }
  forkedFrom { versionNumber guideline { id title } }
  ${FRESHNESS_FIELDS} ${ATTACHMENT_FIELDS} } } }`);

const COMPARE = graphql(`query Compare($id: ID!, $from: Int!, $to: Int!) { node(id: $id) { ... on Guideline { compare(from: $from, to: $to) {
  added removed hunks { lines { change oldNumber newNumber text } } } } } }`);

/** A practice's page; `notice` (the outcome of a moderator's action) is announced at the top. */
export async function practice(main: HTMLElement, id: string, notice?: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(PRACTICE, { id, lang: labelLanguage() });
    const node = data.node;
    if (!node || node.__typename !== "Practice") return itemNotFound(main, data.viewer.signedIn, notice);
    document.title = `${node.title} · Plaza`;
    const bookmark = await bookmarkButton(node.id, data.viewer.signedIn);
    const moderation = await itemModeration(node, data.viewer, "publishPractice", reloadWith((next) => practice(main, id, next)));
    replace(
      main,
      h(
        "article",
        { lang: node.language },
        itemHead(node, bookmark, moderation, notice, "publishPractice", () => void practice(main, id)),
        node.viewerCanEdit ? h("p", {}, h("a", { href: `${itemPath("Practice", node.id)}/editar`, class: "button-link" }, t("case.edit"))) : null,
        reviewState(node),
        node.summary ? h("p", { class: "lead" }, node.summary) : null,
        tags(t("case.objectives"), node.objectives),
        tags(t("case.platforms"), node.platforms),
        h("section", {}, h("h2", {}, t("practice.body")), safeHtml(node.bodyHtml)),
        attachmentsSection(node.attachments),
        node.status === "PUBLISHED" ? relatedSection(node.id) : null,
      ),
      comments(node.id),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}

interface Diff {
  added: number;
  removed: number;
  hunks: Hunk[];
}

/** A diff as a table: old and new line numbers, the change, the text. */
export function diffTable(diff: Diff): HTMLElement {
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("guideline.compare") },
    h(
      "table",
      { class: "diff" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("guideline.from")), h("th", { scope: "col" }, t("guideline.to")), h("th", { scope: "col" }, "±"), h("th", { scope: "col" }, t("guideline.text")))),
      diff.hunks.map((hunk) =>
        h(
          "tbody",
          {},
          hunk.lines.map((line) =>
            h(
              "tr",
              { class: line.change.toLowerCase() },
              h("td", {}, line.oldNumber === null ? "" : String(line.oldNumber)),
              h("td", {}, line.newNumber === null ? "" : String(line.newNumber)),
              h("td", {}, line.change === "ADDED" ? h("span", { title: t("line.added") }, "+") : line.change === "REMOVED" ? h("span", { title: t("line.removed") }, "−") : ""),
              h("td", {}, line.change === "ADDED" ? h("ins", {}, line.text) : line.change === "REMOVED" ? h("del", {}, line.text) : line.text),
            ),
          ),
        ),
      ),
    ),
  );
}

/** One side's cells of a side-by-side row: the line number and the text (`<del>`, `<ins>`). */
function sideCells(side: Side | null): HTMLElement[] {
  if (!side) return [h("td", { class: "num empty" }), h("td", { class: "empty" })];
  const change = side.change.toLowerCase();
  const text =
    side.change === "REMOVED"
      ? h("del", {}, h("span", { class: "visually-hidden" }, `${t("line.removed")}: `), side.text)
      : side.change === "ADDED"
        ? h("ins", {}, h("span", { class: "visually-hidden" }, `${t("line.added")}: `), side.text)
        : side.text;
  return [h("td", { class: `num ${change}` }, side.number === null ? "" : String(side.number)), h("td", { class: change }, text)];
}

/**
 * A diff side by side: version `from` on the left, `to` on the right, removed and added lines
 * paired within each hunk, unchanged lines on both sides; it scrolls sideways on small screens.
 */
export function splitTable(diff: Diff, from: number, to: number): HTMLElement {
  const numberHeader = (version: number) =>
    h("th", { scope: "col", class: "num" }, h("span", { "aria-hidden": "true" }, t("guideline.lineNumber")), h("span", { class: "visually-hidden" }, t("guideline.lineIn", { number: version })));
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("guideline.splitRegion", { from, to }) },
    h(
      "table",
      { class: "diff diff-split" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          numberHeader(from),
          h("th", { scope: "col" }, t("guideline.version", { number: from })),
          numberHeader(to),
          h("th", { scope: "col" }, t("guideline.version", { number: to })),
        ),
      ),
      splitHunks(diff.hunks).map((rows) => h("tbody", {}, rows.map((row) => h("tr", {}, sideCells(row.left), sideCells(row.right))))),
    ),
  );
}

export type DiffView = "unified" | "split";

/** The diff view named in the URL (`vista=paralelo`), unified otherwise. */
export function diffView(params: URLSearchParams): DiffView {
  return params.get("vista") === "paralelo" ? "split" : "unified";
}

/** Two radio buttons choosing the view; the choice shows at once and is kept in the URL. */
function viewSwitch(view: DiffView, show: (view: DiffView) => void): HTMLElement {
  const option = (value: DiffView, label: string) =>
    h(
      "label",
      { class: "choice" },
      h("input", {
        type: "radio",
        name: "vista",
        value: value === "split" ? "paralelo" : "unificada",
        checked: view === value,
        onchange: () => show(value),
      }),
      ` ${label}`,
    );
  return h("fieldset", { class: "choices view-switch" }, h("legend", {}, t("guideline.view")), option("unified", t("guideline.view.unified")), option("split", t("guideline.view.split")));
}

/** A guideline's page; `notice` (the outcome of a moderator's action) is announced at the top. */
export async function guideline(main: HTMLElement, id: string, params: URLSearchParams, notice?: string): Promise<void> {
  replace(main, loading());
  try {
    const data = await gql(GUIDELINE, { id });
    const node = data.node;
    if (!node || node.__typename !== "Guideline") return itemNotFound(main, data.viewer.signedIn, notice);
    document.title = `${node.title} · Plaza`;
    const current = node.currentVersionNumber;
    const from = Number(params.get("desde") ?? Math.max(1, current - 1));
    const to = Number(params.get("hasta") ?? current);
    let comparison: HTMLElement | null = null;
    if (current > 1 && from >= 1 && to >= 1) {
      const diff = await gql(COMPARE, { id, from, to });
      const found = diff.node?.compare;
      const versionOptions = (selected: number) =>
        node.versions.nodes.map((v) => h("option", { value: String(v.number), selected: v.number === selected }, String(v.number)));
      const table = h("div", { class: "diff-view" });
      const show = (view: DiffView) => {
        if (found) replace(table, view === "split" ? splitTable(found, from, to) : diffTable(found));
        const url = new URL(location.href);
        if (view === "split") url.searchParams.set("vista", "paralelo");
        else url.searchParams.delete("vista");
        history.replaceState(history.state, "", url.pathname + url.search + url.hash);
      };
      const view = diffView(params);
      if (found) replace(table, view === "split" ? splitTable(found, from, to) : diffTable(found));
      comparison = h(
        "section",
        { "aria-labelledby": "compare-heading" },
        h("h2", { id: "compare-heading" }, t("guideline.compare")),
        h(
          "form",
          { method: "get", class: "compare-form" },
          h("div", { class: "compare-versions" },
            h("label", { for: "desde" }, t("guideline.from")),
            h("select", { id: "desde", name: "desde" }, versionOptions(from)),
            h("label", { for: "hasta" }, t("guideline.to")),
            h("select", { id: "hasta", name: "hasta" }, versionOptions(to)),
          ),
          found ? viewSwitch(view, show) : null,
          h("button", { type: "submit" }, t("guideline.show")),
        ),
        found ? h("p", { role: "status" }, t("guideline.added", { added: found.added, removed: found.removed })) : null,
        table,
      );
    }
    const bookmark = await bookmarkButton(node.id, data.viewer.signedIn);
    const moderation = await itemModeration(node, data.viewer, "publishGuideline", reloadWith((next) => guideline(main, id, params, next)));
    replace(
      main,
      h(
        "article",
        { lang: node.language },
        itemHead(node, bookmark, moderation, notice, "publishGuideline", () => void guideline(main, id, params)),
        node.viewerCanEdit ? h("p", {}, h("a", { href: `${itemPath("Guideline", node.id)}/editar`, class: "button-link" }, t("case.edit"))) : null,
        node.forkedFrom
          ? h("p", {}, h("a", { href: itemPath("Guideline", node.forkedFrom.guideline.id) }, t("guideline.forkedFrom", { title: node.forkedFrom.guideline.title, number: node.forkedFrom.versionNumber })))
          : null,
        reviewState(node),
        node.summary ? h("p", { class: "lead" }, node.summary) : null,
        adoptionSection(node),
        h(
          "section",
          {},
          h("h2", {}, t("guideline.history")),
          h("ol", { reversed: true }, node.versions.nodes.map((v) => h("li", { value: String(v.number) }, `${v.createdAt.slice(0, 10)} — ${v.changelog || "—"}`))),
        ),
        comparison,
        node.currentVersion ? h("section", {}, h("h2", {}, t("guideline.current", { number: node.currentVersion.number })), safeHtml(node.currentVersion.bodyHtml)) : null,
        attachmentsSection(node.attachments),
        node.viewerCanEdit && node.currentVersion ? newVersionForm(node.id, node.currentVersion, node.attachments) : null,
        node.status === "PUBLISHED" ? relatedSection(node.id) : null,
      ),
      comments(node.id),
    );
  } catch (error) {
    replace(main, failure(error));
  }
}
