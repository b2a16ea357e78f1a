// The case study editor's descriptive fields beyond the texts and metrics: formats, team,
// budget, tools, threats, public-value dimensions, stage, period, tags, licence and audience
// (a group's included). Each control is named as the server names its field, so validation
// errors land beside it.
import { h } from "../dom";
import { t } from "../i18n";
import type { Taxon } from "./common";
import { choices, field } from "./editor";

/** The licences the server knows (SPDX identifiers), in the order offered. */
export const LICENCES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-3.0-ES", "CC0-1.0", "EUPL-1.2", "MIT", "Apache-2.0", "public-domain", "all-rights-reserved"];

/** A group the viewer may publish to. */
export interface OwnGroup {
  id: string;
  name: string;
}

/** A case's descriptive fields as the API returns them (its page and its editor read them). */
export interface CaseParticulars {
  formats: string[];
  team: string;
  budget: string;
  tools: string[];
  threats: Taxon[];
  dimensions: Taxon[];
  stage: Taxon;
  startedOn: string | null;
  endedOn: string | null;
  tags: string[];
}

/** What the descriptive fields hold. */
export interface Details {
  formats: string[];
  team: string;
  budget: string;
  tools: string[];
  threats: string[];
  dimensions: string[];
  stage: string;
  startedOn: string;
  endedOn: string;
  tags: string[];
  licence: string;
  visibility: string;
  groupId: string;
}

export const NO_DETAILS: Details = {
  formats: [],
  team: "",
  budget: "",
  tools: [],
  threats: [],
  dimensions: [],
  stage: "running",
  startedOn: "",
  endedOn: "",
  tags: [],
  licence: "CC-BY-4.0",
  visibility: "NETWORK",
  groupId: "",
};

/** A comma-separated list as the server takes it: trimmed, without empty entries. */
export function list(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

function text(name: string, value: string, options: { maxLength?: number; type?: string } = {}): HTMLInputElement {
  const input = h("input", { name, type: options.type ?? "text", maxlength: options.maxLength });
  input.value = value;
  return input;
}

function select(name: string, options: Taxon[], selected: string, empty?: string): HTMLSelectElement {
  return h(
    "select",
    { name },
    empty === undefined ? null : h("option", { value: "" }, empty),
    options.map((o) => h("option", { value: o.code, selected: o.code === selected }, o.label)),
  );
}

/** Formats, team, budget and tools: how the case was run. */
export function howFields(details: Details): HTMLElement {
  return h(
    "fieldset",
    { class: "group-of-fields" },
    h("legend", {}, t("editor.how")),
    field("formats", t("case.formats"), text("formats", details.formats.join(", ")), t("editor.listHint")),
    field("team", t("case.team"), text("team", details.team, { maxLength: 500 })),
    field("budget", t("case.budget"), text("budget", details.budget, { maxLength: 500 })),
    field("tools", t("case.tools"), text("tools", details.tools.join(", ")), t("editor.listHint")),
  );
}

/** Threats addressed, dimensions of public value, stage and period. */
export function frameFields(details: Details, taxonomies: { threats: Taxon[]; dimensions: Taxon[]; stages: Taxon[] }): HTMLElement[] {
  return [
    choices("threats", t("case.threats"), taxonomies.threats, "checkbox", details.threats),
    choices("dimensions", t("case.dimensions"), taxonomies.dimensions, "checkbox", details.dimensions),
    h(
      "div",
      { class: "field-row" },
      field("stage", t("case.stage"), select("stage", taxonomies.stages, details.stage)),
      field("startedOn", t("case.startedOn"), text("startedOn", details.startedOn, { type: "date" })),
      field("endedOn", t("case.endedOn"), text("endedOn", details.endedOn, { type: "date" })),
    ),
  ];
}

/** Tags, licence and audience; the group list appears when "a group" is chosen. */
export function shareFields(details: Details, groups: OwnGroup[]): HTMLElement[] {
  const audiences: Taxon[] = [
    { code: "NETWORK", label: t("editor.visibility.network") },
    { code: "PUBLIC", label: t("editor.visibility.public") },
    { code: "AGENCY", label: t("editor.visibility.agency") },
  ];
  if (groups.length > 0) audiences.push({ code: "GROUP", label: t("editor.visibility.group") });
  const visibility = choices("visibility", t("editor.visibility"), audiences, "radio", [details.visibility]);
  const groupSelect = select(
    "groupId",
    groups.map((g) => ({ code: g.id, label: g.name })),
    details.groupId,
    "—",
  );
  const groupField = field("groupId", t("editor.group"), groupSelect);
  const showGroup = () => {
    const chosen = visibility.querySelector<HTMLInputElement>("input:checked")?.value;
    groupField.hidden = chosen !== "GROUP";
  };
  visibility.addEventListener("change", showGroup);
  showGroup();
  const licences = LICENCES.map((code) => ({ code, label: code === "public-domain" ? t("editor.licence.publicDomain") : code === "all-rights-reserved" ? t("editor.licence.reserved") : code }));
  return [
    field("tags", t("editor.tags"), text("tags", details.tags.join(", ")), t("editor.listHint")),
    field("licence", t("editor.licence"), select("licence", licences, details.licence), t("editor.licenceHint")),
    visibility,
    groupField,
  ];
}

/** Reads the descriptive fields back from the form. */
export function readDetails(values: FormData): Details {
  const value = (name: string) => String(values.get(name) ?? "");
  return {
    formats: list(value("formats")),
    team: value("team"),
    budget: value("budget"),
    tools: list(value("tools")),
    threats: values.getAll("threats").map(String),
    dimensions: values.getAll("dimensions").map(String),
    stage: value("stage") || "running",
    startedOn: value("startedOn"),
    endedOn: value("endedOn"),
    tags: list(value("tags")),
    licence: value("licence") || "CC-BY-4.0",
    visibility: value("visibility") || "NETWORK",
    groupId: value("groupId"),
  };
}

/** The details as the API's input fields (dates and group only when set); only the details, even
 * when given a larger object that holds them. */
export function detailsInput(details: Details): Record<string, unknown> {
  return {
    formats: details.formats,
    team: details.team,
    budget: details.budget,
    tools: details.tools,
    threats: details.threats,
    dimensions: details.dimensions,
    stage: details.stage,
    tags: details.tags,
    licence: details.licence,
    visibility: details.visibility,
    startedOn: details.startedOn || null,
    endedOn: details.endedOn || null,
    groupId: details.visibility === "GROUP" ? details.groupId || null : null,
  };
}
