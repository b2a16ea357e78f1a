//! The generated corpus (deterministic: seeded): deep nesting of every bracket kind in every
//! place a document nests, unbalanced brackets, bracket soups, huge literals and names, NUL
//! bytes, many aliases, fragment cycles, many fragments, operations, directives and variables,
//! deep and wide JSON variables, comments and block strings.

use super::*;

/// One request of the corpus.
pub(super) struct Case {
    pub(super) name: String,
    pub(super) query: String,
    pub(super) variables: Value,
    /// Sent as the body instead of `query` and `variables` (POST only).
    pub(super) raw: Option<String>,
    pub(super) expect: Expect,
    /// Also sent by GET / on the WebSocket.
    pub(super) get: bool,
    pub(super) ws: bool,
}

pub(super) fn case(name: impl Into<String>, query: impl Into<String>, expect: Expect) -> Case {
    Case {
        name: name.into(),
        query: query.into(),
        variables: json!({}),
        raw: None,
        expect,
        get: false,
        ws: false,
    }
}

impl Case {
    fn everywhere(mut self) -> Case {
        self.get = true;
        self.ws = true;
        self
    }

    pub(super) fn with(mut self, variables: Value) -> Case {
        self.variables = variables;
        self
    }
}

/// What the pre-scan says of a document too deep: too large first if it is over 32 KiB.
fn deep_expect(query: &str) -> Expect {
    if query.len() > 32 * 1024 {
        Expect::Refused(TOO_LARGE)
    } else {
        Expect::Refused(TOO_DEEP)
    }
}

/// Every place a document nests: (name, prefix, opening, middle, closing, suffix).
const FRAMES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "list literal",
        "{ search(query: \"x\", filter: ",
        "[",
        "1",
        "]",
        ") { totalCount } }",
    ),
    (
        "object literal",
        "{ search(query: \"x\", filter: ",
        "{a:",
        "1",
        "}",
        ") { totalCount } }",
    ),
    ("selection set", "{ ", "a { ", "__typename", " }", " }"),
    ("arguments", "{ ", "a(b: ", "1", ")", " }"),
    ("list type", "query($v: ", "[", "Int", "]", ") { __typename }"),
    (
        "default value",
        "query($v: SearchFilterInput = {tags: ",
        "[",
        "\"a\"",
        "]",
        "}) { __typename }",
    ),
    (
        "directive argument",
        "{ __typename @include(if: ",
        "[",
        "true",
        "]",
        ") }",
    ),
    ("inline fragments", "{ ", "... on Query { ", "__typename", " }", " }"),
    (
        "fragment",
        "{ ...F } fragment F on Query { ",
        "a { ",
        "__typename",
        " }",
        " }",
    ),
    (
        "mutation input",
        "mutation { createCaseStudy(input: {objectives: [], title: ",
        "[",
        "\"x\"",
        "]",
        "}) { __typename } }",
    ),
    (
        "subscription filter",
        "subscription { contentPublished(filter: ",
        "{a:",
        "1",
        "}",
        ") { kind } }",
    ),
];

fn nesting(cases: &mut Vec<Case>, rng: &mut Rng) {
    for &(name, prefix, open, middle, close, suffix) in FRAMES {
        for depth in [33, 100, 1_000, 5_000, 8_000] {
            for closed in [true, false] {
                let closing = if closed { close.repeat(depth) } else { String::new() };
                let query = format!("{prefix}{}{middle}{closing}{suffix}", open.repeat(depth));
                let expect = deep_expect(&query);
                let name = format!(
                    "{name} nested {depth} deep{}",
                    if closed { "" } else { ", never closed" }
                );
                let case = case(name, query, expect);
                cases.push(if depth == 5_000 { case.everywhere() } else { case });
            }
        }
    }
    // Every kind mixed at random, closed in order.
    for round in 0..10 {
        let depth = 33 + rng.below(8_000);
        let kinds: Vec<(&str, &str)> = (0..depth)
            .map(|_| rng.pick(&[("[", "]"), ("{a:", "}"), ("[{a:", "}]")]))
            .collect();
        let opening: String = kinds.iter().map(|(open, _)| *open).collect();
        let closing: String = kinds.iter().rev().map(|(_, close)| *close).collect();
        let query = format!("{{ search(query: \"x\", filter: {opening}1{closing}) {{ totalCount }} }}");
        let expect = deep_expect(&query);
        cases.push(case(format!("mixed nesting {round} ({depth} deep)"), query, expect).everywhere());
    }
}

