// Platforms (`/plataformas`): every network agencies rated, with its scorecard on the three
// public-value dimensions (service delivery, social outcomes, trust and legitimacy), narrowed to a
// level of government and a country kept in the address. A platform's page
// (`/plataformas/<code>`) answers "is TikTok still worth it for a city council?": its scorecard
// per dimension with the agencies behind it, how that moved quarter by quarter, what each agency
// said (evidence, dates, superseded ratings marked), the case studies on it, and, for the editors
// and admins of an agency, the form to rate it on their agency's behalf.
import { ApiError, gql } from "../api";
import { h, replace } from "../dom";
import type { PlatformQuery, PlatformsQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { labelLanguage, t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, heading, itemPath, loading } from "./common";
import { ratingForm, type Saved } from "./platform-form";
import { orderedDimensions, scoreText, trendFigure } from "./platform-trend";
import {
  PLATFORMS_PATH,
  agencyCount,
  calendarDay,
  countriesOf,
  filterQuery,
  filtersFrom,
  isStale,
  newestRating,
  platformPath,
  rankScorecards,
  ratesPlatforms,
  ratingHistory,
  scaleShare,
  today,
  unrated,
  yearChange,
  type DimensionSummary,
  type Filters,
  type HistoryEntry,
  type Taxon,
} from "./scorecard";
import { countryName } from "./search";
import { membersOnly, notFoundBody, signedOutNote, signedOutPanel } from "./states";

export { PLATFORMS_PATH, platformCodeOf, platformPath } from "./scorecard";

const SUMMARY = `dimension { code label(language: $lang) } agencies mean median distribution`;
const RATING = `id ratedOn createdAt visibility
  agency { id slug name country level { code label(language: $lang) } }
  scores { dimension { code label(language: $lang) } score justification }
  cases { id title }`;

const LIST = graphql(`query Platforms($level: String, $country: String, $lang: LabelLanguageValue) {
  viewer { signedIn }
  taxonomies { platforms { code label(language: $lang) } levels { code label(language: $lang) } dimensions { code label(language: $lang) } }
  platformScorecards(level: $level, country: $country) {
    platform { code label(language: $lang) } dimensions { ${SUMMARY} } latest { id ratedOn agency { id country } } }
  everywhere: platformScorecards { latest { id agency { id country } } }
}`);

const DETAIL = graphql(`query Platform($platform: String!, $level: String, $country: String, $lang: LabelLanguageValue) {
  viewer { signedIn member { roles } agency { slug name } }
  taxonomies { levels { code label(language: $lang) } dimensions { code label(language: $lang) } }
  platformScorecard(platform: $platform, level: $level, country: $country) {
    platform { code label(language: $lang) } dimensions { ${SUMMARY} } latest { ${RATING} }
    trend { quarterEnd dimensions { ${SUMMARY} } } }
  everywhere: platformScorecard(platform: $platform) { latest { id agency { id country } } }
  platformRatings(platform: $platform, first: 100) { ${RATING} }
  caseStudies(filter: { platform: $platform, level: $level, country: $country }, first: 5) {
    totalCount edges { node { id title agency { name } } } }
}`);

type ListData = PlatformsQuery;
type DetailData = PlatformQuery;

function lang(): string {
  return document.documentElement.lang || "es";
}

/** A calendar day from the API (`2025-06-02`) as a short date, the same day everywhere. */
function day(value: string): string {
  return calendarDay(value, lang());
}

/** A signed change on the scale ("+0,5", "−1,0"). */
function signed(value: number): string {
  return new Intl.NumberFormat(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

/** "organismos de nivel local de España": whose ratings the filters keep, or "" for none. */
function scope(filters: Filters, levels: Taxon[]): string {
  const named = filters.level ? (levels.find((l) => l.code === filters.level)?.label ?? filters.level) : null;
  const level = named?.toLocaleLowerCase(lang()) ?? null;
  const country = filters.country ? countryName(filters.country) : null;
  if (level && country) return t("platforms.scope.both", { level, country });
  if (level) return t("platforms.scope.level", { level });
  if (country) return t("platforms.scope.country", { country });
  return "";
}

/** A bar on its track, `share` (0..1) of it filled, or the track alone; decorative (its value is written beside it). */
function bar(className: string, share: number | null): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const root = document.createElementNS(ns, "svg");
  root.setAttribute("class", className);
  root.setAttribute("aria-hidden", "true");
  root.setAttribute("focusable", "false");
  const rect = (cls: string, width: string) => {
    const element = document.createElementNS(ns, "rect");
    for (const [name, value] of Object.entries({ class: cls, x: "0", y: "0", width, height: "100%", rx: "3" })) element.setAttribute(name, value);
    root.append(element);
  };
  rect("chart-track", "100%");
  // A hair of bar for the smallest value, so the bar visibly starts at the scale's start.
  if (share !== null) rect("score-fill", `${Math.max(1.5, share * 100).toFixed(1)}%`);
  return root;
}

/** The word for a score on the scale (1 "no public value" … 5 "essential"). */
export function scoreWord(score: number): string {
  const rounded = Math.min(5, Math.max(1, Math.round(score)));
  return t(`platforms.score.${rounded}` as Key);
}

/** The filter form: level of government and country, applied through the address. */
function filterForm(filters: Filters, levels: Taxon[], countries: string[], base: string, go: (path: string) => void): HTMLElement {
  const level = h(
    "select",
    { id: "platforms-level", name: "nivel" },
    h("option", { value: "" }, t("platforms.filter.anyLevel")),
    levels.map((l) => h("option", { value: l.code, selected: l.code === filters.level }, l.label)),
  );
  const country = h(
    "select",
    { id: "platforms-country", name: "pais" },
    h("option", { value: "" }, t("platforms.filter.anyCountry")),
    countries
      .map((code) => ({ code, name: countryName(code) }))
      .sort((a, b) => a.name.localeCompare(b.name, lang()))
      .map(({ code, name }) => h("option", { value: code, selected: code === filters.country }, name)),
  );
  const filtered = Boolean(filters.level || filters.country);
  return h(
    "form",
    {
      class: "platform-filters",
      action: base,
      method: "get",
      "aria-label": t("platforms.filter.title"),
      onsubmit: (event: Event) => {
        event.preventDefault();
        go(`${base}${filterQuery({ level: level.value || null, country: country.value || null })}`);
      },
    },
    h("div", { class: "field" }, h("label", { for: "platforms-level" }, t("facet.level")), level),
    h("div", { class: "field" }, h("label", { for: "platforms-country" }, t("facet.country")), country),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t("platforms.filter.apply")), filtered ? h("a", { href: base }, t("platforms.filter.clear")) : null),
  );
}

