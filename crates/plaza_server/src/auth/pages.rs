//! Login failures as pages: a browser that navigates to `/auth/login` or comes back to
//! `/auth/callback` and meets a refusal gets a page in its language saying what happened and what
//! to do, never a raw JSON body. API clients (no `text/html` in `Accept`) keep the JSON error.

use plaza_domain::messages::Lang;
use poem::http::{HeaderMap, StatusCode, header};
use poem::{Endpoint, IntoResponse as _, Request, Response};

use crate::html::{escape, page, pick, reader_lang};

/// What happened and what to do, in es, en, ca and pt.
struct Explanation {
    title: [&'static str; 4],
    help: [&'static str; 4],
}

static UNKNOWN_ORGANISATION: Explanation = Explanation {
    title: [
        "No encontramos tu organismo",
        "We could not find your agency",
        "No trobem el teu organisme",
        "Não encontrámos o seu organismo",
    ],
    help: [
        "Tu organismo aún no está en Plaza o usa otro dominio de correo. Elige tu organismo en la lista de la página de entrada; si no aparece, pide a la persona responsable de comunicación de tu administración que lo dé de alta en Plaza.",
        "Your agency is not in Plaza yet, or uses another e-mail domain. Pick your agency from the list on the sign-in page; if it is not there, ask your administration's communication lead to join Plaza.",
        "El teu organisme encara no és a Plaza o fa servir un altre domini de correu. Tria el teu organisme a la llista de la pàgina d'entrada; si no hi és, demana a la persona responsable de comunicació de la teva administració que el doni d'alta a Plaza.",
        "O seu organismo ainda não está na Plaza ou usa outro domínio de correio. Escolha o seu organismo na lista da página de entrada; se não aparecer, peça ao responsável de comunicação da sua administração que o registe na Plaza.",
    ],
};

static NO_PROVIDER: Explanation = Explanation {
    title: [
        "Tu organismo aún no puede entrar en Plaza",
        "Your agency cannot sign in to Plaza yet",
        "El teu organisme encara no pot entrar a Plaza",
        "O seu organismo ainda não pode entrar na Plaza",
    ],
    help: [
        "Plaza no guarda contraseñas: cada administración entra con su propia cuenta corporativa. Tu organismo todavía no ha conectado la suya. Pide a su administrador de Plaza o de sistemas que registre su proveedor de identidad.",
        "Plaza keeps no passwords: each administration signs in with its own corporate account. Your agency has not connected its own yet. Ask its Plaza or IT administrator to register its identity provider.",
        "Plaza no desa contrasenyes: cada administració entra amb el seu propi compte corporatiu. El teu organisme encara no ha connectat el seu. Demana al seu administrador de Plaza o de sistemes que registri el seu proveïdor d'identitat.",
        "A Plaza não guarda palavras-passe: cada administração entra com a sua própria conta institucional. O seu organismo ainda não ligou a sua. Peça ao administrador da Plaza ou de sistemas que registe o fornecedor de identidade.",
    ],
};

static CHOOSE: Explanation = Explanation {
    title: [
        "Elige tu organismo",
        "Choose your agency",
        "Tria el teu organisme",
        "Escolha o seu organismo",
    ],
    help: [
        "Varios organismos (o varias cuentas de tu organismo) usan esa dirección. Vuelve a la página de entrada y elige el tuyo en la lista.",
        "Several agencies (or several accounts of your agency) use that address. Go back to the sign-in page and pick yours from the list.",
        "Diversos organismes (o diversos comptes del teu organisme) fan servir aquesta adreça. Torna a la pàgina d'entrada i tria el teu a la llista.",
        "Vários organismos (ou várias contas do seu organismo) usam esse endereço. Volte à página de entrada e escolha o seu na lista.",
    ],
};

static PROVIDER_DOWN: Explanation = Explanation {
    title: [
        "El proveedor de identidad de tu organismo no responde",
        "Your agency's identity provider is not answering",
        "El proveïdor d'identitat del teu organisme no respon",
        "O fornecedor de identidade do seu organismo não responde",
    ],
    help: [
        "Plaza no ha podido hablar con el servicio de acceso de tu administración. Inténtalo de nuevo en unos minutos; si sigue fallando, avisa a tu servicio de informática.",
        "Plaza could not reach your administration's sign-in service. Try again in a few minutes; if it keeps failing, tell your IT service.",
        "Plaza no ha pogut parlar amb el servei d'accés de la teva administració. Torna-ho a provar d'aquí a uns minuts; si continua fallant, avisa el teu servei d'informàtica.",
        "A Plaza não conseguiu falar com o serviço de acesso da sua administração. Tente de novo dentro de minutos; se continuar a falhar, avise o seu serviço de informática.",
    ],
};

static EXPIRED: Explanation = Explanation {
    title: [
        "El inicio de sesión ha caducado",
        "The sign-in has expired",
        "L'inici de sessió ha caducat",
        "O início de sessão expirou",
    ],
    help: [
        "Pasó demasiado tiempo, se abrió en otra pestaña o ya se usó. Vuelve a empezar desde la página de entrada.",
        "Too much time passed, it was opened in another tab, or it was already used. Start again from the sign-in page.",
        "Ha passat massa temps, s'ha obert en una altra pestanya o ja s'ha fet servir. Torna a començar des de la pàgina d'entrada.",
        "Passou demasiado tempo, foi aberto noutro separador ou já foi usado. Recomece na página de entrada.",
    ],
};

static ACCOUNT: Explanation = Explanation {
    title: [
        "No podemos abrir tu cuenta",
        "We cannot open your account",
        "No podem obrir el teu compte",
        "Não conseguimos abrir a sua conta",
    ],
    help: [
        "Tu cuenta corporativa no cumple lo que tu organismo exige en Plaza (un correo verificado de uno de sus dominios, o una cuenta que no esté ya vinculada a otra persona). Pide ayuda al administrador de Plaza de tu organismo, indicando el código de abajo.",
        "Your corporate account does not meet what your agency requires in Plaza (a verified e-mail of one of its domains, or an account not already linked to someone else). Ask your agency's Plaza administrator for help, quoting the code below.",
        "El teu compte corporatiu no compleix el que el teu organisme exigeix a Plaza (un correu verificat d'un dels seus dominis, o un compte que no estigui ja vinculat a una altra persona). Demana ajuda a l'administrador de Plaza del teu organisme, indicant el codi de sota.",
        "A sua conta institucional não cumpre o que o seu organismo exige na Plaza (um correio verificado de um dos seus domínios, ou uma conta não ligada a outra pessoa). Peça ajuda ao administrador da Plaza do seu organismo, indicando o código abaixo.",
    ],
};

static SUSPENDED: Explanation = Explanation {
    title: [
        "Tu cuenta está suspendida",
        "Your account is suspended",
        "El teu compte està suspès",
        "A sua conta está suspensa",
    ],
    help: [
        "Un administrador de Plaza ha suspendido tu cuenta: mientras dure la suspensión no puedes entrar. Si crees que es un error, habla con el administrador de Plaza de tu organismo.",
        "A Plaza administrator has suspended your account: while the suspension lasts you cannot sign in. If you think this is a mistake, talk to your agency's Plaza administrator.",
        "Un administrador de Plaza ha suspès el teu compte: mentre duri la suspensió no pots entrar. Si creus que és un error, parla amb l'administrador de Plaza del teu organisme.",
        "Um administrador da Plaza suspendeu a sua conta: enquanto durar a suspensão não pode entrar. Se achar que é um erro, fale com o administrador da Plaza do seu organismo.",
    ],
};

static REFUSED: Explanation = Explanation {
    title: [
        "No se ha completado el inicio de sesión",
        "The sign-in was not completed",
        "No s'ha completat l'inici de sessió",
        "O início de sessão não foi concluído",
    ],
    help: [
        "El proveedor de identidad no confirmó tu acceso (lo cancelaste, o rechazó la petición). Vuelve a intentarlo desde la página de entrada.",
        "The identity provider did not confirm your sign-in (you cancelled, or it refused the request). Try again from the sign-in page.",
        "El proveïdor d'identitat no ha confirmat el teu accés (l'has cancel·lat, o ha rebutjat la petició). Torna-ho a provar des de la pàgina d'entrada.",
        "O fornecedor de identidade não confirmou o seu acesso (cancelou, ou recusou o pedido). Tente de novo a partir da página de entrada.",
    ],
};

static BUSY: Explanation = Explanation {
    title: [
        "Demasiados intentos",
        "Too many attempts",
        "Massa intents",
        "Demasiadas tentativas",
    ],
    help: [
        "Espera un momento y vuelve a intentarlo.",
        "Wait a moment and try again.",
        "Espera un moment i torna-ho a provar.",
        "Aguarde um momento e tente de novo.",
    ],
};

static GENERIC: Explanation = Explanation {
    title: [
        "No se ha podido iniciar sesión",
        "Sign-in failed",
        "No s'ha pogut iniciar la sessió",
        "Não foi possível iniciar sessão",
    ],
    help: [
        "Algo ha fallado al entrar. Vuelve a la página de entrada e inténtalo de nuevo; si el problema sigue, avisa al administrador de Plaza de tu organismo con el código de abajo.",
        "Something went wrong while signing in. Go back to the sign-in page and try again; if it persists, tell your agency's Plaza administrator the code below.",
        "Alguna cosa ha fallat en entrar. Torna a la pàgina d'entrada i torna-ho a provar; si el problema continua, avisa l'administrador de Plaza del teu organisme amb el codi de sota.",
        "Algo falhou ao entrar. Volte à página de entrada e tente de novo; se o problema continuar, avise o administrador da Plaza do seu organismo com o código abaixo.",
    ],
};

const BACK: [&str; 4] = [
    "Volver a la página de entrada",
    "Back to the sign-in page",
    "Tornar a la pàgina d'entrada",
    "Voltar à página de entrada",
];
const CODE: [&str; 4] = ["Código", "Code", "Codi", "Código"];

fn explain(code: &str) -> &'static Explanation {
    match code {
        "UNKNOWN_AGENCY" | "UNKNOWN_EMAIL_DOMAIN" => &UNKNOWN_ORGANISATION,
        "NO_IDENTITY_PROVIDER" => &NO_PROVIDER,
        "CHOOSE_AGENCY" | "CHOOSE_PROVIDER" => &CHOOSE,
        "IDENTITY_PROVIDER_UNAVAILABLE" => &PROVIDER_DOWN,
        "INVALID_STATE" | "CSRF_REJECTED" => &EXPIRED,
        "EMAIL_NOT_VERIFIED" | "EMAIL_DOMAIN_NOT_VERIFIED" | "EMAIL_MISSING" | "ACCOUNT_CONFLICT" | "WRONG_AGENCY" => {
            &ACCOUNT
        }
        "ACCOUNT_SUSPENDED" => &SUSPENDED,
        "LOGIN_REFUSED" | "LOGIN_FAILED" | "ISSUER_MISMATCH" => &REFUSED,
        "RATE_LIMITED" => &BUSY,
        _ => &GENERIC,
    }
}

/// Whether the request is a browser navigation (it accepts HTML).
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

const UNTIL: [&str; 4] = ["Hasta el", "Until", "Fins al", "Até"];
const UNTIL_REINSTATED: [&str; 4] = [
    "Hasta que un administrador te readmita.",
    "Until an administrator reinstates you.",
    "Fins que un administrador et readmeti.",
    "Até que um administrador a readmita.",
];
const REASON: [&str; 4] = ["Motivo", "Reason", "Motiu", "Motivo"];

/// What a suspension refusal adds to its page: until when, and why.
fn suspension_lines(lang: Lang, extensions: &serde_json::Value) -> String {
    let Some(reason) = extensions["reason"].as_str() else {
        return String::new();
    };
    let until = match extensions["until"]
        .as_str()
        .and_then(|until| chrono::DateTime::parse_from_rfc3339(until).ok())
    {
        Some(until) => {
            let day = until
                .with_timezone(&chrono::Utc)
                .format(if lang == Lang::En { "%Y-%m-%d" } else { "%d/%m/%Y" });
            format!("{} {day} (UTC).", pick(&UNTIL, lang))
        }
        None => pick(&UNTIL_REINSTATED, lang).to_owned(),
    };
    format!(
        "<p><strong>{}</strong></p><p>{}: {}</p>",
        escape(&until),
        pick(&REASON, lang),
        escape(reason)
    )
}

/// The page for a refusal with this code (and the facts its JSON gave, `extensions`).
fn error_page(lang: Lang, status: StatusCode, code: &str, extensions: &serde_json::Value) -> Response {
    let explanation = explain(code);
    let title = pick(&explanation.title, lang);
    let facts = if code == "ACCOUNT_SUSPENDED" {
        suspension_lines(lang, extensions)
    } else {
        String::new()
    };
    page(
        lang,
        status,
        title,
        &format!(
            "<h1>{}</h1><div class=\"panel\"><p>{}</p>{facts}<p class=\"code\">{}: {}</p></div>\
             <p><a class=\"button\" href=\"/entrar\">{}</a></p>",
            escape(title),
            escape(pick(&explanation.help, lang)),
            pick(&CODE, lang),
            escape(code),
            pick(&BACK, lang),
        ),
    )
}

/// Turns the JSON refusals of the login routes into pages for browsers.
pub async fn html_errors<E: Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    let html = wants_html(request.headers());
    let lang = reader_lang(request.headers());
    let response = next.call(request).await?.into_response();
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("application/json"));
    if !html || !is_json || !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let body = response.into_body().into_bytes().await.unwrap_or_default();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let extensions = &json["errors"][0]["extensions"];
    let code = extensions["code"].as_str().unwrap_or("INTERNAL");
    let mut page = error_page(lang, status, code, extensions);
    if let Some(value) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suspension_page_says_until_when_and_why_escaped() {
        let limited = serde_json::json!({ "until": "2026-12-14T00:00:00+00:00", "reason": "Spam <b>reiterado</b>" });
        let lines = suspension_lines(Lang::Es, &limited);
        assert!(lines.contains("Hasta el 14/12/2026"), "{lines}");
        assert!(lines.contains("Spam &lt;b&gt;reiterado&lt;/b&gt;"), "{lines}");
        assert!(suspension_lines(Lang::En, &limited).contains("Until 2026-12-14"));
        let open = serde_json::json!({ "until": null, "reason": "x" });
        assert!(suspension_lines(Lang::Ca, &open).contains("Fins que un administrador"));
        assert!(suspension_lines(Lang::Pt, &serde_json::json!({})).is_empty());
    }

    #[test]
    fn every_login_refusal_has_an_explanation_in_every_language() {
        for code in [
            "UNKNOWN_AGENCY",
            "NO_IDENTITY_PROVIDER",
            "CHOOSE_PROVIDER",
            "IDENTITY_PROVIDER_UNAVAILABLE",
            "INVALID_STATE",
            "ACCOUNT_CONFLICT",
            "LOGIN_REFUSED",
            "RATE_LIMITED",
            "SOMETHING_NEW",
        ] {
            for lang in [Lang::Es, Lang::En, Lang::Ca, Lang::Pt] {
                let explanation = explain(code);
                assert!(!pick(&explanation.title, lang).is_empty() && !pick(&explanation.help, lang).is_empty());
            }
        }
        assert!(std::ptr::eq(explain("NO_IDENTITY_PROVIDER"), &NO_PROVIDER));
        assert!(std::ptr::eq(explain("SOMETHING_NEW"), &GENERIC));
        assert!(std::ptr::eq(explain("ACCOUNT_SUSPENDED"), &SUSPENDED));
    }

    #[test]
    fn only_browser_navigations_get_pages() {
        let mut headers = HeaderMap::new();
        assert!(!wants_html(&headers));
        headers.insert(header::ACCEPT, "application/json".parse().expect("header"));
        assert!(!wants_html(&headers));
        headers.insert(
            header::ACCEPT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
                .parse()
                .expect("header"),
        );
        assert!(wants_html(&headers));
    }
}
