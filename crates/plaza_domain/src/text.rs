//! Validated text newtypes: parse at the edge, carry proof of validity inward.

use std::fmt;

use crate::ValidationError;

/// Longest title, in characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest summary, in characters.
pub const SUMMARY_MAX_CHARS: usize = 2_000;
/// Largest body (markdown), in bytes of UTF-8.
pub const BODY_MAX_BYTES: usize = 100 * 1024;
/// Longest display name, in characters.
pub const NAME_MAX_CHARS: usize = 120;
/// Most tags on one item.
pub const TAGS_MAX: usize = 20;

/// Rejects control characters other than the common whitespace ones.
fn has_forbidden_control(text: &str) -> bool {
    // The control characters (Unicode Cc) are U+0000–U+001F, U+007F, and U+0080–U+009F, which
    // UTF-8 writes as 0xC2 followed by 0x80–0x9F (0xC2 is never a continuation byte): a byte
    // scan, several times faster than decoding characters, over text that can be megabytes.
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| match byte {
        b'\n' | b'\r' | b'\t' => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
        _ => false,
    })
}

fn required_single_line(raw: &str, max_chars: usize, what: &str) -> Result<String, ValidationError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new("", format!("{what} is required")));
    }
    let length = trimmed.chars().count();
    if length > max_chars {
        return Err(ValidationError::new(
            "",
            format!("{what} is {length} characters long; the maximum is {max_chars}"),
        ));
    }
    if trimmed.contains(['\n', '\r']) || has_forbidden_control(trimmed) {
        return Err(ValidationError::new("", format!("{what} must be one line of text")));
    }
    Ok(trimmed.to_owned())
}

macro_rules! text_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The validated text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(deserializer)?;
                Self::parse(&raw).map_err(|e| serde::de::Error::custom(e.message))
            }
        }
    };
}

text_newtype! {
    /// A title: one line, 1 to 200 characters after trimming.
    Title
}
impl Title {
    /// Parses a title.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        required_single_line(raw, TITLE_MAX_CHARS, "title").map(Self)
    }
}

text_newtype! {
    /// A person's or organisation's display name: one line, 1 to 120 characters.
    Name
}
impl Name {
    /// Parses a name.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        required_single_line(raw, NAME_MAX_CHARS, "name").map(Self)
    }
}

text_newtype! {
    /// A summary: plain text, up to 2,000 characters; may be empty.
    Summary
}
impl Summary {
    /// Parses a summary.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        let length = trimmed.chars().count();
        if length > SUMMARY_MAX_CHARS {
            return Err(ValidationError::new(
                "",
                format!("summary is {length} characters long; the maximum is {SUMMARY_MAX_CHARS}"),
            ));
        }
        if has_forbidden_control(trimmed) {
            return Err(ValidationError::new("", "summary contains control characters"));
        }
        Ok(Self(trimmed.to_owned()))
    }
}

text_newtype! {
    /// A markdown body: up to 100 KB of UTF-8; may be empty (sections may carry the text).
    Body
}
impl Body {
    /// Parses a body.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.len() > BODY_MAX_BYTES {
            return Err(ValidationError::new(
                "",
                format!(
                    "text is {} bytes long; the maximum is {BODY_MAX_BYTES} bytes",
                    trimmed.len()
                ),
            ));
        }
        if has_forbidden_control(trimmed) {
            return Err(ValidationError::new("", "text contains control characters"));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// Whether the body has no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

text_newtype! {
    /// A slug: 2 to 64 of `a-z`, `0-9` and `-`, not starting or ending with `-`.
    Slug
}
impl Slug {
    /// Parses a slug.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let valid_chars = raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !(2..=64).contains(&raw.len()) || !valid_chars || raw.starts_with('-') || raw.ends_with('-') {
            return Err(ValidationError::new(
                "",
                "a slug is 2 to 64 lower-case letters, digits and hyphens, not starting or ending with a hyphen",
            ));
        }
        Ok(Self(raw.to_owned()))
    }
}

text_newtype! {
    /// An e-mail address, lower-cased; the domain part is what agencies verify.
    Email
}
impl Email {
    /// Parses an e-mail address (a deliberately simple check: one `@`, a dotted domain).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let lowered = raw.trim().to_lowercase();
        let invalid = || ValidationError::new("", "is not a valid e-mail address");
        let (local, domain) = lowered.split_once('@').ok_or_else(invalid)?;
        let domain_ok = EmailDomain::parse(domain).is_ok();
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || c == '@');
        if !domain_ok || !local_ok || lowered.len() > 254 {
            return Err(invalid());
        }
        Ok(Self(lowered))
    }

    /// The domain part.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, domain)| domain).unwrap_or_default()
    }
}

text_newtype! {
    /// A DNS domain an agency has verified for its e-mail addresses.
    EmailDomain
}
impl EmailDomain {
    /// Parses a domain name (lower-cased, at least two labels).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let lowered = raw.trim().trim_end_matches('.').to_lowercase();
        let labels: Vec<&str> = lowered.split('.').collect();
        let label_ok = |label: &&str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || lowered.len() > 253 || !labels.iter().all(label_ok) {
            return Err(ValidationError::new("", "is not a valid domain name"));
        }
        Ok(Self(lowered))
    }
}

