// On a case study's page, its replications: the
// tree from the original case down to every case that replicated it, each with its outcome
// delta against the case it replicated, and "we replicated this" for the reader's agency (one
// of their own cases linked as a replication, with its results beside this case's).
import { gql } from "../api";
import { h, replace } from "../dom";
import type { OwnReplicaCasesQuery, ReplicationsQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, language, t } from "../i18n";
import {
  ancestry,
  type DeltaRow,
  linkChoices,
  previewDeltas,
  replicationTree,
  type TreeNode,
} from "../replicas";
import { failure, itemPath, liveSection, loading } from "./common";
import { busy, clearErrors, errorSummary, errorText, formField, showFieldError, showRequestError } from "./fields";
import { signedOutNote } from "./states";

// ---------------------------------------------------------------- replications

const DELTAS = `deltas { metricKind { code label(language: $lang) } original replication difference }`;
const REPLICAS_3 = `replications { caseStudy { id title viewerCanEdit agency { slug name } } ${DELTAS} }` as const;
const REPLICAS_2 = `replications { caseStudy { id title viewerCanEdit agency { slug name } ${REPLICAS_3} } ${DELTAS} }` as const;
/** Three levels of replications under a case: replications of replications of replications. */
const TREE = `replications { caseStudy { id title viewerCanEdit agency { slug name } ${REPLICAS_2} } ${DELTAS} }` as const;
const METRICS = `metrics { metric kind { code label(language: $lang) } direction unit baseline actual relativeChange evidenceLevel { code } periodEnd }`;
const LINEAGE = `replicates { id title agency { slug name } replicates { id title agency { slug name } replicates { id title agency { slug name } } } }`;

const QUERY = graphql(`query Replications($id: ID!, $lang: LabelLanguageValue) {
  viewer { signedIn member { roles agency { slug name } } }
  taxonomies { metricKinds { kind { code } direction } }
  node(id: $id) { ... on CaseStudy { id title agency { slug name } ${METRICS} ${LINEAGE} ${TREE} } }
}`);

const ROOT = graphql(`query ReplicationRoot($id: ID!, $lang: LabelLanguageValue) { node(id: $id) { ... on CaseStudy { id title agency { slug name } ${TREE} } } }`);

const OWN_CASES = graphql(`query OwnReplicaCases($agency: String!, $lang: LabelLanguageValue) {
  caseStudies(filter: { agency: $agency }, first: 100) { nodes { id title viewerCanEdit replicates { id title } ${METRICS} } }
}`);

const LINK = graphql(`mutation Link($input: LinkReplicationInput!) { linkReplication(input: $input) { caseStudy { id } } }`);
const UNLINK = graphql(`mutation Unlink($input: UnlinkReplicationInput!) { unlinkReplication(input: $input) { caseStudy { id } } }`);

interface Agency {
  slug: string;
  name: string;
}

/** The case study the page shows (the node as a case study: it is one). */
type CaseNode = Extract<NonNullable<ReplicationsQuery["node"]>, { id: string }>;
type Metric = CaseNode["metrics"][number];
type OwnCase = OwnReplicaCasesQuery["caseStudies"]["nodes"][number];

