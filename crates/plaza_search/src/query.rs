//! The query language people type: free words, `"phrases"`, `+required` words and phrases,
//! `-exclusions` and operators in Spanish or English (`plataforma:tiktok`, `platform:tiktok`,
//! `nivel:local`, `antes:2023`…). Any string parses: malformed operators and quotes degrade to
//! plain words, never an error.
//!
//! Rules (ranking, not filtering):
//! - Free words and quoted phrases only rank: a document matching any word is a hit. Quotes raise
//!   the phrase above the same words scattered; they do not require it.
//! - `+word` and `+"a phrase"` require the word or phrase.
//! - `-word` and `-"a phrase"` exclude, and `+`/`-` are operators at all, only at the start of a
//!   whitespace-separated token of a short query: at most [`MAX_OPERATOR_TOKENS`] tokens. In a
//!   longer text (a pasted paragraph) `-` and `+` are punctuation: `-word` is the word.
//! - The text is read up to [`MAX_QUERY_BYTES`] bytes, cut back to the last whole token; the
//!   rest is ignored. At most [`MAX_WORDS`] words are kept here; the engine then keeps the most
//!   informative of them by inverse document frequency.

use chrono::NaiveDate;

use crate::analysis::fold;

/// Longest query text considered, in bytes (a pasted paragraph or summary fits); the rest is
/// ignored, cut back to the last whole token.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most words (free or in phrases) read from the text.
pub const MAX_WORDS: usize = 1024;
/// Most required, excluded and quoted clauses.
pub const MAX_CLAUSES: usize = 32;
/// A query of at most this many whitespace-separated tokens is typed, operator-like text where
/// `+word` requires and `-word` excludes; a longer one is prose, where they are plain words.
pub const MAX_OPERATOR_TOKENS: usize = 8;

/// A filter an operator sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKey {
    /// `tipo:` / `type:`.
    Kind,
    /// `agencia:` / `agency:` (slug).
    Agency,
    /// `plataforma:` / `platform:`.
    Platform,
    /// `nivel:` / `level:`.
    Level,
    /// `idioma:` / `lang:`.
    Language,
    /// `etiqueta:` / `tag:`.
    Tag,
    /// `pais:` / `country:`.
    Country,
    /// `objetivo:` / `objective:`.
    Objective,
    /// `dimension:`.
    Dimension,
    /// `amenaza:` / `threat:`.
    Threat,
}

impl FilterKey {
    /// The prefix of its terms in the filter field.
    pub fn prefix(self) -> &'static str {
        match self {
            FilterKey::Kind => "type",
            FilterKey::Agency => "agency",
            FilterKey::Platform => "platform",
            FilterKey::Level => "level",
            FilterKey::Language => "lang",
            FilterKey::Tag => "tag",
            FilterKey::Country => "country",
            FilterKey::Objective => "objective",
            FilterKey::Dimension => "dimension",
            FilterKey::Threat => "threat",
        }
    }
}

enum Operator {
    Filter(FilterKey),
    Before,
    After,
}

fn operator(name: &str) -> Option<Operator> {
    Some(match fold(&name.to_lowercase()).as_str() {
        "tipo" | "type" => Operator::Filter(FilterKey::Kind),
        "agencia" | "agency" | "organismo" => Operator::Filter(FilterKey::Agency),
        "plataforma" | "platform" | "red" => Operator::Filter(FilterKey::Platform),
        "nivel" | "level" => Operator::Filter(FilterKey::Level),
        "idioma" | "lang" | "language" | "lengua" => Operator::Filter(FilterKey::Language),
        "etiqueta" | "tag" => Operator::Filter(FilterKey::Tag),
        "pais" | "country" => Operator::Filter(FilterKey::Country),
        "objetivo" | "objective" | "uso" => Operator::Filter(FilterKey::Objective),
        "dimension" => Operator::Filter(FilterKey::Dimension),
        "amenaza" | "threat" | "riesgo" => Operator::Filter(FilterKey::Threat),
        "antes" | "before" | "hasta" => Operator::Before,
        "despues" | "after" | "desde" => Operator::After,
        _ => return None,
    })
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Free words, as typed (lower-cased): they rank, none is required.
    pub words: Vec<String>,
    /// Quoted phrases: they raise documents holding them, without requiring them.
    pub phrases: Vec<String>,
    /// Required words and phrases (`+word`, `+"a phrase"`).
    pub required: Vec<String>,
    /// Excluded words and phrases.
    pub excluded: Vec<String>,
    /// Operator filters (value lower-cased; several values of one key are ORed).
    pub filters: Vec<(FilterKey, String)>,
    /// Published on or before this day.
    pub before: Option<NaiveDate>,
    /// Published on or after this day.
    pub after: Option<NaiveDate>,
}

