//! Markdown bodies (discussions, replies): rendered with pulldown-cmark and sanitised with
//! ammonia — no hand-written sanitiser. Whatever the author typed, the HTML has no scripts, no
//! event handlers, no `javascript:` links, no styles or frames; links open safely.
//!
//! Mentions are `@` followed by a member's work e-mail (`@lucia.moreno@vallverde.example`),
//! resolved against the member directory by the caller.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

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

/// Deepest nesting rendered as structure (quotes, lists, emphasis, links…). Deeper markup is
/// flattened: its text is kept, its containers are not. Real documents nest four or five deep;
/// without a bound, 100 KB of `>` nests 100,000 deep and sanitising it is quadratic.
pub const MAX_NESTING: usize = 16;
/// Most raw HTML tags (`<` in raw HTML) rendered as HTML in one body; beyond, raw HTML is shown
/// as text. The sanitiser's cost grows with the nesting of raw tags, which markdown cannot see.
pub const MAX_RAW_HTML_TAGS: usize = 256;

/// Renders markdown to sanitised HTML, with structure nested beyond [`MAX_NESTING`] flattened
/// and raw HTML beyond [`MAX_RAW_HTML_TAGS`] tags shown as text. Linear in the input: about a
/// millisecond per 10 KB of worst-case input (see the tests), so bodies are rendered when they
/// are written and the HTML is stored; reads never render.
pub fn render(source: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Flatten::new(Parser::new_ext(source, options)));
    ammonia::Builder::default()
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&unsafe_html)
        .to_string()
}

/// The markdown events with nesting bounded (see [`render`]).
struct Flatten<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    /// For each open tag, whether it was rendered.
    open: Vec<bool>,
    /// How many open tags were rendered.
    depth: usize,
    /// For each open table, whether it was rendered (its rows and cells follow it).
    tables: Vec<bool>,
    /// Raw HTML tags rendered so far.
    raw_tags: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> Flatten<'a, I> {
    fn new(events: I) -> Self {
        Self {
            events,
            open: Vec::new(),
            depth: 0,
            tables: Vec::new(),
            raw_tags: 0,
        }
    }

    fn start(&mut self, tag: &Tag<'a>) -> bool {
        let keep = match tag {
            Tag::TableHead | Tag::TableRow | Tag::TableCell => self.tables.last().copied().unwrap_or(false),
            _ => self.depth < MAX_NESTING,
        };
        if matches!(tag, Tag::Table(_)) {
            self.tables.push(keep);
        }
        self.open.push(keep);
        self.depth += usize::from(keep);
        keep
    }

    fn end(&mut self, tag: TagEnd) -> bool {
        if tag == TagEnd::Table {
            self.tables.pop();
        }
        let keep = self.open.pop().unwrap_or(false);
        self.depth -= usize::from(keep);
        keep
    }

    /// Raw HTML while the budget lasts, text after.
    fn raw(&mut self, html: CowStr<'a>, inline: bool) -> Event<'a> {
        self.raw_tags = self.raw_tags.saturating_add(html.matches('<').count());
        match (self.raw_tags <= MAX_RAW_HTML_TAGS, inline) {
            (true, true) => Event::InlineHtml(html),
            (true, false) => Event::Html(html),
            (false, _) => Event::Text(html),
        }
    }
}