fn unbalanced(cases: &mut Vec<Case>, rng: &mut Rng) {
    cases.push(
        case(
            "8,000 closing brackets",
            format!("{{ __typename {}", "]".repeat(8_000)),
            Expect::Refused(TOO_LARGE),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "30,000 closing braces",
            format!("{{ __typename {}", "}".repeat(30_000)),
            Expect::Refused(TOO_LARGE),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "3,000 closing parentheses",
            format!("{{ __typename {}", ")".repeat(3_000)),
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "crossed brackets",
            format!("{}{}", "[{(".repeat(2_000), ")}]".repeat(2_000)),
            Expect::Refused(TOO_DEEP),
        )
        .everywhere(),
    );
    cases.push(case("1,900 empty selection sets", "{}".repeat(1_900), Expect::Error(ANY)).everywhere());
    cases.push(case("only opening braces", "{".repeat(20_000), Expect::Refused(TOO_DEEP)).everywhere());
    // Soups of brackets and names: whatever they are, they get an answer with a code.
    for round in 0..40 {
        let length = 100 + rng.below(30_000);
        let mut soup = String::with_capacity(length);
        while soup.len() < length {
            soup.push_str(rng.pick(&["[", "]", "{", "}", "(", ")", " a ", ":", "$", "...", "1", "@x", "\n"]));
        }
        cases.push(case(
            format!("bracket soup {round} ({length} bytes)"),
            soup,
            Expect::Handled(ANY),
        ));
    }
    // Soups of every printable character, quotes and comments included.
    for round in 0..20 {
        let length = 100 + rng.below(30_000);
        let soup: String = (0..length)
            .map(|_| char::from(u8::try_from(0x20 + rng.below(0x5f)).unwrap_or(b' ')))
            .collect();
        cases.push(case(format!("printable soup {round}"), soup, Expect::Handled(ANY)));
    }
}

fn huge_literals(cases: &mut Vec<Case>) {
    let search = |query: &str| format!("{{ search(query: \"{query}\") {{ totalCount }} }}");
    let names = "a".repeat(30_000);
    for (name, query, expect) in [
        (
            "30 KB search string",
            search(&"palabra ".repeat(3_700)),
            Expect::Handled(TOO_DEEP_OR_LARGE),
        ),
        (
            "30 KB of escapes",
            search(&"\\u0041".repeat(5_000)),
            Expect::Handled(TOO_DEEP_OR_LARGE),
        ),
        (
            "30 KB of lone surrogates",
            search(&"\\uD83D".repeat(5_000)),
            Expect::Handled(TOO_DEEP_OR_LARGE),
        ),
        (
            "30 KB of emoji",
            search(&"😀".repeat(7_500)),
            Expect::Handled(TOO_DEEP_OR_LARGE),
        ),
        (
            "30 KB of operators",
            search(&"-a \\\"b\\\" tipo: ".repeat(2_100)),
            Expect::Handled(TOO_DEEP_OR_LARGE),
        ),
        (
            "30 KB of fuzzy words",
            search(&"zqxjkvw ".repeat(3_700)),
            Expect::Handled(TOO_DEEP_OR_LARGE),
        ),
        (
            "30,000-digit integer",
            format!("{{ caseStudies(first: {}) {{ totalCount }} }}", "9".repeat(30_000)),
            Expect::Error(ANY),
        ),
        (
            "huge exponent",
            "{ caseStudies(first: 1e999999999) { totalCount } }".to_owned(),
            Expect::Error(ANY),
        ),
        ("30 KB field name", format!("{{ {names} }}"), Expect::Error(ANY)),
        (
            "30 KB alias",
            format!("{{ {names}: __typename }}"),
            Expect::Handled(ANY),
        ),
        (
            "30 KB operation name",
            format!("query {names} {{ __typename }}"),
            Expect::Answered,
        ),
        (
            "30 KB variable name",
            format!("query(${names}: Int) {{ __typename }}"),
            Expect::Error(ANY),
        ),
        (
            "30 KB fragment name",
            format!("{{ ...{names} }} fragment {names} on Query {{ __typename }}"),
            Expect::Handled(ANY),
        ),
        (
            "30 KB of byte-order marks",
            format!("{}{{ __typename }}", "\u{feff}".repeat(10_000)),
            Expect::Handled(ANY),
        ),
    ] {
        cases.push(case(name, query, expect).everywhere());
    }
    let by_variable = "query($q: String!) { search(query: $q) { totalCount } }";
    cases.push(
        case("900 KB search string", by_variable, Expect::Handled(ANY))
            .with(json!({ "q": "palabra ".repeat(112_000) })),
    );
    cases.push(case("900 KB operation name", "{ __typename }", Expect::Handled(ANY)).with(json!({})));
    if let Some(last) = cases.last_mut() {
        last.raw = Some(json!({ "query": "{ __typename }", "operationName": "a".repeat(900_000) }).to_string());
    }
}

