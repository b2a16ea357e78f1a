//! A member's profile: what they do and know, who may find them in the directory, and how the
//! interface speaks to them. Members edit their own; the directory searches it.

use std::fmt;

use crate::ValidationError;
use crate::taxonomy::{Objective, Platform, parse_codes};
use crate::text::Name;

/// Longest title ("Técnica de comunicación digital"), in characters.
pub const TITLE_MAX: usize = 120;
/// Longest biography, in characters.
pub const BIO_MAX: usize = 2000;
/// Most free skills.
pub const SKILLS_MAX: usize = 20;
/// Longest free skill, in characters.
pub const SKILL_MAX: usize = 60;
/// Most links.
pub const LINKS_MAX: usize = 5;
/// Longest link, in bytes.
pub const LINK_MAX: usize = 300;

/// Languages a member may say they work in (ISO 639-1): the peninsula's official languages and
/// the ones exchanges with other administrations happen in.
pub const SPOKEN_LANGUAGES: &[&str] = &["es", "ca", "gl", "eu", "pt", "en", "fr", "it", "de"];
/// The interface languages.
pub const INTERFACE_LANGUAGES: &[&str] = &["es", "en", "ca", "pt"];

/// Who may find and read a member's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProfileVisibility {
    /// Anyone, signed in or not (citizens included).
    Public,
    /// Members of the network (the default).
    #[default]
    Network,
    /// Nobody but the member and the administrators who manage them; the member is left out of
    /// the directory, though their name still shows beside what they write.
    Hidden,
}

impl ProfileVisibility {
    /// Every value.
    pub const ALL: [ProfileVisibility; 3] = [Self::Public, Self::Network, Self::Hidden];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Network => "network",
            Self::Hidden => "hidden",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|visibility| visibility.code() == code.trim())
            .ok_or_else(|| ValidationError::new("visibility", "unknown visibility; use public, network or hidden"))
    }
}

impl fmt::Display for ProfileVisibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A member's profile. Every field is optional; an empty profile is a valid one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// The name the member chose to be shown with; `None` keeps their identity provider's.
    pub display_name: Option<Name>,
    /// Job title or role ("Responsable de redes sociales").
    pub title: Option<String>,
    /// A few paragraphs of plain text.
    pub bio: Option<String>,
    /// Platforms they have run or know well.
    pub platforms: Vec<Platform>,
    /// What they have used social media for.
    pub objectives: Vec<Objective>,
    /// Free skills ("lectura fácil", "crisis", "vídeo vertical").
    pub skills: Vec<String>,
    /// Languages they work in (codes from [`SPOKEN_LANGUAGES`]).
    pub languages: Vec<String>,
    /// Links (https) to their work elsewhere.
    pub links: Vec<String>,
    /// Who may find and read the profile.
    pub visibility: ProfileVisibility,
    /// The interface language they chose (one of [`INTERFACE_LANGUAGES`]); `None` follows the
    /// browser.
    pub interface_language: Option<String>,
}

/// A profile as submitted, before validation (fields named as in the API's input).
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    /// Display name; empty keeps the identity provider's.
    pub display_name: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Biography.
    pub bio: Option<String>,
    /// Platform codes.
    pub platforms: Vec<String>,
    /// Objective codes.
    pub objectives: Vec<String>,
    /// Free skills.
    pub skills: Vec<String>,
    /// Language codes.
    pub languages: Vec<String>,
    /// Links.
    pub links: Vec<String>,
    /// Visibility code; `None` is `network`.
    pub visibility: Option<String>,
    /// Interface language code; `None` or empty follows the browser.
    pub interface_language: Option<String>,
}