impl ParsedQuery {
    /// Whether nothing constrains the text (only filters, or nothing at all).
    pub fn has_no_text(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.required.is_empty()
    }

    fn clauses(&self) -> usize {
        self.phrases.len() + self.required.len() + self.excluded.len()
    }
}

/// Reads `2023`, `2023-06` or `2023-06-30`. `end` picks the last day of a year or month.
fn parse_day(raw: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = raw.split('-').collect();
    let year: i32 = parts.first()?.parse().ok().filter(|y| (1900..=2200).contains(y))?;
    let month: u32 = match parts.get(1) {
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        None if end => 12,
        None => 1,
    };
    match parts.get(2) {
        Some(d) => NaiveDate::from_ymd_opt(year, month, d.parse().ok()?),
        None if end => {
            let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
        }
        None => NaiveDate::from_ymd_opt(year, month, 1),
    }
}

/// Splits the text into raw tokens: quoted runs stay together (an unterminated quote runs to
/// the end), everything else splits on whitespace.
fn tokens(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut had_quote = false;
    for c in text.chars() {
        match c {
            '"' | '“' | '”' | '«' | '»' => {
                if quoted {
                    out.push((true, std::mem::take(&mut current)));
                    quoted = false;
                    had_quote = false;
                } else {
                    // `agencia:"ayto madrid"`: the operator before the quote stands alone.
                    if !current.is_empty() {
                        out.push((false, std::mem::take(&mut current)));
                    }
                    had_quote = true;
                    quoted = true;
                }
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push((false, std::mem::take(&mut current)));
                }
                had_quote = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push((quoted || had_quote, current));
    }
    out
}

/// The first [`MAX_QUERY_BYTES`] of `text`, cut back to the end of the last whole token.
fn bounded(text: &str) -> &str {
    if text.len() <= MAX_QUERY_BYTES {
        return text;
    }
    let mut end = MAX_QUERY_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut_inside_a_token = text[end..].chars().next().is_some_and(|c| !c.is_whitespace());
    if cut_inside_a_token && let Some(space) = text[..end].rfind(char::is_whitespace) {
        end = space;
    }
    &text[..end]
}

/// What a `+` or `-` prefix asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sign {
    None,
    Require,
    Exclude,
}

/// Parses any string. Never fails.
pub fn parse(text: &str) -> ParsedQuery {
    let text = bounded(text).to_lowercase();
    // `+` and `-` are operators only in short, typed queries (see the module documentation).
    let signs_are_operators = text.split_whitespace().count() <= MAX_OPERATOR_TOKENS;
    let mut parsed = ParsedQuery::default();
    let mut pending_operator: Option<Operator> = None;
    let mut sign_of_next_phrase = Sign::None;
    for (quoted, token) in tokens(&text) {
        if parsed.words.len() >= MAX_WORDS {
            break;
        }
        if quoted {
            let phrase = token.trim().to_owned();
            let sign = std::mem::replace(&mut sign_of_next_phrase, Sign::None);
            if let Some(operator) = pending_operator.take() {
                apply(&mut parsed, operator, &phrase);
                continue;
            }
            if phrase.is_empty() {
                continue;
            }
            if parsed.clauses() >= MAX_CLAUSES {
                parsed.words.extend(phrase.split_whitespace().map(str::to_owned));
                continue;
            }
            match sign {
                Sign::Exclude => parsed.excluded.push(phrase),
                Sign::Require => parsed.required.push(phrase),
                Sign::None if phrase.split_whitespace().count() > 1 => parsed.phrases.push(phrase),
                Sign::None => parsed.words.push(phrase),
            }
            continue;
        }
        sign_of_next_phrase = Sign::None;
        pending_operator = None;
        let (sign, rest) = match token.chars().next() {
            Some('-') if signs_are_operators => (Sign::Exclude, &token[1..]),
            Some('+') if signs_are_operators => (Sign::Require, &token[1..]),
            _ => (Sign::None, token.as_str()),
        };
        if sign != Sign::None {
            if rest.is_empty() {
                sign_of_next_phrase = sign;
            } else if parsed.clauses() < MAX_CLAUSES {
                let target = if sign == Sign::Exclude {
                    &mut parsed.excluded
                } else {
                    &mut parsed.required
                };
                target.push(rest.to_owned());
            }
            continue;
        }
        if let Some((name, value)) = token.split_once(':')
            && let Some(operator) = operator(name)
        {
            if value.is_empty() {
                pending_operator = Some(operator);
            } else {
                apply(&mut parsed, operator, value);
            }
            continue;
        }
        // Not an operator: its pieces are words ("a:b" → "a", "b").
        for word in token.split(':').filter(|w| !w.is_empty()) {
            if parsed.words.len() >= MAX_WORDS {
                break;
            }
            parsed.words.push(word.to_owned());
        }
    }
    parsed
}

