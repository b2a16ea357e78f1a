//! Typed outcome metrics: what a case measured, with baseline, target, actual, period,
//! method and evidence level, so that cases can be compared across agencies.

use chrono::NaiveDate;

use crate::ValidationError;
use crate::taxonomy::{EvidenceLevel, LabelLanguage, MetricKind};
use crate::text::Name;

/// Largest absolute value a metric may hold; anything larger is a typo, not a measurement.
pub const METRIC_VALUE_LIMIT: f64 = 1.0e12;
/// Longest description of a measurement method, in characters.
pub const METHOD_MAX_CHARS: usize = 1_000;
/// Most metrics on one case study.
pub const METRICS_MAX: usize = 50;

/// The unit a metric is measured in. Closed: unknown units are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count of things (calls, visits, followers, questions).
    Count,
    /// A percentage, 0 to 100.
    Percent,
    /// A ratio, 0 to 1.
    Ratio,
    /// A score on the case's own scale (satisfaction 1–10…).
    Score,
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Euros.
    Eur,
    /// US dollars.
    Usd,
    /// Local currency of the agency's country.
    LocalCurrency,
}

impl Unit {
    /// Every unit.
    pub const ALL: &'static [Unit] = &[
        Unit::Count,
        Unit::Percent,
        Unit::Ratio,
        Unit::Score,
        Unit::Seconds,
        Unit::Minutes,
        Unit::Hours,
        Unit::Days,
        Unit::Eur,
        Unit::Usd,
        Unit::LocalCurrency,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Ratio => "ratio",
            Unit::Score => "score",
            Unit::Seconds => "seconds",
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Eur => "eur",
            Unit::Usd => "usd",
            Unit::LocalCurrency => "local_currency",
        }
    }

    /// The unit's name in `language`, as a form offers it.
    pub fn label(self, language: LabelLanguage) -> &'static str {
        let [es, en, ca, pt] = match self {
            Unit::Count => ["Número", "Count", "Nombre", "Número"],
            Unit::Percent => ["Porcentaje (%)", "Percentage (%)", "Percentatge (%)", "Percentagem (%)"],
            Unit::Ratio => [
                "Proporción (de 0 a 1)",
                "Ratio (0 to 1)",
                "Proporció (de 0 a 1)",
                "Proporção (de 0 a 1)",
            ],
            Unit::Score => ["Puntuación", "Score", "Puntuació", "Pontuação"],
            Unit::Seconds => ["Segundos", "Seconds", "Segons", "Segundos"],
            Unit::Minutes => ["Minutos", "Minutes", "Minuts", "Minutos"],
            Unit::Hours => ["Horas", "Hours", "Hores", "Horas"],
            Unit::Days => ["Días", "Days", "Dies", "Dias"],
            Unit::Eur => ["Euros (€)", "Euros (€)", "Euros (€)", "Euros (€)"],
            Unit::Usd => [
                "Dólares estadounidenses (US$)",
                "US dollars (US$)",
                "Dòlars dels EUA (US$)",
                "Dólares americanos (US$)",
            ],
            Unit::LocalCurrency => ["Moneda local", "Local currency", "Moneda local", "Moeda local"],
        };
        match language {
            LabelLanguage::Es => es,
            LabelLanguage::En => en,
            LabelLanguage::Ca => ca,
            LabelLanguage::Pt => pt,
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        let trimmed = code.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::new("", "unit is required"));
        }
        Unit::ALL
            .iter()
            .copied()
            .find(|unit| unit.code() == trimmed)
            .ok_or_else(|| {
                let known: Vec<&str> = Unit::ALL.iter().map(|unit| unit.code()).collect();
                ValidationError::new("", format!("unknown unit; use one of {}", known.join(", ")))
            })
    }

    /// The values that make sense in this unit.
    fn check_value(self, value: f64) -> Result<(), String> {
        if !value.is_finite() || value.abs() > METRIC_VALUE_LIMIT {
            return Err(format!(
                "must be a finite number of magnitude at most {METRIC_VALUE_LIMIT:e}"
            ));
        }
        let (min, max) = match self {
            Unit::Percent => (0.0, 100.0),
            Unit::Ratio => (0.0, 1.0),
            Unit::Count
            | Unit::Seconds
            | Unit::Minutes
            | Unit::Hours
            | Unit::Days
            | Unit::Eur
            | Unit::Usd
            | Unit::LocalCurrency => (0.0, METRIC_VALUE_LIMIT),
            Unit::Score => (-METRIC_VALUE_LIMIT, METRIC_VALUE_LIMIT),
        };
        if value < min || value > max {
            return Err(format!("must be between {min} and {max} for unit {}", self.code()));
        }
        Ok(())
    }
}

