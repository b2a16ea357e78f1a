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
    /// ISO country codes where the words are used alike, or `*` for everywhere.
    countries: Vec<String>,
    terms: Vec<String>,
}

/// One alternative of a word and the countries where it holds (empty: everywhere).
#[derive(Debug, Clone)]
struct Alternative {
    term: String,
    countries: std::sync::Arc<[String]>,
}

impl Alternative {
    fn holds_in(&self, country: Option<&str>) -> bool {
        match country {
            None => true,
            Some(country) => {
                self.countries.is_empty() || self.countries.iter().any(|c| c.eq_ignore_ascii_case(country))
            }
        }
    }
}

/// Folded word or phrase → its alternatives (folded; multi-word ones are phrases), each with
/// the countries where it holds: a viewer from a country gets that country's groups and the
/// universal ones; a viewer of no known country (anonymous) gets them all.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    map: HashMap<String, Vec<Alternative>>,
}

impl Synonyms {
    /// The bundled synonym sets. A malformed data file is a build-time mistake caught by tests;
    /// at run time it yields no synonyms rather than failing searches.
    pub fn bundled() -> Self {
        let Ok(file) = serde_json::from_str::<File>(DATA) else {
            tracing::error!("the bundled synonyms file is malformed; searching without synonyms");
            return Self::default();
        };
        let mut map: HashMap<String, Vec<Alternative>> = HashMap::new();
        for group in file.groups {
            let countries: std::sync::Arc<[String]> = if group.countries.iter().any(|c| c == "*") {
                std::sync::Arc::from(Vec::new())
            } else {
                std::sync::Arc::from(group.countries)
            };
            let terms: Vec<String> = group.terms.iter().map(|t| fold(&t.to_lowercase())).collect();
            for term in &terms {
                let others = terms.iter().filter(|other| *other != term);
                let entry = map.entry(key(term)).or_default();
                for other in others {
                    if !entry
                        .iter()
                        .any(|known| known.term == *other && known.countries == countries)
                    {
                        entry.push(Alternative {
                            term: other.clone(),
                            countries: countries.clone(),
                        });
                    }
                }
            }
        }
        Self { map }
    }

    /// Alternatives of a folded word or phrase for a viewer from `country` (all of them when
    /// the country is unknown).
    pub fn of(&self, folded: &str, country: Option<&str>) -> Vec<&str> {
        let mut found: Vec<&str> = Vec::new();
        for alternative in self.map.get(&key(folded)).map(Vec::as_slice).unwrap_or(&[]) {
            if alternative.holds_in(country) && !found.contains(&alternative.term.as_str()) {
                found.push(&alternative.term);
            }
        }
        found
    }

    /// The longest known multi-word entries in a list of words: (start, length) pairs.
    pub fn phrases_in(&self, words: &[String]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < words.len() {
            let longest = (2..=3).rev().find(|len| {
                start + len <= words.len() && self.map.contains_key(&key(&words[start..start + len].join(" ")))
            });
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

/// How a folded word or phrase is looked up: each word in a rough singular, so the plural typed
/// ("tuits", "fotos", "redes sociales") finds the group listed in the singular and the other way
/// round. Spanish plurals in `-es` after l, r, n, d or z lose the `-es` (redes → red), others a
/// final `s`; words of three letters or fewer are kept whole. Both sides of a lookup go through
/// it, so a rough cut only has to be consistent.
fn key(folded: &str) -> String {
    folded.split(' ').map(singular).collect::<Vec<_>>().join(" ")
}

fn singular(word: &str) -> &str {
    if word.chars().count() <= 3 {
        return word;
    }
    if let Some(stem) = word.strip_suffix("es")
        && stem.ends_with(['l', 'r', 'n', 'd', 'z'])
    {
        return stem;
    }
    word.strip_suffix('s').unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_parses_and_links_both_ways() {
        let file: File = serde_json::from_str(DATA).expect("valid synonyms file");
        assert!(file.groups.len() >= 5);
        let synonyms = Synonyms::bundled();
        assert!(synonyms.of("ayuntamiento", None).contains(&"municipalidad"));
        assert!(synonyms.of("alcaldia", None).contains(&"ayuntamiento"));
        assert!(synonyms.of("rrss", None).contains(&"redes sociales"));
        assert!(synonyms.of("funcionario", None).contains(&"servidor publico"));
    }

    #[test]
    fn plurals_find_the_groups_listed_in_the_singular() {
        let synonyms = Synonyms::bundled();
        assert!(
            synonyms.of("tuits", None).contains(&"tweet"),
            "{:?}",
            synonyms.of("tuits", None)
        );
        assert!(synonyms.of("fotos", None).contains(&"fotografia"));
        assert!(synonyms.of("red social", None).contains(&"social media"));
        let words: Vec<String> = ["las", "redes", "sociales", "del", "ayuntamiento"]
            .map(String::from)
            .into();
        assert_eq!(synonyms.phrases_in(&words), vec![(1, 2)]);
        // Short words are kept whole: "bus" is not "bu".
        assert_eq!(key("bus"), "bus");
        assert_eq!(key("mensajes imagenes ciudadanos"), "mensaje imagen ciudadano");
    }

    #[test]
    fn a_country_gets_its_groups_and_the_universal_ones_only() {
        let synonyms = Synonyms::bundled();
        // "cabildo" is a synonym of "diputacion" in Spain only.
        assert!(synonyms.of("diputacion", Some("ES")).contains(&"cabildo"));
        assert!(synonyms.of("diputacion", Some("es")).contains(&"cabildo"));
        assert!(synonyms.of("diputacion", Some("AR")).is_empty());
        assert!(synonyms.of("diputacion", None).contains(&"cabildo"));
        // Universal groups hold everywhere.
        assert!(synonyms.of("rrss", Some("PT")).contains(&"redes sociales"));
        // Not listed for Brazil: "ayuntamiento" gets no alternatives there.
        assert!(synonyms.of("ayuntamiento", Some("BR")).is_empty());
        assert!(synonyms.of("ayuntamiento", Some("AR")).contains(&"intendencia"));
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
