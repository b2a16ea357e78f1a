//! Turning a parsed query into tantivy queries: words in every language and zone, phrases,
//! synonyms, typos, filters, dates, exclusions and the audience.

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::sync::LazyLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::{SearchFilter, SearchIndex};
use crate::analysis::{self, Family};
use crate::document::{DocKind, day_number};
use crate::query::{FilterKey, ParsedQuery};
use crate::schema::Zone;

impl SearchIndex {
    pub(super) fn analyzer(&self, field: tantivy::schema::Field) -> Option<TextAnalyzer> {
        self.analyzers.by_field.get(&field).cloned()
    }

    /// The unstemmed, folding analyzer.
    pub(super) fn fold_analyzer(&self) -> TextAnalyzer {
        self.analyzers.fold.clone()
    }

    /// Clauses matching one word (or synonym phrase) in every zone and language, with exact
    /// unstemmed matches above stemmed ones and typo-tolerant matches below both.
    ///
    /// Typos: a word is also matched through the indexed words one edit away (two for long
    /// words) that are much more frequent than it (a word found nowhere, or a rare misspelling
    /// that slipped into a document), each scored by BM25 like any word so a misspelled rare
    /// word keeps its weight.
    pub(super) fn word_clause(&self, word: &str, fuzzy: bool) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let searcher = self.reader.searcher();
        let folded_word = analysis::terms(&mut self.fold_analyzer(), word);
        // Spellings the word may be a typo of, found once and tried in every zone.
        let corrections = match folded_word.as_slice() {
            [single] if fuzzy => self.corrections(&searcher, single),
            _ => Vec::new(),
        };
        for zone in Zone::ALL {
            for family in Family::ALL {
                let field = self.fields.stem(family, zone);
                let Some(mut analyzer) = self.analyzer(field) else {
                    continue;
                };
                let terms = analysis::terms(&mut analyzer, word);
                if terms.len() == 1 {
                    let term = Term::from_field_text(field, &terms[0]);
                    let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(query), zone.boost()))));
                }
            }
            let field = self.fields.fold(zone);
            match folded_word.as_slice() {
                [single] => {
                    let term = Term::from_field_text(field, single);
                    let exact = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(exact), zone.boost() * 1.5)),
                    ));
                    for (correction, distance) in &corrections {
                        let term = Term::from_field_text(field, correction);
                        let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                        // Closer misspellings weigh more; both below an exact match.
                        let weight = if *distance == 1 { 0.8 } else { 0.4 };
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(query), zone.boost() * weight)),
                        ));
                    }
                }
                [] => {}
                several => {
                    let terms = several.iter().map(|t| Term::from_field_text(field, t)).collect();
                    let phrase = PhraseQuery::new(terms);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(phrase), zone.boost() * 1.5)),
                    ));
                }
            }
        }
        if should.is_empty() {
            None
        } else {
            Some(Box::new(BooleanQuery::new(should)))
        }
    }

    /// A phrase in any zone (unstemmed, positions).
    pub(super) fn phrase_clause(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let folded = analysis::terms(&mut self.fold_analyzer(), phrase);
        if folded.is_empty() {
            return None;
        }
        if folded.len() == 1 {
            return self.word_clause(&folded[0], false);
        }
        let should: Vec<(Occur, Box<dyn Query>)> = Zone::ALL
            .iter()
            .map(|zone| {
                let terms = folded
                    .iter()
                    .map(|t| Term::from_field_text(self.fields.fold(*zone), t))
                    .collect();
                let query: Box<dyn Query> =
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), zone.boost() * 2.0));
                (Occur::Should, query)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(should)))
    }

    pub(super) fn is_stop_word(&self, word: &str) -> bool {
        self.analyzers
            .stop_check
            .iter()
            .any(|analyzer| analysis::terms(&mut analyzer.clone(), word).is_empty())
    }

    /// The text part of a query: words (with synonyms), phrases, exclusions.
    pub(super) fn text_query(&self, parsed: &ParsedQuery, country: Option<&str>) -> Option<Box<dyn Query>> {
        // Words as the index cut them: "d'audiència" is the words "d" (a stop word) and
        // "audiencia", so each gets its own typo tolerance.
        let mut fold = self.fold_analyzer();
        let folded_words: Vec<String> = parsed
            .words
            .iter()
            .flat_map(|w| analysis::terms(&mut fold, w))
            .collect();
        let synonym_phrases = self.synonyms.phrases_in(&folded_words);
        let mut covered: HashSet<usize> = HashSet::new();
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        for (start, len) in &synonym_phrases {
            let phrase = folded_words[*start..start + len].join(" ");
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for candidate in std::iter::once(phrase.as_str()).chain(self.synonyms.of(&phrase, country)) {
                if let Some(clause) = self.phrase_clause(candidate) {
                    alternatives.push((Occur::Should, clause));
                }
            }
            if !alternatives.is_empty() {
                required.push(Box::new(BooleanQuery::new(alternatives)));
                covered.extend(*start..start + len);
            }
        }
        let meaningful: Vec<&String> = folded_words
            .iter()
            .enumerate()
            .filter(|(index, _)| !covered.contains(index))
            .map(|(_, word)| word)
            .filter(|word| !self.is_stop_word(word))
            .collect();
        for word in meaningful {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(clause) = self.word_clause(word, true) {
                alternatives.push((Occur::Should, clause));
            }
            for synonym in self.synonyms.of(word, country) {
                if let Some(clause) = self.phrase_clause(synonym) {
                    alternatives.push((Occur::Should, Box::new(BoostQuery::new(clause, 0.8))));
                }
            }
            if !alternatives.is_empty() {
                required.push(Box::new(BooleanQuery::new(alternatives)));
            }
        }
        let word_count = required.len();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = required.into_iter().map(|q| (Occur::Should, q)).collect();
        // Natural-language questions carry words no document has: ask for most, not all.
        let minimum = if word_count <= 2 {
            word_count
        } else {
            word_count.div_ceil(2) + 1
        };
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for phrase in &parsed.phrases {
            if let Some(clause) = self.phrase_clause(phrase) {
                musts.push((Occur::Must, clause));
            }
        }
        if clauses.is_empty() && musts.is_empty() {
            return None;
        }
        let words_query: Option<Box<dyn Query>> = if clauses.is_empty() {
            None
        } else if minimum >= clauses.len() {
            Some(Box::new(BooleanQuery::new(
                clauses.drain(..).map(|(_, q)| (Occur::Must, q)).collect(),
            )))
        } else {
            Some(Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses,
                minimum.min(word_count),
            )))
        };
        let mut all: Vec<(Occur, Box<dyn Query>)> = musts;
        if let Some(words) = words_query {
            all.push((Occur::Must, words));
        }
        Some(Box::new(BooleanQuery::new(all)))
    }

    pub(super) fn filter_clauses(
        &self,
        parsed: &ParsedQuery,
        filter: &SearchFilter,
        audience: &[String],
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let audience_terms = audience
            .iter()
            .map(|key| Term::from_field_text(self.fields.audience, key));
        clauses.push((Occur::Must, super::any_term(audience_terms)));
        let mut by_key: Vec<(FilterKey, Vec<String>)> = Vec::new();
        for (key, value) in parsed.filters.iter().chain(filter.terms.iter()) {
            let value = match key {
                FilterKey::Kind => DocKind::parse(value)
                    .map(|k| k.code().to_owned())
                    .unwrap_or_else(|| value.clone()),
                _ => value.clone(),
            };
            match by_key.iter_mut().find(|(k, _)| k == key) {
                Some((_, values)) => values.push(value),
                None => by_key.push((*key, vec![value])),
            }
        }
        for (key, values) in by_key {
            let terms = values
                .iter()
                .map(|value| Term::from_field_text(self.fields.filter, &format!("{}:{value}", key.prefix())));
            clauses.push((Occur::Must, super::any_term(terms)));
        }
        if parsed.before.is_some() || parsed.after.is_some() {
            let bound = |day: Option<chrono::NaiveDate>| match day {
                Some(day) => Bound::Included(Term::from_field_i64(self.fields.day, day_number(day))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(parsed.after), bound(parsed.before))),
            ));
        }
        for excluded in &parsed.excluded {
            let clause = if excluded.contains(' ') {
                self.phrase_clause(excluded)
            } else {
                self.word_clause(excluded, false)
            };
            if let Some(clause) = clause {
                clauses.push((Occur::MustNot, clause));
            }
        }
        clauses
    }
}

