//! Agencies: the administrations whose employees form the network.

use crate::ValidationError;
use crate::ids::AgencyId;
use crate::taxonomy::Level;
use crate::text::{Country, EmailDomain, Name, Slug};

/// Most verified e-mail domains one agency may have.
pub const DOMAINS_MAX: usize = 50;

/// Most web origins one agency may allow to embed Plaza's widgets.
pub const ORIGINS_MAX: usize = 20;

/// Parses a web origin an agency allows to embed widgets: `http(s)://host[:port]`, without
/// path, query or credentials; lower-cased, without a trailing slash.
pub fn parse_origin(raw: &str) -> Result<String, ValidationError> {
    let origin = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| ValidationError::new("", "an origin starts with https:// or http://"))?;
    let host = rest.rsplit_once(':').map_or(rest, |(host, port)| {
        if port.parse::<u16>().is_ok_and(|p| p > 0) {
            host
        } else {
            ""
        }
    });
    let valid_host = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty() && label.len() <= 63 && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid_host || rest.contains(['/', '?', '#', '@', ' ']) {
        return Err(ValidationError::new(
            "",
            "an origin is a scheme, a host and an optional port, such as https://intranet.example.gob.es",
        ));
    }
    Ok(origin)
}

/// Validates a list of allowed origins (deduplicated, at most [`ORIGINS_MAX`]).
pub fn parse_origins(raw: &[String]) -> Result<Vec<String>, ValidationError> {
    if raw.len() > ORIGINS_MAX {
        return Err(ValidationError::new("", format!("at most {ORIGINS_MAX} origins")));
    }
    let mut origins: Vec<String> = Vec::new();
    for (index, item) in raw.iter().enumerate() {
        let origin = parse_origin(item).map_err(|e| e.at(&index.to_string()))?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

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
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin(" HTTPS://Intranet.Example.gob.es/ "),
            Ok("https://intranet.example.gob.es".into())
        );
        assert_eq!(
            parse_origin("http://127.0.0.2:8081"),
            Ok("http://127.0.0.2:8081".into())
        );
        for bad in [
            "intranet.example",
            "ftp://x.example",
            "https://x.example/path",
            "https://user@x.example",
            "https://x.example:99999",
            "https://x.example?q",
            "https://",
            "javascript:alert(1)",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
        let many: Vec<String> = (0..21).map(|i| format!("https://{i}.example")).collect();
        assert!(parse_origins(&many).is_err());
        let twice = vec!["https://a.example".to_owned(), "https://A.example/".to_owned()];
        assert_eq!(parse_origins(&twice).map(|o| o.len()), Ok(1));
        assert_eq!(parse_origins(&["nope".to_owned()]).unwrap_err().field, "0");
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