/** One dimension on a card: its label, a bar on the 1..5 scale, the mean and the agencies behind it. */
function cardRow(summary: DimensionSummary): HTMLElement {
  const rated = summary.mean !== null && summary.agencies > 0;
  return h(
    "div",
    { class: `score-row${rated ? "" : " unscored"}` },
    h("dt", {}, summary.dimension.label),
    h(
      "dd",
      {},
      bar("score-bar", rated ? scaleShare(summary.mean) : null),
      rated
        ? h("span", { class: "score-value" }, scoreText(summary.mean!), h("span", { class: "score-of" }, ` ${t("platforms.outOf")}`))
        : h("span", { class: "score-none" }, t("platforms.noScore")),
      rated ? h("span", { class: "score-count" }, t("platforms.agencies", { count: summary.agencies })) : null,
    ),
  );
}

function platformCard(card: ListData["platformScorecards"][number], dimensions: Taxon[], filters: Filters): HTMLElement {
  const newest = newestRating(card.latest);
  const byCode = new Map(card.dimensions.map((d) => [d.dimension.code, d]));
  return h(
    "li",
    { class: "card platform-card" },
    h("h3", {}, h("a", { href: platformPath(card.platform.code, filters) }, card.platform.label)),
    h("p", { class: "meta" }, t("platforms.ratedBy", { count: agencyCount(card) }), newest ? ` · ${t("platforms.newest", { date: day(newest) })}` : null),
    h(
      "dl",
      { class: "score-rows" },
      dimensions.map((d) => cardRow(byCode.get(d.code) ?? { dimension: d, agencies: 0, mean: null, median: null, distribution: [] })),
    ),
  );
}

