//! Client-facing error messages in the interface languages. The domain writes its messages in
//! English (the API's language, stable for scripts); a person whose browser asks for Spanish,
//! Catalan or Portuguese (`Accept-Language`) gets them translated here, with the codes, numbers
//! and names they carry kept as they are. A message without a translation stays in English.
//!
//! Each entry is an English template, where `{}` stands for a value, and its translations,
//! where `{0}`, `{1}`… name those values in order.

/// A language error messages can be given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the API's own.
    En,
    /// Spanish.
    Es,
    /// Catalan.
    Ca,
    /// Portuguese (Galician readers get it too).
    Pt,
}

impl Lang {
    /// The language an `Accept-Language` header prefers among those known, by weight and then
    /// order; English when none is known.
    pub fn from_accept_language(header: &str) -> Lang {
        preferred(header, |primary| match primary {
            "es" => Some(Lang::Es),
            "ca" => Some(Lang::Ca),
            "pt" | "gl" => Some(Lang::Pt),
            "en" => Some(Lang::En),
            _ => None,
        })
        .unwrap_or(Lang::En)
    }
}

/// The value an `Accept-Language` header prefers among those `known` maps its primary subtags
/// (`es` of `es-ES`) to, by weight and then order; `None` when it names none of them. At most
/// 20 entries are read.
pub fn preferred<T>(header: &str, known: impl Fn(&str) -> Option<T>) -> Option<T> {
    let mut best: Option<(f32, usize, T)> = None;
    for (position, part) in header.split(',').take(20).enumerate() {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default();
        let Some(value) = known(primary) else { continue };
        if weight <= 0.0 {
            continue;
        }
        let better = match &best {
            None => true,
            Some((w, p, _)) => weight > *w || (weight == *w && position < *p),
        };
        if better {
            best = Some((weight, position, value));
        }
    }
    best.map(|(_, _, value)| value)
}

mod catalogue;
mod people;

use catalogue::CATALOGUE;
use people::PEOPLE;

/// The literal pieces of a template around its `{}` holes.
fn pieces(template: &str) -> Vec<&str> {
    template.split("{}").collect()
}

/// The values a message carries where `template` has holes, if it has that shape.
fn captures<'m>(template: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let literals = pieces(template);
    let (first, rest) = literals.split_first()?;
    let mut remaining = message.strip_prefix(first)?;
    let mut values = Vec::with_capacity(rest.len());
    for (index, literal) in rest.iter().enumerate() {
        let last = index + 1 == rest.len();
        let end = if last {
            if !remaining.ends_with(literal) {
                return None;
            }
            remaining.len() - literal.len()
        } else if literal.is_empty() {
            return None;
        } else {
            remaining.find(literal)?
        };
        let value = &remaining[..end];
        if value.is_empty() {
            return None;
        }
        values.push(value);
        remaining = &remaining[end + literal.len()..];
    }
    if rest.is_empty() && !remaining.is_empty() {
        return None;
    }
    Some(values)
}

fn fill(translation: &str, values: &[&str]) -> String {
    let mut out = translation.to_owned();
    for (index, value) in values.iter().enumerate() {
        out = out.replace(&format!("{{{index}}}"), value);
    }
    out
}

/// One message (without its field path) in `lang`, if the catalogue knows it.
pub fn translate(message: &str, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    CATALOGUE.iter().chain(PEOPLE).find_map(|(english, es, ca, pt)| {
        let values = captures(english, message)?;
        let translation = match lang {
            Lang::Es => es,
            Lang::Ca => ca,
            Lang::Pt => pt,
            Lang::En => english,
        };
        Some(fill(translation, &values))
    })
}

/// A client message as the API words it (`input.title: title is required`, or without a field
/// path) in `lang`: the path stays, the text is translated when the catalogue knows it.
pub fn localize(message: &str, lang: Lang) -> String {
    let (path, text) = match message.split_once(": ") {
        Some((path, text)) if !path.is_empty() && !path.contains(' ') => (Some(path), text),
        _ => (None, message),
    };
    match (translate(text, lang), path) {
        (Some(text), Some(path)) => format!("{path}: {text}"),
        (Some(text), None) => text,
        (None, _) => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preferred_known_language_wins() {
        assert_eq!(Lang::from_accept_language("es-ES,es;q=0.9,en;q=0.8"), Lang::Es);
        assert_eq!(Lang::from_accept_language("de-DE, ca;q=0.7, es;q=0.5"), Lang::Ca);
        assert_eq!(Lang::from_accept_language("en;q=0.2, pt-BR;q=0.9"), Lang::Pt);
        assert_eq!(Lang::from_accept_language("gl"), Lang::Pt);
        assert_eq!(Lang::from_accept_language("fr, de"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_accept_language("es;q=0, en"), Lang::En);
    }

    #[test]
    fn a_content_language_is_read_from_the_interface_language() {
        use crate::content::Language;
        assert_eq!(Language::from_accept_language("ca-ES,es;q=0.8"), Some(Language::Ca));
        assert_eq!(Language::from_accept_language("de, gl;q=0.5"), Some(Language::Gl));
        assert_eq!(Language::from_accept_language("fr;q=0.3, pt;q=0.9"), Some(Language::Pt));
        assert_eq!(Language::from_accept_language("de, ja"), None);
        assert_eq!(Language::from_accept_language(""), None);
    }

    #[test]
    fn messages_keep_their_values_and_field_path() {
        assert_eq!(
            localize(
                "input.metrics.0.unit: unit minutes does not fit metric kind phone_calls; use count",
                Lang::Es
            ),
            "input.metrics.0.unit: la unidad minutes no corresponde al tipo de métrica phone_calls; usa count"
        );
        assert_eq!(
            localize("input.title: title is required", Lang::Ca),
            "input.title: el títol és obligatori"
        );
        assert_eq!(
            localize("summary is 2100 characters long; the maximum is 2000", Lang::Pt),
            "o resumo tem 2100 caracteres; o máximo é 2000"
        );
        assert_eq!(
            localize("version 3 was published since version 2", Lang::Es),
            "desde la versión 2 se ha publicado la versión 3; revisa los cambios antes de publicar"
        );
    }

    #[test]
    fn unknown_messages_and_english_stay_as_they_are() {
        assert_eq!(localize("something new happened", Lang::Es), "something new happened");
        assert_eq!(
            localize("input.title: title is required", Lang::En),
            "input.title: title is required"
        );
        // A template must match the whole message, not a part of it.
        assert_eq!(localize("is required, really", Lang::Es), "is required, really");
    }

    #[test]
    fn every_translation_uses_each_value_of_its_template() {
        for (english, es, ca, pt) in CATALOGUE.iter().chain(PEOPLE) {
            let holes = pieces(english).len() - 1;
            for translation in [es, ca, pt] {
                for index in 0..holes {
                    assert!(
                        translation.contains(&format!("{{{index}}}")),
                        "{english} → {translation}"
                    );
                }
                assert!(!translation.contains("{}"), "{translation}");
            }
        }
    }
}