/// Tags that live inside a line of text.
fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Flatten<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = match self.events.next()? {
                Event::Start(tag) => {
                    if !self.start(&tag) {
                        continue;
                    }
                    Event::Start(tag)
                }
                Event::End(tag) => {
                    if self.end(tag) {
                        Event::End(tag)
                    } else if is_inline(tag) {
                        continue;
                    } else {
                        // A flattened paragraph or item still separates its text.
                        Event::SoftBreak
                    }
                }
                Event::Html(html) => self.raw(html, false),
                Event::InlineHtml(html) => self.raw(html, true),
                other => other,
            };
            return Some(event);
        }
    }
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

    /// Worst cases for the parser and the sanitiser, each 99 KB.
    fn bombs() -> Vec<(&'static str, String)> {
        let size = 99 * 1024;
        let fill = |unit: &str| unit.repeat(size / unit.len());
        vec![
            ("quotes", fill(">")),
            ("quotes with spaces", fill("> ")),
            ("quote lines", fill(">\n")),
            ("lists", fill("- ")),
            ("ordered lists", fill("1. ")),
            (
                "nested list lines",
                (0..2_000)
                    .map(|i| format!("{}- x\n", "  ".repeat(i)))
                    .collect::<String>()[..size]
                    .to_owned(),
            ),
            ("emphasis", fill("*")),
            ("emphasis words", fill("*a ")),
            ("strong", fill("**a")),
            ("underscores", fill("_")),
            ("brackets", fill("[")),
            ("links", fill("[a](")),
            ("images", fill("![")),
            ("backticks", fill("`")),
            ("raw html", fill("<div>")),
            ("raw inline html", fill("a<b>")),
            ("table", format!("|a|b|\n|-|-|\n{}", fill("|>"))),
            ("entities", fill("&amp;")),
        ]
    }

    #[test]
    fn worst_case_bodies_render_fast_with_structure_flattened() {
        for (name, body) in bombs() {
            let started = std::time::Instant::now();
            let html = render(&body);
            let elapsed = started.elapsed();
            // Debug builds are ~10× slower than release; the bound is generous on purpose,
            // the point is that nothing is quadratic (unbounded, quotes took 40 s).
            assert!(elapsed.as_secs_f64() < 2.0, "{name}: {elapsed:?}");
            let blockquotes = html.matches("<blockquote>").count();
            assert!(blockquotes <= MAX_NESTING * 4, "{name}: {blockquotes} quotes");
        }
    }

    #[test]
    fn nesting_is_flattened_beyond_the_limit_but_text_is_kept() {
        let deep = format!("{} fin", ">".repeat(100));
        let html = render(&deep);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING);
        assert!(html.contains("fin"));
        let shallow = render("> > cita\n\n- uno\n  - dos");
        assert_eq!(shallow.matches("<blockquote>").count(), 2);
        assert_eq!(shallow.matches("<ul>").count(), 2);
        let quote = ">".repeat(30);
        let table = render(&format!("{quote} | a | b |\n{quote} |---|---|\n{quote} | 1 | 2 |"));
        assert!(!table.contains("<td>"), "a table too deep is flattened whole: {table}");
        assert!(table.contains('1') && table.contains('2'));
    }

    #[test]
    fn raw_html_beyond_the_budget_is_text() {
        let html = render(&"<b>".repeat(1_000));
        // The sanitiser may reopen up to three open formatting elements after the paragraph.
        assert!(html.matches("<b>").count() <= MAX_RAW_HTML_TAGS + 3);
        assert!(html.contains("&lt;b&gt;"));
        assert!(render("<em>hola</em>").contains("<em>hola</em>"));
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

    /// The deepest nesting of quotes and lists in rendered HTML.
    fn container_depth(html: &str) -> usize {
        let (mut depth, mut deepest) = (0usize, 0usize);
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                .collect();
            match name.as_str() {
                "blockquote" | "ul" | "ol" | "li" => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                "/blockquote" | "/ul" | "/ol" | "/li" => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        deepest
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Fuzzing the render pipeline with markdown's structural characters: it never panics,
        /// stays fast, never nests deeper than the limit and never lets a script through.
        #[test]
        fn any_mix_of_markdown_structure_renders_bounded_and_safe(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    ">", "> ", "- ", "1. ", "* ", "*", "_", "**", "`", "```", "[", "]", "(", ")", "![",
                    "<div>", "</div>", "<b>", "<script>", "javascript:", "|", "|-|", "\n", "\n\n", "  ",
                    "    ", "#", "a", "ñ", "&amp;", "\\", "<", "~~", "[x]", "<!--", "-->",
                ]),
                0..4_000,
            )
        ) {
            let source: String = pieces.concat();
            let started = std::time::Instant::now();
            let html = render(&source);
            proptest::prop_assert!(started.elapsed().as_secs_f64() < 1.0, "{:?}", started.elapsed());
            proptest::prop_assert!(!html.to_lowercase().contains("<script"));
            proptest::prop_assert!(container_depth(&html) <= MAX_NESTING, "{html}");
        }
    }
}