/** How to read the scores: the scale and what counts. */
function scaleNote(): HTMLElement {
  return h("p", { class: "help scale-note" }, t("platforms.scale"));
}

export async function platforms(main: HTMLElement, params: URLSearchParams, go: (path: string) => void): Promise<void> {
  document.title = `${t("platforms.title")} · Plaza`;
  const title = heading(t("platforms.title"));
  const filters = filtersFrom(params);
  replace(main, title, loading());
  let data: ListData;
  try {
    data = await gql(LIST, { level: filters.level, country: filters.country, lang: labelLanguage() });
  } catch (error) {
    // A level of government the API does not know: show them all.
    if (error instanceof ApiError && error.field === "level" && filters.level) return platforms(main, new URLSearchParams(filterQuery({ ...filters, level: null })), go);
    replace(main, title, failure(error));
    return;
  }
  const dimensions = orderedDimensions(data.taxonomies.dimensions);
  const cards = rankScorecards(data.platformScorecards);
  const countries = countriesOf(data.everywhere.flatMap((card) => card.latest), filters.country);
  const within = scope(filters, data.taxonomies.levels);
  const others = unrated(data.taxonomies.platforms, cards);
  const filtered = Boolean(filters.level || filters.country);
  const empty = h(
    "div",
    { class: "empty-state", role: "status" },
    h("p", {}, filtered ? t("platforms.emptyFiltered", { scope: within }) : data.viewer.signedIn ? t("platforms.empty") : t("platforms.emptyPublic")),
    filtered ? h("p", {}, h("a", { href: PLATFORMS_PATH }, t("platforms.filter.clear"))) : null,
  );
  replace(
    main,
    title,
    h("p", { class: "lead" }, t("platforms.intro")),
    filterForm(filters, data.taxonomies.levels, countries, PLATFORMS_PATH, go),
    h(
      "section",
      { "aria-labelledby": "platforms-rated" },
      h("h2", { id: "platforms-rated", class: "visually-hidden" }, t("platforms.rated")),
      h("p", { class: "result-line", role: "status" }, cards.length ? t("platforms.count", { count: cards.length }) : "", cards.length && within ? ` · ${t("platforms.showing", { scope: within })}` : ""),
      cards.length ? [scaleNote(), h("ul", { class: "cards platform-cards" }, cards.map((card) => platformCard(card, dimensions, filters)))] : empty,
    ),
    data.viewer.signedIn ? null : signedOutPanel("signedOut.platforms", location.pathname + location.search, "platforms-signed-out"),
    others.length
      ? h(
          "section",
          { class: "unrated", "aria-labelledby": "platforms-unrated" },
          h("h2", { id: "platforms-unrated" }, t("platforms.unrated")),
          h("p", { class: "help" }, t(data.viewer.signedIn ? "platforms.unratedHint" : "platforms.unratedHintPublic")),
          h("ul", { class: "tag-links" }, others.map((p) => h("li", {}, h("a", { href: platformPath(p.code, filters), class: "tag" }, p.label)))),
        )
      : null,
  );
}