fn nul_bytes(cases: &mut Vec<Case>) {
    let by_variable = "query($q: String!) { search(query: $q) { totalCount } }";
    let preview = "query($m: String!) { previewMarkdown(markdown: $m) }";
    cases.push(case("NUL in a document", "{ __typename \u{0} }", Expect::Error(ANY)).everywhere());
    cases.push(case("only NULs", "\u{0}".repeat(1_000), Expect::Error(ANY)).everywhere());
    cases.push(
        // GraphQL (October 2021) allows any Unicode scalar value in a string, NUL included.
        case(
            "NUL in a string",
            "{ search(query: \"a\u{0}b\") { totalCount } }",
            Expect::Handled(ANY),
        )
        .everywhere(),
    );
    cases.push(case("NUL in a comment", "# \u{0}\n{ __typename }", Expect::Handled(ANY)).everywhere());
    cases.push(case("NUL in a search variable", by_variable, Expect::Handled(ANY)).with(json!({ "q": "a\u{0}b" })));
    cases.push(case("NULs to preview", preview, Expect::Handled(ANY)).with(json!({ "m": "\u{0}".repeat(50_000) })));
    cases.push(case("NUL as a variable name", "{ __typename }", Expect::Handled(ANY)).with(json!({ "\u{0}": 1 })));
}

