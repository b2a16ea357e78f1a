//! Small server-rendered pages (the demo sign-in, login failures): escaping and one shell with
//! Plaza's colours, no script, never cached, never framed.

use plaza_domain::messages::Lang;
use poem::Response;
use poem::http::{StatusCode, header};

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// One of four translations (es, en, ca, pt).
pub fn pick(words: &[&'static str; 4], lang: Lang) -> &'static str {
    match lang {
        Lang::Es => words[0],
        Lang::En => words[1],
        Lang::Ca => words[2],
        Lang::Pt => words[3],
    }
}

/// The `lang` attribute of a page in this language.
pub fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "es",
        Lang::En => "en",
        Lang::Ca => "ca",
        Lang::Pt => "pt",
    }
}

/// The reader's language from `Accept-Language`, Spanish when they say nothing.
pub fn reader_lang(headers: &poem::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or(Lang::Es, Lang::from_accept_language)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1b1f24;line-height:1.5}\
main{max-width:40rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem}\
.persona,.panel{background:#fff;border:1px solid #c9d1da;border-radius:8px;padding:1rem;margin:0 0 .75rem}\
.persona p{margin:.25rem 0 .75rem;color:#4a525c}.code{font-family:monospace;color:#4a525c}\
button,.button{display:inline-block;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;font:inherit;cursor:pointer;text-decoration:none}\
button:focus-visible,.button:focus-visible,a:focus-visible{outline:3px solid #f0a500;outline-offset:2px}";

/// A complete page: `title` is text, `body` is HTML the caller escaped.
pub fn page(lang: Lang, status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{} · Plaza</title><style>{STYLE}</style></head>\
         <body><main>{body}</main></body></html>",
        tag(lang),
        escape(title)
    );
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        )
        .body(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn readers_get_their_language_and_spanish_by_default() {
        let mut headers = poem::http::HeaderMap::new();
        assert_eq!(reader_lang(&headers), Lang::Es);
        headers.insert(header::ACCEPT_LANGUAGE, "ca-ES,ca;q=0.9".parse().expect("header"));
        assert_eq!(reader_lang(&headers), Lang::Ca);
    }
}
