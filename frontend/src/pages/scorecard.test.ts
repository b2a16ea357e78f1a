import { describe, expect, it } from "vitest";
import {
  agencyCount,
  calendarDay,
  countriesOf,
  filterQuery,
  filtersFrom,
  formField,
  isStale,
  linePath,
  newestRating,
  platformCodeOf,
  platformPath,
  quarterOf,
  rankScorecards,
  ratesPlatforms,
  ratingHistory,
  ratingInput,
  scaleShare,
  spreadLabels,
  trendGeometry,
  unrated,
  xAt,
  yAt,
  yearChange,
  type Rating,
  type RatingDraft,
  type TrendPoint,
} from "./scorecard";

const LOCAL = { code: "local", label: "Local" };
const REGIONAL = { code: "regional", label: "Regional" };

function rating(id: string, agency: string, ratedOn: string, options: { level?: typeof LOCAL; country?: string; createdAt?: string } = {}): Rating {
  return {
    id,
    agency: { id: agency, slug: agency, name: agency, level: options.level ?? LOCAL, country: options.country ?? "ES" },
    ratedOn,
    createdAt: options.createdAt ?? `${ratedOn}T10:00:00Z`,
    visibility: "PUBLIC",
    scores: [],
    cases: [],
  };
}

function point(quarterEnd: string, means: Record<string, number | null>): TrendPoint {
  return {
    quarterEnd,
    dimensions: Object.entries(means).map(([code, mean]) => ({ dimension: { code, label: code }, agencies: mean === null ? 0 : 1, mean, median: mean, distribution: [] })),
  };
}

describe("filters in the address", () => {
  it("reads a level and a country, ignoring what is malformed", () => {
    expect(filtersFrom(new URLSearchParams("nivel=local&pais=es"))).toEqual({ level: "local", country: "ES" });
    expect(filtersFrom(new URLSearchParams("nivel=<script>&pais=España"))).toEqual({ level: null, country: null });
    expect(filtersFrom(new URLSearchParams(""))).toEqual({ level: null, country: null });
  });

  it("writes them back, and platform pages keep them", () => {
    expect(filterQuery({ level: "local", country: "AR" })).toBe("?nivel=local&pais=AR");
    expect(filterQuery({ level: null, country: null })).toBe("");
    expect(platformPath("tiktok", { level: "local", country: null })).toBe("/plataformas/tiktok?nivel=local");
    expect(platformPath("x")).toBe("/plataformas/x");
  });

  it("finds the platform code of a platform page", () => {
    expect(platformCodeOf("/plataformas/TikTok")).toBe("tiktok");
    expect(platformCodeOf("/plataformas/tiktok/")).toBe("tiktok");
    expect(platformCodeOf("/plataformas")).toBeNull();
    expect(platformCodeOf("/plataformas/a/b")).toBeNull();
  });
});

describe("the list of platforms", () => {
  const cards = [
    { platform: { code: "x", label: "X" }, latest: [rating("1", "a", "2025-01-01")] },
    { platform: { code: "tiktok", label: "TikTok" }, latest: [rating("2", "a", "2024-01-01"), rating("3", "b", "2025-03-01")] },
    { platform: { code: "instagram", label: "Instagram" }, latest: [rating("4", "c", "2024-05-01")] },
  ];

  it("puts the platforms with most agencies behind them first, ties in the API's order", () => {
    expect(rankScorecards(cards).map((c) => c.platform.code)).toEqual(["tiktok", "x", "instagram"]);
    expect(agencyCount(cards[1]!)).toBe(2);
  });

  it("says when the newest rating was made", () => {
    expect(newestRating(cards[1]!.latest)).toBe("2025-03-01");
    expect(newestRating([])).toBeNull();
  });

  it("lists the platforms nobody rated (but not `other`)", () => {
    const taxonomy = ["x", "tiktok", "instagram", "mastodon", "other"].map((code) => ({ code, label: code }));
    expect(unrated(taxonomy, cards).map((p) => p.code)).toEqual(["mastodon"]);
  });

  it("offers the countries of the rating agencies, and keeps the one chosen", () => {
    const ratings = [rating("1", "a", "2025-01-01", { country: "es" }), rating("2", "b", "2025-01-01", { country: "AR" }), rating("3", "c", "2025-01-01", { country: "ES" })];
    expect(countriesOf(ratings)).toEqual(["AR", "ES"]);
    expect(countriesOf(ratings, "BR")).toEqual(["AR", "BR", "ES"]);
  });
});

