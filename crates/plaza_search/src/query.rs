//! The query language people type: free words, `"phrases"`, `-exclusions` and operators in
//! Spanish or English (`plataforma:tiktok`, `platform:tiktok`, `nivel:local`, `antes:2023`…).
//! Any string parses: malformed operators and quotes degrade to plain words, never an error.

use chrono::NaiveDate;

use crate::analysis::fold;

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words, phrases and exclusions considered.
pub const MAX_CLAUSES: usize = 32;

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
    /// Free words, as typed (lower-cased).
    pub words: Vec<String>,
    /// Quoted phrases.
    pub phrases: Vec<String>,
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
        self.words.is_empty() && self.phrases.is_empty()
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

/// Parses any string. Never fails.
pub fn parse(text: &str) -> ParsedQuery {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect::<String>().to_lowercase();
    let mut parsed = ParsedQuery::default();
    let mut pending_operator: Option<Operator> = None;
    let mut negate_next_phrase = false;
    for (quoted, token) in tokens(&text) {
        let clauses = parsed.words.len() + parsed.phrases.len() + parsed.excluded.len();
        if clauses >= MAX_CLAUSES {
            break;
        }
        if quoted {
            let phrase = token.trim().to_owned();
            if let Some(operator) = pending_operator.take() {
                apply(&mut parsed, operator, &phrase);
            } else if negate_next_phrase {
                if !phrase.is_empty() {
                    parsed.excluded.push(phrase);
                }
            } else if phrase.split_whitespace().count() > 1 {
                parsed.phrases.push(phrase);
            } else if !phrase.is_empty() {
                parsed.words.push(phrase);
            }
            negate_next_phrase = false;
            continue;
        }
        negate_next_phrase = false;
        pending_operator = None;
        if token == "-" {
            negate_next_phrase = true;
            continue;
        }
        if let Some(excluded) = token.strip_prefix('-') {
            if !excluded.is_empty() {
                parsed.excluded.push(excluded.to_owned());
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
            if parsed.words.len() + parsed.phrases.len() + parsed.excluded.len() >= MAX_CLAUSES {
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
        let long = "palabra ".repeat(1000);
        let parsed = parse(&long);
        assert!(parsed.words.len() <= MAX_CLAUSES);
    }

    proptest! {
        #[test]
        fn any_string_parses_within_bounds(text in ".{0,600}") {
            let parsed = parse(&text);
            prop_assert!(parsed.words.len() + parsed.phrases.len() + parsed.excluded.len() <= MAX_CLAUSES);
        }

        #[test]
        fn operator_soup_never_panics(text in "([a-záéíóúñ\"\\-: ]{0,20}(tipo|type|antes|after|plataforma|nivel|tag|idioma):[a-z0-9\\-\"]{0,12} ?){0,8}") {
            let _ = parse(&text);
        }
    }
}