fn apply(parsed: &mut ParsedQuery, operator: Operator, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    match operator {
        Operator::Filter(key) => parsed.filters.push((key, fold(value))),
        Operator::Before => parsed.before = parse_day(value, true).or(parsed.before),
        Operator::After => parsed.after = parse_day(value, false).or(parsed.after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_phrases_exclusions_and_operators_are_told_apart() {
        let parsed = parse(r#"Reducir llamadas "redes sociales" -twitter plataforma:WhatsApp nivel:local antes:2023"#);
        assert_eq!(parsed.words, vec!["reducir", "llamadas"]);
        assert_eq!(parsed.phrases, vec!["redes sociales"]);
        assert_eq!(parsed.excluded, vec!["twitter"]);
        assert_eq!(
            parsed.filters,
            vec![
                (FilterKey::Platform, "whatsapp".into()),
                (FilterKey::Level, "local".into())
            ]
        );
        assert_eq!(parsed.before, NaiveDate::from_ymd_opt(2023, 12, 31));
    }

    #[test]
    fn english_spanish_and_accented_operator_names_are_equivalent() {
        for text in ["platform:tiktok", "plataforma:tiktok", "PLATAFORMA:TikTok"] {
            assert_eq!(
                parse(text).filters,
                vec![(FilterKey::Platform, "tiktok".into())],
                "{text}"
            );
        }
        assert_eq!(parse("después:2022-03").after, NaiveDate::from_ymd_opt(2022, 3, 1));
        assert_eq!(parse("país:es").filters, vec![(FilterKey::Country, "es".into())]);
        assert_eq!(
            parse(r#"agencia:"ayto-madrid""#).filters,
            vec![(FilterKey::Agency, "ayto-madrid".into())]
        );
    }

    #[test]
    fn malformed_input_degrades_to_words() {
        assert_eq!(parse("foo:bar").words, vec!["foo", "bar"]);
        assert_eq!(parse(r#"unterminated "quote here"#).phrases, vec!["quote here"]);
        assert_eq!(parse("antes:nunca").before, None);
        assert_eq!(parse("plataforma:").filters, vec![]);
        assert_eq!(parse("- -- :::").words, Vec::<String>::new());
        assert!(parse("").has_no_text());
    }

    #[test]
    fn very_long_queries_are_bounded() {
        let long = "palabra ".repeat(10_000);
        let parsed = parse(&long);
        assert!(parsed.words.len() <= MAX_WORDS);
        assert!(parsed.words.len() * "palabra ".len() <= MAX_QUERY_BYTES);
        // Cut back to a whole word, never inside one (nor inside a character).
        let accented = "acción ".repeat(2_000);
        assert!(parse(&accented).words.iter().all(|w| w == "acción"));
    }

    #[test]
    fn a_pasted_paragraph_keeps_its_words_past_the_old_limits() {
        let paragraph = "la red ".repeat(40) + "transparencia presupuestaria municipal";
        let parsed = parse(&paragraph);
        assert_eq!(parsed.words.last().map(String::as_str), Some("municipal"));
    }

    #[test]
    fn plus_requires_and_minus_excludes_only_in_short_typed_queries() {
        let parsed = parse(r#"tiktok +subvenciones -empleo +"redes sociales" -"mal uso""#);
        assert_eq!(parsed.words, vec!["tiktok"]);
        assert_eq!(parsed.required, vec!["subvenciones", "redes sociales"]);
        assert_eq!(parsed.excluded, vec!["empleo", "mal uso"]);
        // Quotes alone raise a phrase; they do not require it.
        let quoted = parse(r#""portal de transparencia""#);
        assert_eq!(quoted.phrases, vec!["portal de transparencia"]);
        assert!(quoted.required.is_empty());
        // Inside pasted prose a hyphen or plus is punctuation, not an operator.
        let prose = parse("el ayuntamiento publicó el plan -borrador- de movilidad para +65 años y jóvenes");
        assert!(prose.excluded.is_empty() && prose.required.is_empty(), "{prose:?}");
        assert!(prose.words.contains(&"-borrador-".to_owned()));
        assert!(prose.words.contains(&"+65".to_owned()));
    }

    proptest! {
        #[test]
        fn any_string_parses_within_bounds(text in ".{0,600}") {
            let parsed = parse(&text);
            prop_assert!(parsed.words.len() <= MAX_WORDS);
            prop_assert!(parsed.phrases.len() + parsed.required.len() + parsed.excluded.len() <= MAX_CLAUSES);
        }

        #[test]
        fn operator_soup_never_panics(text in "([a-záéíóúñ\"\\-: ]{0,20}(tipo|type|antes|after|plataforma|nivel|tag|idioma):[a-z0-9\\-\"]{0,12} ?){0,8}") {
            let _ = parse(&text);
        }
    }
}