describe("a platform's ratings", () => {
  const scored = (r: Rating, ...codes: string[]): Rating => ({ ...r, scores: codes.map((code) => ({ dimension: { code, label: code }, score: 3, justification: "j" })) });
  const earlier = scored(rating("old", "vallverde", "2023-06-15"), "service_delivery", "social_outcomes");
  const latestVallverde = scored(rating("new", "vallverde", "2025-05-20"), "service_delivery");
  const regional = scored(rating("reg", "generalitat", "2025-06-01", { level: REGIONAL }), "service_delivery");
  const sameDay = scored(rating("later-entry", "sierra", "2025-05-20", { createdAt: "2025-05-21T09:00:00Z" }), "trust_legitimacy");
  const first = scored(rating("first", "vallverde", "2022-01-10"), "social_outcomes");

  it("lists every rating newest first, with the scores of each that still count", () => {
    const history = ratingHistory([latestVallverde, sameDay], [latestVallverde, earlier, sameDay, first], { level: null, country: null });
    expect(history.map((e) => [e.rating.id, e.status, e.counting])).toEqual([
      ["later-entry", "current", ["trust_legitimacy"]],
      ["new", "current", ["service_delivery"]],
      // Rated again on service delivery only: its social outcomes score still counts.
      ["old", "partly", ["social_outcomes"]],
      ["first", "superseded", []],
    ]);
  });

  it("keeps only the agencies the filters ask for, and never loses a latest rating", () => {
    const history = ratingHistory([latestVallverde], [regional, earlier], { level: "local", country: "ES" });
    expect(history.map((e) => e.rating.id)).toEqual(["new", "old"]);
  });
});

describe("the trend", () => {
  const trend = [
    point("2024-03-31", { service_delivery: 3, trust_legitimacy: null }),
    point("2024-06-30", { service_delivery: 3, trust_legitimacy: null }),
    point("2024-09-30", { service_delivery: 3.5, trust_legitimacy: 2 }),
    point("2024-12-31", { service_delivery: 4, trust_legitimacy: 2 }),
    point("2025-03-31", { service_delivery: 4.25, trust_legitimacy: 2 }),
  ];

  it("measures the change over a year (four quarters)", () => {
    expect(yearChange(trend, "service_delivery")).toBe(1.3);
    expect(yearChange(trend, "trust_legitimacy")).toBeNull();
    expect(yearChange(trend.slice(0, 4), "service_delivery")).toBeNull();
  });

  it("warns when the newest rating is over a year old", () => {
    expect(isStale("2024-06-10", "2025-06-11")).toBe(true);
    expect(isStale("2025-02-10", "2025-06-11")).toBe(false);
    expect(isStale(null, "2025-06-11")).toBe(false);
  });

  it("names quarters by their last day", () => {
    expect(quarterOf("2025-06-30")).toEqual({ quarter: 2, year: 2025 });
    expect(quarterOf("2023-12-31")).toEqual({ quarter: 4, year: 2023 });
  });

  it("draws the 1..5 scale from the bottom of the plot to its top", () => {
    const geometry = trendGeometry(5);
    expect(geometry.width).toBe(640);
    expect(yAt(geometry, 5)).toBe(geometry.top);
    expect(yAt(geometry, 1)).toBe(geometry.height - geometry.bottom);
    expect(xAt(geometry, 0, 5)).toBe(geometry.left);
    expect(xAt(geometry, 4, 5)).toBe(geometry.width - geometry.right);
    expect(scaleShare(3)).toBe(0.5);
    expect(scaleShare(null)).toBe(0);
  });

  it("grows wider than 640 when the quarters would crowd", () => {
    expect(trendGeometry(40).step).toBe(36);
    expect(trendGeometry(40).width).toBe(40 + 64 + 36 * 39);
  });

  it("breaks a line where a quarter has no score", () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 10, y: 20 }, { x: 20, y: null }, { x: 30, y: 5 }, { x: 40, y: 6 }])).toBe("M0 10 L10 20 M30 5 L40 6");
    expect(linePath([{ x: 0, y: null }])).toBe("");
  });

  it("moves the end labels apart when lines end at the same height", () => {
    expect(spreadLabels([100, 100, 50], 15)).toEqual([100, 115, 50]);
    expect(spreadLabels([10, 60], 15)).toEqual([10, 60]);
    // Near the bottom of the plot they stack upwards instead.
    expect(spreadLabels([200, 200, 200], 15, 200)).toEqual([170, 185, 200]);
  });
});

