//! Fuzzing the markdown renderer (proptest; `PROPTEST_CASES` raises the count for a longer
//! run) on bodies built from the pieces that nest, open and close: it never panics, answers
//! well within the budget, keeps nesting bounded, and lets nothing unsafe through.

use std::time::{Duration, Instant};

use plaza_domain::markdown::{MAX_NESTING, MAX_RAW_HTML_TAGS, render};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    ">",
    "> ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "- [ ] ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "]: ",
    "<",
    "<div>",
    "</div>",
    "<b>",
    "<i>",
    "<table>",
    "<td>",
    "<a href=\"javascript:alert(1)\">",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "<style>",
    "<iframe>",
    "<!--",
    "-->",
    "&amp;",
    "&#",
    "&#x",
    ";",
    "|",
    "|-|",
    "---",
    "===",
    "# ",
    "\\",
    "a",
    "word ",
    "http://x.es",
    "javascript:x",
    "@a@b.es",
    "\"",
    "'",
    "\u{0}",
    "ñ",
];

/// How deep the elements of `html` nest (void elements aside).
fn element_depth(html: &str) -> usize {
    const VOID: &[&str] = &["br", "hr", "img", "input", "wbr", "col", "area", "source"];
    let (mut depth, mut deepest) = (0usize, 0usize);
    for tag in html.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name.is_empty() || VOID.contains(&name.as_str()) || tag.starts_with('!') {
            continue;
        }
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// `PROPTEST_CASES` when set (for a longer run), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

/// The tags of `html` (`<…>`; text has its `<` escaped).
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
}

/// The attributes of a tag as the sanitiser writes them (`name="value"`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut rest = tag.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '/');
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', '/', '\n', '\t']);
        let name: String = rest.chars().take_while(|c| !matches!(c, '=' | ' ' | '/')).collect();
        if name.is_empty() {
            return found;
        }
        rest = &rest[name.len()..];
        let mut value = "";
        if let Some(after) = rest.strip_prefix("=\"") {
            let end = after.find('"').unwrap_or(after.len());
            value = &after[..end];
            rest = after.get(end + 1..).unwrap_or_default();
        }
        found.push((name.to_ascii_lowercase(), value.trim().to_ascii_lowercase()));
    }
}

/// Whether a tag is one that runs or styles anything: a script, style or frame, an `on…` or
/// `style` attribute, or a link or source whose scheme runs code.
fn is_unsafe(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let name = name.to_ascii_lowercase();
    ["script", "style", "iframe", "frame", "object", "embed"].contains(&name.as_str())
        || attributes(tag).iter().any(|(attribute, value)| {
            attribute.starts_with("on")
                || attribute == "style"
                || (["href", "src"].contains(&attribute.as_str())
                    && ["javascript:", "vbscript:", "data:"]
                        .iter()
                        .any(|scheme| value.starts_with(scheme)))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(400)))]

    #[test]
    fn rendering_never_panics_stays_fast_and_bounded_and_lets_nothing_unsafe_through(
        choices in proptest::collection::vec(0..PIECES.len(), 0..6_000),
        repeat in 1usize..30,
    ) {
        // Runs of one piece are what nest: repeat each choice a few times.
        let source: String = choices.iter().map(|&choice| PIECES[choice].repeat(1 + repeat % 4)).collect();
        let started = Instant::now();
        let html = render(&source);
        let elapsed = started.elapsed();
        prop_assert!(elapsed < Duration::from_secs(2), "{} bytes took {:?}", source.len(), elapsed);
        let depth = element_depth(&html);
        prop_assert!(depth <= MAX_NESTING + MAX_RAW_HTML_TAGS + 8, "nested {} deep", depth);
        for tag in tags(&html) {
            prop_assert!(!is_unsafe(tag), "<{}> in {:?}", tag, html.get(..300));
        }
    }

    /// Long runs of one piece, up to the 100 KB a body may have.
    #[test]
    fn long_runs_of_one_piece_render_within_the_budget(choice in 0..PIECES.len(), kilobytes in 1usize..100) {
        let piece = PIECES[choice];
        let source = piece.repeat(kilobytes * 1024 / piece.len().max(1));
        let started = Instant::now();
        let html = render(&source);
        let elapsed = started.elapsed();
        prop_assert!(elapsed < Duration::from_secs(2), "{:?} × {}: {:?}", piece, source.len(), elapsed);
        prop_assert!(element_depth(&html) <= MAX_NESTING + MAX_RAW_HTML_TAGS + 8);
    }
}

#[test]
fn the_safety_check_knows_unsafe_tags_from_safe_ones() {
    for unsafe_tag in [
        "script",
        "a href=\"javascript:alert(1)\"",
        "a href=\" JavaScript:x\"",
        "img src=\"x\" onerror=\"alert(1)\"",
        "p style=\"color: red\"",
        "iframe src=\"https://x.es\"",
    ] {
        assert!(is_unsafe(unsafe_tag), "{unsafe_tag}");
    }
    for safe_tag in [
        "a href=\"https://x.es\" rel=\"noopener noreferrer nofollow ugc\"",
        "img src=\"%5d(javascript:x)\" alt=\"a onerror=x\"",
        "/blockquote",
        "code",
    ] {
        assert!(!is_unsafe(safe_tag), "{safe_tag}");
    }
}