/** A dimension's tile: the mean on the scale, in words, its spread and how it moved in a year. */
function dimensionTile(summary: DimensionSummary, change: number | null): HTMLElement {
  const rated = summary.mean !== null && summary.agencies > 0;
  const id = `dimension-${summary.dimension.code}`;
  return h(
    "li",
    { class: "dimension-tile", "aria-labelledby": id },
    h("h3", { id }, summary.dimension.label),
    rated
      ? [
          h("p", { class: "score-big" }, h("span", { class: "figure" }, scoreText(summary.mean!)), " ", h("span", { class: "of" }, t("platforms.outOf"))),
          h("p", { class: "score-word" }, scoreWord(summary.mean!)),
          h(
            "p",
            { class: "meta" },
            t("platforms.meanOf", { count: summary.agencies }),
            summary.median !== null ? ` · ${t("platforms.median", { median: scoreText(summary.median) })}` : "",
          ),
          change === null
            ? null
            : h(
                "p",
                { class: `change ${change > 0 ? "up" : change < 0 ? "down" : "flat"}` },
                h("span", { "aria-hidden": "true" }, change > 0 ? "▲ " : change < 0 ? "▼ " : "■ "),
                change === 0 ? t("platforms.change.flat") : t("platforms.change", { change: signed(change) }),
              ),
          distribution(summary),
        ]
      : h("p", { class: "score-none" }, t("platforms.dimensionUnrated")),
  );
}

/** How many agencies gave each score, 5 down to 1, as labelled bars. */
function distribution(summary: DimensionSummary): HTMLElement {
  const total = Math.max(1, summary.agencies);
  return h(
    "dl",
    { class: "distribution", "aria-label": t("platforms.distribution") },
    [5, 4, 3, 2, 1].map((score) => {
      const count = summary.distribution[score - 1] ?? 0;
      return h(
        "div",
        {},
        h("dt", {}, h("span", { class: "score-number" }, String(score)), h("span", { class: "visually-hidden" }, ` — ${t(`platforms.score.${score}` as Key)}`)),
        h(
          "dd",
          {},
          bar("distribution-bar", count ? count / total : null),
          h("span", { class: "distribution-count" }, h("span", { "aria-hidden": "true" }, String(count)), h("span", { class: "visually-hidden" }, t("platforms.agencies", { count }))),
        ),
      );
    }),
  );
}

const VISIBILITY: Record<string, Key> = { PUBLIC: "editor.visibility.public", NETWORK: "editor.visibility.network", AGENCY: "editor.visibility.agency" };

/** One agency's rating: who, when, for whom, each dimension with its evidence, the cases behind it. */
function ratingItem(entry: HistoryEntry, highlighted: string | null): HTMLElement {
  const { rating, status } = entry;
  const agency = rating.agency;
  const fresh = rating.id === highlighted;
  return h(
    "li",
    { class: `rating${status === "current" ? "" : ` ${status}`}${fresh ? " fresh" : ""}`, id: `rating-${rating.id}` },
    h(
      "div",
      { class: "rating-head" },
      agency
        ? h(
            "p",
            { class: "kicker" },
            h("span", { class: "level" }, h("span", { class: "visually-hidden" }, `${t("facet.level")}: `), agency.level.label),
            " ",
            h("span", {}, h("span", { class: "visually-hidden" }, `${t("facet.country")}: `), countryName(agency.country)),
          )
        : null,
      h("h3", {}, agency ? h("a", { href: `/organismos/${encodeURIComponent(agency.slug)}` }, agency.name) : t("platforms.someAgency")),
      h(
        "p",
        { class: "meta" },
        t("platforms.ratedOn", { date: day(rating.ratedOn) }),
        " · ",
        t("platforms.enteredOn", { date: day(rating.createdAt.slice(0, 10)) }),
        " · ",
        h("span", { class: "visibility" }, `${t("platforms.visibleTo")}: ${t(VISIBILITY[rating.visibility] ?? "editor.visibility.network")}`),
      ),
      fresh ? h("p", { class: "rating-status fresh-note" }, t("platforms.yours")) : null,
      status === "superseded" ? h("p", { class: "rating-status superseded-note" }, t("platforms.superseded")) : null,
      status === "partly" ? h("p", { class: "rating-status superseded-note" }, t("platforms.partly")) : null,
    ),
    h(
      "dl",
      { class: "rating-scores" },
      rating.scores.map((score) =>
        h(
          "div",
          {},
          h("dt", {}, score.dimension.label),
          h(
            "dd",
            {},
            h(
              "p",
              { class: "rating-score" },
              h("span", { class: "score-pill" }, t("platforms.scoreOf", { score: score.score })),
              " ",
              h("span", { class: "score-word" }, t(`platforms.score.${Math.min(5, Math.max(1, score.score))}` as Key)),
              status === "partly" && !entry.counting.includes(score.dimension.code) ? [" ", h("span", { class: "score-superseded" }, t("platforms.scoreSuperseded"))] : null,
            ),
            h("p", { class: "justification" }, score.justification),
          ),
        ),
      ),
    ),
    rating.cases.length
      ? h(
          "p",
          { class: "rating-cases" },
          h("span", { class: "tags-label" }, `${t("platforms.cases")}: `),
          rating.cases.flatMap((c, i) => [i ? ", " : "", h("a", { href: itemPath("CaseStudy", c.id) }, c.title)]),
        )
      : null,
  );
}

