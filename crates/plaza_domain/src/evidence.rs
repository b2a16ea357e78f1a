//! Evidence of public value: "what works" aggregates over case studies' outcome metrics.
//!
//! Everything here is a pure function over facts the caller has already filtered to what
//! the viewer may read: the aggregates can only be as private as their input.

use std::collections::BTreeMap;

use crate::ids::CaseStudyId;
use crate::metric::{Direction, OutcomeMetric};
use crate::taxonomy::{EvidenceLevel, Level, MetricKind, Objective, Platform};

/// Fewest cases behind a group before Plaza shows its median and quartiles.
pub const MIN_CASES: usize = 3;

/// The median and quartiles of a set of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

/// The `q` quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly between the closest
/// ranks (the common "type 7" definition used by spreadsheets, R and NumPy).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = q.clamp(0.0, 1.0) * last as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let (low, high) = (*sorted.get(below)?, *sorted.get(above)?);
    Some(low + (high - low) * (position - below as f64))
}

/// The spread of `values` (any order; non-finite values are ignored).
pub fn spread(values: &[f64]) -> Option<Spread> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    Some(Spread {
        q1: quantile(&sorted, 0.25)?,
        median: quantile(&sorted, 0.5)?,
        q3: quantile(&sorted, 0.75)?,
    })
}

/// What one readable, published case brings to the aggregates.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseEvidence {
    /// The case.
    pub case: CaseStudyId,
    /// Platforms it used.
    pub platforms: Vec<Platform>,
    /// What social media was used for.
    pub objectives: Vec<Objective>,
    /// Level of government of its agency.
    pub level: Level,
    /// Country of its agency (ISO code).
    pub country: String,
    /// The formats it used, as written by its authors (compared by [`format_key`]).
    pub formats: Vec<String>,
    /// Its outcome metrics.
    pub metrics: Vec<OutcomeMetric>,
}

/// A format as compared and grouped ("Vídeos cortos " and "vídeos cortos" are one): trimmed,
/// inner spaces collapsed, lower case.
pub fn format_key(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl CaseEvidence {
    /// The case's metric of `kind` to aggregate: among those with a known relative change,
    /// the one with the strongest evidence, then the most recent period.
    pub fn representative(&self, kind: MetricKind) -> Option<&OutcomeMetric> {
        representative(&self.metrics, kind)
    }

    /// [`CaseEvidence::representative`] among the metrics measured over a period ending on or
    /// after `since` (all of them when `None`).
    pub fn representative_since(&self, kind: MetricKind, since: Option<chrono::NaiveDate>) -> Option<&OutcomeMetric> {
        representative(
            self.metrics
                .iter()
                .filter(|metric| since.is_none_or(|since| metric.period.end >= since)),
            kind,
        )
    }
}

/// What a "what works" question narrows to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WhatWorksFilter {
    /// Only this metric kind.
    pub kind: Option<MetricKind>,
    /// Only cases that used this platform.
    pub platform: Option<Platform>,
    /// Only cases with this objective.
    pub objective: Option<Objective>,
    /// Only agencies at this level.
    pub level: Option<Level>,
    /// Only agencies in this country.
    pub country: Option<String>,
    /// Only results measured over a period that ends on or after this day.
    pub since: Option<chrono::NaiveDate>,
    /// Only cases that used this format (as [`format_key`] compares them).
    pub format: Option<String>,
}

/// A dimension to break the aggregates down by (besides the metric kind, always used).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Breakdown {
    /// One group per platform a case used.
    Platform,
    /// One group per objective of a case.
    Objective,
    /// One group per level of government.
    Level,
    /// One group per country.
    Country,
    /// One group per format a case used.
    Format,
}