/// Levenshtein automaton builders for one and two edits (a transposition counts as one).
static TYPO_AUTOMATA: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

/// Most spellings a misspelled word is corrected to, per field.
const MAX_CORRECTIONS: usize = 8;
/// How much more frequent a spelling must be than the typed word to count as its correction.
const MORE_FREQUENT: u64 = 4;
/// A typed word in more than one document in this many (and more than 3) is taken as meant.
const RARE_PER: u64 = 5_000;

/// A Levenshtein DFA walking tantivy's term dictionary.
struct Typos<'a>(&'a DFA);

impl tantivy_fst::Automaton for Typos<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The automaton of the edits allowed for a word: one from 4 letters as typed, two from 8 (a
/// deletion typo of a 5- or 9-letter word arrives one letter shorter); none below 4.
fn typo_automaton(word: &str) -> Option<DFA> {
    let letters = word.chars().count();
    (letters >= 4).then(|| TYPO_AUTOMATA[usize::from(letters >= 8)].build_dfa(word))
}

impl SearchIndex {
    /// Indexed words the typed one may be a misspelling of: within its allowed edits, at least
    /// [`MORE_FREQUENT`] times as frequent, closest first, then most frequent. Only a rare word
    /// is looked at (found nowhere, or in few documents: a typo that slipped into a text); a
    /// frequent word is taken as meant, which also spares walking the dictionaries.
    fn corrections(&self, searcher: &Searcher, word: &str) -> Vec<(String, u8)> {
        let generation = searcher.generation().generation_id();
        if let Some(found) = self
            .corrections
            .lock()
            .ok()
            .and_then(|mut cache| cache.get(generation, word))
        {
            return found;
        }
        let found = self.look_up_corrections(searcher, word);
        if let Ok(mut cache) = self.corrections.lock() {
            cache.put(generation, word, found.clone());
        }
        found
    }

    fn look_up_corrections(&self, searcher: &Searcher, word: &str) -> Vec<(String, u8)> {
        let fields = [self.fields.fold(Zone::Title), self.fields.fold(Zone::Body)];
        let typed_frequency: u64 = fields
            .iter()
            .map(|field| searcher.doc_freq(&Term::from_field_text(*field, word)).unwrap_or(0))
            .sum();
        if typed_frequency > (searcher.num_docs() / RARE_PER).max(3) {
            return Vec::new();
        }
        let Some(dfa) = typo_automaton(word) else {
            return Vec::new();
        };
        let mut found: HashMap<Vec<u8>, u32> = HashMap::new();
        for (segment, field) in searcher
            .segment_readers()
            .iter()
            .flat_map(|segment| fields.iter().map(move |field| (segment, *field)))
        {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(Typos(&dfa)).into_stream() else {
                continue;
            };
            while stream.advance() {
                *found.entry(stream.key().to_vec()).or_default() += stream.value().doc_freq;
            }
        }
        let mut ranked: Vec<(Vec<u8>, u8, u32)> = found
            .into_iter()
            .filter(|(_, frequency)| u64::from(*frequency) >= typed_frequency.saturating_mul(MORE_FREQUENT).max(1))
            .filter_map(|(key, frequency)| match dfa.eval(&key) {
                Distance::Exact(distance) if distance > 0 => Some((key, distance, frequency)),
                _ => None,
            })
            .collect();
        ranked.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then_with(|| a.0.cmp(&b.0)));
        // Only the nearest spellings: a word one edit away beats any two edits away.
        let nearest = ranked.first().map(|(_, distance, _)| *distance);
        ranked
            .into_iter()
            .take_while(|(_, distance, _)| Some(*distance) == nearest)
            .take(MAX_CORRECTIONS)
            .filter_map(|(key, distance, _)| String::from_utf8(key).ok().map(|text| (text, distance)))
            .collect()
    }
}
