//! Turning a parsed query into tantivy queries: words in every language and zone, phrases,
//! synonyms, typos, filters, dates, exclusions and the audience.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::rerank::{self, QuestionWord};
use super::{SearchFilter, SearchIndex};
use crate::analysis::{self, Family};
use crate::document::{day_number, kind_alias};
use crate::query::{FilterKey, ParsedQuery};
use crate::schema::Zone;

/// Alternatives of one word (the word itself, its synonyms, its zones): the best one counts,
/// the others a little ([`TIE_BREAKER`]), so a word found in the title and the body, or with
/// two of its synonyms, does not outweigh two different words of the question.
fn any_of(alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(DisjunctionMaxQuery::with_tie_breaker(alternatives, TIE_BREAKER))
}

fn zone_boost(zone: Zone) -> f32 {
    zone.boost()
}

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
    /// Typos (`fuzzy`): a word is also matched through the indexed words one edit away (two for
    /// long words) that are much more frequent than it (a word found nowhere, or a rare
    /// misspelling that slipped into a document), each scored by BM25 like any word so a
    /// misspelled rare word keeps its weight. A correction is looked up on the unstemmed field
    /// and then also matched through its stem, so "equpo" reaches "equipos" as well as
    /// "equipo". Corrections that are stop words or question words are never used.
    pub(super) fn word_clause(&self, word: &str, fuzzy: bool, language: Preferred) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let searcher = self.reader.searcher();
        let folded_word = analysis::terms(&mut self.fold_analyzer(), word);
        // Spellings the word may be a typo of, found once and tried in every zone.
        let corrections: Vec<(String, u8)> = match folded_word.as_slice() {
            [single] if fuzzy => self
                .corrections(&searcher, single)
                .into_iter()
                .filter(|(correction, _)| !self.is_stop_word(correction) && !analysis::is_light_word(correction))
                .collect(),
            _ => Vec::new(),
        };
        let mut zones: Vec<Box<dyn Query>> = Vec::new();
        for zone in Zone::ALL {
            if !should.is_empty() {
                zones.push(Box::new(BooleanQuery::new(std::mem::take(&mut should))));
            }
            for family in Family::ALL {
                let field = self.fields.stem(family, zone);
                let Some(mut analyzer) = self.analyzer(field) else {
                    continue;
                };
                let terms = analysis::terms(&mut analyzer, word);
                let family_weight = language.weight(family);
                let own = match terms.as_slice() {
                    [single] => {
                        let term = Term::from_field_text(field, single);
                        let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(query), zone_boost(zone) * family_weight)),
                        ));
                        Some(single.clone())
                    }
                    _ => None,
                };
                // The stems of the nearest corrections, below the word's own stem.
                let mut seen: Vec<String> = own.into_iter().collect();
                for (correction, distance) in corrections.iter().take(MAX_STEMMED_CORRECTIONS) {
                    let stems = analysis::terms(&mut analyzer, correction);
                    let [stem] = stems.as_slice() else { continue };
                    if seen.contains(stem) {
                        continue;
                    }
                    seen.push(stem.clone());
                    let term = Term::from_field_text(field, stem);
                    let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    let weight = family_weight * if *distance == 1 { 1.0 } else { 0.5 };
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(query), zone_boost(zone) * weight)),
                    ));
                }
            }
            let field = self.fields.fold(zone);
            match folded_word.as_slice() {
                [single] => {
                    let term = Term::from_field_text(field, single);
                    let exact = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(exact), zone_boost(zone) * EXACT_WEIGHT)),
                    ));
                    for (correction, distance) in &corrections {
                        let term = Term::from_field_text(field, correction);
                        let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                        // Closer misspellings weigh more; both below an exact match.
                        let weight = if *distance == 1 { 1.2 } else { 0.6 };
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(query), zone_boost(zone) * weight)),
                        ));
                    }
                }
                [] => {}
                several => {
                    let terms = several.iter().map(|t| Term::from_field_text(field, t)).collect();
                    let phrase = PhraseQuery::new(terms);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(phrase), zone_boost(zone) * EXACT_WEIGHT)),
                    ));
                }
            }
        }
        if !should.is_empty() {
            zones.push(Box::new(BooleanQuery::new(should)));
        }
        if zones.is_empty() { None } else { Some(any_of(zones)) }
    }

    /// A phrase in any zone (unstemmed, positions).
    pub(super) fn phrase_clause(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let folded = analysis::terms(&mut self.fold_analyzer(), phrase);
        if folded.is_empty() {
            return None;
        }
        if folded.len() == 1 {
            return self.word_clause(&folded[0], false, Preferred::default());
        }
        let should: Vec<(Occur, Box<dyn Query>)> = Zone::ALL
            .iter()
            .map(|zone| {
                let terms = folded
                    .iter()
                    .map(|t| Term::from_field_text(self.fields.fold(*zone), t))
                    .collect();
                let query: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new(terms)),
                    zone_boost(*zone) * 2.0,
                ));
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

    /// How many documents hold a folded word (title or body), for choosing the informative
    /// words of a long query and the rare ones worth a typo correction.
    fn document_frequency(&self, searcher: &Searcher, word: &str) -> u64 {
        [Zone::Title, Zone::Body]
            .iter()
            .map(|zone| {
                searcher
                    .doc_freq(&Term::from_field_text(self.fields.fold(*zone), word))
                    .unwrap_or(0)
            })
            .sum()
    }

    /// The text part of a query. Ranking, not filtering: every content word is an optional
    /// clause scored by BM25 over the weighted zones (stemmed and exact, exact higher; its best
    /// zone counts); a document covering most of the words is raised, not the only one
    /// allowed; content words found near each other as typed, and quoted phrases, raise
    /// documents holding them; question words and light verbs weigh little; stop words do not
    /// count; only `+` words and phrases are required. A long query (a pasted paragraph) keeps its
    /// [`MAX_TERMS`] most informative words by inverse document frequency, and typo
    /// corrections are tried for at most [`MAX_TYPO_WORDS`] rare words, so the cost is bounded.
    pub(super) fn text_query(
        &self,
        parsed: &ParsedQuery,
        country: Option<&str>,
        reader: Option<plaza_domain::content::Language>,
    ) -> Option<(Box<dyn Query>, Vec<QuestionWord>)> {
        let searcher = self.reader.searcher();
        let language = Preferred::of(query_language(parsed), reader.map(Family::of));
        // Words as the index cut them: "d'audiència" is the words "d" (a stop word) and
        // "audiencia". The words of quoted phrases rank like any word too.
        let mut fold = self.fold_analyzer();
        let folded_words: Vec<String> = parsed
            .words
            .iter()
            .chain(parsed.phrases.iter())
            .flat_map(|w| analysis::terms(&mut fold, w))
            .collect();
        // Content words, once each, in the order typed.
        let mut seen: HashSet<&str> = HashSet::new();
        let unique: Vec<(usize, &String)> = folded_words
            .iter()
            .enumerate()
            .filter(|(_, word)| seen.insert(word.as_str()))
            .filter(|(_, word)| !self.is_stop_word(word))
            .collect();
        let short = unique.len() <= MAX_TERMS;
        // Multi-word synonyms ("redes sociales" ~ "rrss") only for typed, short queries.
        let synonym_phrases = if short {
            self.synonyms.phrases_in(&folded_words)
        } else {
            Vec::new()
        };
        // A multi-word synonym ("redes sociales" ~ "xarxes socials") raises documents holding
        // it or an alternative as a phrase; its words still count one by one.
        let mut core: Vec<Box<dyn Query>> = Vec::new();
        let mut extras: Vec<Box<dyn Query>> = Vec::new();
        for (start, len) in &synonym_phrases {
            let phrase = folded_words[*start..start + len].join(" ");
            let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
            if let Some(clause) = self.phrase_clause(&phrase) {
                alternatives.push(clause);
            }
            for synonym in self.synonyms.of(&phrase, country) {
                if let Some(clause) = self.phrase_clause(synonym) {
                    alternatives.push(Box::new(BoostQuery::new(clause, SYNONYM_WEIGHT)));
                }
            }
            if !alternatives.is_empty() {
                extras.push(Box::new(BoostQuery::new(any_of(alternatives), SYNONYM_PHRASE_WEIGHT)));
            }
        }
        let mut words: Vec<(&String, bool, u64)> = unique
            .into_iter()
            .map(|(_, word)| {
                let light = analysis::is_light_word(word);
                (word, light, self.document_frequency(&searcher, word))
            })
            .collect();
        if words.len() > MAX_TERMS {
            // The most informative words: content before question words, then the rarest
            // (words found nowhere last: in pasted text they are noise, not typos).
            let mut ranked: Vec<usize> = (0..words.len()).collect();
            ranked.sort_by_key(|&i| {
                let (_, light, frequency) = words[i];
                (light, frequency == 0, frequency, i)
            });
            let keep: HashSet<usize> = ranked.into_iter().take(MAX_TERMS).collect();
            words = words
                .into_iter()
                .enumerate()
                .filter(|(i, _)| keep.contains(i))
                .map(|(_, word)| word)
                .collect();
        }
        // Typo corrections for the rarest content words only.
        let mut typo_candidates: Vec<(u64, usize)> = words
            .iter()
            .enumerate()
            .filter(|(_, (word, light, _))| !light && word.chars().count() >= 4)
            .map(|(i, (_, _, frequency))| (*frequency, i))
            .collect();
        typo_candidates.sort();
        let fuzzy: HashSet<usize> = typo_candidates
            .into_iter()
            .take(MAX_TYPO_WORDS)
            .map(|(_, i)| i)
            .collect();
        // Content words near each other, as typed, raise a document (sloppy phrases of pairs).
        if words.len() <= MAX_COVERAGE_WORDS {
            let content: Vec<&String> = words
                .iter()
                .filter(|(_, light, _)| !light)
                .map(|(w, _, _)| *w)
                .collect();
            for pair in content.windows(2) {
                for zone in [Zone::Title, Zone::Body] {
                    let field = self.fields.fold(zone);
                    let mut phrase = PhraseQuery::new(pair.iter().map(|w| Term::from_field_text(field, w)).collect());
                    phrase.set_slop(PAIR_SLOP);
                    extras.push(Box::new(BoostQuery::new(
                        Box::new(phrase),
                        PAIR_WEIGHT * zone_boost(zone),
                    )));
                }
            }
        }
        let question: Vec<QuestionWord> = words
            .iter()
            .filter(|(_, light, _)| !light)
            .filter_map(|(word, _, _)| self.question_word(&searcher, word))
            .collect();
        let mut light_clauses: Vec<Box<dyn Query>> = Vec::new();
        for (i, (word, light, _)) in words.iter().enumerate() {
            let Some(clause) = self.word_clause(word, fuzzy.contains(&i), language) else {
                continue;
            };
            if *light {
                light_clauses.push(Box::new(BoostQuery::new(clause, LIGHT_WEIGHT)));
                continue;
            }
            let synonyms = if short {
                self.synonyms.of(word, country)
            } else {
                Vec::new()
            };
            if synonyms.is_empty() {
                core.push(clause);
                continue;
            }
            let mut alternatives: Vec<Box<dyn Query>> = vec![clause];
            for synonym in synonyms {
                if let Some(clause) = self.phrase_clause(synonym) {
                    alternatives.push(Box::new(BoostQuery::new(clause, SYNONYM_WEIGHT)));
                }
            }
            core.push(any_of(alternatives));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Covering most of the question's content words is a boost: their scores count again.
        let n = core.len();
        if (2..=MAX_COVERAGE_WORDS).contains(&n) {
            let minimum = if n <= 3 { n } else { n - n / 4 };
            let coverage = BooleanQuery::with_minimum_required_clauses(
                core.iter().map(|q| (Occur::Should, q.box_clone())).collect(),
                minimum,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(coverage), COVERAGE_BOOST)),
            ));
        }
        clauses.extend(core.into_iter().map(|q| (Occur::Should, q)));
        clauses.extend(light_clauses.into_iter().map(|q| (Occur::Should, q)));
        clauses.extend(extras.into_iter().map(|q| (Occur::Should, q)));
        for phrase in &parsed.phrases {
            if let Some(clause) = self.phrase_clause(phrase) {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(clause, QUOTED_PHRASE_BOOST))));
            }
        }
        for required in &parsed.required {
            let clause = if required.split_whitespace().count() > 1 {
                self.phrase_clause(required)
            } else {
                self.word_clause(required, true, language)
            };
            if let Some(clause) = clause {
                clauses.push((Occur::Must, clause));
            }
        }
        if clauses.is_empty() {
            return None;
        }
        Some((Box::new(BooleanQuery::new(clauses)), question))
    }

    /// A content word as the second look weighs it (see [`super::rerank`]): its stems in the
    /// text zone of every language, weighted by how rare it is; `None` for a word no item holds.
    fn question_word(&self, searcher: &Searcher, word: &str) -> Option<QuestionWord> {
        let mut terms: Vec<Term> = Vec::new();
        let mut frequency = 0;
        for family in Family::ALL {
            let field = self.fields.stem(family, Zone::Body);
            let Some(mut analyzer) = self.analyzer(field) else {
                continue;
            };
            if let [stem] = analysis::terms(&mut analyzer, word).as_slice() {
                let term = Term::from_field_text(field, stem);
                frequency += searcher.doc_freq(&term).unwrap_or(0);
                terms.push(term);
            }
        }
        (frequency > 0).then(|| QuestionWord {
            weight: rerank::rarity(frequency, searcher.num_docs()),
            terms,
        })
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
                FilterKey::Kind => kind_alias(value)
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
                self.word_clause(excluded, false, Preferred::default())
            };
            if let Some(clause) = clause {
                clauses.push((Occur::MustNot, clause));
            }
        }
        clauses
    }
}

