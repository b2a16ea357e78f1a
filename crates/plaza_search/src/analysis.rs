//! Text analysis: how words become searchable terms, per language.
//!
//! Choices, made on purpose (see shared pitfalls):
//! - Accents are folded *before* stemming, on documents and queries alike, so "información",
//!   "informacion" and "INFORMACIÓN" give the same stem: users type without accents.
//! - `ñ` is kept: "año" and "ano" stay different words. Typo tolerance (one edit) still reaches
//!   "españa" from "espana" on the unstemmed field.
//! - Stop lists are curated: "estado", "estados", "gobierno", "más" stay searchable.
//! - Catalan has no Snowball stemmer: a light plural/gender stemmer stands in.
//! - Galician uses the Portuguese stemmer; Basque is folded but not stemmed.

use std::mem;

use plaza_domain::content::Language;
use plaza_domain::text::fold_char;
use tantivy::tokenizer::{
    Language as StemLanguage, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

mod light_words;
pub use light_words::is_light_word;

/// Analyzer of the unstemmed, accent-folded fields (exact words, phrases, typos, typeahead).
pub const FOLD: &str = "plaza_fold";

/// The stemmed analyzer families; each content language maps to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Spanish (Snowball).
    Es,
    /// Catalan (light stemmer).
    Ca,
    /// Portuguese and Galician (Snowball Portuguese).
    Pt,
    /// English (Snowball).
    En,
    /// French (Snowball).
    Fr,
    /// Italian (Snowball).
    It,
    /// Basque and anything else: folded, not stemmed.
    Plain,
}

impl Family {
    /// Every family, in field order.
    pub const ALL: [Family; 7] = [
        Family::Es,
        Family::Ca,
        Family::Pt,
        Family::En,
        Family::Fr,
        Family::It,
        Family::Plain,
    ];

    /// The family that analyses content in `language`.
    pub fn of(language: Language) -> Family {
        match language {
            Language::Es => Family::Es,
            Language::Ca => Family::Ca,
            Language::Pt | Language::Gl => Family::Pt,
            Language::En => Family::En,
            Language::Fr => Family::Fr,
            Language::It => Family::It,
            Language::Eu => Family::Plain,
        }
    }

    /// Short name used in field and analyzer names.
    pub fn name(self) -> &'static str {
        match self {
            Family::Es => "es",
            Family::Ca => "ca",
            Family::Pt => "pt",
            Family::En => "en",
            Family::Fr => "fr",
            Family::It => "it",
            Family::Plain => "plain",
        }
    }

    /// The analyzer name registered for this family.
    pub fn analyzer(self) -> String {
        format!("plaza_stem_{}", self.name())
    }
}

