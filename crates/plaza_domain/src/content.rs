//! What all content shares: who may read it, its publication status, language and licence.

use std::fmt;

use crate::ValidationError;
use crate::ids::{AgencyId, GroupId, MemberId};

/// Who may read an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Anyone, without login: citizens, journalists, researchers.
    Public,
    /// Any signed-in employee of any agency.
    Network,
    /// Members of the owning agency only.
    Agency,
    /// Members of one group only.
    Group(GroupId),
}

impl Visibility {
    /// The stable code (`public`, `network`, `agency`, `group`).
    pub fn code(&self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Network => "network",
            Visibility::Agency => "agency",
            Visibility::Group(_) => "group",
        }
    }

    /// The group, for group visibility.
    pub fn group(&self) -> Option<GroupId> {
        match self {
            Visibility::Group(group) => Some(*group),
            _ => None,
        }
    }

    /// Builds a visibility from its code and, for `group`, the group id.
    pub fn parse(code: &str, group: Option<GroupId>) -> Result<Self, ValidationError> {
        match (code, group) {
            ("public", None) => Ok(Visibility::Public),
            ("network", None) => Ok(Visibility::Network),
            ("agency", None) => Ok(Visibility::Agency),
            ("group", Some(group)) => Ok(Visibility::Group(group)),
            ("group", None) => Err(ValidationError::new("group", "group visibility needs a group")),
            ("public" | "network" | "agency", Some(_)) => Err(ValidationError::new(
                "group",
                "a group may only be given with group visibility",
            )),
            _ => Err(ValidationError::new(
                "visibility",
                "unknown visibility; use public, network, agency or group",
            )),
        }
    }
}

/// Where an item is in its publication life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    /// Only its editors can see it.
    Draft,
    /// Visible to its audience.
    Published,
    /// Taken down by its editors; only they can see it.
    Withdrawn,
}

impl PublicationStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            PublicationStatus::Draft => "draft",
            PublicationStatus::Published => "published",
            PublicationStatus::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        match code {
            "draft" => Ok(PublicationStatus::Draft),
            "published" => Ok(PublicationStatus::Published),
            "withdrawn" => Ok(PublicationStatus::Withdrawn),
            _ => Err(ValidationError::new(
                "status",
                "unknown status; use draft, published or withdrawn",
            )),
        }
    }
}

/// A content language (ISO 639-1), among those Plaza analyses for search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// Spanish.
    Es,
    /// Catalan.
    Ca,
    /// Galician.
    Gl,
    /// Basque.
    Eu,
    /// Portuguese.
    Pt,
    /// English.
    En,
    /// French.
    Fr,
    /// Italian.
    It,
}

impl Language {
    /// Every supported language.
    pub const ALL: &'static [Language] = &[
        Language::Es,
        Language::Ca,
        Language::Gl,
        Language::Eu,
        Language::Pt,
        Language::En,
        Language::Fr,
        Language::It,
    ];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::Ca => "ca",
            Language::Gl => "gl",
            Language::Eu => "eu",
            Language::Pt => "pt",
            Language::En => "en",
            Language::Fr => "fr",
            Language::It => "it",
        }
    }

    /// Parses an ISO 639-1 code (case-insensitive).
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        let lowered = code.trim().to_ascii_lowercase();
        Language::ALL
            .iter()
            .copied()
            .find(|language| language.code() == lowered)
            .ok_or_else(|| {
                ValidationError::new("language", "unsupported language; use es, ca, gl, eu, pt, en, fr or it")
            })
    }

    /// The content language an `Accept-Language` header prefers (a reader's interface
    /// language), if it names one Plaza analyses.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        crate::messages::preferred(header, |primary| Language::parse(primary).ok())
    }
}

/// Most text looked at to detect a language (the detector is linear; a title, a summary and the
/// start of a body say enough).
const DETECT_MAX_BYTES: usize = 4_096;
/// Least confidence for a detected language to be used.
const DETECT_MIN_CONFIDENCE: f64 = 0.5;

