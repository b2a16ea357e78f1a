//! Markdown bodies (discussions, replies): rendered with pulldown-cmark and sanitised with
//! ammonia — no hand-written sanitiser. Whatever the author typed, the HTML has no scripts, no
//! event handlers, no `javascript:` links, no styles or frames; links open safely.
//!
//! Mentions are `@` followed by a member's work e-mail (`@lucia.moreno@vallverde.example`),
//! resolved against the member directory by the caller.

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

use crate::ValidationError;
use crate::text::{Body, Email};

/// Most distinct mentions in one body.
pub const MENTIONS_MAX: usize = 20;

/// A markdown body with its sanitised rendering and the e-mails it mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    /// What the author wrote (bounded, no control characters).
    pub source: Body,
    /// Safe HTML.
    pub html: String,
    /// Mentioned e-mails, in order of first appearance, without repeats.
    pub mentions: Vec<Email>,
}

impl Markdown {
    /// Parses and renders a body; an empty body is refused.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let source = Body::parse(raw)?;
        if source.is_empty() {
            return Err(ValidationError::new("", "must not be empty"));
        }
        let mentions = mentions(source.as_str());
        if mentions.len() > MENTIONS_MAX {
            return Err(ValidationError::new(
                "",
                format!("at most {MENTIONS_MAX} people can be mentioned at once"),
            ));
        }
        Ok(Self {
            html: render(source.as_str()),
            source,
            mentions,
        })
    }
}

/// Renders markdown to sanitised HTML.
pub fn render(source: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(source, options));
    ammonia::Builder::default()
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&unsafe_html)
        .to_string()
}

/// Where each `@e-mail` mention sits in a text: the byte range of `@` and the address.
fn mention_spans(text: &str) -> Vec<(std::ops::Range<usize>, Email)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |index: usize| chars.get(index).map_or(text.len(), |(byte, _)| *byte);
    let mut spans = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let previous = index.checked_sub(1).and_then(|i| chars.get(i)).map(|(_, c)| *c);
        let starts_mention = chars[index].1 == '@' && !previous.is_some_and(|c| c.is_alphanumeric() || c == '.');
        if !starts_mention {
            index += 1;
            continue;
        }
        let mut end = index + 1;
        while end < chars.len() && (chars[end].1.is_alphanumeric() || "._%+-@".contains(chars[end].1)) {
            end += 1;
        }
        let raw = &text[byte_at(index + 1)..byte_at(end)];
        let candidate = raw.trim_end_matches(['.', '-', '@']);
        if candidate.matches('@').count() == 1
            && let Ok(email) = Email::parse(candidate)
        {
            let first = byte_at(index);
            spans.push((first..byte_at(index + 1) + candidate.len(), email));
        }
        index = end.max(index + 1);
    }
    spans
}

/// The e-mails mentioned with `@` in a text.
pub fn mentions(text: &str) -> Vec<Email> {
    let mut found: Vec<Email> = Vec::new();
    for (_, email) in mention_spans(text) {
        if !found.contains(&email) {
            found.push(email);
        }
    }
    found
}

/// `text` with every `@e-mail` mention replaced by what `replace` says (`@Lucía Moreno` for
/// readers who may not see members' addresses).
pub fn replace_mentions(text: &str, replace: impl Fn(&Email) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, email) in mention_spans(text) {
        out.push_str(&text[copied..range.start]);
        out.push_str(&replace(&email));
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_dangerous_links_never_reach_the_html() {
        let body = Markdown::parse(
            "Hola <script>alert(1)</script> **equipo**\n\n<img src=x onerror=alert(2)>\n\n\
             [pincha](javascript:alert(3)) <a href=\"https://ok.example\" onclick=\"x()\">ok</a>\n\n\
             <iframe src=\"https://evil.example\"></iframe><style>body{}</style>",
        )
        .unwrap();
        let html = body.html.to_lowercase();
        for forbidden in [
            "<script",
            "onerror",
            "javascript:",
            "onclick",
            "<iframe",
            "<style",
            "alert(1)",
        ] {
            assert!(!html.contains(forbidden), "{forbidden} in {html}");
        }
        assert!(html.contains("<strong>equipo</strong>"));
        assert!(html.contains("href=\"https://ok.example\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow ugc\""));
    }

    #[test]
    fn mentions_can_be_replaced_in_place() {
        let text = "Gracias @lucia.moreno@vallverde.example, y a @pablo@vallverde.example. Escribe a info@x.example";
        let replaced = replace_mentions(text, |email| format!("@<{}>", email.as_str().len()));
        assert_eq!(replaced, "Gracias @<30>, y a @<23>. Escribe a info@x.example");
        assert_eq!(
            replace_mentions("sin menciones ñ", |_| String::new()),
            "sin menciones ñ"
        );
    }

    #[test]
    fn markdown_renders_lists_tables_and_code() {
        let html = render("- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`x < y`");
        assert!(html.contains("<li>uno</li>"));
        assert!(html.contains("<table>"));
        assert!(html.contains("<code>x &lt; y</code>"));
    }

    #[test]
    fn mentions_are_work_emails_after_an_at_sign() {
        let found = mentions(
            "Gracias @lucia.moreno@vallverde.example y @Pablo@Costa.example. \
             Escribid a info@x.example (no es mención) o a @lucia.moreno@vallverde.example otra vez, @nadie.",
        );
        let found: Vec<&str> = found.iter().map(Email::as_str).collect();
        assert_eq!(found, vec!["lucia.moreno@vallverde.example", "pablo@costa.example"]);
    }

    #[test]
    fn empty_oversized_and_overmentioned_bodies_are_refused() {
        assert!(Markdown::parse("   ").is_err());
        assert!(Markdown::parse(&"x".repeat(300_000)).is_err());
        let many: String = (0..25).map(|i| format!("@p{i}@x.example ")).collect();
        assert!(Markdown::parse(&many).is_err());
    }
}