text_newtype! {
    /// An ISO 3166-1 alpha-2 country code, upper case (`ES`, `AR`, `MX`).
    Country
}
impl Country {
    /// Parses a country code.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let upper = raw.trim().to_ascii_uppercase();
        if upper.len() != 2 || !upper.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(ValidationError::new(
                "",
                "a country is a two-letter ISO 3166-1 code such as ES or AR",
            ));
        }
        Ok(Self(upper))
    }
}

text_newtype! {
    /// A free-form tag: lower-cased, 1 to 40 characters, one line.
    Tag
}
impl Tag {
    /// Parses a tag.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        required_single_line(&raw.to_lowercase(), 40, "tag").map(Self)
    }

    /// Parses a list of tags, dropping duplicates.
    pub fn parse_list(raw: &[String]) -> Result<Vec<Self>, ValidationError> {
        if raw.len() > TAGS_MAX {
            return Err(ValidationError::new("", format!("at most {TAGS_MAX} tags")));
        }
        let mut tags: Vec<Self> = Vec::with_capacity(raw.len());
        for (index, item) in raw.iter().enumerate() {
            let tag = Self::parse(item).map_err(|e| e.at(&index.to_string()))?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        Ok(tags)
    }
}

/// A lower-case character with its diacritics folded to the base letter, except `ñ`; `None` for
/// a combining mark (text in decomposed form loses them). Search and the directory compare
/// words folded this way, so "Comunicación" finds "comunicacion".
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        '\u{0300}'..='\u{036f}' => return None,
        other => other,
    })
}

/// `text` lower-cased with its diacritics folded (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    text.to_lowercase().chars().filter_map(fold_char).collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_byte_scan_finds_exactly_the_control_characters() {
        let samples = [
            "¿Cómo?¡Sí! «citas» nº 1ª\u{a0}fin",
            "línea\nsegunda\r\n\ttab",
            "nul\u{0}",
            "bell\u{7}",
            "del\u{7f}",
            "c1\u{80}",
            "c1 end\u{9f}",
            "just after\u{a0}\u{a1}\u{bf}",
            "U+2028\u{2028} and emoji 🎉",
        ];
        for sample in samples {
            let by_chars = sample
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
            assert_eq!(has_forbidden_control(sample), by_chars, "{sample:?}");
        }
        assert!(!has_forbidden_control(samples[0]));
        assert!(has_forbidden_control(samples[5]));
    }
    use super::*;

    #[test]
    fn a_title_is_trimmed_and_must_not_be_empty() {
        assert_eq!(Title::parse("  Hola  ").map(Title::into_string), Ok("Hola".to_owned()));
        assert!(Title::parse("   ").unwrap_err().message.contains("required"));
    }

    #[test]
    fn a_title_over_200_characters_is_refused_but_200_accented_ones_pass() {
        assert!(Title::parse(&"á".repeat(200)).is_ok());
        let error = Title::parse(&"a".repeat(10 * 1024)).unwrap_err();
        assert!(error.message.contains("maximum is 200"));
    }

    #[test]
    fn a_title_is_one_line() {
        assert!(Title::parse("uno\ndos").is_err());
        assert!(Title::parse("nul\u{0}char").is_err());
    }

    #[test]
    fn a_body_of_100_kb_passes_and_one_byte_more_fails() {
        assert!(Body::parse(&"a".repeat(BODY_MAX_BYTES)).is_ok());
        assert!(Body::parse(&"a".repeat(BODY_MAX_BYTES + 1)).is_err());
    }

    #[test]
    fn slugs_are_lower_case_words_with_hyphens() {
        assert!(Slug::parse("ayto-madrid").is_ok());
        assert!(Slug::parse("Ayto").is_err());
        assert!(Slug::parse("-x").is_err());
        assert!(Slug::parse("a").is_err());
        assert!(Slug::parse("con espacio").is_err());
    }

    #[test]
    fn emails_are_lower_cased_and_expose_their_domain() {
        let email = Email::parse(" Ana.Garcia@Madrid.ES ").unwrap();
        assert_eq!(email.as_str(), "ana.garcia@madrid.es");
        assert_eq!(email.domain(), "madrid.es");
        for bad in [
            "",
            "ana",
            "ana@",
            "@madrid.es",
            "ana@madrid",
            "a b@madrid.es",
            "ana@-x.es",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn countries_are_two_letter_codes() {
        assert_eq!(Country::parse("es").map(Country::into_string), Ok("ES".to_owned()));
        assert!(Country::parse("ESP").is_err());
        assert!(Country::parse("1A").is_err());
    }

    #[test]
    fn tags_are_lower_cased_and_deduplicated() {
        let raw = vec!["TikTok".to_owned(), "tiktok".to_owned(), "vídeo".to_owned()];
        let tags = Tag::parse_list(&raw).unwrap();
        assert_eq!(
            tags.iter().map(Tag::as_str).collect::<Vec<_>>(),
            vec!["tiktok", "vídeo"]
        );
        let bad = vec!["ok".to_owned(), " ".to_owned()];
        assert_eq!(Tag::parse_list(&bad).unwrap_err().field, "1");
    }
}
