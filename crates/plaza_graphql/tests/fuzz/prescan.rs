//! Fuzzing the pre-scan (proptest; `PROPTEST_CASES` raises the count for a longer run) against
//! a reference model: documents are built from lexical pieces whose nesting and token counts
//! are known, brackets hidden in strings, block strings and comments included, so the property
//! is exact: refused if and only if the document is over 32 KiB, over 4,000 tokens or nested
//! over 32 deep, with a matching code.

use plaza_graphql::prescan::{MAX_QUERY_BYTES, MAX_QUERY_NESTING, MAX_QUERY_TOKENS, prescan_document};
use proptest::prelude::*;

/// A lexical piece: its text, the nesting it opens (+, openers only) or closes (-), and its
/// tokens (commas, white space and comments are none).
type Piece = (&'static str, i32, usize);

const PIECES: &[Piece] = &[
    ("{", 1, 1),
    ("[", 1, 1),
    ("(", 1, 1),
    ("{ a", 1, 2),
    ("[[[[[[[[", 8, 8),
    ("{{{", 3, 3),
    ("}", -1, 1),
    ("]", -1, 1),
    (")", -1, 1),
    ("]]]]", -4, 4),
    ("name", 0, 1),
    ("_x9", 0, 1),
    ("12", 0, 1),
    ("1e3", 0, 1),
    ("...", 0, 1),
    ("$v", 0, 2),
    (":", 0, 1),
    ("@d", 0, 2),
    ("!", 0, 1),
    ("=", 0, 1),
    ("|", 0, 1),
    ("&", 0, 1),
    ("\"\"", 0, 1),
    ("\"[{(\"", 0, 1),
    ("\"a\\\"[[[\"", 0, 1),
    ("\"a\\\\\"", 0, 1),
    ("\"\\u005B\"", 0, 1),
    ("\"ñandú [\"", 0, 1),
    ("\"\"\"\"\"\"", 0, 1),
    ("\"\"\"[[[{{{(((\"\"\"", 0, 1),
    ("\"\"\"a \\\"\"\" [{ \\\"\"\" b\"\"\"", 0, 1),
    ("\"\"\"\n[\n\"\"\"", 0, 1),
    ("# [[[[{{{{(((( \"\n", 0, 0),
    ("#\r", 0, 0),
    (",", 0, 0),
    ("\n", 0, 0),
    ("\t", 0, 0),
];

/// A document from piece indices (closers that would go below zero are left out), with its
/// deepest nesting and its tokens.
fn document(choices: &[usize]) -> (String, usize, usize) {
    let (mut text, mut depth, mut deepest, mut tokens) = (String::new(), 0i32, 0i32, 0usize);
    for &choice in choices {
        let (piece, delta, count) = PIECES[choice % PIECES.len()];
        if depth + delta < 0 {
            continue;
        }
        text.push_str(piece);
        text.push(' ');
        depth += delta;
        deepest = deepest.max(depth);
        tokens += count;
    }
    (text, usize::try_from(deepest).unwrap_or(0), tokens)
}

/// `PROPTEST_CASES` when set (for a longer run), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1_000)))]

    /// Documents of every size, and documents padded to within a few hundred tokens of the
    /// token limit (where a miscount would show).
    #[test]
    fn the_prescan_refuses_exactly_what_is_too_large_too_long_or_too_deep(
        choices in proptest::collection::vec(0..PIECES.len(), 0..4_500),
        padding in proptest::option::of(3_700usize..4_000),
    ) {
        let (mut text, deepest, mut tokens) = document(&choices[..padding.map_or(choices.len(), |_| choices.len().min(300))]);
        if let Some(padding) = padding {
            text.push_str(&"a ".repeat(padding));
            tokens += padding;
        }
        let verdict = prescan_document(&text).map_err(|refusal| refusal.code);
        // Past two limits, either code will do.
        let mut codes = Vec::new();
        if text.len() > MAX_QUERY_BYTES {
            codes.push("QUERY_TOO_LARGE");
        } else {
            if deepest > MAX_QUERY_NESTING {
                codes.push("QUERY_TOO_DEEP");
            }
            if tokens > MAX_QUERY_TOKENS {
                codes.push("QUERY_TOO_LARGE");
            }
        }
        let ok = match verdict {
            Ok(()) => codes.is_empty(),
            Err(code) => codes.contains(&code),
        };
        prop_assert!(
            ok,
            "{:?} for {} bytes, {} deep, {} tokens: {:?}",
            verdict,
            text.len(),
            deepest,
            tokens,
            text.get(..300)
        );
    }

    /// Any mix of the bytes that matter to the scan, unbalanced and unterminated: no panic.
    #[test]
    fn the_prescan_never_panics(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "[", "]", "{", "}", "(", ")", "\"", "\"\"\"", "\\", "#", "\r", "\n", " ", "a", ".", "ñ", "\u{0}",
                "\u{feff}", "😀",
            ]),
            0..5_000,
        )
    ) {
        let _ = prescan_document(&pieces.concat());
    }
}
