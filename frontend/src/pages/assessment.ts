// The threat self-assessment (`/autoevaluacion`), for members: an agency's editors walk through
// the ten threats of public-sector social media, one per step, and save a dated assessment
// (`submitThreatAssessment`); every member of the agency then sees its history, where it stands
// against the anonymised network (`threatBenchmark`, shown only over enough agencies) and, for
// each weak point, the cases, practices and guidelines of the network that address it.
// Answers and notes never leave the agency; the network only ever sees counts.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { AssessmentViewerQuery, AssessmentsQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import type { Key } from "../locales/es";
import { navigate } from "../router";
import { day } from "./analytics";
import { failure, itemPath, loading } from "./common";
import { countryName } from "./search";
import { membersOnly, problem } from "./states";
import {
  type Assessment,
  type Benchmark,
  type Draft,
  type Scope,
  type Segment,
  type Taxon,
  NOTE_MAX,
  EARLIEST_DAY,
  SCOPES,
  answer,
  answeredCount,
  benchmarkRows,
  canAssess,
  dateProblem,
  errorPlace,
  historyRows,
  isLevel,
  isReview,
  moveTo,
  newDraft,
  newestFirst,
  parseDraft,
  relatedRequest,
  scopeParam,
  scopeVariables,
  stepCount,
  stepProblem,
  threatSearch,
  toInput,
  today,
  unanswered,
  weakPoints,
  type RelatedSearches,
} from "./assessment-model";

export const ASSESSMENT_PATH = "/autoevaluacion";

interface Agency {
  slug: string;
  name: string;
  level: Taxon;
  country: string;
}

type ViewerData = AssessmentViewerQuery;
type AssessmentData = AssessmentsQuery;
type Hit = NonNullable<RelatedSearches[`t${number}`]>["edges"][number];

const VIEWER = graphql(`query AssessmentViewer($lang: LabelLanguageValue) {
  viewer { signedIn member { roles } agency { slug name level { code label(language: $lang) } country } }
  taxonomies { threats { code label(language: $lang) } threatLevels { code label(language: $lang) } }
}`);

const DATA = graphql(`query Assessments($level: String, $country: String, $lang: LabelLanguageValue) {
  threatAssessments { id assessedOn createdAt answers { threat { code label(language: $lang) } level { code label(language: $lang) } note } }
  threatBenchmark(level: $level, country: $country) {
    sufficient agencies minimumAgencies
    threats { threat { code label(language: $lang) } own { code label(language: $lang) } distribution { level { code label(language: $lang) } count } shareLower shareHigher }
  }
}`);

const SUBMIT = graphql(`mutation SubmitAssessment($input: SubmitThreatAssessmentInput!) { submitThreatAssessment(input: $input) { assessment { id assessedOn } } }`);

/** Where an unfinished assessment waits in this browser, per agency. */
function draftKey(agency: Agency): string {
  return `plaza.assessment.${agency.slug}`;
}

function loadDraft(agency: Agency, codes: string[]): Draft | null {
  try {
    return parseDraft(sessionStorage.getItem(draftKey(agency)), codes);
  } catch {
    return null;
  }
}

function keepDraft(agency: Agency, draft: Draft | null): void {
  try {
    if (draft) sessionStorage.setItem(draftKey(agency), JSON.stringify(draft));
    else sessionStorage.removeItem(draftKey(agency));
  } catch {
    // Private browsing: the draft lasts while the page is open.
  }
}

/** A level as a small coloured label (its text says it; the colour only repeats it). */
function levelChip(level: Taxon | null): HTMLElement {
  return level ? h("span", { class: `assess-level assess-level-${level.code}` }, level.label) : h("span", { class: "assess-level assess-level-unknown" }, t("assessment.unanswered"));
}

/** A threat's explanation in plain words and how to recognise it. */
function explanation(code: string): HTMLElement[] {
  return [
    h("p", { class: "assess-explain" }, t(`assessment.explain.${code}` as Key)),
    h("p", { class: "assess-signs" }, h("strong", {}, t("assessment.signs")), " ", t(`assessment.signs.${code}` as Key)),
  ];
}

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/**
 * A row's distribution as one stacked bar, a part per level drawn to its share (SVG: the CSP
 * allows no inline styles); decorative, since the counts are written beside it. The viewer's
 * own level is outlined.
 */