impl ProfileInput {
    /// Validates every field, reporting the first error at its field's path.
    pub fn validate(&self) -> Result<Profile, ValidationError> {
        let display_name = match self.display_name.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(name) => Some(Name::parse(name).map_err(|e| ValidationError::new("displayName", e.message))?),
        };
        let platforms = parse_codes(&self.platforms, Platform::parse).map_err(|e| e.at("platforms"))?;
        let objectives = parse_codes(&self.objectives, Objective::parse).map_err(|e| e.at("objectives"))?;
        Ok(Profile {
            display_name,
            title: optional_text(self.title.as_deref(), TITLE_MAX, "title", false)?,
            bio: optional_text(self.bio.as_deref(), BIO_MAX, "bio", true)?,
            platforms,
            objectives,
            skills: skills(&self.skills)?,
            languages: codes_from(&self.languages, SPOKEN_LANGUAGES, "languages")?,
            links: links(&self.links)?,
            visibility: self
                .visibility
                .as_deref()
                .map(ProfileVisibility::parse)
                .transpose()?
                .unwrap_or_default(),
            interface_language: match self.interface_language.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(code) => codes_from(&[code.to_owned()], INTERFACE_LANGUAGES, "interfaceLanguage")?
                    .into_iter()
                    .next(),
            },
        })
    }
}

