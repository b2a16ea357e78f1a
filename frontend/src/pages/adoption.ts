// A guideline's uptake, on its page: who adopted or adapted (forked) which version and when; for
// editors and admins of another agency, adopting the current version for their agency (or
// withdrawing it) and adapting it with local amendments in a side-by-side editor (the original
// read-only, their text, and a diff of the two); and the notice that a newer version is out
// than the one their agency adopted (or this fork started from).
import { ApiError, gql } from "../api";
import { splitHunks, type Side } from "../diff";
import { h, replace } from "../dom";
import type { AdoptionsQuery } from "../generated/operations";
import type { VisibilityValue } from "../generated/schema";
import { graphql } from "../graphql";
import { t } from "../i18n";
import { lineDiff, type LineDiff } from "../linediff";
import { navigate } from "../router";
import { date, failure, itemPath, liveSection, loading } from "./common";
import { busy, clearErrors, errorSummary, errorText, formField, radios, showFieldError, showRequestError } from "./fields";
import { signedOutNote } from "./states";

/** The guideline as its page already has it. */
export interface GuidelineRef {
  id: string;
  title: string;
  summary: string;
  status: string;
  agency: { slug: string; name: string } | null;
  currentVersion: { number: number; body: string } | null;
}

type AdoptionData = AdoptionsQuery;
type Adoption = NonNullable<NonNullable<AdoptionData["node"]>["adoptions"]>[number];

const QUERY = graphql(`query Adoptions($id: ID!) {
  viewer { signedIn member { roles agency { slug name } } }
  node(id: $id) { ... on Guideline { currentVersionNumber
    adoptions { kind versionNumber behind adoptedAt agency { slug name } fork { id title status } }
    forkedFrom { versionNumber behind guideline { id title currentVersionNumber } } } }
}`);

const ADOPT = graphql(`mutation Adopt($input: AdoptGuidelineInput!) { adoptGuideline(input: $input) { guideline { id } } }`);
const WITHDRAW = graphql(`mutation Withdraw($input: WithdrawAdoptionInput!) { withdrawAdoption(input: $input) { guideline { id } } }`);
const FORK = graphql(`mutation Fork($input: ForkGuidelineInput!) { forkGuideline(input: $input) { fork { id } } }`);
const AMEND = graphql(`mutation Amend($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { guideline { id } } }`);

/** What the viewer may do with a guideline for their agency. */
export type Standing = "signedOut" | "draft" | "ownAgency" | "notEditor" | "may";

/** Adopting and forking: editors and admins of another agency, on a published guideline. */
export function standing(viewer: AdoptionData["viewer"], guideline: Pick<GuidelineRef, "status" | "agency">): Standing {
  if (!viewer.signedIn || !viewer.member) return "signedOut";
  if (guideline.status !== "PUBLISHED") return "draft";
  if (viewer.member.agency && viewer.member.agency.slug === guideline.agency?.slug) return "ownAgency";
  return viewer.member.roles.some((role) => role === "editor" || role === "agency_admin") ? "may" : "notEditor";
}

/** The comparison form's link: version `from` against `to`, on this page. */
function comparePath(id: string, from: number, to: number): string {
  return `${itemPath("Guideline", id)}?desde=${from}&hasta=${to}#compare-heading`;
}

/** One row of the registry: the agency, what it did with which version and when, and its fork. */
function row(adoption: Adoption, current: number, mine: boolean): HTMLElement {
  const agency = adoption.agency;
  const when = date(adoption.adoptedAt);
  return h(
    "li",
    { class: mine ? "mine" : undefined },
    agency ? h("a", { href: `/organismos/${encodeURIComponent(agency.slug)}` }, agency.name) : t("adopt.unknownAgency"),
    mine ? ` ${t("adopt.yours")}` : null,
    " ",
    adoption.kind === "ADOPT" ? t("adopt.rowAdopt", { number: adoption.versionNumber, date: when }) : t("adopt.rowFork", { number: adoption.versionNumber, date: when }),
    adoption.fork
      ? [" ", h("a", { href: itemPath("Guideline", adoption.fork.id) }, t("adopt.forkLink", { title: adoption.fork.title })), adoption.fork.status === "PUBLISHED" ? null : ` ${t("adopt.forkDraft")}`]
      : null,
    adoption.behind ? [" ", h("span", { class: "state-badge behind" }, t("adopt.behind", { number: current }))] : null,
  );
}