function stackBar(segments: Segment[]): SVGSVGElement {
  const root = svg("svg", { class: "assess-stack", width: "100%", height: 20, "aria-hidden": "true", focusable: "false" });
  let from = 0;
  let outline: SVGRectElement | null = null;
  for (const segment of segments) {
    if (segment.percent <= 0) continue;
    root.appendChild(svg("rect", { class: `assess-bar-${segment.level.code}`, x: `${from}%`, y: 2, width: `${segment.percent}%`, height: 16 }));
    if (segment.own) outline = svg("rect", { class: "assess-own-outline", x: `${from}%`, y: 1, width: `${segment.percent}%`, height: 18 });
    from += segment.percent;
  }
  if (outline) root.appendChild(outline);
  return root;
}

/** The wizard's progress as a bar (decorative: the step is written above it). */
function trackBar(done: number): SVGSVGElement {
  const root = svg("svg", { class: "assess-track", width: "100%", height: 8, "aria-hidden": "true", focusable: "false" });
  root.appendChild(svg("rect", { class: "assess-track-bg", x: 0, y: 0, width: "100%", height: 8, rx: 4 }));
  root.appendChild(svg("rect", { class: "assess-track-done", x: 0, y: 0, width: `${Math.round(Math.max(0, Math.min(1, done)) * 100)}%`, height: 8, rx: 4 }));
  return root;
}

/** The home page's panel for members: what the self-assessment is and the way there. */
export function assessmentPanel(agency: { name: string }): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "my-assessment" },
    h("h2", { id: "my-assessment" }, t("assessment.title")),
    h("p", {}, t("assessment.homeText", { agency: agency.name })),
    h("p", {}, h("a", { href: ASSESSMENT_PATH }, t("assessment.homeLink"))),
  );
}