impl Language {
    /// The language `text` is written in, when the detector is confident; only among the
    /// languages it knows (Spanish, Catalan, Portuguese, English, French, Italian): Galician and
    /// Basque are never guessed, authors set them.
    pub fn detect(text: &str) -> Option<Language> {
        let mut end = text.len().min(DETECT_MAX_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let detector = whatlang::Detector::with_allowlist(vec![
            whatlang::Lang::Spa,
            whatlang::Lang::Cat,
            whatlang::Lang::Por,
            whatlang::Lang::Eng,
            whatlang::Lang::Fra,
            whatlang::Lang::Ita,
        ]);
        let info = detector.detect(&text[..end])?;
        // whatlang's own "reliable" flag refuses most one-sentence texts; half confidence
        // already separates the languages of the network well (see the tests).
        if info.confidence() < DETECT_MIN_CONFIDENCE {
            return None;
        }
        Some(match info.lang() {
            whatlang::Lang::Cat => Language::Ca,
            whatlang::Lang::Por => Language::Pt,
            whatlang::Lang::Eng => Language::En,
            whatlang::Lang::Fra => Language::Fr,
            whatlang::Lang::Ita => Language::It,
            _ => Language::Es,
        })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The licences content may be shared under (SPDX identifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Licence {
    /// Creative Commons Attribution 4.0 (the default).
    #[default]
    CcBy4,
    /// Creative Commons Attribution-ShareAlike 4.0.
    CcBySa4,
    /// Creative Commons Attribution 3.0 Spain (older public-sector works).
    CcBy3Es,
    /// Public-domain dedication.
    Cc0,
    /// MIT licence (some public code-adjacent standards).
    Mit,
    /// European Union Public Licence 1.2.
    Eupl12,
    /// Apache 2.0.
    Apache2,
    /// Public domain (works of some governments).
    PublicDomain,
    /// All rights reserved by the author's agency.
    AllRightsReserved,
}

impl Licence {
    const TABLE: &'static [(Licence, &'static str)] = &[
        (Licence::CcBy4, "CC-BY-4.0"),
        (Licence::CcBySa4, "CC-BY-SA-4.0"),
        (Licence::CcBy3Es, "CC-BY-3.0-ES"),
        (Licence::Cc0, "CC0-1.0"),
        (Licence::Mit, "MIT"),
        (Licence::Eupl12, "EUPL-1.2"),
        (Licence::Apache2, "Apache-2.0"),
        (Licence::PublicDomain, "public-domain"),
        (Licence::AllRightsReserved, "all-rights-reserved"),
    ];

    /// The SPDX-style identifier.
    pub fn code(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(licence, _)| *licence == self)
            .map(|(_, code)| *code)
            .unwrap_or("CC-BY-4.0")
    }

    /// The licence's canonical web address (what open data catalogues link to), if it has one.
    pub fn url(self) -> Option<&'static str> {
        match self {
            Licence::CcBy4 => Some("https://creativecommons.org/licenses/by/4.0/"),
            Licence::CcBySa4 => Some("https://creativecommons.org/licenses/by-sa/4.0/"),
            Licence::CcBy3Es => Some("https://creativecommons.org/licenses/by/3.0/es/"),
            Licence::Cc0 => Some("https://creativecommons.org/publicdomain/zero/1.0/"),
            Licence::Mit => Some("https://opensource.org/license/mit"),
            Licence::Eupl12 => Some("https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"),
            Licence::Apache2 => Some("https://www.apache.org/licenses/LICENSE-2.0"),
            Licence::PublicDomain => Some("https://creativecommons.org/publicdomain/mark/1.0/"),
            Licence::AllRightsReserved => None,
        }
    }

    /// Whether anyone may reuse the work (every licence but "all rights reserved"): what open
    /// data may carry.
    pub fn is_open(self) -> bool {
        self != Licence::AllRightsReserved
    }

    /// Parses an identifier (case-insensitive).
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        Self::TABLE
            .iter()
            .find(|(_, known)| known.eq_ignore_ascii_case(code.trim()))
            .map(|(licence, _)| *licence)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::TABLE.iter().map(|(_, code)| *code).collect();
                ValidationError::new("licence", format!("unknown licence; use one of {}", known.join(", ")))
            })
    }
}

