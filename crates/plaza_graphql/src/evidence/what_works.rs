//! "What works": the median and spread of outcome changes over readable, published cases.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use plaza_domain::evidence::{Breakdown, MIN_CASES, WhatWorksFilter, WhatWorksGroup, what_works};
use plaza_domain::policy::ReadScope;
use plaza_domain::taxonomy::{Level, MetricKind, Objective, Platform};

use crate::case_study::{CaseStudyNode, load_cases};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::taxonomy::{IntoTaxon, Taxon};

use crate::taxonomy::DirectionValue;

/// Most cases listed under one group.
const GROUP_CASES_MAX: usize = 50;

/// What a "what works" question narrows to. Codes are those of `taxonomies`.
#[derive(Debug, Clone, Default, InputObject)]
pub struct WhatWorksFilterInput {
    /// Only this metric kind (`phone_calls`…).
    pub metric_kind: Option<String>,
    /// Only cases that used this platform.
    pub platform: Option<String>,
    /// Only cases with this objective.
    pub objective: Option<String>,
    /// Only agencies at this level of government.
    pub level: Option<String>,
    /// Only agencies in this country (ISO code).
    pub country: Option<String>,
    /// Only results measured over a period ending on or after this day (`2024-01-01`: results
    /// of 2024 on).
    pub since: Option<crate::scalars::Date>,
    /// Only cases that used this format (as their authors wrote it; case and spacing aside).
    pub format: Option<String>,
}

impl WhatWorksFilterInput {
    fn parse(&self) -> ApiResult<WhatWorksFilter> {
        fn code<T>(
            raw: &Option<String>,
            field: &str,
            parse: impl Fn(&str) -> Result<T, plaza_domain::ValidationError>,
        ) -> ApiResult<Option<T>> {
            raw.as_deref()
                .map(|value| parse(value.trim()).map_err(|e| ApiError::invalid_at(&format!("filter.{field}"), e)))
                .transpose()
        }
        Ok(WhatWorksFilter {
            kind: code(&self.metric_kind, "metricKind", MetricKind::parse)?,
            platform: code(&self.platform, "platform", Platform::parse)?,
            objective: code(&self.objective, "objective", Objective::parse)?,
            level: code(&self.level, "level", Level::parse)?,
            country: self.country.as_deref().map(|c| c.trim().to_ascii_uppercase()),
            since: self.since.as_ref().map(|date| date.0),
            format: self
                .format
                .as_deref()
                .map(plaza_domain::evidence::format_key)
                .filter(|format| !format.is_empty()),
        })
    }
}

/// A dimension to break "what works" down by (the metric kind always is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum WhatWorksBreakdown {
    /// One group per platform.
    Platform,
    /// One group per objective.
    Objective,
    /// One group per level of government.
    Level,
    /// One group per country.
    Country,
    /// One group per format the cases used (as written, case and spacing aside).
    Format,
}

impl WhatWorksBreakdown {
    fn domain(self) -> Breakdown {
        match self {
            WhatWorksBreakdown::Platform => Breakdown::Platform,
            WhatWorksBreakdown::Objective => Breakdown::Objective,
            WhatWorksBreakdown::Level => Breakdown::Level,
            WhatWorksBreakdown::Country => Breakdown::Country,
            WhatWorksBreakdown::Format => Breakdown::Format,
        }
    }
}

/// How many of a group's metrics have an evidence level.
#[derive(Debug, Clone, SimpleObject)]
pub struct EvidenceCount {
    /// The evidence level.
    pub level: Taxon,
    /// How many cases' metrics have it.
    pub count: usize,
}

/// One aggregate: how a kind of metric changed across the cases of a group.
#[derive(Debug, Clone)]
pub struct WhatWorksGroupNode(WhatWorksGroup);

/// How a kind of outcome changed across the readable cases of a group. Changes are relative
/// (−0.31 is a 31 % drop); whether a drop is good depends on `direction`.
#[Object(name = "WhatWorksGroup")]
impl WhatWorksGroupNode {
    /// The metric kind.
    async fn metric_kind(&self) -> Taxon {
        self.0.key.kind.taxon()
    }

    /// Which way is better for the kind.
    async fn direction(&self) -> DirectionValue {
        DirectionValue::of(self.0.direction)
    }

