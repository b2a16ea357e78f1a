//! Typo corrections: the indexed spellings a rare typed word may be a misspelling of, found by a
//! Levenshtein automaton walking the term dictionaries and remembered per searcher generation.

use std::collections::HashMap;
use std::sync::LazyLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::{Searcher, Term};

use super::SearchIndex;
use crate::schema::Zone;

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
    pub(super) fn corrections(&self, searcher: &Searcher, word: &str) -> Vec<(String, u8)> {
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