/// Which way is better for a metric kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// More is better (satisfaction, questions resolved).
    HigherIsBetter,
    /// Less is better (calls, response time, cost).
    LowerIsBetter,
}

impl Direction {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }
}

const COUNT: &[Unit] = &[Unit::Count];
const DURATIONS: &[Unit] = &[Unit::Seconds, Unit::Minutes, Unit::Hours, Unit::Days];
const SHARES: &[Unit] = &[Unit::Percent, Unit::Ratio];
const COUNT_OR_SHARE: &[Unit] = &[Unit::Count, Unit::Percent, Unit::Ratio];
const MONEY: &[Unit] = &[Unit::Eur, Unit::Usd, Unit::LocalCurrency];

impl MetricKind {
    /// The units this kind may be measured in.
    pub fn units(self) -> &'static [Unit] {
        match self {
            MetricKind::PhoneCalls | MetricKind::CounterVisits | MetricKind::Followers => COUNT,
            MetricKind::ResponseTime => DURATIONS,
            MetricKind::ReachRate | MetricKind::EngagementRate => SHARES,
            MetricKind::QuestionsResolved
            | MetricKind::Participation
            | MetricKind::SectorOutcomeHarm
            | MetricKind::SectorOutcomeUptake => COUNT_OR_SHARE,
            MetricKind::Satisfaction => &[Unit::Score, Unit::Percent, Unit::Ratio],
            MetricKind::IdeasImplemented => &[Unit::Count, Unit::Percent],
            MetricKind::Cost => MONEY,
            MetricKind::Other => Unit::ALL,
        }
    }

    /// Which way is better; `None` for `other`, which is never aggregated.
    pub fn direction(self) -> Option<Direction> {
        match self {
            MetricKind::PhoneCalls
            | MetricKind::CounterVisits
            | MetricKind::ResponseTime
            | MetricKind::SectorOutcomeHarm
            | MetricKind::Cost => Some(Direction::LowerIsBetter),
            MetricKind::QuestionsResolved
            | MetricKind::ReachRate
            | MetricKind::EngagementRate
            | MetricKind::Followers
            | MetricKind::Satisfaction
            | MetricKind::IdeasImplemented
            | MetricKind::Participation
            | MetricKind::SectorOutcomeUptake => Some(Direction::HigherIsBetter),
            MetricKind::Other => None,
        }
    }
}

/// The span a measurement covers; it may not end before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    /// First day covered.
    pub start: NaiveDate,
    /// Last day covered.
    pub end: NaiveDate,
}

impl Period {
    /// Builds a period, refusing one that ends before it starts.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, ValidationError> {
        if end < start {
            return Err(ValidationError::new("", "the period ends before it starts"));
        }
        Ok(Self { start, end })
    }

    /// Length in days, inclusive of both ends.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// One measured outcome of a case.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutcomeMetric {
    /// What was measured ("Llamadas al 010 por semana").
    pub metric: Name,
    /// The comparable kind of measure.
    pub kind: MetricKind,
    /// Its unit.
    pub unit: Unit,
    /// Value before the action.
    pub baseline: Option<f64>,
    /// Value aimed for.
    pub target: Option<f64>,
    /// Value reached.
    pub actual: Option<f64>,
    /// The span the measurement covers.
    pub period: Period,
    /// How it was measured.
    pub method: String,
    /// How strong the evidence is.
    pub evidence_level: EvidenceLevel,
}

/// An outcome metric as submitted, before validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeMetricInput {
    /// What was measured.
    pub metric: String,
    /// Metric kind code; `other` when absent.
    pub kind: Option<String>,
    /// Unit code.
    pub unit: String,
    /// Value before the action.
    pub baseline: Option<f64>,
    /// Value aimed for.
    pub target: Option<f64>,
    /// Value reached.
    pub actual: Option<f64>,
    /// First day covered.
    pub period_start: Option<NaiveDate>,
    /// Last day covered.
    pub period_end: Option<NaiveDate>,
    /// How it was measured.
    pub method: String,
    /// Evidence level code.
    pub evidence_level: String,
}