/// The language family a query is written in, when the detector is confident.
fn query_language(parsed: &ParsedQuery) -> Option<Family> {
    let text = parsed
        .words
        .iter()
        .chain(parsed.phrases.iter())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    plaza_domain::content::Language::detect(&text).map(Family::of)
}

/// The languages whose stems weigh fully in a query: the one it is written in (when the
/// detector is sure) and the reader's interface language; stems of other languages weigh
/// [`OTHER_LANGUAGE_WEIGHT`]. With neither known, every language weighs fully.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Preferred {
    detected: Option<Family>,
    reader: Option<Family>,
}

impl Preferred {
    fn of(detected: Option<Family>, reader: Option<Family>) -> Preferred {
        Preferred { detected, reader }
    }

    fn weight(self, family: Family) -> f32 {
        match (self.detected, self.reader) {
            (None, None) => 1.0,
            (detected, reader) if detected == Some(family) || reader == Some(family) => 1.0,
            _ => OTHER_LANGUAGE_WEIGHT,
        }
    }
}

/// Most content words of a query that are scored (a pasted paragraph keeps its rarest).
pub const MAX_TERMS: usize = 32;
/// Most words of a query whose typo corrections are looked up (the rarest ones).
const MAX_TYPO_WORDS: usize = 4;
/// Corrections of a word also matched through their stems.
const MAX_STEMMED_CORRECTIONS: usize = 3;
/// Weight of a stemmed match in another language than the query's.
const OTHER_LANGUAGE_WEIGHT: f32 = 0.5;
/// Weight of question words and light verbs.
const LIGHT_WEIGHT: f32 = 0.5;
/// Weight of an exact (unstemmed) match, added to the stemmed one.
const EXACT_WEIGHT: f32 = 1.5;
/// Weight of a multi-word synonym found as a phrase ("redes sociales" ~ "xarxes socials"), on
/// top of its words counted one by one (higher let a common phrase outweigh the rest of a
/// question: `make eval` lost 0.01 MRR@10 at 1.0).
const SYNONYM_PHRASE_WEIGHT: f32 = 0.3;
/// Weight of a synonym against the word typed.
const SYNONYM_WEIGHT: f32 = 0.3;
/// What the weaker alternatives of a word add to the best one (see [`any_of`]).
const TIE_BREAKER: f32 = 0.3;
/// Weight of two content words found near each other as typed (within [`PAIR_SLOP`]).
const PAIR_WEIGHT: f32 = 0.5;
/// Words allowed between two content words typed one after the other.
const PAIR_SLOP: u32 = 2;
/// Up to this many content words, covering most of them raises a document.
const MAX_COVERAGE_WORDS: usize = 12;
/// How much covering most content words raises a document (their scores count again, times this).
const COVERAGE_BOOST: f32 = 0.25;
/// How much a quoted phrase found as typed raises a document.
const QUOTED_PHRASE_BOOST: f32 = 1.5;
