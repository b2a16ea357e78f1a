//! The expertise directory's ranking: who matches a question like "whatsapp atención
//! ciudadana" and how well. Words are compared folded (case and accents ignored), by prefix as
//! people type, with one typo allowed in longer words and Spanish plurals reduced; a member
//! matching more of the question's words ranks first, then by the weight of the fields matched
//! (name and expertise above the biography), then by activity.

use crate::member::Member;
use crate::taxonomy::LabelLanguage;
use crate::text::fold;

/// Longest directory question, in characters.
pub const QUERY_MAX: usize = 200;
/// Most words of a question that count.
pub const QUERY_WORDS_MAX: usize = 12;

/// Words that say nothing about who someone is ("¿quién sabe de whatsapp en ayuntamientos?").
const STOPWORDS: &[&str] = &[
    "a", "al", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "o", "para", "por", "que", "quien", "quienes",
    "sabe", "saben", "se", "su", "un", "una", "y", "e", "i", "amb", "els", "les", "per", "da", "do", "das", "dos",
    "em", "no", "na", "os", "as", "the", "of", "and", "or", "in", "for", "who", "with", "on", "at", "to", "alguien",
    "algu", "experto", "experta", "expertos", "persona", "personas",
];

/// A directory question as given (`None` is no question), refused past [`QUERY_MAX`]
/// characters before anything reads it.
pub fn question(raw: Option<String>) -> Result<String, crate::ValidationError> {
    let question = raw.unwrap_or_default();
    let length = question.chars().count();
    if length > QUERY_MAX {
        return Err(crate::ValidationError::new(
            "query",
            format!("query is {length} characters long; the maximum is {QUERY_MAX}"),
        ));
    }
    Ok(question)
}

/// A question's words, folded, without stop words, at most [`QUERY_WORDS_MAX`].
pub fn query_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in words_of(query) {
        if !STOPWORDS.contains(&word.as_str()) && !words.contains(&word) {
            words.push(word);
        }
        if words.len() == QUERY_WORDS_MAX {
            break;
        }
    }
    words
}

fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// A word reduced for comparison: Spanish and Portuguese plurals lose their ending.
fn stem(word: &str) -> &str {
    if word.chars().count() > 4 {
        if let Some(stripped) = word
            .strip_suffix("es")
            .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']))
        {
            return stripped;
        }
        if let Some(stripped) = word.strip_suffix('s') {
            return stripped;
        }
    }
    word
}

/// Whether the levenshtein distance of `a` and `b` is at most one.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if short.len() == long.len() {
        short[i..].iter().skip(1).eq(long[i..].iter().skip(1))
    } else {
        short[i..] == long[i + 1..]
    }
}

/// Whether a question's `word` matches a profile's `candidate` word.
fn matches(word: &str, candidate: &str) -> bool {
    if candidate == word || stem(candidate) == stem(word) {
        return true;
    }
    let length = word.chars().count();
    (length >= 3 && candidate.starts_with(word)) || (length >= 5 && within_one_edit(stem(word), stem(candidate)))
}

/// One profile prepared for matching: its fields' words and their weights.
#[derive(Debug, Clone)]
pub struct Searchable {
    fields: Vec<(u32, Vec<String>)>,
}

impl Searchable {
    /// Prepares `member`'s profile, with their agency's name.
    pub fn of(member: &Member, agency_name: &str) -> Self {
        let profile = &member.profile;
        let all_languages = |label: &dyn Fn(LabelLanguage) -> &'static str| {
            LabelLanguage::ALL
                .iter()
                .map(|l| label(*l))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut expertise: Vec<String> = profile.skills.clone();
        for platform in &profile.platforms {
            expertise.push(all_languages(&|l| platform.label(l)));
            expertise.push(platform.code().to_owned());
        }
        let objectives: Vec<String> = profile
            .objectives
            .iter()
            .map(|objective| all_languages(&|l| objective.label(l)))
            .collect();
        let languages = profile.languages.join(" ");
        Self::from_texts(&[
            (4, member.name.as_str()),
            (3, profile.title.as_deref().unwrap_or_default()),
            (3, &expertise.join(" ")),
            (2, &objectives.join(" ")),
            (2, agency_name),
            (1, profile.bio.as_deref().unwrap_or_default()),
            (1, &languages),
        ])
    }