fn shapes(cases: &mut Vec<Case>) {
    let aliases = |n: usize| {
        format!(
            "{{ {} }}",
            (0..n)
                .map(|i| format!("a{i}: __typename"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    cases.push(case("10,000 aliases", aliases(10_000), Expect::Refused(TOO_LARGE)).everywhere());
    cases.push(
        case(
            "1,300 aliases",
            aliases(1_300),
            Expect::Error(&["GRAPHQL_VALIDATION_FAILED"]),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "1,990 repeated fields",
            format!("{{ {} }}", "__typename ".repeat(1_990)),
            Expect::Handled(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "300 repeated searches",
            format!("{{ {} }}", "search(query: \"x\") { totalCount } ".repeat(300)),
            Expect::Handled(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "300 searches with distinct arguments",
            format!(
                "{{ {} }}",
                (0..300)
                    .map(|i| format!("search(query: \"{i}\") {{ totalCount }} "))
                    .collect::<String>()
            ),
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    // Fragments: cycles of every length, and many (explosions have their own test).
    cases.push(
        case(
            "fragment cycle",
            "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "fragment spreading itself",
            "{ ...A } fragment A on Query { __typename ...A }",
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    let ring: String = (0..300)
        .map(|i| format!("fragment F{i} on Query {{ ...F{} }} ", (i + 1) % 300))
        .collect();
    cases.push(case("300-fragment cycle", format!("{{ ...F0 }} {ring}"), Expect::Error(ANY)).everywhere());
    let many: String = (0..400)
        .map(|i| format!("fragment F{i} on Query {{ __typename }} "))
        .collect();
    let spreads: String = (0..400).map(|i| format!("...F{i} ")).collect();
    cases.push(case("400 fragments", format!("{{ {spreads}}} {many}"), Expect::Handled(ANY)).everywhere());
    // Operations, directives, variables.
    let operations: String = (0..700).map(|i| format!("query Q{i} {{ __typename }} ")).collect();
    cases.push(case("700 operations", operations.clone(), Expect::Error(ANY)).everywhere());
    cases.push(
        case(
            "1,000 operations",
            (0..1_000)
                .map(|i| format!("query Q{i} {{ __typename }} "))
                .collect::<String>(),
            Expect::Refused(TOO_LARGE),
        )
        .everywhere(),
    );
    let mut chosen = case("700 operations, one chosen", operations, Expect::Answered);
    chosen.raw = Some(json!({ "query": chosen.query, "operationName": "Q699" }).to_string());
    cases.push(chosen);
    cases.push(
        case(
            "300 directives",
            format!("{{ __typename {} }}", "@skip(if: false) ".repeat(300)),
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "900 variables",
            format!(
                "query({}) {{ __typename }}",
                (0..900).map(|i| format!("$v{i}: Int ")).collect::<String>()
            ),
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    // Comments and block strings.
    cases.push(
        case(
            "100,000 comment characters",
            format!("#{}\n{{ __typename }}", "#".repeat(100_000)),
            Expect::Refused(TOO_LARGE),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "30,000 comment characters",
            format!("#{}\n{{ __typename }}", "#".repeat(30_000)),
            Expect::Answered,
        )
        .everywhere(),
    );
    cases.push(
        case(
            "30,000 comment lines",
            format!("{}{{ __typename }}", "#\n".repeat(15_000)),
            Expect::Answered,
        )
        .everywhere(),
    );
    cases.push(
        case(
            "unterminated block string",
            format!("{{ search(query: \"\"\"{}", "x".repeat(20_000)),
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "unterminated string",
            format!("{{ search(query: \"{}", "x".repeat(20_000)),
            Expect::Error(ANY),
        )
        .everywhere(),
    );
    cases.push(
        case(
            "block string of escaped quotes",
            format!(
                "{{ search(query: \"\"\"{}\"\"\") {{ totalCount }} }}",
                "\\\"\"\"".repeat(7_000)
            ),
            Expect::Handled(ANY),
        )
        .everywhere(),
    );
}

fn variables(cases: &mut Vec<Case>) {
    let filtered = "query($f: SearchFilterInput) { search(query: \"x\", filter: $f) { totalCount } }";
    let nest = |depth: usize, open: &str, close: &str| format!("{}\"a\"{}", open.repeat(depth), close.repeat(depth));
    let raw = |f: String| {
        format!(
            "{{\"query\": {}, \"variables\": {{\"f\": {{\"tags\": {f}}}}}}}",
            json!(filtered)
        )
    };
    let deep_variables = &["VARIABLES_TOO_DEEP"];
    let deep_json = &["BAD_REQUEST", "VARIABLES_TOO_DEEP"];
    for (name, body, expect) in [
        (
            "variables: a list 40 deep",
            raw(nest(40, "[", "]")),
            Expect::Refused(deep_variables),
        ),
        (
            "variables: an object 40 deep",
            raw(nest(40, "{\"a\":", "}")),
            Expect::Refused(deep_variables),
        ),
        (
            "variables: 10,000 brackets",
            raw(nest(10_000, "[", "]")),
            Expect::Refused(deep_json),
        ),
        (
            "variables: 10,000 unclosed brackets",
            raw("[".repeat(10_000)),
            Expect::Refused(deep_json),
        ),
        (
            "variables: 100,000 objects",
            raw(nest(100_000, "{\"a\":", "}")),
            Expect::Refused(deep_json),
        ),
        ("variables: 10 deep", raw(nest(10, "[", "]")), Expect::Error(ANY)),
        (
            "extensions 10,000 deep",
            format!(
                "{{\"query\": \"{{ __typename }}\", \"extensions\": {}}}",
                nest(10_000, "[", "]")
            ),
            Expect::Refused(deep_json),
        ),
        (
            "an unknown key 10,000 deep",
            format!("{{\"query\": \"{{ __typename }}\", \"x\": {}}}", "[".repeat(10_000)),
            Expect::Refused(deep_json),
        ),
        (
            "a body that is only brackets",
            "[".repeat(500_000),
            Expect::Refused(deep_json),
        ),
        (
            "variables a list",
            r#"{"query": "{ __typename }", "variables": [1, 2]}"#.to_owned(),
            Expect::Error(ANY),
        ),
        (
            "variables a string",
            r#"{"query": "{ __typename }", "variables": "x"}"#.to_owned(),
            Expect::Error(ANY),
        ),
        (
            "a huge number",
            format!(
                "{{\"query\": \"{{ __typename }}\", \"variables\": {{\"x\": 1e{}}}}}",
                "9".repeat(1_000)
            ),
            Expect::Handled(ANY),
        ),
        ("the query a number", r#"{"query": 1}"#.to_owned(), Expect::Error(ANY)),
        (
            "duplicated query keys",
            format!(
                "{{\"query\": {}, \"query\": \"{{ __typename }}\"}}",
                json!(format!("{{ a{} }}", "{ a".repeat(8_000)))
            ),
            Expect::Handled(ANY),
        ),
        (
            "duplicated query keys, deep last",
            format!(
                "{{\"query\": \"{{ __typename }}\", \"query\": {}}}",
                json!(format!("{{ a{} }}", "{ a".repeat(8_000)))
            ),
            Expect::Refused(TOO_DEEP),
        ),
    ] {
        let mut case = case(name, "", expect);
        case.raw = Some(body);
        cases.push(case);
    }
    let tags: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    cases.push(case("variables: 100,000 tags", filtered, Expect::Handled(ANY)).with(json!({ "f": { "tags": tags } })));
    let wide: serde_json::Map<String, Value> = (0..50_000).map(|i| (format!("k{i}"), json!(i))).collect();
    cases.push(case("variables: 50,000 keys", "{ __typename }", Expect::Handled(ANY)).with(Value::Object(wide)));
}

pub(super) fn corpus() -> Vec<Case> {
    let mut rng = Rng::new(0x15_da7a);
    let mut cases = Vec::new();
    nesting(&mut cases, &mut rng);
    unbalanced(&mut cases, &mut rng);
    huge_literals(&mut cases);
    nul_bytes(&mut cases);
    shapes(&mut cases);
    variables(&mut cases);
    cases
}
