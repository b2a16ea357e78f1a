//! A linear pre-scan of a request before anything parses it.
//!
//! async-graphql's parser recurses once per nesting level of lists, objects, arguments and
//! selection sets: a 16 KB document nested 8,000 deep overflows the stack and aborts the whole
//! process before the depth or complexity limits (which run on the parsed document) ever see
//! it. So every transport (POST, GET, WebSocket) first runs [`prescan_document`] on the raw
//! text, and [`prescan_json`] on raw JSON variables: one pass over the bytes, no allocation,
//! no recursion. The limits are well above what any real client sends (GraphiQL's
//! introspection query nests 13 deep and has about 350 tokens).

/// Longest document accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// Most lexical tokens in one document (names, punctuators, numbers, strings).
pub const MAX_QUERY_TOKENS: usize = 4_000;
/// Deepest nesting of `{`, `[` and `(` in a document.
pub const MAX_QUERY_NESTING: usize = 32;
/// Deepest nesting of arrays and objects in JSON variables.
pub const MAX_JSON_NESTING: usize = 32;

/// Why a request was refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The `extensions.code` clients receive.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
}

impl Refusal {
    fn new(code: &'static str, message: String) -> Self {
        Self { code, message }
    }
}

/// Checks a GraphQL document's size, token count and bracket nesting in one linear pass.
/// Strings, block strings and comments are skipped, so brackets inside them do not count.
/// The pass never fails on malformed text: whatever it lets through, the parser reports.
pub fn prescan_document(query: &str) -> Result<(), Refusal> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(Refusal::new(
            "QUERY_TOO_LARGE",
            format!("the query is longer than {MAX_QUERY_BYTES} bytes"),
        ));
    }
    let bytes = query.as_bytes();
    let mut depth = 0usize;
    let mut tokens = 0usize;
    let mut at = 0usize;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => at += 1,
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' && bytes[at] != b'\r' {
                    at += 1;
                }
            }
            b'"' => {
                tokens += 1;
                at = if bytes[at..].starts_with(b"\"\"\"") {
                    skip_block_string(bytes, at + 3)
                } else {
                    skip_string(bytes, at + 1)
                };
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                tokens += 1;
                if depth > MAX_QUERY_NESTING {
                    return Err(Refusal::new(
                        "QUERY_TOO_DEEP",
                        format!("the query nests brackets more than {MAX_QUERY_NESTING} deep"),
                    ));
                }
                at += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                tokens += 1;
                at += 1;
            }
            _ if is_word_byte(byte) => {
                tokens += 1;
                while at < bytes.len() && is_word_byte(bytes[at]) {
                    at += 1;
                }
            }
            b'.' => {
                tokens += 1;
                while at < bytes.len() && bytes[at] == b'.' {
                    at += 1;
                }
            }
            _ => {
                // Other punctuators (`!$&:=@|`) and anything the parser will reject.
                tokens += 1;
                at += 1;
            }
        }
        if tokens > MAX_QUERY_TOKENS {
            return Err(Refusal::new(
                "QUERY_TOO_LARGE",
                format!("the query has more than {MAX_QUERY_TOKENS} tokens"),
            ));
        }
    }
    Ok(())
}

/// Names, numbers and the bytes of non-ASCII characters form one token.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'+') || byte >= 0x80
}

/// The index after a `"…"` string whose content starts at `at` (a line end also ends it).
fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'\n' | b'\r' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The index after a `"""…"""` block string whose content starts at `at`.
fn skip_block_string(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        if bytes[at..].starts_with(b"\\\"\"\"") {
            at += 4;
        } else if bytes[at..].starts_with(b"\"\"\"") {
            return at + 3;
        } else {
            at += 1;
        }
    }
    bytes.len()
}

