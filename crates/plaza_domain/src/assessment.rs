//! Threat self-assessments: an agency answers the ten threats (levels and notes, dated,
//! repeatable). Assessments are private to their agency and only ever leave it as an
//! anonymised distribution over at least [`MIN_AGENCIES`] agencies.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::ValidationError;
use crate::ids::{AgencyId, MemberId, ThreatAssessmentId};
use crate::scorecard::{check_date, check_text};
use crate::taxonomy::{Threat, ThreatLevel};

/// Fewest agencies behind a threat distribution before Plaza shows it.
pub const MIN_AGENCIES: usize = 5;

/// One threat's answer in an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreatAnswer {
    /// The threat.
    pub threat: Threat,
    /// How present it is.
    pub level: ThreatLevel,
    /// The agency's note (private to it).
    pub note: String,
}

/// An answer as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreatAnswerInput {
    /// Threat code.
    pub threat: String,
    /// Level code.
    pub level: String,
    /// Note.
    pub note: String,
}

/// An agency's dated self-assessment on the ten threats.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatAssessment {
    /// Identifier.
    pub id: ThreatAssessmentId,
    /// The agency.
    pub agency: AgencyId,
    /// Who entered it.
    pub author: MemberId,
    /// The day it refers to.
    pub assessed_on: NaiveDate,
    /// One answer per threat, in taxonomy order.
    pub answers: Vec<ThreatAnswer>,
    /// When it was entered.
    pub created_at: DateTime<Utc>,
}

/// Validates an assessment's answers and date: every threat answered exactly once.
pub fn validate_assessment(
    assessed_on: Option<NaiveDate>,
    answers: &[ThreatAnswerInput],
    today: NaiveDate,
) -> Result<(NaiveDate, Vec<ThreatAnswer>), ValidationError> {
    let assessed_on = check_date(Some(assessed_on.unwrap_or(today)), today, "assessedOn")?;
    let mut found: BTreeMap<Threat, ThreatAnswer> = BTreeMap::new();
    for (index, input) in answers.iter().enumerate() {
        let at = |field: &str| format!("answers.{index}.{field}");
        let threat = Threat::parse(input.threat.trim()).map_err(|e| e.at(&at("threat")))?;
        let level = ThreatLevel::parse(input.level.trim()).map_err(|e| e.at(&at("level")))?;
        let note = check_text(&input.note, &at("note"), false)?;
        if found.insert(threat, ThreatAnswer { threat, level, note }).is_some() {
            return Err(ValidationError::new(at("threat"), "each threat may be answered once"));
        }
    }
    let missing: Vec<&str> = Threat::ALL
        .iter()
        .filter(|threat| !found.contains_key(threat))
        .map(|threat| threat.code())
        .collect();
    if !missing.is_empty() {
        return Err(ValidationError::new(
            "answers",
            format!("answer every threat; missing: {}", missing.join(", ")),
        ));
    }
    Ok((assessed_on, found.into_values().collect()))
}

/// How the network answered one threat: the number of agencies at each level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreatDistribution {
    /// The threat.
    pub threat: Threat,
    /// Agencies per level, in level order (none, low, medium, high).
    pub counts: [usize; 4],
}

fn level_index(level: ThreatLevel) -> usize {
    ThreatLevel::ALL.iter().position(|known| *known == level).unwrap_or(0)
}

/// The distribution of the latest assessment of each agency, or `None` when fewer than
/// [`MIN_AGENCIES`] agencies have answered (no distribution would be anonymous).
pub fn threat_distribution(latest: &[&ThreatAssessment]) -> Option<Vec<ThreatDistribution>> {
    let agencies: std::collections::BTreeSet<AgencyId> = latest.iter().map(|a| a.agency).collect();
    if agencies.len() < MIN_AGENCIES || agencies.len() != latest.len() {
        return None;
    }
    Some(
        Threat::ALL
            .iter()
            .map(|threat| {
                let mut counts = [0; 4];
                for assessment in latest {
                    if let Some(answer) = assessment.answers.iter().find(|a| a.threat == *threat)
                        && let Some(slot) = counts.get_mut(level_index(answer.level))
                    {
                        *slot += 1;
                    }
                }
                ThreatDistribution {
                    threat: *threat,
                    counts,
                }
            })
            .collect(),
    )
}

/// Where an agency's level stands in a distribution: the shares of agencies at a lower and at
/// a higher level of the threat.
pub fn standing(distribution: &ThreatDistribution, own: ThreatLevel) -> (f64, f64) {
    let total: usize = distribution.counts.iter().sum();
    if total == 0 {
        return (0.0, 0.0);
    }
    let index = level_index(own);
    let lower: usize = distribution.counts.iter().take(index).sum();
    let higher: usize = distribution.counts.iter().skip(index + 1).sum();
    (lower as f64 / total as f64, higher as f64 / total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn answers(level: &str) -> Vec<ThreatAnswerInput> {
        Threat::ALL
            .iter()
            .map(|threat| ThreatAnswerInput {
                threat: threat.code().into(),
                level: level.into(),
                note: String::new(),
            })
            .collect()
    }

    #[test]
    fn an_assessment_answers_every_threat_once() {
        let today = day(2026, 11, 22);
        let (on, all) = validate_assessment(None, &answers("low"), today).unwrap();
        assert_eq!((on, all.len()), (today, 10));
        let mut missing = answers("low");
        missing.pop();
        let error = validate_assessment(None, &missing, today).unwrap_err();
        assert_eq!(error.field, "answers");
        assert!(error.message.contains("impersonation"));
        let mut twice = answers("low");
        twice.push(twice[0].clone());
        assert_eq!(
            validate_assessment(None, &twice, today).unwrap_err().field,
            "answers.10.threat"
        );
        let mut bad = answers("low");
        bad[3].level = "catastrophic".into();
        assert_eq!(
            validate_assessment(None, &bad, today).unwrap_err().field,
            "answers.3.level"
        );
    }

    #[test]
    fn a_distribution_needs_five_agencies_and_places_the_own_level() {
        let today = day(2026, 11, 22);
        let assessment = |level: &str| {
            let (assessed_on, answers) = validate_assessment(None, &answers(level), today).unwrap();
            ThreatAssessment {
                id: ThreatAssessmentId::generate(),
                agency: AgencyId::generate(),
                author: MemberId::generate(),
                assessed_on,
                answers,
                created_at: Utc::now(),
            }
        };
        let all: Vec<ThreatAssessment> = ["none", "low", "low", "medium", "high"]
            .iter()
            .map(|l| assessment(l))
            .collect();
        let four: Vec<&ThreatAssessment> = all.iter().take(4).collect();
        assert_eq!(threat_distribution(&four), None);
        let five: Vec<&ThreatAssessment> = all.iter().collect();
        let distribution = threat_distribution(&five).unwrap();
        assert_eq!(distribution.len(), 10);
        assert_eq!(distribution[0].counts, [1, 2, 1, 1]);
        assert_eq!(standing(&distribution[0], ThreatLevel::Low), (0.2, 0.4));
        // The same agency twice is not five agencies.
        let repeated: Vec<&ThreatAssessment> = vec![&all[0], &all[0], &all[1], &all[2], &all[3]];
        assert_eq!(threat_distribution(&repeated), None);
    }
}