/// Folds diacritics to their base letter, except `ñ`. Lower-case input expected.
pub fn fold(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// Token filter applying [`fold`].
#[derive(Clone, Debug)]
pub struct FoldKeepingEnye;

impl TokenFilter for FoldKeepingEnye {
    type Tokenizer<T: Tokenizer> = FoldTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldTokenizer<T> {
        FoldTokenizer {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// Tokenizer wrapper of [`FoldKeepingEnye`].
#[derive(Clone, Debug)]
pub struct FoldTokenizer<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.buffer.clear();
        FoldStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream of [`FoldKeepingEnye`].
pub struct FoldStream<'a, T> {
    tail: T,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for FoldStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if !self.tail.token().text.is_ascii() {
            self.buffer.clear();
            self.buffer.extend(self.tail.token().text.chars().filter_map(fold_char));
            mem::swap(&mut self.tail.token_mut().text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// A light Catalan stemmer: plural and gender endings (`xarxes`, `xarxa` → `xarx`).
#[derive(Clone, Debug)]
pub struct LightCatalanStemmer;

/// Stems one folded Catalan word.
pub fn light_catalan_stem(word: &str) -> String {
    let mut stem = word.to_owned();
    for suffix in ["ions", "es", "s"] {
        if stem.chars().count() > suffix.len() + 3 && stem.ends_with(suffix) {
            let cut = stem.len() - suffix.len();
            stem.truncate(cut);
            if suffix == "ions" {
                stem.push_str("io");
            }
            break;
        }
    }
    if stem.chars().count() > 4 && (stem.ends_with('a') || stem.ends_with('e') || stem.ends_with('o')) {
        stem.pop();
    }
    stem
}

impl TokenFilter for LightCatalanStemmer {
    type Tokenizer<T: Tokenizer> = CatalanTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CatalanTokenizer<T> {
        CatalanTokenizer { inner: tokenizer }
    }
}

/// Tokenizer wrapper of [`LightCatalanStemmer`].
#[derive(Clone, Debug)]
pub struct CatalanTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CatalanTokenizer<T> {
    type TokenStream<'a> = CatalanStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CatalanStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream of [`LightCatalanStemmer`].
pub struct CatalanStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for CatalanStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let stemmed = light_catalan_stem(&self.tail.token().text);
        self.tail.token_mut().text = stemmed;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Curated stop words: function words only. "estado", "gobierno", "más", "ley" stay.
fn stop_words(family: Family) -> Vec<String> {
    let words: &[&str] = match family {
        Family::Es => &[
            "a", "al", "algo", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "con", "contra", "cual",
            "cuando", "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre",
            "era", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estas", "este", "esto", "estos", "fue", "ha",
            "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "muy", "ni", "no", "nos",
            "o", "os", "para", "pero", "por", "porque", "que", "quien", "se", "sea", "ser", "si", "sin", "sobre",
            "son", "su", "sus", "tambien", "te", "tu", "tus", "u", "un", "una", "unas", "uno", "unos", "y", "ya", "yo",
            "como",
        ],
        Family::Ca => &[
            // Elided articles and pronouns (d', l', s', n', m', t') split off as single letters.
            "d", "l", "s", "n", "m", "t", "a", "al", "als", "amb", "cap", "com", "de", "del", "dels", "des", "el",
            "els", "en", "es", "i", "la", "les", "li", "lo", "los", "me", "ne", "ni", "no", "o", "per", "pero", "que",
            "qui", "se", "si", "sense", "son", "sobre", "un", "una", "uns", "unes",
        ],
        Family::Pt => &[
            "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "em", "na", "nas", "no", "nos",
            "o", "os", "ou", "para", "pela", "pelo", "por", "que", "se", "sem", "um", "uma", "umas", "uns",
        ],
        Family::En => &[
            // Possessive and contracted endings ("author's", "don't") split off as single letters.
            "s", "t", "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "into", "is", "it",
            "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "with",
        ],
        Family::Fr => &[
            "a", "au", "aux", "avec", "ce", "de", "des", "du", "en", "et", "la", "le", "les", "ou", "par", "pour",
            "que", "qui", "sur", "un", "une",
        ],
        Family::It => &[
            "a", "al", "che", "con", "da", "del", "della", "di", "e", "il", "in", "la", "le", "per", "su", "un", "una",
        ],
        Family::Plain => &[],
    };
    words.iter().map(|word| (*word).to_owned()).collect()
}

/// Longest token kept; longer ones are noise (URLs, hashes).
const MAX_TOKEN_BYTES: usize = 40;

/// The stemmed analyzer of a family: tokenize, lower-case, fold (keeping ñ), drop stop words,
/// stem.
pub fn stem_analyzer(family: Family) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(FoldKeepingEnye)
        .filter(StopWordFilter::remove(stop_words(family)));
    let snowball = match family {
        Family::Es => Some(StemLanguage::Spanish),
        Family::Pt => Some(StemLanguage::Portuguese),
        Family::En => Some(StemLanguage::English),
        Family::Fr => Some(StemLanguage::French),
        Family::It => Some(StemLanguage::Italian),
        Family::Ca | Family::Plain => None,
    };
    match (family, snowball) {
        (_, Some(language)) => base.filter(Stemmer::new(language)).build(),
        (Family::Ca, None) => base.filter(LightCatalanStemmer).build(),
        _ => base.build(),
    }
}

/// The unstemmed analyzer: tokenize, lower-case, fold (keeping ñ). Keeps every word, so
/// phrases and exact matches work.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(FoldKeepingEnye)
        .build()
}

/// Registers every analyzer on an index (analyzers are not persisted: do it on every open).
pub fn register(index: &tantivy::Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(FOLD, fold_analyzer());
    for family in Family::ALL {
        tokenizers.register(&family.analyzer(), stem_analyzer(family));
    }
}

/// Joins words cut by a Catalan middle dot so "col·lectiu" is one word, on documents and
/// queries alike: a `·` between two letters disappears (also when a typo lost one `l`, as in
/// "intel·ectual"), and the typographic variant `l.l` becomes `ll`.
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    if !(text.contains('·') || text.contains("l.l") || text.contains("L.L")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut joined = String::with_capacity(text.len());
    for (index, c) in chars.iter().enumerate() {
        let before = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let after = chars.get(index + 1).copied();
        let between_letters = before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic);
        let geminate_dot = *c == '.' && matches!(before, Some('l' | 'L')) && matches!(after, Some('l' | 'L'));
        if (*c == '·' && between_letters) || geminate_dot {
            continue;
        }
        joined.push(*c);
    }
    std::borrow::Cow::Owned(joined)
}

/// The terms `analyzer` makes of `text`.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let text = normalize(text);
    let mut stream = analyzer.token_stream(&text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(family: Family, text: &str) -> Vec<String> {
        terms(&mut stem_analyzer(family), text)
    }

    #[test]
    fn a_middle_dot_between_letters_joins_the_word() {
        assert_eq!(normalize("col·lectiu"), "collectiu");
        assert_eq!(normalize("COL·LECTIU"), "COLLECTIU");
        assert_eq!(normalize("intel·ectual"), "intelectual");
        assert_eq!(normalize("col.lectiu"), "collectiu");
        assert_eq!(normalize("punt · volat"), "punt · volat");
        assert_eq!(normalize("sense punt"), "sense punt");
        assert_eq!(
            terms(&mut fold_analyzer(), "Propietat intel·lectual"),
            ["propietat", "intellectual"]
        );
    }

    #[test]
    fn spanish_stems_match_with_or_without_accents_and_case() {
        assert_eq!(stems(Family::Es, "información"), stems(Family::Es, "INFORMACION"));
        assert_eq!(stems(Family::Es, "subvenciones"), stems(Family::Es, "subvencion"));
        assert_eq!(
            stems(Family::Es, "Participación ciudadana"),
            stems(Family::Es, "participacion ciudadana")
        );
        assert_eq!(stems(Family::Es, "llamadas"), stems(Family::Es, "llamada"));
    }

    #[test]
    fn estado_is_not_a_stop_word_but_de_is() {
        assert_eq!(stems(Family::Es, "el estado de la red").len(), 2);
        assert!(!stems(Family::Es, "Estado").is_empty());
    }

    #[test]
    fn enye_is_kept_so_ano_and_año_differ() {
        assert_ne!(terms(&mut fold_analyzer(), "año"), terms(&mut fold_analyzer(), "ano"));
        assert_eq!(terms(&mut fold_analyzer(), "Áreas Públicas"), vec!["areas", "publicas"]);
    }

    #[test]
    fn catalan_plurals_and_genders_share_a_stem() {
        assert_eq!(stems(Family::Ca, "xarxes"), stems(Family::Ca, "xarxa"));
        assert_eq!(stems(Family::Ca, "comunicacions"), stems(Family::Ca, "comunicació"));
        assert_eq!(stems(Family::Ca, "municipis"), stems(Family::Ca, "municipi"));
    }

    #[test]
    fn decomposed_accents_fold_like_composed_ones() {
        assert_eq!(fold("informacio\u{0301}n"), "informacion");
    }
}