/// Checks the nesting of raw JSON (a request body, or GET's `variables`) in one linear pass,
/// before it is deserialised. `extra` allows for the levels around the variables themselves
/// (a POST body's outer object).
pub fn prescan_json(json: &[u8], extra: usize) -> Result<(), Refusal> {
    let limit = MAX_JSON_NESTING + extra;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut at = 0usize;
    while at < json.len() {
        let byte = json[at];
        if in_string {
            match byte {
                b'\\' => at += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Err(Refusal::new(
                            "VARIABLES_TOO_DEEP",
                            format!("the variables nest more than {MAX_JSON_NESTING} deep"),
                        ));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        at += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(query: &str) -> Option<&'static str> {
        prescan_document(query).err().map(|refusal| refusal.code)
    }

    #[test]
    fn ordinary_documents_pass() {
        assert_eq!(code("{ viewer { signedIn } }"), None);
        assert_eq!(
            code("query Q($f: [String!]) { search(query: \"a { [ (\", filter: $f) { totalCount } }"),
            None
        );
        let introspection = "query IntrospectionQuery { __schema { queryType { name } types { ...FullType } } }
            fragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { ...InputValue }
            type { ...TypeRef } } inputFields { ...InputValue } }
            fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
            fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name
            ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";
        assert_eq!(code(introspection), None);
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused_in_every_bracket_kind() {
        for (open, close) in [("[", "]"), ("{a:", "}"), ("{ a ", "}"), ("(", ")")] {
            let within = format!("{}{}", open.repeat(MAX_QUERY_NESTING), close.repeat(MAX_QUERY_NESTING));
            assert_eq!(code(&within), None, "{open}");
            let beyond = format!("{}x", open.repeat(8_000));
            assert_eq!(code(&beyond), Some("QUERY_TOO_DEEP"), "{open}");
        }
    }

    #[test]
    fn brackets_inside_strings_block_strings_and_comments_do_not_count() {
        let deep = "[".repeat(500);
        assert_eq!(code(&format!("{{ a(x: \"{deep}\") }}")), None);
        assert_eq!(code(&format!("{{ a(x: \"\"\"{deep} \\\"\"\" {deep}\"\"\") }}")), None);
        assert_eq!(code(&format!("# {deep}\n{{ a }}")), None);
        assert_eq!(code(&format!("{{ a(x: \"\\\"{deep}\") }}")), None);
        // A string cut by a line end does not hide what follows.
        assert_eq!(code(&format!("{{ a(x: \"open\n{deep}) }}")), Some("QUERY_TOO_DEEP"));
    }

    #[test]
    fn size_and_token_limits() {
        assert_eq!(code(&"a ".repeat(MAX_QUERY_TOKENS + 1)), Some("QUERY_TOO_LARGE"));
        assert_eq!(code(&"a ".repeat(MAX_QUERY_TOKENS)), None);
        assert_eq!(code(&" ".repeat(MAX_QUERY_BYTES + 1)), Some("QUERY_TOO_LARGE"));
        let aliases: String = (0..10_000).map(|i| format!("a{i}: viewer {{ signedIn }} ")).collect();
        assert_eq!(code(&format!("{{ {aliases} }}")), Some("QUERY_TOO_LARGE"));
    }

    #[test]
    fn unterminated_strings_and_odd_bytes_end_the_scan_without_panicking() {
        for text in ["\"", "\"\"\"", "\"\\", "\"\"\"\\\"\"", "\u{0}{", "ñ{[", "..."] {
            let _ = prescan_document(text);
        }
    }

    #[test]
    fn json_nesting() {
        let within = format!("{}{}", "[".repeat(MAX_JSON_NESTING), "]".repeat(MAX_JSON_NESTING));
        assert!(prescan_json(within.as_bytes(), 0).is_ok());
        let beyond = "[".repeat(10_000);
        assert_eq!(
            prescan_json(beyond.as_bytes(), 1).map_err(|refusal| refusal.code),
            Err("VARIABLES_TOO_DEEP")
        );
        let quoted = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(100), "{".repeat(100));
        assert!(prescan_json(quoted.as_bytes(), 0).is_ok());
    }

    /// Parses on a thread with a 2 MiB stack (the platform default, smaller than the
    /// server's): whatever the pre-scan lets through must parse there without overflowing.
    fn parses_on_a_small_stack(query: String) {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let _ = async_graphql::parser::parse_query(&query);
            })
            .expect("a thread")
            .join()
            .expect("the parser returned");
    }

    #[test]
    fn the_deepest_accepted_documents_parse_on_a_small_stack() {
        let n = MAX_QUERY_NESTING;
        let lists = format!("{{ a(x: {}1{}) }}", "[".repeat(n - 2), "]".repeat(n - 2));
        let objects = format!("{{ a(x: {}1{}) }}", "{a:".repeat(n - 2), "}".repeat(n - 2));
        let selections = format!("{}a{}", "{ a ".repeat(n), "}".repeat(n));
        for query in [lists, objects, selections] {
            assert_eq!(prescan_document(&query), Ok(()));
            parses_on_a_small_stack(query);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// Coverage-minded fuzzing of the pre-scan with the bytes that matter to it (brackets,
        /// quotes, escapes, comments, line ends): it never panics, and what it accepts the
        /// parser survives.
        #[test]
        fn the_prescan_never_panics_and_what_it_accepts_parses(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "[", "]", "(", ")", "\"", "\"\"\"", "\\", "#", "\n", "\r", " ", "a", "a:",
                    "$v", "...", "@d", "1.5e3", "ñ", "{ a ", "[[[[", "{a:{a:", "query ", "fragment F on Query ",
                ]),
                0..3_000,
            )
        ) {
            let query: String = pieces.concat();
            if prescan_document(&query).is_ok() {
                parses_on_a_small_stack(query);
            }
        }

        #[test]
        fn json_prescan_never_panics(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["[", "]", "{", "}", "\"", "\\", "1", ",", ":", "a"]),
                0..2_000,
            )
        ) {
            let json: String = pieces.concat();
            if prescan_json(json.as_bytes(), 0).is_ok() {
                let _ = serde_json::from_str::<serde_json::Value>(&json);
            }
        }
    }
}
