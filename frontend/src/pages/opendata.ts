// `/datos`: the open data the network publishes — each dataset with its description, last
// change and downloads (CSV, JSON), and the DCAT-AP catalogue that data portals harvest. The
// page reads the server's catalogue itself, so what it shows and what portals harvest agree.
import { ApiError } from "../api";
import { h, replace } from "../dom";
import { language, t } from "../i18n";
import { date, failure, heading, loading } from "./common";

/** The catalogue's address (JSON-LD), and its Turtle twin. */
export const CATALOGUE = "/datos/catalogo.jsonld";
export const CATALOGUE_TURTLE = "/datos/catalogo.ttl";

/** One dataset as the page shows it. */
export interface DatasetView {
  id: string;
  title: string;
  description: string;
  modified: string | null;
  downloads: { format: string; url: string }[];
}

type Literal = { "@value"?: string; "@language"?: string; "@id"?: string } | string;

function all(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a property in `lang`, else in Spanish, else the first one. */
function text(value: unknown, lang: string): string {
  const literals = all(value) as Literal[];
  const inLanguage = (code: string) => literals.find((l) => typeof l === "object" && l["@language"] === code);
  const chosen = inLanguage(lang) ?? inLanguage("es") ?? literals[0];
  if (chosen === undefined) return "";
  return typeof chosen === "string" ? chosen : (chosen["@value"] ?? "");
}

/** Where a file's address (its `@id`) ends: the format the page names ("CSV"). */
function formatOf(url: string): string {
  return (url.split(".").pop() ?? "").toUpperCase();
}

/** The datasets of a catalogue (DCAT-AP JSON-LD, as the server writes it), texts in `lang`. */
export function datasetsOf(catalogue: unknown, lang: string): DatasetView[] {
  const root = (catalogue ?? {}) as Record<string, unknown>;
  return all(root["dcat:dataset"]).map((raw) => {
    const dataset = raw as Record<string, unknown>;
    const modified = all(dataset["dct:modified"])[0] as Literal | undefined;
    return {
      id: String(dataset["@id"] ?? ""),
      title: text(dataset["dct:title"], lang),
      description: text(dataset["dct:description"], lang),
      modified: modified === undefined ? null : typeof modified === "string" ? modified : (modified["@value"] ?? null),
      downloads: all(dataset["dcat:distribution"])
        .map((d) => ((d as Record<string, Literal>)["dcat:downloadURL"] as { "@id"?: string } | undefined)?.["@id"] ?? "")
        .filter((url) => url !== "")
        .map((url) => ({ format: formatOf(url), url: new URL(url, "http://x").pathname })),
    };
  });
}

function datasetCard(dataset: DatasetView, index: number): HTMLElement {
  const headingId = `dataset-${index}`;
  return h(
    "article",
    { class: "panel dataset", "aria-labelledby": headingId },
    h("h2", { id: headingId }, dataset.title),
    h("p", {}, dataset.description),
    h("p", { class: "meta" }, dataset.modified ? t("openData.updated", { date: date(dataset.modified) }) : t("openData.empty")),
    h(
      "ul",
      { class: "downloads", "aria-label": t("openData.downloads", { dataset: dataset.title }) },
      dataset.downloads.map((download) =>
        h("li", {}, h("a", { href: download.url, class: "button secondary", download: "" }, t("openData.download", { format: download.format }))),
      ),
    ),
  );
}

/** `/datos`. */
export async function openData(main: HTMLElement): Promise<void> {
  document.title = `${t("nav.openData")} · Plaza`;
  const title = heading(t("nav.openData"));
  replace(main, title, loading());
  let catalogue: unknown;
  try {
    const response = await fetch(CATALOGUE, { headers: { accept: "application/ld+json" } });
    if (!response.ok) throw new ApiError(t("openData.unavailable"), response.status >= 500 ? "UNAVAILABLE" : undefined, undefined);
    catalogue = await response.json();
  } catch (error) {
    const reason = error instanceof ApiError ? error : new ApiError(String(error), "NETWORK", undefined);
    replace(main, title, h("p", {}, t("openData.intro")), failure(reason));
    return;
  }
  const datasets = datasetsOf(catalogue, language());
  replace(
    main,
    title,
    h("p", { class: "lead" }, t("openData.intro")),
    h("p", {}, t("openData.rows")),
    h("div", { class: "datasets" }, datasets.map(datasetCard)),
    h(
      "section",
      { class: "panel", "aria-labelledby": "catalogue-heading" },
      h("h2", { id: "catalogue-heading" }, t("openData.catalogue")),
      h("p", {}, t("openData.catalogueText")),
      h(
        "ul",
        {},
        h("li", {}, h("a", { href: CATALOGUE, type: "application/ld+json" }, t("openData.jsonld"))),
        h("li", {}, h("a", { href: CATALOGUE_TURTLE, type: "text/turtle" }, t("openData.turtle"))),
      ),
    ),
  );
}
