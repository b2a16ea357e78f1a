//! Query-time synonyms from `data/synonyms.json` (ayuntamiento / municipalidad / alcaldía…).

use std::collections::HashMap;

use crate::analysis::fold;

const DATA: &str = include_str!("../data/synonyms.json");

#[derive(serde::Deserialize)]
struct File {
    groups: Vec<Group>,
}

#[derive(serde::Deserialize)]
struct Group {
    #[allow(dead_code, reason = "documents where each group applies; all groups apply for now")]
    countries: Vec<String>,
    terms: Vec<String>,
}

/// Folded word or phrase → its alternatives (folded; multi-word ones are phrases).
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    map: HashMap<String, Vec<String>>,
}

impl Synonyms {
    /// The bundled synonym sets. A malformed data file is a build-time mistake caught by tests;
    /// at run time it yields no synonyms rather than failing searches.
    pub fn bundled() -> Self {
        let Ok(file) = serde_json::from_str::<File>(DATA) else {
            tracing::error!("the bundled synonyms file is malformed; searching without synonyms");
            return Self::default();
        };
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for group in file.groups {
            let terms: Vec<String> = group.terms.iter().map(|t| fold(&t.to_lowercase())).collect();
            for term in &terms {
                let others = terms.iter().filter(|other| *other != term).cloned();
                let entry = map.entry(term.clone()).or_default();
                for other in others {
                    if !entry.contains(&other) {
                        entry.push(other);
                    }
                }
            }
        }
        Self { map }
    }

    /// Alternatives of a folded word or phrase.
    pub fn of(&self, folded: &str) -> &[String] {
        self.map.get(folded).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The longest known multi-word entries in a list of words: (start, length) pairs.
    pub fn phrases_in(&self, words: &[String]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < words.len() {
            let longest = (2..=3)
                .rev()
                .find(|len| start + len <= words.len() && self.map.contains_key(&words[start..start + len].join(" ")));
            match longest {
                Some(len) => {
                    found.push((start, len));
                    start += len;
                }
                None => start += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_parses_and_links_both_ways() {
        let file: File = serde_json::from_str(DATA).expect("valid synonyms file");
        assert!(file.groups.len() >= 5);
        let synonyms = Synonyms::bundled();
        assert!(synonyms.of("ayuntamiento").contains(&"municipalidad".to_owned()));
        assert!(synonyms.of("alcaldia").contains(&"ayuntamiento".to_owned()));
        assert!(synonyms.of("rrss").contains(&"redes sociales".to_owned()));
        assert!(synonyms.of("funcionario").contains(&"servidor publico".to_owned()));
    }

    #[test]
    fn multi_word_entries_are_found_in_a_query() {
        let synonyms = Synonyms::bundled();
        let words: Vec<String> = ["uso", "de", "redes", "sociales"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        assert_eq!(synonyms.phrases_in(&words), vec![(2, 2)]);
    }
}