describe("the rating form", () => {
  it("is offered to an agency's editors and admins (the server checks again)", () => {
    expect(ratesPlatforms(["member", "editor"])).toBe(true);
    expect(ratesPlatforms(["agency_admin"])).toBe(true);
    expect(ratesPlatforms(["member", "moderator", "network_admin"])).toBe(false);
    expect(ratesPlatforms(undefined)).toBe(false);
  });

  const draft = (entries: [string, string, string][], ratedOn = "2025-06-01"): RatingDraft => ({
    platform: "tiktok",
    ratedOn,
    visibility: "NETWORK",
    entries: entries.map(([dimension, score, justification]) => ({ dimension, score, justification })),
    caseStudyIds: [],
  });

  it("sends the dimensions scored, with their evidence, and leaves out the others", () => {
    const result = ratingInput(draft([["service_delivery", "4", " Bajaron las llamadas. "], ["social_outcomes", "", ""], ["trust_legitimacy", "2", "Comentarios hostiles."]]), "2025-06-11");
    expect(result).toEqual({
      input: {
        platform: "tiktok",
        ratedOn: "2025-06-01",
        scores: [
          { dimension: "service_delivery", score: 4, justification: "Bajaron las llamadas." },
          { dimension: "trust_legitimacy", score: 2, justification: "Comentarios hostiles." },
        ],
        caseStudyIds: [],
        visibility: "NETWORK",
      },
    });
  });

  it("points at the field to fix: evidence missing, a score missing, nothing rated, a future day", () => {
    expect(ratingInput(draft([["service_delivery", "4", "  "]]), "2025-06-11")).toEqual({ problem: { field: "scores.service_delivery.justification", key: "platforms.form.needsEvidence" } });
    expect(ratingInput(draft([["social_outcomes", "", "Texto"]]), "2025-06-11")).toEqual({ problem: { field: "scores.social_outcomes.score", key: "platforms.form.needsScore" } });
    expect(ratingInput(draft([["service_delivery", "", ""]]), "2025-06-11")).toEqual({ problem: { field: "scores", key: "platforms.form.noScore" } });
    expect(ratingInput(draft([["service_delivery", "3", "x"]], "2025-07-01"), "2025-06-11")).toEqual({ problem: { field: "ratedOn", key: "platforms.form.future" } });
  });

  it("finds the form's field of a server error on a numbered score", () => {
    const sent = [
      { dimension: "service_delivery", score: 4, justification: "a" },
      { dimension: "trust_legitimacy", score: 9, justification: "b" },
    ];
    expect(formField("input.scores.1.score", sent)).toBe("scores.trust_legitimacy.score");
    expect(formField("input.scores.0", sent)).toBe("scores.service_delivery");
    expect(formField("input.scores.7.score", sent)).toBe("scores");
    expect(formField("input.ratedOn", sent)).toBe("ratedOn");
  });

  it("writes a rating's day the same everywhere", () => {
    expect(calendarDay("2025-06-02", "en")).toBe("Jun 2, 2025");
  });
});
