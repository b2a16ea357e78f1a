//! Agencies: the administrations whose employees form the network.

use crate::ValidationError;
use crate::ids::AgencyId;
use crate::taxonomy::Level;
use crate::text::{Country, EmailDomain, Name, Slug};

/// Most verified e-mail domains one agency may have.
pub const DOMAINS_MAX: usize = 50;

/// An administration: a city council, a province, a region, a ministry, an agency.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    /// Identifier.
    pub id: AgencyId,
    /// Stable short name used in URLs and filters.
    pub slug: Slug,
    /// Display name.
    pub name: Name,
    /// Level of government.
    pub level: Level,
    /// ISO country code.
    pub country: Country,
    /// Region (autonomous community, province, state), free text.
    pub region: Option<String>,
    /// E-mail domains the agency has verified as its own.
    pub email_domains: Vec<EmailDomain>,
}

/// An agency as submitted, before validation.
#[derive(Debug, Clone, Default)]
pub struct AgencyInput {
    /// Slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Level code.
    pub level: String,
    /// Country code.
    pub country: String,
    /// Region.
    pub region: Option<String>,
    /// Verified e-mail domains.
    pub email_domains: Vec<String>,
}

impl AgencyInput {
    /// Validates the input into an agency with a fresh id.
    pub fn validate(&self) -> Result<Agency, ValidationError> {
        let slug = Slug::parse(&self.slug).map_err(|e| e.at("slug"))?;
        let name = Name::parse(&self.name).map_err(|e| e.at("name"))?;
        let level = Level::parse(self.level.trim()).map_err(|e| e.at("level"))?;
        let country = Country::parse(&self.country).map_err(|e| e.at("country"))?;
        let region = match self.region.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(region) => Some(Name::parse(region).map_err(|e| e.at("region"))?.into_string()),
        };
        if self.email_domains.len() > DOMAINS_MAX {
            return Err(ValidationError::new(
                "emailDomains",
                format!("at most {DOMAINS_MAX} domains"),
            ));
        }
        let mut email_domains: Vec<EmailDomain> = Vec::new();
        for (index, raw) in self.email_domains.iter().enumerate() {
            let domain = EmailDomain::parse(raw).map_err(|e| e.at(&format!("emailDomains.{index}")))?;
            if !email_domains.contains(&domain) {
                email_domains.push(domain);
            }
        }
        Ok(Agency {
            id: AgencyId::generate(),
            slug,
            name,
            level,
            country,
            region,
            email_domains,
        })
    }
}

impl Agency {
    /// Whether an address in `domain` belongs to this agency.
    pub fn owns_domain(&self, domain: &str) -> bool {
        self.email_domains.iter().any(|own| own.as_str() == domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn madrid() -> AgencyInput {
        AgencyInput {
            slug: "ayto-madrid".into(),
            name: "Ayuntamiento de Madrid".into(),
            level: "local".into(),
            country: "es".into(),
            region: Some("Comunidad de Madrid".into()),
            email_domains: vec!["madrid.es".into(), "MADRID.es".into()],
        }
    }

    #[test]
    fn a_valid_agency_normalises_its_country_and_domains() {
        let agency = madrid().validate().unwrap();
        assert_eq!(agency.country.as_str(), "ES");
        assert_eq!(agency.email_domains.len(), 1);
        assert!(agency.owns_domain("madrid.es"));
        assert!(!agency.owns_domain("barcelona.cat"));
    }

    #[test]
    fn errors_name_the_field() {
        let bad_level = AgencyInput {
            level: "galactic".into(),
            ..madrid()
        };
        assert_eq!(bad_level.validate().unwrap_err().field, "level");
        let bad_domain = AgencyInput {
            email_domains: vec!["ok.es".into(), "nope".into()],
            ..madrid()
        };
        assert_eq!(bad_domain.validate().unwrap_err().field, "emailDomains.1");
        let bad_slug = AgencyInput {
            slug: "Ayto Madrid".into(),
            ..madrid()
        };
        assert_eq!(bad_slug.validate().unwrap_err().field, "slug");
    }
}