/// The key of one aggregate group: the metric kind and the breakdowns asked for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GroupKey {
    /// The metric kind.
    pub kind: MetricKind,
    /// The platform, when broken down by platform.
    pub platform: Option<Platform>,
    /// The objective, when broken down by objective.
    pub objective: Option<Objective>,
    /// The level, when broken down by level.
    pub level: Option<Level>,
    /// The country, when broken down by country.
    pub country: Option<String>,
    /// The format (as [`format_key`] writes it), when broken down by format.
    pub format: Option<String>,
}

/// One aggregate: how much a kind of metric changed across the cases of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatWorksGroup {
    /// What the group is.
    pub key: GroupKey,
    /// Which way is better for the kind.
    pub direction: Direction,
    /// Cases behind the group.
    pub cases: Vec<CaseStudyId>,
    /// Spread of the relative change, only with at least [`MIN_CASES`] cases.
    pub relative_change: Option<Spread>,
    /// How many of the cases' metrics have each evidence level, strongest last.
    pub evidence: Vec<(EvidenceLevel, usize)>,
}

fn keep<T: PartialEq>(wanted: Option<&T>, value: &T) -> bool {
    wanted.is_none_or(|wanted| wanted == value)
}

/// Aggregates the relative change of each comparable metric kind over `cases`, narrowed by
/// `filter` and broken down by `breakdowns`. A case counts once per group; a case with several
/// platforms (or objectives) counts in each of their groups.
pub fn what_works(cases: &[CaseEvidence], filter: &WhatWorksFilter, breakdowns: &[Breakdown]) -> Vec<WhatWorksGroup> {
    let by = |breakdown| breakdowns.contains(&breakdown);
    let mut groups: BTreeMap<GroupKey, Vec<(CaseStudyId, &OutcomeMetric)>> = BTreeMap::new();
    for case in cases {
        if !keep(filter.level.as_ref(), &case.level) || !keep(filter.country.as_ref(), &case.country) {
            continue;
        }
        if filter
            .platform
            .is_some_and(|platform| !case.platforms.contains(&platform))
            || filter
                .objective
                .is_some_and(|objective| !case.objectives.contains(&objective))
        {
            continue;
        }
        let platforms: Vec<Option<Platform>> = if by(Breakdown::Platform) {
            case.platforms
                .iter()
                .filter(|p| keep(filter.platform.as_ref(), p))
                .map(|p| Some(*p))
                .collect()
        } else {
            vec![None]
        };
        let formats: Vec<String> = case
            .formats
            .iter()
            .map(|f| format_key(f))
            .filter(|f| !f.is_empty())
            .collect();
        if filter
            .format
            .as_deref()
            .is_some_and(|wanted| !formats.iter().any(|f| *f == format_key(wanted)))
        {
            continue;
        }
        let by_format: Vec<Option<String>> = if by(Breakdown::Format) {
            let mut distinct: Vec<String> = formats
                .into_iter()
                .filter(|f| filter.format.as_deref().is_none_or(|wanted| *f == format_key(wanted)))
                .collect();
            distinct.sort();
            distinct.dedup();
            distinct.into_iter().map(Some).collect()
        } else {
            vec![None]
        };
        let objectives: Vec<Option<Objective>> = if by(Breakdown::Objective) {
            case.objectives
                .iter()
                .filter(|o| keep(filter.objective.as_ref(), o))
                .map(|o| Some(*o))
                .collect()
        } else {
            vec![None]
        };
        for kind in MetricKind::ALL.iter().copied() {
            if kind.direction().is_none() || !keep(filter.kind.as_ref(), &kind) {
                continue;
            }
            let Some(metric) = case.representative_since(kind, filter.since) else {
                continue;
            };
            for platform in &platforms {
                for objective in &objectives {
                    for format in &by_format {
                        let key = GroupKey {
                            kind,
                            platform: *platform,
                            objective: *objective,
                            level: by(Breakdown::Level).then_some(case.level),
                            country: by(Breakdown::Country).then(|| case.country.clone()),
                            format: format.clone(),
                        };
                        groups.entry(key).or_default().push((case.case, metric));
                    }
                }
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|(key, members)| {
            let direction = key.kind.direction()?;
            let changes: Vec<f64> = members.iter().filter_map(|(_, m)| m.relative_change()).collect();
            let relative_change = if members.len() >= MIN_CASES {
                spread(&changes)
            } else {
                None
            };
            let evidence = EvidenceLevel::ALL
                .iter()
                .map(|level| {
                    (
                        *level,
                        members.iter().filter(|(_, m)| m.evidence_level == *level).count(),
                    )
                })
                .collect();
            Some(WhatWorksGroup {
                key,
                direction,
                cases: members.iter().map(|(case, _)| *case).collect(),
                relative_change,
                evidence,
            })
        })
        .collect()
}

/// How two cases' comparable metrics differ: the replication's relative change minus the
/// original's, per metric kind both measured.
pub fn outcome_deltas(original: &CaseEvidenceMetrics<'_>, replication: &CaseEvidenceMetrics<'_>) -> Vec<OutcomeDelta> {
    MetricKind::ALL
        .iter()
        .copied()
        .filter(|kind| kind.direction().is_some())
        .filter_map(|kind| {
            let before = representative(original.0, kind)?.relative_change()?;
            let after = representative(replication.0, kind)?.relative_change()?;
            Some(OutcomeDelta {
                kind,
                original: before,
                replication: after,
                difference: after - before,
            })
        })
        .collect()
}

/// A case's metrics, borrowed for comparison.
#[derive(Debug, Clone, Copy)]
pub struct CaseEvidenceMetrics<'a>(pub &'a [OutcomeMetric]);

fn representative<'a>(
    metrics: impl IntoIterator<Item = &'a OutcomeMetric>,
    kind: MetricKind,
) -> Option<&'a OutcomeMetric> {
    metrics
        .into_iter()
        .filter(|metric| metric.kind == kind && metric.relative_change().is_some())
        .max_by(|a, b| {
            a.evidence_level
                .cmp(&b.evidence_level)
                .then(a.period.end.cmp(&b.period.end))
        })
}