function percent(value: number | null): string {
  return value === null ? "—" : new Intl.NumberFormat(language(), { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

function points(value: number): string {
  return t("replica.points", { points: new Intl.NumberFormat(language(), { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value) });
}

function number(value: number | null): string {
  return value === null ? "—" : new Intl.NumberFormat(language()).format(value);
}

/** A pause between labelled values for screen readers (the layout spaces them visually). */
function separator(): HTMLElement {
  return h("span", { class: "visually-hidden" }, "; ");
}

/** One metric kind's comparison: both changes and their difference, each with its label. */
export function deltaList(rows: readonly DeltaRow[], original: string): HTMLElement {
  return h(
    "dl",
    { class: "deltas" },
    rows.map((row) =>
      h(
        "div",
        { class: `delta ${row.verdict}` },
        h("dt", {}, row.label),
        h(
          "dd",
          {},
          h("span", {}, `${original}: `, h("strong", {}, percent(row.original)), separator()),
          h("span", {}, `${t("replica.replicaValue")}: `, h("strong", {}, percent(row.replication)), separator()),
          h("span", {}, `${t("replica.difference")}: `, h("strong", {}, points(row.points)), separator()),
          h("span", { class: `verdict ${row.verdict}` }, t(`replica.verdict.${row.verdict}`)),
        ),
      ),
    ),
  );
}

function caseLabel(node: { id: string; title: string; agency: Agency | null }, current: boolean): (HTMLElement | string)[] {
  return [
    current ? h("strong", { "aria-current": "page" }, node.title) : h("a", { href: itemPath("CaseStudy", node.id) }, node.title),
    node.agency ? h("span", { class: "meta" }, ` · ${node.agency.name}`) : "",
    current ? h("span", { class: "this-case" }, ` ${t("replica.thisCase")}`) : "",
  ];
}

/** The tree as nested lists: the original, then each replication under the case it replicated. */
function treeList(root: TreeNode, unlink: (node: TreeNode, button: HTMLButtonElement) => void): HTMLElement {
  const item = (node: TreeNode, depth: number, parent: TreeNode | null): HTMLElement => {
    const head = h(
      "p",
      { class: "replica-head" },
      depth === 0 ? h("span", { class: "role" }, `${t("replica.original")}: `) : null,
      caseLabel(node, node.current),
    );
    let action: HTMLElement | null = null;
    if (parent && node.editable) {
      const button = h("button", { type: "button", class: "secondary small", "aria-label": t("replica.unlinkNamed", { title: node.title }) }, t("replica.unlink"));
      button.addEventListener("click", () => unlink(node, button));
      action = h("p", { class: "replica-actions" }, button, h("span", { class: "field-error action-error", role: "alert", hidden: true }));
    }
    return h(
      "li",
      {},
      head,
      parent
        ? node.deltas.length
          ? deltaList(node.deltas, t("replica.originalValue"))
          : h("p", { class: "help" }, t("replica.noDeltas"))
        : null,
      action,
      node.children.length ? h("ul", {}, node.children.map((child) => item(child, depth + 1, node))) : null,
    );
  };
  return h("ul", { class: "replica-tree", "aria-label": t("replica.tree") }, item(root, 0, null));
}

/** A case's own metrics: what, from what to what, and the change. */
function ownMetrics(metrics: readonly Metric[]): HTMLElement {
  if (metrics.length === 0) return h("p", { class: "help" }, t("replica.noMetrics"));
  return h(
    "ul",
    { class: "own-metrics" },
    metrics.map((m) => h("li", {}, h("span", { class: "metric-name" }, m.metric), ` (${m.kind.label}): `, t("replica.fromTo", { baseline: number(m.baseline), actual: number(m.actual) }), ` · ${t("metric.change")}: `, h("strong", {}, percent(m.relativeChange)))),
  );
}

/** "We replicated this": one of the viewer's agency's cases as a replication of `original`. */
function linkForm(original: CaseNode, cases: OwnCase[], agency: Agency, done: (title: string) => Promise<void>): HTMLElement {
  const choices = linkChoices(cases, original.id, original.replicates?.id ?? null);
  const heading = h("h3", { id: "replicate-heading" }, t("replica.formTitle"));
  if (choices.length === 0) {
    return h(
      "section",
      { class: "replicate", "aria-labelledby": "replicate-heading" },
      heading,
      h("p", {}, t("replica.noCases", { agency: agency.name }), " ", h("a", { href: "/casos/nuevo" }, t("replica.write"))),
    );
  }
  const summary = errorSummary();
  const select = h(
    "select",
    {},
    h("option", { value: "" }, t("replica.choosePlaceholder")),
    choices.map((c) => h("option", { value: c.id }, c.title)),
  );
  const details = h("div", { class: "replicate-details", "aria-live": "polite" });
  const showChoice = () => {
    const choice = choices.find((c) => c.id === select.value);
    const own = cases.find((c) => c.id === select.value);
    if (!choice || !own) return details.replaceChildren();
    const preview = previewDeltas(original.metrics, own.metrics);
    replace(
      details,
      choice.linked ? h("p", { class: "help" }, t("replica.alreadyLinked")) : null,
      choice.replaces ? h("p", { class: "warning", role: "note" }, t("replica.replaces", { title: choice.replaces.title })) : null,
      h("h4", {}, t("replica.yourMetrics")),
      ownMetrics(own.metrics),
      h("h4", {}, t("replica.preview")),
      preview.length ? deltaList(preview, t("replica.thisValue")) : h("p", { class: "help" }, t("replica.noComparable")),
    );
  };
  select.addEventListener("change", showChoice);
  const submit = h("button", { type: "submit" }, t("replica.link"));
  const form = h(
    "form",
    { class: "editor replicate-form", novalidate: true },
    summary,
    formField("replica-case", "caseStudyId", t("replica.choose", { agency: agency.name }), select),
    details,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const choice = choices.find((c) => c.id === select.value);
    if (!choice) return showFieldError(form, summary, "caseStudyId", t("replica.chooseRequired"));
    if (choice.linked) return showFieldError(form, summary, "caseStudyId", t("replica.alreadyLinked"));
    try {
      await busy(submit, t("replica.linking"), () => gql(LINK, { input: { caseStudyId: choice.id, originalId: original.id } }));
    } catch (error) {
      // Both ids are chosen here: whatever the server says about either belongs to the choice.
      return showRequestError(form, summary, error);
    }
    await done(choice.title);
  });
  return h("section", { class: "replicate", "aria-labelledby": "replicate-heading" }, heading, h("p", {}, t("replica.formIntro")), form);
}

/** The replications section; it loads on its own and reloads after a change. */
export function replicationSection(caseId: string): HTMLElement {
  const { section, status, body } = liveSection("replications", "replications-heading", t("replica.heading"), "replica-status");
  const announce = (text: string) => {
    status.textContent = text;
    status.focus();
  };
  const load = async (): Promise<void> => {
    try {
      const lang = labelLanguage();
      const data = await gql(QUERY, { id: caseId, lang });
      const node = data.node;
      if (!node?.id) return replace(body, h("p", {}, t("notFound")));
      const directions = new Map(data.taxonomies.metricKinds.map((k) => [k.kind.code, k.direction]));
      const chain = ancestry(node);
      const agency = data.viewer.member?.agency ?? null;
      const [root, own] = await Promise.all([
        chain[0] ? gql(ROOT, { id: chain[0].id, lang }).then((r) => (r.node?.id ? r.node : null)) : Promise.resolve(node),
        agency ? gql(OWN_CASES, { agency: agency.slug, lang }).then((r) => r.caseStudies.nodes) : Promise.resolve([]),
      ]);
      const tree = replicationTree(root ?? node, caseId, directions);
      const unlink = async (target: TreeNode, button: HTMLButtonElement) => {
        const slot = button.parentElement?.querySelector<HTMLElement>(".action-error");
        try {
          await busy(button, t("replica.unlinking"), () => gql(UNLINK, { input: { caseStudyId: target.id } }));
        } catch (error) {
          if (slot) {
            slot.textContent = errorText(error);
            slot.hidden = false;
          }
          return;
        }
        await load();
        announce(t("replica.unlinked", { title: target.title }));
      };
      const parts: (HTMLElement | null)[] = [];
      if (chain.length) {
        const parent = chain[chain.length - 1]!;
        parts.push(h("p", { class: "replicates" }, t("replica.replicates"), " ", h("a", { href: itemPath("CaseStudy", parent.id) }, parent.title), parent.agency ? ` (${parent.agency.name})` : ""));
      }
      if (tree.children.length === 0) parts.push(h("p", { class: "help" }, t("replica.none")));
      else parts.push(h("p", { class: "help" }, t("replica.intro")), treeList(tree, (n, b) => void unlink(n, b)));
      if (!data.viewer.signedIn) parts.push(signedOutNote("replica.signedOut", location.pathname));
      // "We replicated it" is for another agency's case.
      else if (agency && agency.slug !== node.agency?.slug)
        parts.push(
          linkForm(node, own, agency, async (title) => {
            await load();
            announce(t("replica.linked", { title }));
          }),
        );
      replace(body, parts);
    } catch (error) {
      replace(body, failure(error));
    }
  };
  void load();
  return section;
}