/// Trimmed text of at most `max` characters, `None` when empty; line breaks only where
/// `multiline`.
fn optional_text(
    raw: Option<&str>,
    max: usize,
    field: &str,
    multiline: bool,
) -> Result<Option<String>, ValidationError> {
    let text = raw.unwrap_or_default().trim();
    if text.is_empty() {
        return Ok(None);
    }
    let length = text.chars().count();
    if length > max {
        return Err(ValidationError::new(
            field,
            format!("{field} is {length} characters long; the maximum is {max}"),
        ));
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\r' || c == '\t'));
    if !text.chars().all(allowed) {
        return Err(ValidationError::new(field, "must not contain control characters"));
    }
    Ok(Some(text.to_owned()))
}

/// Free skills: trimmed, single-line, at most [`SKILL_MAX`] characters each, at most
/// [`SKILLS_MAX`], duplicates (ignoring case) dropped.
fn skills(raw: &[String]) -> Result<Vec<String>, ValidationError> {
    if raw.len() > SKILLS_MAX {
        return Err(ValidationError::new("skills", format!("at most {SKILLS_MAX} skills")));
    }
    let mut kept: Vec<String> = Vec::new();
    for (index, skill) in raw.iter().enumerate() {
        let Some(skill) = optional_text(Some(skill), SKILL_MAX, &format!("skills.{index}"), false)? else {
            continue;
        };
        if !kept.iter().any(|known| known.to_lowercase() == skill.to_lowercase()) {
            kept.push(skill);
        }
    }
    Ok(kept)
}

/// Codes from a closed list, lower-cased and deduplicated, the first unknown one reported at
/// its index.
fn codes_from(raw: &[String], known: &[&str], field: &str) -> Result<Vec<String>, ValidationError> {
    let mut kept: Vec<String> = Vec::new();
    for (index, code) in raw.iter().enumerate() {
        let code = code.trim().to_ascii_lowercase();
        if !known.contains(&code.as_str()) {
            let shown: String = code.chars().take(20).collect();
            let at = if field == "interfaceLanguage" {
                field.to_owned()
            } else {
                format!("{field}.{index}")
            };
            return Err(ValidationError::new(
                at,
                format!("unknown language code '{shown}'; known codes: {}", known.join(", ")),
            ));
        }
        if !kept.contains(&code) {
            kept.push(code);
        }
    }
    Ok(kept)
}

/// Links: absolute `https` URLs (or `http`), without credentials, at most [`LINKS_MAX`].
fn links(raw: &[String]) -> Result<Vec<String>, ValidationError> {
    if raw.len() > LINKS_MAX {
        return Err(ValidationError::new("links", format!("at most {LINKS_MAX} links")));
    }
    let mut kept: Vec<String> = Vec::new();
    for (index, link) in raw.iter().enumerate() {
        let link = link.trim();
        if link.is_empty() {
            continue;
        }
        let field = format!("links.{index}");
        if link.len() > LINK_MAX {
            return Err(ValidationError::new(field, format!("is longer than {LINK_MAX} bytes")));
        }
        let parsed = url::Url::parse(link).map_err(|_| ValidationError::new(&field, "is not a web address"))?;
        let web = matches!(parsed.scheme(), "https" | "http") && parsed.host_str().is_some();
        if !web || !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(ValidationError::new(
                field,
                "must be an http or https address without credentials",
            ));
        }
        let link = parsed.to_string();
        if !kept.contains(&link) {
            kept.push(link);
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| (*value).to_owned()).collect()
    }

    #[test]
    fn an_empty_profile_is_valid_and_visible_to_the_network() {
        let profile = ProfileInput::default().validate().unwrap();
        assert_eq!(profile, Profile::default());
        assert_eq!(profile.visibility, ProfileVisibility::Network);
    }

    #[test]
    fn a_full_profile_is_trimmed_and_deduplicated() {
        let input = ProfileInput {
            display_name: Some("  Lucía M. ".into()),
            title: Some(" Community manager ".into()),
            bio: Some("Primera línea.\nSegunda línea.".into()),
            platforms: strings(&["whatsapp", "whatsapp", "x"]),
            objectives: strings(&["citizen_service"]),
            skills: strings(&["Lectura fácil", "lectura FÁCIL", " ", "Crisis"]),
            languages: strings(&["ES", "ca", "es"]),
            links: strings(&["https://example.org/blog", ""]),
            visibility: Some("public".into()),
            interface_language: Some("ca".into()),
        };
        let profile = input.validate().unwrap();
        assert_eq!(profile.display_name.unwrap().as_str(), "Lucía M.");
        assert_eq!(profile.title.as_deref(), Some("Community manager"));
        assert_eq!(profile.platforms, vec![Platform::Whatsapp, Platform::X]);
        assert_eq!(profile.skills, strings(&["Lectura fácil", "Crisis"]));
        assert_eq!(profile.languages, strings(&["es", "ca"]));
        assert_eq!(profile.links, strings(&["https://example.org/blog"]));
        assert_eq!(profile.visibility, ProfileVisibility::Public);
        assert_eq!(profile.interface_language.as_deref(), Some("ca"));
    }

    #[test]
    fn bad_fields_are_reported_where_they_are() {
        let field = |input: ProfileInput| input.validate().unwrap_err().field;
        let title = ProfileInput {
            title: Some("x".repeat(TITLE_MAX + 1)),
            ..Default::default()
        };
        assert_eq!(field(title), "title");
        let bio = ProfileInput {
            bio: Some("a\u{0}b".into()),
            ..Default::default()
        };
        assert_eq!(field(bio), "bio");
        let platform = ProfileInput {
            platforms: strings(&["x", "myspace"]),
            ..Default::default()
        };
        assert_eq!(field(platform), "platforms.1");
        let language = ProfileInput {
            languages: strings(&["es", "klingon"]),
            ..Default::default()
        };
        assert_eq!(field(language), "languages.1");
        let interface = ProfileInput {
            interface_language: Some("gl".into()),
            ..Default::default()
        };
        assert_eq!(field(interface), "interfaceLanguage");
        for bad in ["javascript:alert(1)", "https://user:pw@example.org", "not a link"] {
            let link = ProfileInput {
                links: strings(&[bad]),
                ..Default::default()
            };
            assert_eq!(field(link), "links.0", "{bad}");
        }
        let many = ProfileInput {
            skills: vec!["a".into(); SKILLS_MAX + 1],
            ..Default::default()
        };
        assert_eq!(field(many), "skills");
        let visibility = ProfileInput {
            visibility: Some("secret".into()),
            ..Default::default()
        };
        assert_eq!(field(visibility), "visibility");
        let name = ProfileInput {
            display_name: Some("a\nb".into()),
            ..Default::default()
        };
        assert_eq!(field(name), "displayName");
    }
}
