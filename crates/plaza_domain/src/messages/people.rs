//! Message templates of members' governance and profiles: suspensions, erasure, profiles.

use super::catalogue::Entry;

pub(super) const PEOPLE: &[Entry] = &[
    // Suspensions.
    (
        "must be in the future",
        "debe ser una fecha futura",
        "ha de ser una data futura",
        "deve ser uma data futura",
    ),
    (
        "must be within five years; leave it empty to suspend until reinstated",
        "debe estar dentro de cinco años; déjalo vacío para suspender hasta la readmisión",
        "ha de ser dins de cinc anys; deixa-ho buit per suspendre fins a la readmissió",
        "deve estar dentro de cinco anos; deixe vazio para suspender até à readmissão",
    ),
    (
        "must not contain control characters",
        "no puede contener caracteres de control",
        "no pot contenir caràcters de control",
        "não pode conter caracteres de controlo",
    ),
    (
        "you cannot suspend, reinstate or erase yourself",
        "no puedes suspenderte, readmitirte ni suprimirte a ti mismo",
        "no et pots suspendre, readmetre ni suprimir a tu mateix",
        "não pode suspender-se, readmitir-se nem apagar-se a si próprio",
    ),
    (
        "the member is already erased",
        "la persona ya está suprimida",
        "la persona ja està suprimida",
        "a pessoa já foi apagada",
    ),
    (
        "the member is not suspended",
        "la persona no está suspendida",
        "la persona no està suspesa",
        "a pessoa não está suspensa",
    ),
    // Profiles.
    (
        "unknown visibility; use public, network or hidden",
        "visibilidad desconocida; usa public, network o hidden",
        "visibilitat desconeguda; fes servir public, network o hidden",
        "visibilidade desconhecida; use public, network ou hidden",
    ),
    (
        "at most {} skills",
        "como máximo {0} habilidades",
        "com a màxim {0} habilitats",
        "no máximo {0} competências",
    ),
    (
        "at most {} links",
        "como máximo {0} enlaces",
        "com a màxim {0} enllaços",
        "no máximo {0} ligações",
    ),
    (
        "unknown language code '{}'; known codes: {}",
        "código de idioma desconocido «{0}»; códigos válidos: {1}",
        "codi d'idioma desconegut «{0}»; codis vàlids: {1}",
        "código de idioma desconhecido «{0}»; códigos válidos: {1}",
    ),
    (
        "is longer than {} bytes",
        "ocupa más de {0} bytes",
        "ocupa més de {0} bytes",
        "ocupa mais de {0} bytes",
    ),
    (
        "is not a web address",
        "no es una dirección web",
        "no és una adreça web",
        "não é um endereço web",
    ),
    (
        "must be an http or https address without credentials",
        "debe ser una dirección http o https sin credenciales",
        "ha de ser una adreça http o https sense credencials",
        "deve ser um endereço http ou https sem credenciais",
    ),
    // Moderation of items.
    (
        "its moderators hid it ({}); ask them to restore it",
        "la moderación lo ha retirado ({0}); pide que lo restauren",
        "la moderació l'ha retirat ({0}); demana que el restaurin",
        "a moderação retirou-o ({0}); peça que o restaurem",
    ),
    (
        "is already hidden",
        "ya está oculto",
        "ja està amagat",
        "já está oculto",
    ),
    (
        "only a published item can be hidden",
        "solo se puede ocultar un contenido publicado",
        "només es pot amagar un contingut publicat",
        "só se pode ocultar um conteúdo publicado",
    ),
];