/** The case studies on the platform (as filtered), with the way to all of them in search. */
function casesSection(data: DetailData, code: string, filters: Filters): HTMLElement | null {
  const { totalCount, edges } = data.caseStudies;
  if (totalCount === 0) return null;
  const query = [`plataforma:${code}`, filters.level ? `nivel:${filters.level}` : "", filters.country ? `pais:${filters.country.toLowerCase()}` : ""].filter(Boolean).join(" ");
  return h(
    "section",
    { "aria-labelledby": "platform-cases" },
    h("h2", { id: "platform-cases" }, t("platforms.casesTitle", { platform: data.platformScorecard.platform.label })),
    h("ul", { class: "case-links" }, edges.map(({ node }) => h("li", {}, h("a", { href: itemPath("CaseStudy", node.id) }, node.title), node.agency ? h("span", { class: "meta" }, ` · ${node.agency.name}`) : null))),
    totalCount > edges.length ? h("p", {}, h("a", { href: `/buscar?q=${encodeURIComponent(query)}` }, t("platforms.allCases", { count: totalCount }))) : null,
  );
}

/** The platform's page. `saved` is the rating just entered from it, shown as such. */
export async function platform(main: HTMLElement, code: string, params: URLSearchParams, go: (path: string) => void, saved: Saved | null = null): Promise<void> {
  const filters = filtersFrom(params);
  const back = h("p", { class: "back" }, h("a", { href: `${PLATFORMS_PATH}${filterQuery(filters)}` }, `← ${t("platforms.all")}`));
  replace(main, back, heading(t("platforms.title")), loading());
  let data: DetailData;
  try {
    data = await gql(DETAIL, { platform: code, level: filters.level, country: filters.country, lang: labelLanguage() });
  } catch (error) {
    if (error instanceof ApiError && error.code === "BAD_USER_INPUT" && error.field === "platform") {
      document.title = `${t("notFound")} · Plaza`;
      replace(main, back, heading(t("platforms.unknown")), h("p", {}, t("platforms.unknownWhy")), notFoundBody(null));
      return;
    }
    if (error instanceof ApiError && error.field === "level" && filters.level) return platform(main, code, new URLSearchParams(filterQuery({ ...filters, level: null })), go, saved);
    replace(main, back, heading(t("platforms.title")), failure(error));
    return;
  }
  const card = data.platformScorecard;
  const name = card.platform.label;
  document.title = `${name} · ${t("platforms.title")} · Plaza`;
  const path = platformPath(code, filters);
  const base = `${PLATFORMS_PATH}/${encodeURIComponent(code)}`;
  const dimensions = orderedDimensions(data.taxonomies.dimensions);
  const within = scope(filters, data.taxonomies.levels);
  const history = ratingHistory(card.latest, data.platformRatings, filters);
  const newest = newestRating(card.latest);
  const count = agencyCount(card);
  const byCode = new Map(card.dimensions.map((d) => [d.dimension.code, d]));
  const canRate = data.viewer.signedIn && ratesPlatforms(data.viewer.member?.roles) && data.viewer.agency !== null;
  const rerender = (rating: Saved) => platform(main, code, params, go, rating);

  const summary = h(
    "section",
    { class: "scorecard", "aria-labelledby": "scorecard-title" },
    h("h2", { id: "scorecard-title" }, t("platforms.scorecard")),
    count
      ? [
          h(
            "p",
            { class: "scorecard-line" },
            t("platforms.summary", { count, platform: name }),
            newest ? ` · ${t("platforms.newest", { date: day(newest) })}` : "",
          ),
          within ? h("p", { class: "meta" }, t("platforms.showing", { scope: within })) : null,
          isStale(newest, today()) ? h("p", { class: "warning", role: "note" }, t("platforms.stale")) : null,
          scaleNote(),
          h("ul", { class: "dimension-tiles" }, dimensions.map((d) => dimensionTile(byCode.get(d.code) ?? { dimension: d, agencies: 0, mean: null, median: null, distribution: [] }, yearChange(card.trend, d.code)))),
        ]
      : h(
          "div",
          { class: "empty-state", role: "status" },
          h("p", {}, within ? t("platforms.noneFiltered", { platform: name, scope: within }) : t(data.viewer.signedIn ? "platforms.none" : "platforms.nonePublic", { platform: name })),
          within ? h("p", {}, h("a", { href: base }, t("platforms.filter.clear"))) : null,
        ),
  );

  const trend =
    card.trend.length > 1
      ? h(
          "section",
          { "aria-labelledby": "trend-title" },
          h("h2", { id: "trend-title" }, t("platforms.trend")),
          h("p", { class: "help" }, t("platforms.trend.help")),
          trendFigure(card.trend, dimensions, t("platforms.trend.caption", { platform: name }) + (within ? ` (${within})` : "")),
        )
      : null;

  const ratings = h(
    "section",
    { "aria-labelledby": "ratings-title" },
    h("h2", { id: "ratings-title" }, t("platforms.ratings")),
    history.length
      ? [
          h("p", { class: "help" }, t("platforms.ratings.help")),
          h("ol", { class: "ratings" }, history.map((entry) => ratingItem(entry, saved?.id ?? null))),
        ]
      : h("p", { class: "empty" }, t("platforms.ratings.none")),
    data.viewer.signedIn ? null : signedOutNote("signedOut.platformRatings", path),
  );

  const rate = h(
    "section",
    { class: "rate", id: "valorar", "aria-labelledby": "rate-title" },
    h("h2", { id: "rate-title" }, t("platforms.rate.title", { platform: name })),
    !data.viewer.signedIn
      ? h("div", { class: "panel signed-out" }, membersOnly("signedOut.rate", path))
      : !canRate
        ? h("p", { class: "help" }, t("platforms.rate.editorsOnly", { agency: data.viewer.agency?.name ?? "" }))
        : ratingForm({
            platform: card.platform,
            agency: data.viewer.agency!,
            dimensions,
            saved,
            savedListed: history.some((entry) => entry.rating.id === saved?.id),
            onSaved: rerender,
          }),
  );

  replace(
    main,
    back,
    heading(name),
    h("p", { class: "lead" }, t("platforms.detailIntro", { platform: name })),
    canRate ? h("p", { class: "item-actions" }, h("a", { href: "#valorar", class: "button-link" }, t("platforms.rate.jump", { platform: name }))) : null,
    filterForm(filters, data.taxonomies.levels, countriesOf(data.everywhere.latest, filters.country), base, go),
    summary,
    trend,
    ratings,
    casesSection(data, code, filters),
    rate,
  );
  if (saved) document.getElementById("rating-saved")?.focus();
}

/** A case's platforms as links to their scorecards ("Plataformas: WhatsApp · TikTok"). */
export function platformTags(label: string, taxa: Taxon[]): HTMLElement | null {
  if (taxa.length === 0) return null;
  return h(
    "p",
    { class: "tags" },
    h("span", { class: "tags-label" }, `${label}: `),
    taxa.map((taxon) => h("a", { href: platformPath(taxon.code), class: "tag tag-link" }, taxon.label)),
  );
}