/** A side-by-side preview of the original (left) and the amended text (right). */
function previewTable(diff: LineDiff, original: number): HTMLElement {
  const cells = (side: Side | null) => {
    if (!side) return [h("td", { class: "num empty" }), h("td", { class: "empty" })];
    const change = side.change.toLowerCase();
    const text =
      side.change === "REMOVED"
        ? h("del", {}, h("span", { class: "visually-hidden" }, `${t("line.removed")}: `), side.text)
        : side.change === "ADDED"
          ? h("ins", {}, h("span", { class: "visually-hidden" }, `${t("line.added")}: `), side.text)
          : side.text;
    return [h("td", { class: `num ${change}` }, side.number === null ? "" : String(side.number)), h("td", { class: change }, text)];
  };
  const numberHeader = (label: string) =>
    h("th", { scope: "col", class: "num" }, h("span", { "aria-hidden": "true" }, t("guideline.lineNumber")), h("span", { class: "visually-hidden" }, label));
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("fork.diffRegion", { number: original }) },
    h(
      "table",
      { class: "diff diff-split" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          numberHeader(t("fork.lineOriginal")),
          h("th", { scope: "col" }, t("fork.originalColumn", { number: original })),
          numberHeader(t("fork.lineAmended")),
          h("th", { scope: "col" }, t("fork.amendedColumn")),
        ),
      ),
      splitHunks(diff.hunks).map((rows) => h("tbody", {}, rows.map((r) => h("tr", {}, cells(r.left), cells(r.right))))),
    ),
  );
}

/**
 * "Adapt (fork)": a draft of the viewer's agency from the current version, with their title,
 * summary and audience, and their amended text beside the original; the amendments become the
 * fork's version 2. A fork created whose amendments failed is not created twice.
 */
function forkForm(guideline: GuidelineRef, current: { number: number; body: string }): HTMLElement {
  const summary = errorSummary();
  const title = h("input", { type: "text", maxlength: "200", name: "fork-title" });
  title.value = guideline.title;
  const abstract = h("textarea", { rows: "3", name: "fork-summary" });
  abstract.value = guideline.summary;
  const original = h("textarea", { rows: "16", readonly: true, class: "original" });
  original.value = current.body;
  const amended = h("textarea", { rows: "16", name: "fork-body" });
  amended.value = current.body;
  const changelog = h("input", { type: "text", maxlength: "500", name: "fork-changelog" });
  const counts = h("p", { class: "help", id: "fork-diff-count" });
  const table = h("div", { class: "diff-view" });
  const showDiff = () => {
    const diff = lineDiff(current.body, amended.value);
    if (diff.hunks.length === 0) {
      counts.textContent = t("fork.noChanges");
      table.replaceChildren();
    } else {
      counts.textContent = t("guideline.added", { added: diff.added, removed: diff.removed });
      replace(table, previewTable(diff, current.number));
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  amended.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(showDiff, 250);
  });
  showDiff();
  const visibility = radios(
    "fork-visibility",
    "visibility",
    t("fork.visibility"),
    [
      { code: "NETWORK", label: t("editor.visibility.network") },
      { code: "PUBLIC", label: t("editor.visibility.public") },
      { code: "AGENCY", label: t("editor.visibility.agency") },
    ],
    "NETWORK",
  );
  const submit = h("button", { type: "submit" }, t("fork.create"));
  const form = h(
    "form",
    { class: "editor fork-form", novalidate: true },
    summary,
    formField("fork-title", "title", t("fork.title"), title),
    formField("fork-summary", "summary", t("fork.summary"), abstract),
    h(
      "div",
      { class: "fork-sides" },
      formField("fork-original", "original", t("fork.original", { number: current.number }), original),
      formField("fork-body", "body", t("fork.amended"), amended, t("editor.markdown")),
    ),
    formField("fork-changelog", "changelog", t("fork.changelog"), changelog, t("fork.changelogHint")),
    h("section", { class: "fork-diff", "aria-labelledby": "fork-diff-heading" }, h("h3", { id: "fork-diff-heading" }, t("fork.diff")), counts, table),
    visibility,
    submit,
  );
  let created: string | null = null;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    clearTimeout(timer);
    showDiff();
    const body = amended.value;
    const changed = body !== current.body;
    if (!title.value.trim()) return showFieldError(form, summary, "title", t("fork.titleRequired"));
    if (!body.trim()) return showFieldError(form, summary, "body", t("fork.bodyRequired"));
    if (changed && !changelog.value.trim()) return showFieldError(form, summary, "changelog", t("fork.changelogRequired"));
    await busy(submit, t("fork.creating"), async () => {
      if (!created) {
        try {
          // The radio buttons' values are the enum's.
          const chosen = (form.querySelector<HTMLInputElement>('input[name="fork-visibility"]:checked')?.value ?? "NETWORK") as VisibilityValue;
          const result = await gql(FORK, {
            input: { guidelineId: guideline.id, versionNumber: current.number, title: title.value.trim(), summary: abstract.value.trim(), visibility: chosen },
          });
          created = result.forkGuideline.fork.id;
        } catch (error) {
          return showRequestError(form, summary, error);
        }
      }
      if (changed) {
        try {
          await gql(AMEND, { input: { guidelineId: created, body, changelog: changelog.value.trim(), basedOnVersion: 1 } });
        } catch (error) {
          // The fork exists: say so, link to it, and only the amendments are sent again.
          submit.textContent = t("fork.retry");
          return showFieldError(form, summary, error instanceof ApiError ? error.field : undefined, t("fork.partial", { message: errorText(error) }), [
            h("a", { href: itemPath("Guideline", created) }, t("fork.openDraft")),
          ]);
        }
      }
      navigate(itemPath("Guideline", created));
    });
  });
  // Closed, its fields are out of the tab order and the accessibility tree.
  const inside = h("div", { hidden: true }, h("p", {}, t("fork.intro", { number: current.number })), form);
  const details = h("details", { class: "fork" }, h("summary", {}, t("fork.open")), inside);
  details.addEventListener("toggle", () => {
    inside.hidden = !details.open;
  });
  return details;
}