    /// Prepares weighted texts (an agency's name and region, say).
    pub fn from_texts(texts: &[(u32, &str)]) -> Self {
        Self {
            fields: texts
                .iter()
                .map(|(weight, text)| (*weight, words_of(text).collect()))
                .collect(),
        }
    }

    /// How well the question's `words` match: how many of them matched, and the summed weight
    /// of the best field each matched. `(0, 0)` is no match.
    pub fn score(&self, words: &[String]) -> (usize, u32) {
        let mut matched = 0;
        let mut weight = 0;
        for word in words {
            let best = self
                .fields
                .iter()
                .filter(|(_, candidates)| candidates.iter().any(|c| matches(word, c)))
                .map(|(w, _)| *w)
                .max();
            if let Some(best) = best {
                matched += 1;
                weight += best;
            }
        }
        (matched, weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, MemberId};
    use crate::profile::Profile;
    use crate::taxonomy::{Objective, Platform};
    use crate::text::{Email, Name};

    fn person(name: &str, profile: Profile) -> Member {
        Member {
            id: MemberId::generate(),
            email: Email::parse("p@example.org").unwrap(),
            name: Name::parse(name).unwrap(),
            agency: AgencyId::generate(),
            roles: Vec::new(),
            suspension: None,
            profile,
            erased_at: None,
        }
    }

    #[test]
    fn questions_lose_their_stop_words_and_accents() {
        assert_eq!(
            query_words("¿Quién sabe de WhatsApp en Atención Ciudadana?"),
            ["whatsapp", "atencion", "ciudadana"]
        );
        assert!(query_words("de la y").is_empty());
        assert_eq!(query_words(&"palabra ".repeat(50)).len(), 1);
    }

    #[test]
    fn expertise_is_found_by_label_code_prefix_plural_and_typo() {
        let whatsapp = person(
            "Lucía Moreno",
            Profile {
                title: Some("Responsable de redes sociales".into()),
                platforms: vec![Platform::Whatsapp],
                objectives: vec![Objective::CitizenService],
                skills: vec!["Lectura fácil".into()],
                bio: Some("Llevo el canal del ayuntamiento.".into()),
                ..Profile::default()
            },
        );
        let entry = Searchable::of(&whatsapp, "Ayuntamiento de Vallverde");
        let score = |q: &str| entry.score(&query_words(q));
        assert_eq!(score("whatsapp").0, 1, "platform code");
        assert_eq!(score("atencion ciudadana").0, 2, "objective label, folded");
        assert_eq!(score("citizen service").0, 2, "objective label in English");
        assert_eq!(score("lucia").1, 4, "name weighs most");
        assert_eq!(score("whats").0, 1, "prefix while typing");
        assert_eq!(score("watsapp").0, 1, "one typo in a longer word");
        assert_eq!(score("responsables redes").0, 2, "plurals");
        assert_eq!(score("vallverde").1, 2, "the agency's name");
        assert_eq!(score("canal").1, 1, "the biography weighs least");
        assert_eq!(score("tiktok"), (0, 0));
        assert_eq!(score("lectura facil whatsapp tiktok").0, 3);
    }

    #[test]
    fn one_edit_means_one() {
        assert!(within_one_edit("telegram", "telegran"));
        assert!(within_one_edit("telegram", "telegrams"));
        assert!(within_one_edit("telegram", "elegram"));
        assert!(!within_one_edit("telegram", "tlegran"));
        assert!(!within_one_edit("abc", "abcde"));
    }
}