impl OutcomeMetricInput {
    /// Validates the metric; errors name the field inside the metric.
    pub fn validate(&self) -> Result<OutcomeMetric, ValidationError> {
        let metric = Name::parse(&self.metric)
            .map_err(|e| ValidationError::new("metric", e.message.replace("name", "metric name")))?;
        let unit = Unit::parse(&self.unit).map_err(|e| e.at("unit"))?;
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => MetricKind::Other,
            Some(code) => MetricKind::parse(code).map_err(|e| e.at("kind"))?,
        };
        if !kind.units().contains(&unit) {
            let allowed: Vec<&str> = kind.units().iter().map(|unit| unit.code()).collect();
            return Err(ValidationError::new(
                "unit",
                format!(
                    "unit {} does not fit metric kind {}; use {}",
                    unit.code(),
                    kind.code(),
                    allowed.join(" or ")
                ),
            ));
        }
        for (field, value) in [
            ("baseline", self.baseline),
            ("target", self.target),
            ("actual", self.actual),
        ] {
            if let Some(value) = value {
                unit.check_value(value)
                    .map_err(|message| ValidationError::new(field, message))?;
            }
        }
        if self.baseline.is_none() && self.actual.is_none() {
            return Err(ValidationError::new(
                "actual",
                "give at least a baseline or an actual value",
            ));
        }
        let start = self
            .period_start
            .ok_or_else(|| ValidationError::new("periodStart", "the period start is required"))?;
        let end = self
            .period_end
            .ok_or_else(|| ValidationError::new("periodEnd", "the period end is required"))?;
        let period = Period::new(start, end).map_err(|e| e.at("periodEnd"))?;
        let method = self.method.trim().to_owned();
        if method.chars().count() > METHOD_MAX_CHARS {
            return Err(ValidationError::new(
                "method",
                format!("at most {METHOD_MAX_CHARS} characters"),
            ));
        }
        let evidence_level = EvidenceLevel::parse(self.evidence_level.trim()).map_err(|e| e.at("evidenceLevel"))?;
        Ok(OutcomeMetric {
            metric,
            kind,
            unit,
            baseline: self.baseline,
            target: self.target,
            actual: self.actual,
            period,
            method,
            evidence_level,
        })
    }
}

impl OutcomeMetric {
    /// The relative change from baseline to actual ((actual − baseline) / baseline), when both
    /// are known and the baseline is positive; −0.31 is a 31 % reduction.
    pub fn relative_change(&self) -> Option<f64> {
        match (self.baseline, self.actual) {
            (Some(baseline), Some(actual)) if baseline > 0.0 => Some((actual - baseline) / baseline),
            _ => None,
        }
    }

    /// The relative change oriented so that positive is better for the metric's kind; `None`
    /// for `other` metrics or when the change is unknown.
    pub fn improvement(&self) -> Option<f64> {
        let change = self.relative_change()?;
        match self.kind.direction()? {
            Direction::HigherIsBetter => Some(change),
            Direction::LowerIsBetter => Some(-change),
        }
    }
}

