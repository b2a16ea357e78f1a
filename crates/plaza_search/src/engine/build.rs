//! Turning a parsed query into tantivy queries: words in every language and zone, phrases,
//! synonyms, typos, filters, dates, exclusions and the audience.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;

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
    pub(super) fn word_clause(&self, word: &str, fuzzy: bool) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
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
            let folded = analysis::terms(&mut self.fold_analyzer(), word);
            match folded.as_slice() {
                [single] => {
                    let term = Term::from_field_text(field, single);
                    let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(exact), zone.boost() * 1.5)),
                    ));
                    let letters = single.chars().count();
                    // One edit for words of 5+ letters, two for 9+: a deletion typo of such a word
                    // arrives one letter shorter, hence 4 and 8 as typed.
                    if fuzzy && letters >= 4 {
                        // Closer misspellings weigh more: fuzzy scores are flat in tantivy.
                        let near = FuzzyTermQuery::new(term.clone(), 1, true);
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(near), zone.boost() * 0.8)),
                        ));
                        if letters >= 8 {
                            let far = FuzzyTermQuery::new(term, 2, true);
                            should.push((
                                Occur::Should,
                                Box::new(BoostQuery::new(Box::new(far), zone.boost() * 0.4)),
                            ));
                        }
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
    pub(super) fn text_query(&self, parsed: &ParsedQuery) -> Option<Box<dyn Query>> {
        let folded_words: Vec<String> = parsed.words.iter().map(|w| analysis::fold(w)).collect();
        let synonym_phrases = self.synonyms.phrases_in(&folded_words);
        let mut covered: HashSet<usize> = HashSet::new();
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        for (start, len) in &synonym_phrases {
            let phrase = folded_words[*start..start + len].join(" ");
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for candidate in std::iter::once(&phrase).chain(self.synonyms.of(&phrase)) {
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
            for synonym in self.synonyms.of(word) {
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
        clauses.push((Occur::Must, Box::new(TermSetQuery::new(audience_terms))));
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
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
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