    /// The platform, when broken down by platform.
    async fn platform(&self) -> Option<Taxon> {
        self.0.key.platform.map(IntoTaxon::taxon)
    }

    /// The objective, when broken down by objective.
    async fn objective(&self) -> Option<Taxon> {
        self.0.key.objective.map(IntoTaxon::taxon)
    }

    /// The level of government, when broken down by level.
    async fn level(&self) -> Option<Taxon> {
        self.0.key.level.map(IntoTaxon::taxon)
    }

    /// The country, when broken down by country.
    async fn country(&self) -> Option<&str> {
        self.0.key.country.as_deref()
    }

    /// The format (lower case), when broken down by format.
    async fn format(&self) -> Option<&str> {
        self.0.key.format.as_deref()
    }

    /// Cases behind the group.
    async fn case_count(&self) -> usize {
        self.0.cases.len()
    }

    /// Whether there are enough cases (at least `minimumCases`) for a median to mean anything.
    async fn sufficient(&self) -> bool {
        self.0.relative_change.is_some()
    }

    /// Why there is no median, when there is none.
    async fn note(&self) -> Option<String> {
        self.0.relative_change.is_none().then(|| {
            format!(
                "only {} case(s): at least {MIN_CASES} are needed before showing a median",
                self.0.cases.len()
            )
        })
    }

    /// Median relative change (null with fewer than `minimumCases` cases).
    async fn median(&self) -> Option<f64> {
        self.0.relative_change.map(|s| s.median)
    }

    /// First quartile of the relative change.
    async fn q1(&self) -> Option<f64> {
        self.0.relative_change.map(|s| s.q1)
    }

    /// Third quartile of the relative change.
    async fn q3(&self) -> Option<f64> {
        self.0.relative_change.map(|s| s.q3)
    }

    /// Interquartile range of the relative change.
    async fn interquartile_range(&self) -> Option<f64> {
        self.0.relative_change.map(|s| s.q3 - s.q1)
    }

    /// The evidence-level mix of the cases' metrics.
    async fn evidence(&self) -> Vec<EvidenceCount> {
        self.0
            .evidence
            .iter()
            .map(|(level, count)| EvidenceCount {
                level: level.taxon(),
                count: *count,
            })
            .collect()
    }

    /// The cases behind the group (at most 50), each checked readable again.
    async fn cases(&self, ctx: &Context<'_>) -> ApiResult<Vec<CaseStudyNode>> {
        load_cases(ctx, self.0.cases.iter().take(GROUP_CASES_MAX).copied()).await
    }
}

/// The answer to a "what works" question.
#[derive(Debug, Clone, SimpleObject)]
pub struct WhatWorks {
    /// One group per metric kind (and breakdown value) with at least one case.
    pub groups: Vec<WhatWorksGroupNode>,
    /// Readable published cases with metrics that were considered.
    pub cases_considered: usize,
    /// Fewest cases behind a group before it shows a median.
    pub minimum_cases: usize,
}

/// The "what works" query.
#[derive(Debug, Default)]
pub struct WhatWorksQuery;

#[Object]
impl WhatWorksQuery {
    /// How outcomes changed across published case studies the viewer may read, by metric kind
    /// and the breakdowns asked for: count, median and interquartile range of the relative
    /// change, and the evidence mix. Groups under `minimumCases` cases say so instead of
    /// showing a median.
    async fn what_works(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to narrow to.", default)] filter: WhatWorksFilterInput,
        #[graphql(desc = "Dimensions to break the groups down by.", default)] breakdown: Vec<WhatWorksBreakdown>,
    ) -> ApiResult<WhatWorks> {
        let filter = filter.parse()?;
        let breakdowns: Vec<Breakdown> = breakdown.iter().map(|b| b.domain()).collect();
        let scope = ReadScope::of(context::viewer(ctx));
        let cases = context::store(ctx)?.case_evidence(&scope).await?;
        let groups = what_works(&cases, &filter, &breakdowns);
        Ok(WhatWorks {
            groups: groups.into_iter().map(WhatWorksGroupNode).collect(),
            cases_considered: cases.len(),
            minimum_cases: MIN_CASES,
        })
    }
}