export async function assessment(main: HTMLElement, params: URLSearchParams): Promise<void> {
  document.title = `${t("assessment.title")} · Plaza`;
  const title = (): HTMLElement => h("h1", { tabindex: "-1" }, t("assessment.title"));
  replace(main, title(), loading());
  let base: ViewerData;
  try {
    base = await gql(VIEWER, { lang: labelLanguage() });
  } catch (error) {
    return replace(main, title(), failure(error));
  }
  if (!base.viewer.signedIn) {
    // What it covers is public (the taxonomy); answering and comparing is for members.
    return replace(
      main,
      title(),
      h("p", { class: "lead" }, t("assessment.intro")),
      membersOnly("assessment.signedOut", ASSESSMENT_PATH),
      h(
        "section",
        { class: "assess-threats", "aria-labelledby": "assessment-threats-title" },
        h("h2", { id: "assessment-threats-title" }, t("assessment.tenThreats")),
        h("ol", { class: "assess-threat-list" }, base.taxonomies.threats.map((threat) => h("li", {}, h("strong", {}, threat.label), " ", h("span", { class: "meta" }, t(`assessment.explain.${threat.code}` as Key))))),
      ),
    );
  }
  const agency = base.viewer.agency;
  if (!agency) return replace(main, title(), h("p", { class: "lead" }, t("assessment.intro")), h("p", { role: "status" }, t("assessment.noAgency")));
  const scope = scopeParam(params);
  const threats = base.taxonomies.threats;
  const codes = threats.map((threat) => threat.code);
  const levels = base.taxonomies.threatLevels;
  const editor = canAssess(base.viewer.member?.roles);
  let data: AssessmentData;

  const load = async (): Promise<boolean> => {
    try {
      data = await gql(DATA, { ...scopeVariables(scope, agency), lang: labelLanguage() });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === "UNAUTHENTICATED") replace(main, title(), membersOnly("assessment.signedOut", ASSESSMENT_PATH));
      else replace(main, title(), h("p", { class: "lead" }, t("assessment.intro")), failure(error));
      return false;
    }
  };
  if (!(await load())) return;

  // ---- The overview: start or continue, the benchmark, the weak points, the history. ----
  const overview = (message?: string): void => {
    const history = newestFirst(data.threatAssessments);
    const latest = history[0] ?? null;
    const benchmark = data.threatBenchmark;
    const saved = message ? h("p", { class: "assess-saved", role: "status", tabindex: "-1" }, message) : null;
    replace(
      main,
      title(),
      h("p", { class: "lead" }, t("assessment.intro")),
      h("p", { class: "help" }, t("assessment.privacy", { agency: agency.name, minimum: benchmark.minimumAgencies })),
      saved,
      startPanel(latest),
      benchmarkSection(benchmark, latest !== null),
      weakSection(latest),
      historySection(history),
    );
    if (saved) saved.focus();
  };

  const startPanel = (latest: Assessment | null): HTMLElement => {
    const draft = editor ? loadDraft(agency, codes) : null;
    const status = h("p", { role: "status", class: "action-status" });
    const body: (HTMLElement | null)[] = [];
    if (!editor) {
      body.push(h("p", {}, t("assessment.readOnly", { agency: agency.name })));
    } else {
      body.push(h("p", {}, latest ? t("assessment.lastOne", { date: day(latest.assessedOn) }) : t("assessment.firstTime", { agency: agency.name })));
      if (draft) {
        body.push(
          h("p", {}, t("assessment.draftKept", { count: answeredCount(draft, codes), total: codes.length })),
          h(
            "div",
            { class: "form-actions" },
            h("button", { type: "button", onclick: () => wizard(draft) }, t("assessment.resume")),
            h(
              "button",
              {
                type: "button",
                class: "secondary",
                onclick: () => {
                  keepDraft(agency, null);
                  overview();
                  main.querySelector<HTMLElement>("#assessment-start button")?.focus();
                  const note = main.querySelector<HTMLElement>("#assessment-start [role=status]");
                  if (note) note.textContent = t("assessment.discarded");
                },
              },
              t("assessment.discard"),
            ),
          ),
        );
      } else {
        body.push(h("div", { class: "form-actions" }, h("button", { type: "button", onclick: () => wizard(newDraft(codes, today())) }, latest ? t("assessment.startAgain") : t("assessment.start"))));
      }
    }
    return h(
      "section",
      { id: "assessment-start", class: "panel assessment-start", "aria-labelledby": "assessment-start-title" },
      h("h2", { id: "assessment-start-title" }, editor ? t("assessment.startTitle") : t("assessment.readOnlyTitle")),
      body,
      status,
    );
  };

  const scopeLabel = (value: Scope): string =>
    t(`assessment.scope.${value}` as Key, { level: agency.level.label, country: countryName(agency.country) });

  const scopeForm = (): HTMLElement => {
    const select = h(
      "select",
      { id: "assessment-scope", name: "comparar" },
      SCOPES.map((value) => h("option", { value, selected: value === scope }, scopeLabel(value))),
    );
    return h(
      "form",
      {
        class: "compare-form",
        onsubmit: (event: Event) => {
          event.preventDefault();
          navigate(select.value === "red" ? ASSESSMENT_PATH : `${ASSESSMENT_PATH}?comparar=${encodeURIComponent(select.value)}`);
        },
      },
      h("label", { for: "assessment-scope" }, t("assessment.compareWith")),
      select,
      h("button", { type: "submit", class: "secondary" }, t("assessment.compare")),
    );
  };

  const benchmarkSection = (benchmark: Benchmark, assessed: boolean): HTMLElement => {
    const rows = benchmarkRows(benchmark, levels);
    const body: (HTMLElement | null)[] = [scopeForm()];
    if (!benchmark.sufficient) {
      body.push(
        h("p", { class: "assess-notice" }, t("assessment.insufficient", { minimum: benchmark.minimumAgencies })),
        scope === "red" ? null : h("p", {}, h("a", { href: ASSESSMENT_PATH }, t("assessment.compareAll"))),
      );
    } else {
      body.push(
        h("p", {}, t("assessment.compared", { count: benchmark.agencies ?? 0, scope: scopeLabel(scope) })),
        assessed ? null : h("p", { class: "help" }, t("assessment.notYetOwn", { agency: agency.name })),
        h(
          "ul",
          { class: "assess-legend", "aria-hidden": "true" },
          levels.map((level) => h("li", {}, h("span", { class: `assess-swatch assess-bar-${level.code}` }), level.label)),
          assessed ? h("li", {}, h("span", { class: "assess-swatch assess-own-swatch" }), t("assessment.ownMark")) : null,
        ),
        h(
          "ol",
          { class: "assess-benchmark" },
          rows.map((row) =>
            h(
              "li",
              { class: "assess-bench-row" },
              h("h3", {}, row.threat.label),
              h("p", { class: "assess-bench-own" }, row.own ? [t("assessment.ownLabel"), " ", levelChip(row.own)] : t("assessment.ownNone")),
              stackBar(row.segments),
              h(
                "p",
                { class: "assess-bench-counts" },
                h("span", { class: "visually-hidden" }, `${t("assessment.distribution")}: `),
                row.segments.map((segment, index) =>
                  h("span", { class: segment.own ? "assess-count assess-count-own" : "assess-count" }, index ? " · " : "", `${segment.level.label} ${segment.count}`),
                ),
              ),
              row.own ? h("p", { class: "assess-bench-standing" }, t("assessment.standing", { lower: row.lower, higher: row.higher, total: row.total })) : null,
            ),
          ),
        ),
      );
    }
    return h(
      "section",
      { class: "assessment-benchmark", "aria-labelledby": "assessment-benchmark-title" },
      h("h2", { id: "assessment-benchmark-title" }, t("assessment.benchmarkTitle")),
      body,
    );
  };

  const weakSection = (latest: Assessment | null): HTMLElement => {
    const section = h("section", { class: "assessment-weak", "aria-labelledby": "assessment-weak-title" }, h("h2", { id: "assessment-weak-title" }, t("assessment.weakTitle")));
    if (!latest) {
      section.append(h("p", { class: "empty" }, t("assessment.noWeakYet")));
      return section;
    }
    const points = weakPoints(latest, threats, data.threatBenchmark.threats);
    if (points.length === 0) {
      section.append(h("p", { class: "empty" }, t("assessment.noWeak")));
      return section;
    }
    const list = h(
      "ul",
      { class: "assess-weak-list" },
      points.map((point, index) =>
        h(
          "li",
          { class: "card assess-weak" },
          h("h3", {}, point.threat.label, " ", levelChip(point.level)),
          point.note ? h("p", { class: "meta" }, t("assessment.yourNote", { note: point.note })) : null,
          h("div", { class: "assess-related", id: `related-${index}` }, loading()),
          h("p", {}, h("a", { href: `/buscar?q=${encodeURIComponent(threatSearch(point.threat.code))}` }, t("assessment.searchAll", { threat: point.threat.label }))),
        ),
      ),
    );
    section.append(h("p", { class: "help" }, t("assessment.weakIntro")), list);
    const { query, variables } = relatedRequest(points.map((point) => ({ code: point.threat.code, label: point.threat.label })));
    void gql(query, variables).then(
      (found) =>
        points.forEach((point, index) => {
          const slot = list.querySelector<HTMLElement>(`#related-${index}`);
          if (slot) replace(slot, relatedLists(point.threat.label, found[`t${index}`]?.edges ?? [], found[`g${index}`]?.edges ?? []));
        }),
      (error: unknown) => {
        for (const slot of list.querySelectorAll<HTMLElement>(".assess-related")) replace(slot, failure(error));
      },
    );
    return section;
  };

  const relatedLists = (threat: string, items: Hit[], guidelines: Hit[]): HTMLElement[] => {
    const link = (hit: Hit) =>
      h("li", {}, h("span", { class: "news-kind" }, t(`assessment.kind.${hit.node.kind}` as Key)), " ", h("a", { href: itemPath(hit.node.kind, hit.node.id) }, hit.node.title));
    return [
      h("h4", {}, t("assessment.cases")),
      items.length
        ? h("ul", { class: "assess-related-list" }, items.map(link))
        : h("p", { class: "empty" }, t("assessment.noCases", { threat }), " ", h("a", { href: "/casos/nuevo" }, t("assessment.writeCase"))),
      h("h4", {}, t("assessment.guidelines")),
      guidelines.length ? h("ul", { class: "assess-related-list" }, guidelines.map(link)) : h("p", { class: "empty" }, t("assessment.noGuidelines")),
    ];
  };

  const historySection = (history: Assessment[]): HTMLElement => {
    const section = h("section", { class: "assessment-history", "aria-labelledby": "assessment-history-title" }, h("h2", { id: "assessment-history-title" }, t("assessment.historyTitle")));
    if (history.length === 0) {
      section.append(h("p", { class: "empty" }, t("assessment.noHistory", { agency: agency.name })));
      return section;
    }
    const rows = historyRows(history, threats);
    section.append(
      h("p", { class: "help" }, t("assessment.historyCount", { count: history.length })),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "assessment-history-caption" },
        h(
          "table",
          { class: "assess-history" },
          h("caption", { id: "assessment-history-caption", class: "visually-hidden" }, t("assessment.historyCaption", { agency: agency.name })),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("assessment.threat")),
              history.map((item, index) => h("th", { scope: "col" }, h("time", { datetime: item.assessedOn }, day(item.assessedOn)), index === 0 ? [h("br"), h("span", { class: "assess-latest" }, t("assessment.latest"))] : null)),
            ),
          ),
          h(
            "tbody",
            {},
            rows.map((row) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, row.threat.label),
                row.cells.map((cell) =>
                  h(
                    "td",
                    {},
                    levelChip(cell.level),
                    cell.change === "better" || cell.change === "worse"
                      ? h("span", { class: `assess-change assess-change-${cell.change}` }, h("span", { "aria-hidden": "true" }, cell.change === "better" ? " ↓ " : " ↑ "), t(`assessment.${cell.change}`))
                      : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    return section;
  };

  // ---- The wizard: one threat per step, then the review with the date. ----
  const previous = (): Assessment | null => newestFirst(data.threatAssessments)[0] ?? null;
  const total = stepCount(codes);

  const wizard = (start: Draft, problemAt?: { field: "level" | "note" | "date" | null; message: string }): void => {
    let draft = start;
    keepDraft(agency, draft);
    const container = h("div", { class: "assess-wizard" });
    replace(main, title(), container);

    const progress = (): HTMLElement => {
      const done = answeredCount(draft, codes);
      return h(
        "div",
        { class: "assess-progress" },
        h(
          "p",
          { class: "assess-progress-step" },
          isReview(draft, codes) ? t("assessment.reviewStep", { number: total, total }) : t("assessment.step", { number: draft.step + 1, total: codes.length }),
          h("span", { class: "assess-progress-done" }, ` · ${t("assessment.answered", { count: done, total: codes.length })}`),
        ),
        trackBar((draft.step + 1) / total),
      );
    };

    const fieldError = (id: string): HTMLElement => h("p", { id, class: "field-error", hidden: true });
    const showFieldError = (target: HTMLElement, message: HTMLElement, text: string): void => {
      target.setAttribute("aria-invalid", "true");
      message.textContent = text;
      message.hidden = false;
    };

    const exit = h(
      "button",
      {
        type: "button",
        class: "link",
        onclick: () => {
          keepDraft(agency, draft);
          overview();
          main.querySelector<HTMLElement>("h1")?.focus();
        },
      },
      t("assessment.exit"),
    );

    const go = (step: number): void => {
      draft = moveTo(draft, step, codes);
      keepDraft(agency, draft);
      render();
      container.querySelector<HTMLElement>("#step-heading")?.focus();
    };

    const threatStep = (index: number): HTMLElement => {
      const threat = threats[index]!;
      const current = draft.answers[threat.code] ?? { level: "", note: "" };
      const levelError = fieldError("level-error");
      const noteError = fieldError("note-error");
      const earlier = previous()?.answers.find((a) => a.threat.code === threat.code) ?? null;
      const fieldset = h(
        "fieldset",
        { class: "choices assess-levels", "data-field": "level", "aria-describedby": "level-error" },
        h("legend", {}, t("assessment.question", { agency: agency.name })),
        levels.map((level) =>
          h(
            "label",
            { class: `assess-choice assess-choice-${level.code}` },
            h("input", {
              type: "radio",
              name: "level",
              value: level.code,
              checked: current.level === level.code,
              onchange: () => {
                draft = answer(draft, threat.code, { level: isLevel(level.code) ? level.code : "" });
                keepDraft(agency, draft);
                fieldset.removeAttribute("aria-invalid");
                levelError.hidden = true;
                const done = container.querySelector(".assess-progress-done");
                if (done) done.textContent = ` · ${t("assessment.answered", { count: answeredCount(draft, codes), total: codes.length })}`;
              },
            }),
            h("span", { class: "assess-choice-text" }, h("span", { class: "assess-choice-name" }, level.label), h("span", { class: "assess-choice-hint" }, t(`assessment.level.${level.code}` as Key))),
          ),
        ),
        levelError,
      );
      const note = h("textarea", {
        id: "assessment-note",
        name: "note",
        rows: "3",
        maxlength: String(NOTE_MAX),
        "data-field": "note",
        "aria-describedby": "assessment-note-hint note-error",
        oninput: () => {
          draft = answer(draft, threat.code, { note: note.value });
          keepDraft(agency, draft);
        },
      });
      note.value = current.note;
      const form = h(
        "form",
        {
          class: "assess-form",
          novalidate: true,
          "aria-labelledby": "step-heading",
          onsubmit: (event: Event) => {
            event.preventDefault();
            const wrong = stepProblem(draft, threat.code);
            if (wrong?.field === "level") {
              showFieldError(fieldset, levelError, t(wrong.message));
              fieldset.querySelector<HTMLInputElement>("input")?.focus();
              return;
            }
            if (wrong?.field === "note") {
              showFieldError(note, noteError, t(wrong.message));
              note.focus();
              return;
            }
            go(index + 1);
          },
        },
        progress(),
        h("h2", { id: "step-heading", tabindex: "-1" }, threat.label),
        explanation(threat.code),
        earlier ? h("p", { class: "help" }, t("assessment.previous", { date: day(previous()!.assessedOn), level: earlier.level.label })) : null,
        fieldset,
        h(
          "div",
          { class: "field" },
          h("label", { for: "assessment-note" }, t("assessment.note")),
          h("p", { id: "assessment-note-hint", class: "help" }, t("assessment.noteHint", { agency: agency.name })),
          note,
          noteError,
        ),
        h(
          "div",
          { class: "assess-actions" },
          index > 0 ? h("button", { type: "button", class: "secondary", onclick: () => go(index - 1) }, t("assessment.back")) : null,
          h("button", { type: "submit" }, index === codes.length - 1 ? t("assessment.toReview") : t("assessment.next")),
          exit,
        ),
        h("p", { class: "help assess-keep" }, t("assessment.exitNote")),
      );
      if (problemAt && problemAt.field === "level") showFieldError(fieldset, levelError, problemAt.message);
      if (problemAt && problemAt.field === "note") showFieldError(note, noteError, problemAt.message);
      return form;
    };

    const reviewStep = (): HTMLElement => {
      const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
      const dateError = fieldError("date-error");
      const date = h("input", {
        id: "assessment-date",
        name: "assessedOn",
        type: "date",
        value: draft.assessedOn,
        max: today(),
        min: EARLIEST_DAY,
        "data-field": "date",
        "aria-describedby": "assessment-date-hint date-error",
        oninput: () => {
          draft = { ...draft, assessedOn: date.value };
          keepDraft(agency, draft);
        },
      });
      const saveButton = h("button", { type: "submit" }, t("assessment.save"));
      const status = h("p", { role: "status", class: "action-status" });
      const showSummary = (text: string, target?: HTMLElement): void => {
        replace(summary, h("h3", {}, t("assessment.errors")), h("p", {}, target ? h("a", { href: `#${target.id}` }, text) : text));
        summary.hidden = false;
      };
      const form = h(
        "form",
        {
          class: "assess-form",
          novalidate: true,
          "aria-labelledby": "step-heading",
          onsubmit: async (event: Event) => {
            event.preventDefault();
            summary.hidden = true;
            date.removeAttribute("aria-invalid");
            dateError.hidden = true;
            const missing = unanswered(draft, codes);
            if (missing.length) {
              const first = codes.indexOf(missing[0]!);
              draft = moveTo(draft, first, codes);
              return wizard(draft, { field: "level", message: t("assessment.levelRequired") });
            }
            const wrongDate = dateProblem(draft.assessedOn, today());
            if (wrongDate) {
              showFieldError(date, dateError, t(wrongDate));
              showSummary(t(wrongDate), date);
              date.focus();
              return;
            }
            saveButton.disabled = true;
            status.textContent = t("assessment.saving");
            try {
              await gql(SUBMIT, { input: toInput(draft, codes) });
            } catch (error) {
              saveButton.disabled = false;
              status.textContent = "";
              if (error instanceof ApiError && error.field) {
                const place = errorPlace(error.field, codes);
                const own = error.message.replace(/^input\.[\w.]+: /, "");
                if (place.step < codes.length) {
                  draft = moveTo(draft, place.step, codes);
                  return wizard(draft, { field: place.field, message: own });
                }
                if (place.field === "date") {
                  showFieldError(date, dateError, own);
                  showSummary(own, date);
                  date.focus();
                  return;
                }
                showSummary(own);
              } else {
                showSummary(problem(error).text);
              }
              summary.focus();
              return;
            }
            const savedOn = draft.assessedOn;
            keepDraft(agency, null);
            if (await load()) overview(t("assessment.saved", { date: day(savedOn) }));
          },
        },
        progress(),
        h("h2", { id: "step-heading", tabindex: "-1" }, t("assessment.reviewTitle")),
        h("p", {}, t("assessment.reviewIntro")),
        summary,
        h(
          "ol",
          { class: "assess-review" },
          threats.map((threat, index) => {
            const given = draft.answers[threat.code];
            const level = levels.find((l) => l.code === given?.level) ?? null;
            return h(
              "li",
              { class: "assess-review-item" },
              h("div", { class: "assess-review-answer" }, h("span", { class: "assess-review-threat" }, threat.label), levelChip(level)),
              given?.note.trim() ? h("p", { class: "meta assess-review-note" }, given.note.trim()) : null,
              h(
                "button",
                { type: "button", class: "link", onclick: () => go(index) },
                t("assessment.change"),
                h("span", { class: "visually-hidden" }, `: ${threat.label}`),
              ),
            );
          }),
        ),
        h(
          "div",
          { class: "field assess-date" },
          h("label", { for: "assessment-date" }, t("assessment.date")),
          h("p", { id: "assessment-date-hint", class: "help" }, t("assessment.dateHint")),
          date,
          dateError,
        ),
        h(
          "div",
          { class: "assess-actions" },
          h("button", { type: "button", class: "secondary", onclick: () => go(codes.length - 1) }, t("assessment.back")),
          saveButton,
          exit,
        ),
        status,
        h("p", { class: "help assess-keep" }, t("assessment.exitNote")),
      );
      if (problemAt && problemAt.field !== "level" && problemAt.field !== "note") {
        if (problemAt.field === "date") showFieldError(date, dateError, problemAt.message);
        showSummary(problemAt.message, problemAt.field === "date" ? date : undefined);
      }
      return form;
    };

    const render = (): void => {
      replace(container, isReview(draft, codes) ? reviewStep() : threatStep(draft.step));
      problemAt = undefined;
    };
    render();
    // Back with an error (the server's, or a threat left unanswered): the field that needs it
    // takes the focus (a choice's first option), else the summary; otherwise the step's heading.
    const invalid = container.querySelector<HTMLElement>("[aria-invalid=true]");
    const summary = container.querySelector<HTMLElement>(".error-summary:not([hidden])");
    if (invalid) (invalid.matches("fieldset") ? invalid.querySelector<HTMLElement>("input") : invalid)?.focus();
    else if (summary) summary.focus();
    else container.querySelector<HTMLElement>("#step-heading")?.focus();
  };

  overview();
}