/** The notice on a fork whose source has a newer version. */
function forkBehind(source: NonNullable<NonNullable<AdoptionData["node"]>["forkedFrom"]>): HTMLElement {
  return h(
    "div",
    { class: "warning", role: "note" },
    h("p", {}, t("adopt.forkBehind", { from: source.versionNumber, to: source.guideline.currentVersionNumber }), " ", h("a", { href: comparePath(source.guideline.id, source.versionNumber, source.guideline.currentVersionNumber) }, t("adopt.forkBehindLink", { title: source.guideline.title }))),
    h("p", {}, t("adopt.forkNotified")),
  );
}

/** The section: it loads on its own, like the comments, and reloads after a change. */
export function adoptionSection(guideline: GuidelineRef): HTMLElement {
  const { section, status, body } = liveSection("adoptions", "adoptions-heading", t("adopt.heading"), "adopt-status");
  const load = async (): Promise<void> => {
    try {
      const data = await gql(QUERY, { id: guideline.id });
      render(data);
    } catch (error) {
      replace(body, failure(error));
    }
  };
  const act = async (button: HTMLButtonElement, label: string, mutation: () => Promise<unknown>, done: string) => {
    const slot = button.parentElement?.querySelector<HTMLElement>(".action-error");
    if (slot) slot.hidden = true;
    status.textContent = "";
    try {
      await busy(button, label, mutation);
    } catch (error) {
      if (slot) {
        slot.textContent = errorText(error);
        slot.hidden = false;
      }
      return;
    }
    await load();
    status.textContent = done;
    status.focus();
  };
  const render = (data: AdoptionData) => {
    const node = data.node;
    // Only a guideline has adoptions (and the id is the guideline's).
    if (!node?.adoptions) return replace(body, h("p", {}, t("notFound")));
    const current = node.currentVersionNumber;
    const viewerAgency = data.viewer.member?.agency?.slug;
    const ours = (a: Adoption) => Boolean(viewerAgency) && a.agency?.slug === viewerAgency;
    const mine = node.adoptions.find((a) => a.kind === "ADOPT" && ours(a)) ?? null;
    const can = standing(data.viewer, guideline);
    const parts: (HTMLElement | null)[] = [];
    if (node.forkedFrom?.behind) parts.push(forkBehind(node.forkedFrom));
    if (mine?.behind)
      parts.push(
        h(
          "div",
          { class: "warning newer", role: "note" },
          h("p", {}, t("adopt.newer", { from: mine.versionNumber, to: current }), " ", h("a", { href: comparePath(guideline.id, mine.versionNumber, current) }, t("adopt.newerLink", { from: mine.versionNumber, to: current }))),
          h("p", {}, t("adopt.notified")),
        ),
      );
    parts.push(
      node.adoptions.length
        ? h("ul", { class: "adoption-list" }, node.adoptions.map((a) => row(a, current, ours(a))))
        : h("p", { class: "help" }, t("adopt.none")),
    );
    if (can === "signedOut") parts.push(signedOutNote("adopt.signedOut", location.pathname));
    else if (can === "ownAgency") parts.push(h("p", { class: "help" }, t("adopt.ownAgency")));
    else if (can === "notEditor") parts.push(h("p", { class: "help" }, t("adopt.notEditor")));
    else if (can === "draft") parts.push(h("p", { class: "help" }, t("adopt.draft")));
    else if (guideline.currentVersion) {
      const actions = h("div", { class: "adopt-actions" });
      if (mine && !mine.behind) actions.append(h("p", {}, t("adopt.current", { number: mine.versionNumber })));
      if (!mine || mine.behind) {
        const adopt = h("button", { type: "button" }, t("adopt.adopt", { number: current }));
        adopt.addEventListener("click", () => void act(adopt, t("adopt.adopting"), () => gql(ADOPT, { input: { guidelineId: guideline.id, versionNumber: current } }), t("adopt.adopted", { number: current })));
        actions.append(adopt, " ");
      }
      if (mine) {
        const withdraw = h("button", { type: "button", class: "secondary" }, t("adopt.withdraw"));
        withdraw.addEventListener("click", () => void act(withdraw, t("adopt.withdrawing"), () => gql(WITHDRAW, { input: { guidelineId: guideline.id } }), t("adopt.withdrawn")));
        actions.append(withdraw);
      }
      actions.append(h("p", { class: "field-error action-error", role: "alert", hidden: true }));
      if (!mine) actions.append(h("p", { class: "help" }, t("adopt.whatItMeans")));
      parts.push(actions, forkForm(guideline, guideline.currentVersion));
    }
    replace(body, parts);
  };
  void load();
  return section;
}