/// Validates a list of metrics; errors are nested under their index.
pub fn validate_metrics(inputs: &[OutcomeMetricInput]) -> Result<Vec<OutcomeMetric>, ValidationError> {
    if inputs.len() > METRICS_MAX {
        return Err(ValidationError::new("", format!("at most {METRICS_MAX} metrics")));
    }
    inputs
        .iter()
        .enumerate()
        .map(|(index, input)| input.validate().map_err(|e| e.at(&index.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn calls_avoided() -> OutcomeMetricInput {
        OutcomeMetricInput {
            metric: "Llamadas al 010 por semana".into(),
            kind: Some("phone_calls".into()),
            unit: "count".into(),
            baseline: Some(12_000.0),
            target: Some(9_000.0),
            actual: Some(8_400.0),
            period_start: date(2023, 1, 1),
            period_end: date(2023, 12, 31),
            method: "Centralita".into(),
            evidence_level: "analytics_export".into(),
        }
    }

    #[test]
    fn a_complete_metric_validates() {
        let metric = calls_avoided().validate().unwrap();
        assert_eq!(metric.unit, Unit::Count);
        assert_eq!(metric.period.days(), 365);
    }

    #[test]
    fn a_metric_without_unit_names_the_unit_field() {
        let input = OutcomeMetricInput {
            unit: " ".into(),
            ..calls_avoided()
        };
        let error = input.validate().unwrap_err();
        assert_eq!(error.field, "unit");
        assert!(error.message.contains("required"));
    }

    #[test]
    fn an_unknown_unit_is_refused() {
        let input = OutcomeMetricInput {
            unit: "furlongs".into(),
            ..calls_avoided()
        };
        assert_eq!(input.validate().unwrap_err().field, "unit");
    }

    #[test]
    fn a_negative_period_is_refused() {
        let input = OutcomeMetricInput {
            period_end: date(2022, 1, 1),
            ..calls_avoided()
        };
        let error = input.validate().unwrap_err();
        assert_eq!(error.field, "periodEnd");
        assert!(error.message.contains("ends before it starts"));
    }

    #[test]
    fn insane_values_are_refused_per_unit() {
        let negative_count = OutcomeMetricInput {
            actual: Some(-5.0),
            ..calls_avoided()
        };
        assert_eq!(negative_count.validate().unwrap_err().field, "actual");
        let percent = OutcomeMetricInput {
            kind: Some("questions_resolved".into()),
            unit: "percent".into(),
            baseline: Some(40.0),
            target: Some(140.0),
            actual: Some(50.0),
            ..calls_avoided()
        };
        assert_eq!(percent.validate().unwrap_err().field, "target");
        let infinite = OutcomeMetricInput {
            baseline: Some(f64::INFINITY),
            ..calls_avoided()
        };
        assert_eq!(infinite.validate().unwrap_err().field, "baseline");
        let nan = OutcomeMetricInput {
            actual: Some(f64::NAN),
            ..calls_avoided()
        };
        assert_eq!(nan.validate().unwrap_err().field, "actual");
    }

    #[test]
    fn a_metric_needs_some_value() {
        let empty = OutcomeMetricInput {
            baseline: None,
            actual: None,
            ..calls_avoided()
        };
        assert_eq!(empty.validate().unwrap_err().field, "actual");
    }

    #[test]
    fn a_kind_accepts_only_its_units() {
        let minutes = OutcomeMetricInput {
            unit: "minutes".into(),
            ..calls_avoided()
        };
        let error = minutes.validate().unwrap_err();
        assert_eq!(error.field, "unit");
        assert!(error.message.contains("use count"), "{}", error.message);
        let unknown = OutcomeMetricInput {
            kind: Some("likes".into()),
            ..calls_avoided()
        };
        assert_eq!(unknown.validate().unwrap_err().field, "kind");
        let untyped = OutcomeMetricInput {
            kind: None,
            unit: "minutes".into(),
            ..calls_avoided()
        };
        assert_eq!(untyped.validate().map(|metric| metric.kind), Ok(MetricKind::Other));
        for kind in MetricKind::ALL {
            assert!(!kind.units().is_empty());
            assert_eq!(kind.direction().is_none(), *kind == MetricKind::Other);
        }
    }

    #[test]
    fn relative_change_and_improvement_follow_the_direction() {
        let calls = calls_avoided().validate().unwrap();
        assert_eq!(calls.relative_change(), Some(-0.3));
        assert_eq!(calls.improvement(), Some(0.3));
        let satisfaction = OutcomeMetricInput {
            kind: Some("satisfaction".into()),
            unit: "score".into(),
            baseline: Some(6.0),
            actual: Some(7.5),
            ..calls_avoided()
        }
        .validate()
        .unwrap();
        assert_eq!(satisfaction.improvement(), Some(0.25));
        let from_zero = OutcomeMetricInput {
            baseline: Some(0.0),
            ..calls_avoided()
        }
        .validate()
        .unwrap();
        assert_eq!(from_zero.relative_change(), None);
        let other = OutcomeMetricInput {
            kind: Some("other".into()),
            ..calls_avoided()
        }
        .validate()
        .unwrap();
        assert_eq!(other.relative_change(), Some(-0.3));
        assert_eq!(other.improvement(), None);
    }

    #[test]
    fn list_errors_carry_the_index() {
        let inputs = vec![
            calls_avoided(),
            OutcomeMetricInput {
                unit: String::new(),
                ..calls_avoided()
            },
        ];
        assert_eq!(validate_metrics(&inputs).unwrap_err().field, "1.unit");
    }

    #[test]
    fn units_are_named_in_every_label_language() {
        assert_eq!(Unit::Hours.label(LabelLanguage::Es), "Horas");
        assert_eq!(Unit::Hours.label(LabelLanguage::Ca), "Hores");
        assert_eq!(Unit::Percent.label(LabelLanguage::Pt), "Percentagem (%)");
        assert_eq!(Unit::Count.label(LabelLanguage::En), "Count");
        for unit in Unit::ALL {
            for language in LabelLanguage::ALL {
                assert!(!unit.label(language).is_empty(), "{unit:?} {language:?}");
            }
        }
    }
}