/// Ownership and audience facts every content item carries: what the policy needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    /// The agency that owns the item.
    pub agency: AgencyId,
    /// Who may read it once published.
    pub visibility: Visibility,
    /// Publication status.
    pub status: PublicationStatus,
    /// The members credited as authors.
    pub authors: Vec<MemberId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_of_unlabelled_text_is_detected_among_those_known() {
        let cases = [
            (
                "El ayuntamiento responde por WhatsApp a las consultas de los vecinos en menos de una hora.",
                Some(Language::Es),
            ),
            (
                "L'ajuntament respon per WhatsApp les consultes dels veïns en menys d'una hora.",
                Some(Language::Ca),
            ),
            (
                "A câmara municipal responde às perguntas dos cidadãos pelo WhatsApp em menos de uma hora.",
                Some(Language::Pt),
            ),
            (
                "The city council answers residents' questions on WhatsApp in less than an hour.",
                Some(Language::En),
            ),
            ("ok", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Language::detect(text), expected, "{text}");
        }
        let unlabelled = CommonInput {
            language: None,
            licence: None,
            visibility: None,
            group: None,
            tags: Vec::new(),
        };
        let common = unlabelled
            .validate_for(&[
                "Guia d'usos i estil a les xarxes socials",
                "Com publicar a les xarxes de l'ajuntament",
            ])
            .unwrap();
        assert_eq!(common.language, Language::Ca);
        // An author's choice always wins, and with nothing to go by the default is Spanish.
        let labelled = CommonInput {
            language: Some("gl".into()),
            ..unlabelled.clone()
        };
        assert_eq!(
            labelled.validate_for(&["The city council answers"]).unwrap().language,
            Language::Gl
        );
        assert_eq!(unlabelled.validate().unwrap().language, Language::Es);
    }

    #[test]
    fn group_visibility_needs_a_group_and_only_it_takes_one() {
        let group = GroupId::generate();
        assert_eq!(Visibility::parse("group", Some(group)), Ok(Visibility::Group(group)));
        assert_eq!(Visibility::parse("group", None).unwrap_err().field, "group");
        assert!(Visibility::parse("public", Some(group)).is_err());
        assert_eq!(Visibility::parse("secret", None).unwrap_err().field, "visibility");
    }

    #[test]
    fn languages_and_licences_parse_their_codes() {
        assert_eq!(Language::parse("ES"), Ok(Language::Es));
        assert!(Language::parse("xx").is_err());
        assert_eq!(Licence::parse("cc-by-4.0"), Ok(Licence::CcBy4));
        assert_eq!(Licence::default().code(), "CC-BY-4.0");
        assert!(Licence::parse("WTFPL").is_err());
        for (licence, code) in Licence::TABLE {
            assert_eq!(licence.code(), *code);
        }
    }
}

/// Presentation facts shared by every content type, as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonInput {
    /// Language code; when omitted, the language the item's text is detected to be in
    /// (Spanish when it cannot be told).
    pub language: Option<String>,
    /// Licence identifier; CC BY 4.0 when omitted.
    pub licence: Option<String>,
    /// Visibility code; `network` when omitted.
    pub visibility: Option<String>,
    /// Group, for group visibility.
    pub group: Option<GroupId>,
    /// Free tags.
    pub tags: Vec<String>,
}

/// Presentation facts shared by every content type, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Common {
    /// Language.
    pub language: Language,
    /// Licence.
    pub licence: Licence,
    /// Who may read the item once published.
    pub visibility: Visibility,
    /// Free tags.
    pub tags: Vec<crate::text::Tag>,
}

impl CommonInput {
    /// Validates, applying the defaults (Spanish, CC BY 4.0, network).
    pub fn validate(&self) -> Result<Common, ValidationError> {
        self.validate_for(&[])
    }

    /// Validates for an item whose text is `texts`: without a language, the language the text
    /// is written in (when it can be told; Spanish otherwise).
    pub fn validate_for(&self, texts: &[&str]) -> Result<Common, ValidationError> {
        let language = match self.language.as_deref() {
            None => {
                let mut sample = String::new();
                for text in texts {
                    if sample.len() >= DETECT_MAX_BYTES {
                        break;
                    }
                    sample.push_str(text);
                    sample.push('\n');
                }
                Language::detect(&sample).unwrap_or(Language::Es)
            }
            Some(code) => Language::parse(code)?,
        };
        let licence = match self.licence.as_deref() {
            None => Licence::default(),
            Some(code) => Licence::parse(code)?,
        };
        let visibility = Visibility::parse(self.visibility.as_deref().unwrap_or("network"), self.group)?;
        let tags = crate::text::Tag::parse_list(&self.tags).map_err(|e| e.at("tags"))?;
        Ok(Common {
            language,
            licence,
            visibility,
            tags,
        })
    }
}

impl Common {
    /// Back to the submitted form, for applying a partial update.
    pub fn to_input(&self) -> CommonInput {
        CommonInput {
            language: Some(self.language.code().to_owned()),
            licence: Some(self.licence.code().to_owned()),
            visibility: Some(self.visibility.code().to_owned()),
            group: self.visibility.group(),
            tags: self.tags.iter().map(|tag| tag.as_str().to_owned()).collect(),
        }
    }
}
