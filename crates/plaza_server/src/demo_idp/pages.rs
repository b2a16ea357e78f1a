//! The demo provider's pages: the persona chooser, the list of personas, and its refusals. Small,
//! self-contained HTML in the reader's language (es, en, ca, pt), no script.

use plaza_domain::messages::Lang;
use poem::Response;
use poem::http::StatusCode;

use super::endpoints::AuthorizeParams;
use super::personas::Persona;
use crate::html::{escape, page, pick};

/// The words of these pages, in es, en, ca, pt.
struct Words {
    title: [&'static str; 4],
    intro: [&'static str; 4],
    continue_as: [&'static str; 4],
    refused: [&'static str; 4],
    refused_help: [&'static str; 4],
    signed_out: [&'static str; 4],
    back: [&'static str; 4],
}

const WORDS: Words = Words {
    title: [
        "Entrar en la demo de Plaza",
        "Sign in to the Plaza demo",
        "Entrar a la demo de Plaza",
        "Entrar na demo da Plaza",
    ],
    intro: [
        "Este proveedor de identidad solo existe en el modo de demostración. En una red real, cada administración entra con su propio proveedor (su cuenta corporativa). Elige a quién quieres ser:",
        "This identity provider exists only in demo mode. In a real network each administration signs in with its own provider (its corporate account). Choose who you want to be:",
        "Aquest proveïdor d'identitat només existeix en el mode de demostració. En una xarxa real, cada administració entra amb el seu propi proveïdor (el seu compte corporatiu). Tria qui vols ser:",
        "Este fornecedor de identidade só existe no modo de demonstração. Numa rede real, cada administração entra com o seu próprio fornecedor (a sua conta institucional). Escolha quem quer ser:",
    ],
    continue_as: ["Entrar como", "Sign in as", "Entrar com a", "Entrar como"],
    refused: [
        "Esta petición de inicio de sesión no es válida",
        "This sign-in request is not valid",
        "Aquesta petició d'inici de sessió no és vàlida",
        "Este pedido de início de sessão não é válido",
    ],
    refused_help: [
        "El proveedor de demostración solo atiende a Plaza. Vuelve a la página de entrada de Plaza y elige una persona.",
        "The demo provider only serves Plaza. Go back to Plaza's sign-in page and choose a persona.",
        "El proveïdor de demostració només atén Plaza. Torna a la pàgina d'entrada de Plaza i tria una persona.",
        "O fornecedor de demonstração só atende a Plaza. Volte à página de entrada da Plaza e escolha uma persona.",
    ],
    signed_out: [
        "Has cerrado la sesión.",
        "You have signed out.",
        "Has tancat la sessió.",
        "Terminou a sessão.",
    ],
    back: ["Volver a Plaza", "Back to Plaza", "Tornar a Plaza", "Voltar à Plaza"],
};

/// A persona's name and role, then `action` (HTML the caller escaped).
fn card_body(lang: Lang, persona: &Persona, action: &str) -> String {
    format!(
        "<h2>{}</h2><p>{}</p>{action}",
        escape(persona.name),
        escape(persona.role(lang))
    )
}

/// The persona chooser for one authorization request.
pub(super) fn chooser(lang: Lang, params: &AuthorizeParams, personas: &[&Persona]) -> Response {
    let hidden: String = [
        ("client_id", &params.client_id),
        ("redirect_uri", &params.redirect_uri),
        ("response_type", &params.response_type),
        ("scope", &params.scope),
        ("state", &params.state),
        ("nonce", &params.nonce),
        ("code_challenge", &params.code_challenge),
        ("code_challenge_method", &params.code_challenge_method),
    ]
    .iter()
    .filter_map(|(name, value)| {
        value
            .as_deref()
            .map(|value| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(value)))
    })
    .collect();
    let cards: String = personas
        .iter()
        .map(|persona| {
            let action = format!(
                "<input type=\"hidden\" name=\"persona\" value=\"{}\"><button type=\"submit\">{} {}</button>",
                escape(persona.key),
                pick(&WORDS.continue_as, lang),
                escape(persona.name)
            );
            format!(
                "<form class=\"persona\" method=\"post\" action=\"/demo-idp/authorize\">{hidden}{}</form>",
                card_body(lang, persona, &action)
            )
        })
        .collect();
    let title = pick(&WORDS.title, lang);
    page(
        lang,
        StatusCode::OK,
        title,
        &format!("<h1>{}</h1><p>{}</p>{cards}", escape(title), pick(&WORDS.intro, lang)),
    )
}

/// Every persona, each a link to Plaza's own login.
pub(super) fn landing(lang: Lang, personas: &[(&Persona, String)]) -> Response {
    let cards: String = personas
        .iter()
        .map(|(persona, url)| {
            let action = format!(
                "<a class=\"button\" href=\"{}\">{} {}</a>",
                escape(url),
                pick(&WORDS.continue_as, lang),
                escape(persona.name)
            );
            format!("<div class=\"persona\">{}</div>", card_body(lang, persona, &action))
        })
        .collect();
    let title = pick(&WORDS.title, lang);
    page(
        lang,
        StatusCode::OK,
        title,
        &format!(
            "<h1>{}</h1><p>{}</p>{cards}<p><a href=\"/\">{}</a></p>",
            escape(title),
            pick(&WORDS.intro, lang),
            pick(&WORDS.back, lang)
        ),
    )
}

/// An authorization request from an unknown client or for another redirect URI.
pub(super) fn refused(lang: Lang) -> Response {
    let title = pick(&WORDS.refused, lang);
    page(
        lang,
        StatusCode::BAD_REQUEST,
        title,
        &format!(
            "<h1>{}</h1><p>{}</p><p><a href=\"/entrar\">{}</a></p>",
            escape(title),
            pick(&WORDS.refused_help, lang),
            pick(&WORDS.back, lang)
        ),
    )
}

/// After a logout that named no return address of Plaza's.
pub(super) fn signed_out(lang: Lang, home: &str) -> Response {
    let title = pick(&WORDS.signed_out, lang);
    page(
        lang,
        StatusCode::OK,
        title,
        &format!(
            "<h1>{}</h1><p><a href=\"{}\">{}</a></p>",
            escape(title),
            escape(home),
            pick(&WORDS.back, lang)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chooser_echoes_hostile_parameters_only_escaped() {
        let params = AuthorizeParams {
            state: Some("\"><script>alert(1)</script>".to_owned()),
            ..Default::default()
        };
        let persona = &super::super::personas::PERSONAS[0];
        let response = chooser(Lang::Es, &params, &[persona]);
        let csp = response
            .headers()
            .get(poem::http::header::CONTENT_SECURITY_POLICY)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        let body = futures::executor::block_on(response.into_body().into_string()).expect("body");
        assert!(!body.contains("<script>"), "{body}");
        assert!(body.contains("&lt;script&gt;"));
        assert!(body.contains("Entrar como Lucía Moreno"));
    }
}
