//! Taxonomy values as returned to clients, and the `taxonomies` query.

use async_graphql::{Enum, Object, SimpleObject};
use plaza_domain::metric::{Direction, Unit};
use plaza_domain::taxonomy::{
    CaseStage, Dimension, EvidenceLevel, LabelLanguage, Level, MetricKind, Objective, Platform, Threat, ThreatLevel,
};

/// Which way is better for a metric kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DirectionValue {
    /// More is better (satisfaction, questions resolved).
    HigherIsBetter,
    /// Less is better (calls, response time, cost).
    LowerIsBetter,
}

impl DirectionValue {
    /// The GraphQL form of a direction.
    pub fn of(direction: Direction) -> Self {
        match direction {
            Direction::HigherIsBetter => DirectionValue::HigherIsBetter,
            Direction::LowerIsBetter => DirectionValue::LowerIsBetter,
        }
    }
}

/// A language taxonomy labels can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
pub enum LabelLanguageValue {
    /// Spanish.
    #[default]
    Es,
    /// English.
    En,
    /// Catalan.
    Ca,
    /// Portuguese.
    Pt,
}

/// One value of a closed taxonomy: a stable code and its translated labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxon {
    code: &'static str,
    es: &'static str,
    en: &'static str,
    ca: &'static str,
    pt: &'static str,
}

/// Converts a taxonomy value into its GraphQL form.
pub trait IntoTaxon: Copy {
    /// The GraphQL form.
    fn taxon(self) -> Taxon;
}

macro_rules! into_taxon {
    ($($ty:ty),+) => {$(
        impl IntoTaxon for $ty {
            fn taxon(self) -> Taxon {
                Taxon {
                    code: self.code(),
                    es: self.label(LabelLanguage::Es),
                    en: self.label(LabelLanguage::En),
                    ca: self.label(LabelLanguage::Ca),
                    pt: self.label(LabelLanguage::Pt),
                }
            }
        }
    )+};
}
into_taxon!(
    Objective,
    Dimension,
    Threat,
    Platform,
    Level,
    CaseStage,
    EvidenceLevel,
    MetricKind,
    ThreatLevel,
    Unit
);

/// The GraphQL forms of a list of taxonomy values.
pub fn taxa<T: IntoTaxon>(values: &[T]) -> Vec<Taxon> {
    values.iter().map(|value| value.taxon()).collect()
}

/// One value of a closed taxonomy.
#[Object]
impl Taxon {
    /// The stable code, as used in filters and inputs (`citizen_service`).
    async fn code(&self) -> &str {
        self.code
    }

    /// The label in the requested language.
    async fn label(
        &self,
        #[graphql(desc = "Language of the label; Spanish by default.", default)] language: LabelLanguageValue,
    ) -> &str {
        match language {
            LabelLanguageValue::Es => self.es,
            LabelLanguageValue::En => self.en,
            LabelLanguageValue::Ca => self.ca,
            LabelLanguageValue::Pt => self.pt,
        }
    }
}

/// Every closed taxonomy, with codes and labels: what inputs and filters accept.
#[derive(Debug, Clone, SimpleObject)]
pub struct Taxonomies {
    /// What social media is used for.
    pub objectives: Vec<Taxon>,
    /// Public-value dimensions.
    pub dimensions: Vec<Taxon>,
    /// Threats agencies face.
    pub threats: Vec<Taxon>,
    /// Platforms.
    pub platforms: Vec<Taxon>,
    /// Levels of government.
    pub levels: Vec<Taxon>,
    /// Stages of a case.
    pub stages: Vec<Taxon>,
    /// Evidence levels of a metric.
    pub evidence_levels: Vec<Taxon>,
    /// Units of a metric.
    pub units: Vec<Taxon>,
    /// Comparable kinds of metric, with their units and direction.
    pub metric_kinds: Vec<MetricKindInfo>,
    /// Levels of a threat in a self-assessment.
    pub threat_levels: Vec<Taxon>,
}

/// A metric kind: what it measures, the units it accepts and which way is better.
#[derive(Debug, Clone)]
pub struct MetricKindInfo(pub MetricKind);

/// A comparable kind of outcome metric: what it measures, the units it accepts and which way
/// is better. Only metrics of the same kind are aggregated together.
#[Object(name = "MetricKind")]
impl MetricKindInfo {
    /// The kind as a taxonomy value (code and labels).
    async fn kind(&self) -> Taxon {
        self.0.taxon()
    }

    /// Units it may be measured in.
    async fn units(&self) -> Vec<Taxon> {
        taxa(self.0.units())
    }

    /// Which way is better; null for `other`, which is never aggregated.
    async fn direction(&self) -> Option<DirectionValue> {
        self.0.direction().map(DirectionValue::of)
    }
}

/// The `taxonomies` query.
#[derive(Debug, Default)]
pub struct TaxonomyQuery;

#[Object]
impl TaxonomyQuery {
    /// Every taxonomy's codes and labels.
    async fn taxonomies(&self) -> Taxonomies {
        Taxonomies {
            objectives: taxa(Objective::ALL),
            dimensions: taxa(Dimension::ALL),
            threats: taxa(Threat::ALL),
            platforms: taxa(Platform::ALL),
            levels: taxa(Level::ALL),
            stages: taxa(CaseStage::ALL),
            evidence_levels: taxa(EvidenceLevel::ALL),
            units: taxa(Unit::ALL),
            metric_kinds: MetricKind::ALL.iter().copied().map(MetricKindInfo).collect(),
            threat_levels: taxa(ThreatLevel::ALL),
        }
    }
}
