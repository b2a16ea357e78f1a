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
        let mut best: Option<(f32, usize, Lang)> = None;
        for (position, part) in header.split(',').take(20).enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            let lang = match primary {
                "es" => Lang::Es,
                "ca" => Lang::Ca,
                "pt" | "gl" => Lang::Pt,
                "en" => Lang::En,
                _ => continue,
            };
            if weight <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((w, p, _)) => weight > w || (weight == w && position < p),
            };
            if better {
                best = Some((weight, position, lang));
            }
        }
        best.map_or(Lang::En, |(_, _, lang)| lang)
    }
}

/// `(English template, Spanish, Catalan, Portuguese)`.
type Entry = (&'static str, &'static str, &'static str, &'static str);

const CATALOGUE: &[Entry] = &[
    // Presence and shape of text.
    (
        "must not be empty",
        "no puede estar vacío",
        "no pot estar buit",
        "não pode estar vazio",
    ),
    ("is required", "es obligatorio", "és obligatori", "é obrigatório"),
    (
        "title is required",
        "el título es obligatorio",
        "el títol és obligatori",
        "o título é obrigatório",
    ),
    (
        "name is required",
        "el nombre es obligatorio",
        "el nom és obligatori",
        "o nome é obrigatório",
    ),
    ("{} is required", "falta: {0}", "falta: {0}", "falta: {0}"),
    (
        "{} must be one line of text",
        "{0}: debe ser una sola línea de texto",
        "{0}: ha de ser una sola línia de text",
        "{0}: deve ser uma única linha de texto",
    ),
    (
        "title is {} characters long; the maximum is {}",
        "el título tiene {0} caracteres; el máximo es {1}",
        "el títol té {0} caràcters; el màxim és {1}",
        "o título tem {0} caracteres; o máximo é {1}",
    ),
    (
        "summary is {} characters long; the maximum is {}",
        "el resumen tiene {0} caracteres; el máximo es {1}",
        "el resum té {0} caràcters; el màxim és {1}",
        "o resumo tem {0} caracteres; o máximo é {1}",
    ),
    (
        "name is {} characters long; the maximum is {}",
        "el nombre tiene {0} caracteres; el máximo es {1}",
        "el nom té {0} caràcters; el màxim és {1}",
        "o nome tem {0} caracteres; o máximo é {1}",
    ),
    (
        "{} is {} characters long; the maximum is {}",
        "{0} tiene {1} caracteres; el máximo es {2}",
        "{0} té {1} caràcters; el màxim és {2}",
        "{0} tem {1} caracteres; o máximo é {2}",
    ),
    (
        "text is {} bytes long; the maximum is {} bytes",
        "el texto ocupa {0} bytes; el máximo es {1} bytes",
        "el text ocupa {0} bytes; el màxim és {1} bytes",
        "o texto ocupa {0} bytes; o máximo é {1} bytes",
    ),
    (
        "text contains control characters",
        "el texto contiene caracteres de control",
        "el text conté caràcters de control",
        "o texto contém caracteres de controlo",
    ),
    (
        "summary contains control characters",
        "el resumen contiene caracteres de control",
        "el resum conté caràcters de control",
        "o resumo contém caracteres de controlo",
    ),
    (
        "at most {} characters",
        "como máximo {0} caracteres",
        "com a màxim {0} caràcters",
        "no máximo {0} caracteres",
    ),
    (
        "at most {} characters, no control characters",
        "como máximo {0} caracteres, sin caracteres de control",
        "com a màxim {0} caràcters, sense caràcters de control",
        "no máximo {0} caracteres, sem caracteres de controlo",
    ),
    (
        "1 to {} characters, no control characters",
        "de 1 a {0} caracteres, sin caracteres de control",
        "d'1 a {0} caràcters, sense caràcters de control",
        "de 1 a {0} caracteres, sem caracteres de controlo",
    ),
    (
        "must be 1 to {} printable characters",
        "debe tener de 1 a {0} caracteres imprimibles",
        "ha de tenir d'1 a {0} caràcters imprimibles",
        "deve ter de 1 a {0} caracteres imprimíveis",
    ),
    (
        "{} characters; the maximum is {}",
        "{0} caracteres; el máximo es {1}",
        "{0} caràcters; el màxim és {1}",
        "{0} caracteres; o máximo é {1}",
    ),
    // Lists.
    (
        "at most {} items",
        "como máximo {0} elementos",
        "com a màxim {0} elements",
        "no máximo {0} elementos",
    ),
    (
        "at most {} tags",
        "como máximo {0} etiquetas",
        "com a màxim {0} etiquetes",
        "no máximo {0} etiquetas",
    ),
    (
        "at most {} metrics",
        "como máximo {0} métricas",
        "com a màxim {0} mètriques",
        "no máximo {0} métricas",
    ),
    (
        "at most {} origins",
        "como máximo {0} orígenes",
        "com a màxim {0} orígens",
        "no máximo {0} origens",
    ),
    (
        "at most {} domains",
        "como máximo {0} dominios",
        "com a màxim {0} dominis",
        "no máximo {0} domínios",
    ),
    (
        "at most {} entries",
        "como máximo {0} entradas",
        "com a màxim {0} entrades",
        "no máximo {0} entradas",
    ),
    (
        "at most {} case studies",
        "como máximo {0} casos de estudio",
        "com a màxim {0} casos d'estudi",
        "no máximo {0} estudos de caso",
    ),
    (
        "at most {} people can be mentioned at once",
        "se puede mencionar a {0} personas como máximo a la vez",
        "es pot esmentar {0} persones com a màxim alhora",
        "pode mencionar-se no máximo {0} pessoas de cada vez",
    ),
    (
        "give at least one objective",
        "indica al menos un objetivo",
        "indica almenys un objectiu",
        "indique pelo menos um objetivo",
    ),
    // Codes of the taxonomies, languages, licences, units.
    (
        "unknown {} code '{}'; known codes: {}",
        "código de {0} desconocido «{1}»; códigos válidos: {2}",
        "codi de {0} desconegut «{1}»; codis vàlids: {2}",
        "código de {0} desconhecido «{1}»; códigos válidos: {2}",
    ),
    (
        "unsupported language; use es, ca, gl, eu, pt, en, fr or it",
        "idioma no admitido; usa es, ca, gl, eu, pt, en, fr o it",
        "llengua no admesa; fes servir es, ca, gl, eu, pt, en, fr o it",
        "língua não suportada; use es, ca, gl, eu, pt, en, fr ou it",
    ),
    (
        "unknown licence; use one of {}",
        "licencia desconocida; usa una de {0}",
        "llicència desconeguda; fes servir una de {0}",
        "licença desconhecida; use uma de {0}",
    ),
    (
        "unknown unit; use one of {}",
        "unidad desconocida; usa una de {0}",
        "unitat desconeguda; fes servir una de {0}",
        "unidade desconhecida; use uma de {0}",
    ),
    (
        "unit is required",
        "la unidad es obligatoria",
        "la unitat és obligatòria",
        "a unidade é obrigatória",
    ),
    (
        "unit {} does not fit metric kind {}; use {}",
        "la unidad {0} no corresponde al tipo de métrica {1}; usa {2}",
        "la unitat {0} no correspon al tipus de mètrica {1}; fes servir {2}",
        "a unidade {0} não corresponde ao tipo de métrica {1}; use {2}",
    ),
    (
        "must be between {} and {} for unit {}",
        "debe estar entre {0} y {1} para la unidad {2}",
        "ha d'estar entre {0} i {1} per a la unitat {2}",
        "deve estar entre {0} e {1} para a unidade {2}",
    ),
    // Dates and periods.
    (
        "the date is required",
        "la fecha es obligatoria",
        "la data és obligatòria",
        "a data é obrigatória",
    ),
    (
        "the date is in the future",
        "la fecha es futura",
        "la data és futura",
        "a data está no futuro",
    ),
    (
        "the date is before 2000",
        "la fecha es anterior a 2000",
        "la data és anterior al 2000",
        "a data é anterior a 2000",
    ),
    (
        "the period start is required",
        "falta el inicio del periodo",
        "falta l'inici del període",
        "falta o início do período",
    ),
    (
        "the period end is required",
        "falta el fin del periodo",
        "falta el final del període",
        "falta o fim do período",
    ),
    (
        "the period ends before it starts",
        "el periodo termina antes de empezar",
        "el període acaba abans de començar",
        "o período termina antes de começar",
    ),
    (
        "the case ends before it starts",
        "el caso termina antes de empezar",
        "el cas acaba abans de començar",
        "o caso termina antes de começar",
    ),
    (
        "the review date is in the past",
        "la fecha de revisión ya ha pasado",
        "la data de revisió ja ha passat",
        "a data de revisão já passou",
    ),
    // Content rules.
    (
        "a practice needs a summary or a body",
        "una práctica necesita un resumen o un texto",
        "una pràctica necessita un resum o un text",
        "uma prática precisa de um resumo ou de um texto",
    ),
    (
        "a guideline version needs its text",
        "la versión de la guía necesita su texto",
        "la versió de la guia necessita el seu text",
        "a versão do guia precisa do seu texto",
    ),
    (
        "say what changed in this version",
        "explica qué cambia en esta versión",
        "explica què canvia en aquesta versió",
        "explique o que muda nesta versão",
    ),
    (
        "another version was published first",
        "otra versión se publicó antes",
        "una altra versió s'ha publicat abans",
        "outra versão foi publicada antes",
    ),
    (
        "version {} was published since version {}",
        "desde la versión {1} se ha publicado la versión {0}; revisa los cambios antes de publicar",
        "des de la versió {1} s'ha publicat la versió {0}; revisa els canvis abans de publicar",
        "desde a versão {1} foi publicada a versão {0}; reveja as alterações antes de publicar",
    ),
    (
        "group visibility needs a group",
        "la visibilidad de grupo necesita un grupo",
        "la visibilitat de grup necessita un grup",
        "a visibilidade de grupo precisa de um grupo",
    ),
    (
        "use discussion or question",
        "usa debate o pregunta",
        "fes servir debat o pregunta",
        "use debate ou pergunta",
    ),
    (
        "only a question has an accepted answer",
        "solo una pregunta tiene respuesta aceptada",
        "només una pregunta té resposta acceptada",
        "só uma pergunta tem resposta aceite",
    ),
    (
        "{} does not name a member of the network",
        "{0} no corresponde a ningún miembro de la red",
        "{0} no correspon a cap membre de la xarxa",
        "{0} não corresponde a nenhum membro da rede",
    ),
    (
        "a moderator hid this thread; it cannot be edited",
        "la moderación ocultó este debate; no se puede editar",
        "la moderació va amagar aquest debat; no es pot editar",
        "a moderação ocultou este debate; não pode ser editado",
    ),
    (
        "a moderator hid this reply; it cannot be edited",
        "la moderación ocultó esta respuesta; no se puede editar",
        "la moderació va amagar aquesta resposta; no es pot editar",
        "a moderação ocultou esta resposta; não pode ser editada",
    ),
    (
        "is not a visible reply in this discussion",
        "no es una respuesta visible de este debate",
        "no és una resposta visible d'aquest debat",
        "não é uma resposta visível deste debate",
    ),
    // Groups and members.
    (
        "the last owner cannot leave the group",
        "la última persona responsable no puede salir del grupo",
        "l'última persona responsable no pot sortir del grup",
        "o último responsável não pode sair do grupo",
    ),
    (
        "has not asked to join this group",
        "no ha pedido unirse a este grupo",
        "no ha demanat unir-se a aquest grup",
        "não pediu para aderir a este grupo",
    ),
    (
        "no member has this e-mail",
        "ningún miembro tiene este correo",
        "cap membre té aquest correu",
        "nenhum membro tem este e-mail",
    ),
    (
        "is not a valid e-mail address",
        "no es un correo electrónico válido",
        "no és una adreça de correu vàlida",
        "não é um endereço de e-mail válido",
    ),
    (
        "is not a valid identifier",
        "no es un identificador válido",
        "no és un identificador vàlid",
        "não é um identificador válido",
    ),
    (
        "is not a valid id",
        "no es un identificador válido",
        "no és un identificador vàlid",
        "não é um identificador válido",
    ),
    (
        "is not a valid domain name",
        "no es un nombre de dominio válido",
        "no és un nom de domini vàlid",
        "não é um nome de domínio válido",
    ),
    (
        "no such agency",
        "no existe ese organismo",
        "no existeix aquest organisme",
        "esse organismo não existe",
    ),
    (
        "no agency has this slug",
        "ningún organismo tiene ese nombre corto",
        "cap organisme té aquest nom curt",
        "nenhum organismo tem esse nome curto",
    ),
    (
        "an origin starts with https:// or http://",
        "un origen empieza por https:// o http://",
        "un origen comença per https:// o http://",
        "uma origem começa por https:// ou http://",
    ),
    // Evidence.
    (
        "rate at least one dimension",
        "puntúa al menos una dimensión",
        "puntua almenys una dimensió",
        "pontue pelo menos uma dimensão",
    ),
    (
        "the score is from {} to {}",
        "la puntuación va de {0} a {1}",
        "la puntuació va de {0} a {1}",
        "a pontuação vai de {0} a {1}",
    ),
    (
        "a justification is required",
        "la justificación es obligatoria",
        "la justificació és obligatòria",
        "a justificação é obrigatória",
    ),
    (
        "answer every threat; missing: {}",
        "responde a todas las amenazas; faltan: {0}",
        "respon totes les amenaces; en falten: {0}",
        "responda a todas as ameaças; faltam: {0}",
    ),
    (
        "each threat may be answered once",
        "cada amenaza se responde una sola vez",
        "cada amenaça es respon una sola vegada",
        "cada ameaça responde-se uma única vez",
    ),
    (
        "a case study cannot replicate itself",
        "un caso no puede replicarse a sí mismo",
        "un cas no es pot replicar a si mateix",
        "um caso não pode replicar-se a si próprio",
    ),
    // Access.
    (
        "sign in or use a token to do this",
        "entra con tu organismo para hacer esto",
        "entra amb el teu organisme per fer això",
        "entre com o seu organismo para fazer isto",
    ),
    (
        "not found",
        "no encontrado, o no tienes acceso",
        "no s'ha trobat, o no hi tens accés",
        "não encontrado, ou não tem acesso",
    ),
    (
        "you are not allowed to do this",
        "no tienes permiso para hacer esto",
        "no tens permís per fer això",
        "não tem permissão para fazer isto",
    ),
    (
        "this token is read-only; a write token is needed",
        "este token es de solo lectura; hace falta uno de escritura",
        "aquest token és només de lectura; en cal un d'escriptura",
        "este token é só de leitura; é preciso um de escrita",
    ),
];

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
    CATALOGUE.iter().find_map(|(english, es, ca, pt)| {
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
        for (english, es, ca, pt) in CATALOGUE {
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