/// The difference between an original case and its replication on one metric kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomeDelta {
    /// The metric kind.
    pub kind: MetricKind,
    /// The original's relative change.
    pub original: f64,
    /// The replication's relative change.
    pub replication: f64,
    /// Replication minus original (in relative-change units: 0.05 is five points).
    pub difference: f64,
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::metric::OutcomeMetricInput;

    fn metric(kind: &str, unit: &str, baseline: f64, actual: f64, evidence: &str, end: u32) -> OutcomeMetric {
        OutcomeMetricInput {
            metric: format!("{kind} measured"),
            kind: Some(kind.into()),
            unit: unit.into(),
            baseline: Some(baseline),
            target: None,
            actual: Some(actual),
            period_start: NaiveDate::from_ymd_opt(2023, 1, 1),
            period_end: NaiveDate::from_ymd_opt(2023, end, 28),
            method: String::new(),
            evidence_level: evidence.into(),
        }
        .validate()
        .unwrap()
    }

    fn case(platforms: &[Platform], level: Level, country: &str, metrics: Vec<OutcomeMetric>) -> CaseEvidence {
        CaseEvidence {
            case: CaseStudyId::generate(),
            platforms: platforms.to_vec(),
            objectives: vec![Objective::CitizenService],
            level,
            country: country.into(),
            formats: vec!["Vídeos cortos".into()],
            metrics,
        }
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&sorted, 0.5), Some(2.5));
        assert_eq!(quantile(&sorted, 0.25), Some(1.75));
        assert_eq!(quantile(&sorted, 0.75), Some(3.25));
        assert_eq!(quantile(&[7.0], 0.25), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
        let odd = spread(&[5.0, -1.0, 2.0, f64::NAN]).unwrap();
        assert_eq!((odd.q1, odd.median, odd.q3), (0.5, 2.0, 3.5));
    }

    #[test]
    fn formats_group_and_filter_as_written_case_and_spacing_aside() {
        let calls = |actual| vec![metric("phone_calls", "count", 10.0, actual, "audited", 12)];
        let mut first = case(&[Platform::Whatsapp], Level::Local, "ES", calls(5.0));
        first.formats = vec!["Vídeos  cortos".into(), "Directos".into(), "vídeos cortos".into()];
        let mut second = case(&[Platform::Whatsapp], Level::Local, "ES", calls(8.0));
        second.formats = vec![" vídeos cortos ".into()];
        let mut third = case(&[Platform::Whatsapp], Level::Local, "ES", calls(9.0));
        third.formats = Vec::new();
        let cases = vec![first, second, third];
        let groups = what_works(&cases, &WhatWorksFilter::default(), &[Breakdown::Format]);
        let keys: Vec<(Option<&str>, usize)> = groups
            .iter()
            .map(|g| (g.key.format.as_deref(), g.cases.len()))
            .collect();
        assert_eq!(keys, vec![(Some("directos"), 1), (Some("vídeos cortos"), 2)]);
        let only = WhatWorksFilter {
            format: Some("VÍDEOS CORTOS".into()),
            ..WhatWorksFilter::default()
        };
        let narrowed = what_works(&cases, &only, &[]);
        assert_eq!(narrowed.len(), 1);
        assert_eq!(narrowed[0].cases.len(), 2, "a case without the format stays out");
        assert_eq!(format_key("  Mapas \t interactivos "), "mapas interactivos");
    }

    /// The acceptance fixture, computed by hand: local WhatsApp cases changed phone calls by
    /// −31 %, −18 %, −40 % and −24 %; the provincial case and the `other` metric stay out.
    #[test]
    fn what_works_matches_a_hand_computed_fixture() {
        let cases = vec![
            case(
                &[Platform::Whatsapp],
                Level::Local,
                "ES",
                vec![metric("phone_calls", "count", 12000.0, 8280.0, "analytics_export", 12)],
            ),
            case(
                &[Platform::Whatsapp],
                Level::Local,
                "AR",
                vec![metric("phone_calls", "count", 5000.0, 4100.0, "self_reported", 12)],
            ),
            case(
                &[Platform::Whatsapp, Platform::Telegram],
                Level::Local,
                "ES",
                vec![
                    metric("phone_calls", "count", 2000.0, 1200.0, "audited", 6),
                    // Weaker evidence for the same kind: not the representative metric.
                    metric("phone_calls", "count", 2000.0, 1900.0, "self_reported", 12),
                ],
            ),
            case(
                &[Platform::Whatsapp],
                Level::Local,
                "BR",
                vec![metric("phone_calls", "count", 800.0, 608.0, "analytics_export", 12)],
            ),
            // A provincial case and a different kind: in other groups.
            case(
                &[Platform::Whatsapp],
                Level::Provincial,
                "ES",
                vec![metric("phone_calls", "count", 100.0, 50.0, "audited", 12)],
            ),
            case(
                &[Platform::Whatsapp],
                Level::Local,
                "ES",
                vec![metric("other", "count", 100.0, 50.0, "audited", 12)],
            ),
        ];
        let filter = WhatWorksFilter {
            kind: Some(MetricKind::PhoneCalls),
            platform: Some(Platform::Whatsapp),
            level: Some(Level::Local),
            ..WhatWorksFilter::default()
        };
        let groups = what_works(&cases, &filter, &[]);
        assert_eq!(groups.len(), 1);
        let group = &groups[0];
        assert_eq!(group.cases.len(), 4);
        assert_eq!(group.direction, Direction::LowerIsBetter);
        let spread = group.relative_change.unwrap();
        // Sorted: −0.40, −0.31, −0.24, −0.18. Positions: Q1 at 0.75 → −0.40 + 0.75·0.09 = −0.3325;
        // median at 1.5 → −0.275; Q3 at 2.25 → −0.24 + 0.25·0.06 = −0.225.
        assert!((spread.median - -0.275).abs() < 1e-12, "{spread:?}");
        assert!((spread.q1 - -0.3325).abs() < 1e-12, "{spread:?}");
        assert!((spread.q3 - -0.225).abs() < 1e-12, "{spread:?}");
        assert_eq!(
            group.evidence,
            vec![
                (EvidenceLevel::SelfReported, 1),
                (EvidenceLevel::AnalyticsExport, 2),
                (EvidenceLevel::Audited, 1)
            ]
        );
    }

    #[test]
    fn a_period_keeps_results_measured_since_then_and_picks_among_them() {
        // One case measured twice: an old audited result (ending in March) and a newer
        // self-reported one (ending in November); another measured only in March.
        let old = metric("phone_calls", "count", 100.0, 40.0, "audited", 3);
        let new = metric("phone_calls", "count", 100.0, 90.0, "self_reported", 11);
        let cases = vec![
            case(
                &[Platform::Whatsapp],
                Level::Local,
                "ES",
                vec![old.clone(), new.clone()],
            ),
            case(&[Platform::Whatsapp], Level::Local, "ES", vec![old.clone()]),
        ];
        let all = what_works(&cases, &WhatWorksFilter::default(), &[]);
        assert_eq!(all[0].cases.len(), 2, "without a period, both cases count");
        let since = WhatWorksFilter {
            since: NaiveDate::from_ymd_opt(2023, 6, 1),
            ..WhatWorksFilter::default()
        };
        let recent = what_works(&cases, &since, &[]);
        assert_eq!(recent.len(), 1);
        assert_eq!(
            recent[0].cases.len(),
            1,
            "the case measured only before June is left out"
        );
        // The strongest evidence would be the March result; since June only November's counts.
        assert_eq!(
            cases[0].representative_since(MetricKind::PhoneCalls, since.since),
            Some(&new)
        );
        assert_eq!(cases[0].representative(MetricKind::PhoneCalls), Some(&old));
    }

    #[test]
    fn small_groups_have_no_median_and_breakdowns_split_cases() {
        let cases = vec![
            case(
                &[Platform::Whatsapp, Platform::Telegram],
                Level::Local,
                "ES",
                vec![metric("phone_calls", "count", 10.0, 5.0, "audited", 12)],
            ),
            case(
                &[Platform::Whatsapp],
                Level::Local,
                "ES",
                vec![metric("phone_calls", "count", 10.0, 8.0, "audited", 12)],
            ),
        ];
        let groups = what_works(&cases, &WhatWorksFilter::default(), &[Breakdown::Platform]);
        let keys: Vec<(Option<Platform>, usize)> = groups.iter().map(|g| (g.key.platform, g.cases.len())).collect();
        // Groups come in taxonomy order (WhatsApp is declared before Telegram).
        assert_eq!(keys, vec![(Some(Platform::Whatsapp), 2), (Some(Platform::Telegram), 1)]);
        assert!(groups.iter().all(|group| group.relative_change.is_none()));
    }

    #[test]
    fn replication_deltas_compare_the_kinds_both_cases_measured() {
        let original = [metric("phone_calls", "count", 100.0, 70.0, "audited", 12)];
        let replication = [
            metric("phone_calls", "count", 100.0, 60.0, "audited", 12),
            metric("followers", "count", 100.0, 200.0, "audited", 12),
        ];
        let deltas = outcome_deltas(&CaseEvidenceMetrics(&original), &CaseEvidenceMetrics(&replication));
        assert_eq!(deltas.len(), 1);
        assert_eq!(deltas[0].kind, MetricKind::PhoneCalls);
        assert!((deltas[0].difference - -0.1).abs() < 1e-12);
    }
}
