//! Public items rendered on the server: `/casos/<id>`, `/practicas/<id>` and `/guias/<id>` answer
//! plain HTTP with the item's content in the page (title, summary, body, metrics, agency, dates,
//! licence), a canonical link, Open Graph and Twitter card tags and schema.org JSON-LD, so
//! crawlers and link previews see what a person sees. The web app then takes over in the
//! browser. The item is read through the GraphQL schema as an anonymous viewer: anything not
//! public renders nothing of its content (the page is the app's empty shell, as for any path).

use std::fmt::Write as _;

use plaza_domain::item::ContentKind;
use plaza_domain::messages::Lang;
use serde_json::{Value, json};

use crate::AppState;
use crate::html::escape;

/// What a public item adds to the app's page.
pub struct Rendered {
    /// Replaces `<title>Plaza</title>`: title, description, canonical, social tags, JSON-LD.
    pub head: String,
    /// The content of `<main>`.
    pub main: String,
}

const QUERY: &str = "query Page($id: ID!) { node(id: $id) { __typename
  ... on CaseStudy { title summary contextHtml actionsHtml lessonsHtml language licence publishedAt updatedAt
    agency { name } platforms { label } metrics { metric unit baseline target actual periodStart periodEnd } }
  ... on Practice { title summary bodyHtml language licence publishedAt updatedAt agency { name } platforms { label } }
  ... on Guideline { title summary language licence publishedAt updatedAt agency { name }
    currentVersion { number bodyHtml } } } }";

/// The web app's page of each content kind, with the GraphQL type it shows (the same table as
/// `frontend/src/paths.ts`); threads are not rendered on the server.
const PAGES: [(ContentKind, &str, &str); 4] = [
    (ContentKind::CaseStudy, "casos", "CaseStudy"),
    (ContentKind::Practice, "practicas", "Practice"),
    (ContentKind::Guideline, "guias", "Guideline"),
    (ContentKind::Discussion, "debates", "Discussion"),
];

/// The path of an item's page in the web app (`/casos/<global id>`), percent-encoded.
pub fn page_path(kind: ContentKind, global_id: &str) -> String {
    let base = PAGES
        .iter()
        .find(|(page, _, _)| *page == kind)
        .map_or("casos", |(_, base, _)| base);
    format!("/{base}/{}", percent_encode(global_id))
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
pub fn percent_encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The item a page path names, if it is one of the pages rendered on the server: (typename,
/// global id).
pub fn item_path(path: &str) -> Option<(&'static str, &str)> {
    let (base, id) = path.strip_prefix('/')?.split_once('/')?;
    let (_, _, typename) = PAGES
        .iter()
        .find(|(kind, page, _)| *page == base && *kind != ContentKind::Discussion)?;
    let valid =
        !id.is_empty() && id.len() <= 200 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some((typename, id))
}

/// Runs `query` through the schema as an anonymous viewer: what anyone may read, with the API's
/// own audience rules. The data, or the first error's message.
pub async fn anonymous_query(state: &AppState, query: impl Into<String>, variables: Value) -> Result<Value, String> {
    query_as(state, plaza_domain::policy::Viewer::Anonymous, query, variables).await
}

/// Runs `query` through the schema as `viewer` (a member's private feed): the API's own
/// audience rules for that viewer. The data, or the first error's message.
pub async fn query_as(
    state: &AppState,
    viewer: plaza_domain::policy::Viewer,
    query: impl Into<String>,
    variables: Value,
) -> Result<Value, String> {
    let request = async_graphql::Request::new(query).variables(async_graphql::Variables::from_json(variables));
    let response = state
        .schema
        .execute(plaza_graphql::prepare(request, viewer, None))
        .await;
    if let Some(error) = response.errors.first() {
        return Err(error.message.clone());
    }
    response.data.into_json().map_err(|e| e.to_string())
}

/// Renders the public item at `path` for `origin`, or `None` when the path names no item that
/// anyone may read.
pub async fn render(state: &AppState, origin: &str, path: &str) -> Option<Rendered> {
    let (typename, id) = item_path(path)?;
    let data = anonymous_query(state, QUERY, json!({ "id": id })).await.ok()?;
    let item = &data["node"];
    // A global id of another kind under this path is not this page.
    if item["__typename"] != typename {
        return None;
    }
    let url = format!("{}{path}", origin.trim_end_matches('/'));
    Some(Rendered {
        head: head(typename, item, &url),
        main: main(typename, item),
    })
}

fn text<'a>(item: &'a Value, key: &str) -> &'a str {
    item[key].as_str().unwrap_or_default()
}

/// A description of at most about 200 characters, cut at a word.
fn description(summary: &str) -> String {
    let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    if summary.chars().count() <= 200 {
        return summary;
    }
    let cut: String = summary.chars().take(200).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

fn head(typename: &str, item: &Value, url: &str) -> String {
    let title = text(item, "title");
    let description = description(text(item, "summary"));
    let agency = item["agency"]["name"].as_str().unwrap_or("Plaza");
    let mut out = String::new();
    let _ = writeln!(out, "<title>{} · Plaza</title>", escape(title));
    let _ = writeln!(
        out,
        "    <meta name=\"description\" content=\"{}\" />",
        escape(&description)
    );
    let _ = writeln!(out, "    <link rel=\"canonical\" href=\"{}\" />", escape(url));
    for (property, value) in [
        ("og:type", "article"),
        ("og:site_name", "Plaza"),
        ("og:title", title),
        ("og:description", description.as_str()),
        ("og:url", url),
    ] {
        let _ = writeln!(
            out,
            "    <meta property=\"{property}\" content=\"{}\" />",
            escape(value)
        );
    }
    if !text(item, "language").is_empty() {
        let _ = writeln!(
            out,
            "    <meta property=\"og:locale\" content=\"{}\" />",
            escape(text(item, "language"))
        );
    }
    let _ = writeln!(out, "    <meta name=\"twitter:card\" content=\"summary\" />");
    let _ = writeln!(out, "    <meta name=\"twitter:title\" content=\"{}\" />", escape(title));
    let _ = writeln!(
        out,
        "    <meta name=\"twitter:description\" content=\"{}\" />",
        escape(&description)
    );
    let kind = if typename == "Guideline" {
        "CreativeWork"
    } else {
        "Article"
    };
    let ld = json!({
        "@context": "https://schema.org",
        "@type": kind,
        "headline": title,
        "description": description,
        "url": url,
        "inLanguage": text(item, "language"),
        "license": text(item, "licence"),
        "datePublished": item["publishedAt"],
        "dateModified": item["updatedAt"],
        "author": { "@type": "GovernmentOrganization", "name": agency },
        "publisher": { "@type": "Organization", "name": "Plaza" },
    });
    // Nothing in a script element may look like markup (`</script>` would end it): JSON
    // spells the same text with `\u003c`, `\u003e` and `\u0026`.
    let ld = ld
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let _ = write!(out, "    <script type=\"application/ld+json\">{ld}</script>");
    out
}

/// A section with server-sanitised HTML (the API's `…Html` fields, rendered and cleaned once).
fn section(out: &mut String, heading: &str, html: &str) {
    if !html.trim().is_empty() {
        let _ = write!(out, "<section><h2>{}</h2>{html}</section>", escape(heading));
    }
}

/// The words of a server-rendered page, in the item's own language (es, en, ca, pt, as
/// [`crate::html::pick`] orders them), so a Catalan case reads in Catalan throughout.
struct Words {
    lang: Lang,
}

impl Words {
    fn of(item: &Value) -> Words {
        let lang = match text(item, "language") {
            "ca" => Lang::Ca,
            "pt" | "gl" => Lang::Pt,
            "en" => Lang::En,
            _ => Lang::Es,
        };
        Words { lang }
    }

    fn get(&self, words: &[&'static str; 4]) -> &'static str {
        crate::html::pick(words, self.lang)
    }

    /// A number as readers of the language write it: `12.000,5` in Spanish, Catalan and
    /// Portuguese (four-digit numbers ungrouped in Spanish and Portuguese), `12,000.5` in English.
    fn number(&self, value: f64) -> String {
        let (group, decimal, min_digits) = match self.lang {
            Lang::En => (',', '.', 4),
            Lang::Ca => ('.', ',', 4),
            Lang::Es | Lang::Pt => ('.', ',', 5),
        };
        let rounded = (value * 100.0).round() / 100.0;
        let formatted = format!("{:.2}", rounded.abs());
        let (integer, fraction) = formatted.split_once('.').unwrap_or((&formatted, ""));
        let fraction = fraction.trim_end_matches('0');
        let mut grouped = String::new();
        let digits: Vec<char> = integer.chars().collect();
        for (i, digit) in digits.iter().enumerate() {
            if digits.len() >= min_digits && i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(group);
            }
            grouped.push(*digit);
        }
        let sign = if rounded < 0.0 { "-" } else { "" };
        if fraction.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{decimal}{fraction}")
        }
    }
}

fn main(typename: &str, item: &Value) -> String {
    let words = Words::of(item);
    let mut out = format!("<article class=\"ssr\" lang=\"{}\">", escape(text(item, "language")));
    let _ = write!(out, "<h1 tabindex=\"-1\">{}</h1>", escape(text(item, "title")));
    let agency = item["agency"]["name"].as_str().unwrap_or_default();
    let day = text(item, "publishedAt").get(..10).unwrap_or_default();
    let byline: Vec<&str> = [agency, day].into_iter().filter(|part| !part.is_empty()).collect();
    let _ = write!(out, "<p class=\"byline\">{}</p>", escape(&byline.join(" · ")));
    if !text(item, "summary").trim().is_empty() {
        let _ = write!(out, "<p class=\"lede\">{}</p>", escape(text(item, "summary")));
    }
    let platforms: Vec<&str> = item["platforms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["label"].as_str())
        .collect();
    if !platforms.is_empty() {
        let label = words.get(&["Plataformas", "Platforms", "Plataformes", "Plataformas"]);
        let _ = write!(out, "<p>{label}: {}</p>", escape(&platforms.join(", ")));
    }
    match typename {
        "CaseStudy" => {
            let context = words.get(&["Contexto", "Context", "Context", "Contexto"]);
            section(&mut out, context, text(item, "contextHtml"));
            let actions = words.get(&["Qué se hizo", "What was done", "Què s'ha fet", "O que foi feito"]);
            section(&mut out, actions, text(item, "actionsHtml"));
            metrics(&mut out, item, &words);
            let lessons = words.get(&["Lecciones", "Lessons", "Lliçons", "Lições"]);
            section(&mut out, lessons, text(item, "lessonsHtml"));
        }
        "Practice" => section(
            &mut out,
            words.get(&["La práctica", "The practice", "La pràctica", "A prática"]),
            text(item, "bodyHtml"),
        ),
        _ => {
            let version = &item["currentVersion"];
            let heading = format!(
                "{} {}",
                words.get(&["Versión", "Version", "Versió", "Versão"]),
                version["number"].as_i64().unwrap_or(1)
            );
            section(&mut out, &heading, version["bodyHtml"].as_str().unwrap_or_default());
        }
    }
    let _ = write!(
        out,
        "<p class=\"licence\">{}: {}</p>",
        words.get(&["Licencia", "Licence", "Llicència", "Licença"]),
        escape(text(item, "licence"))
    );
    out.push_str("</article>");
    out
}

fn metrics(out: &mut String, item: &Value, words: &Words) {
    let Some(metrics) = item["metrics"].as_array().filter(|m| !m.is_empty()) else {
        return;
    };
    // The app's scrollable, focusable region: a wide table scrolls inside it on a phone.
    let _ = write!(
        out,
        "<section><h2 id=\"ssr-results\">{}</h2><div class=\"table-scroll\" tabindex=\"0\" \
        role=\"region\" aria-labelledby=\"ssr-results\"><table><thead><tr>",
        words.get(&["Resultados", "Results", "Resultats", "Resultados"])
    );
    for column in [
        ["Indicador", "Indicator", "Indicador", "Indicador"],
        ["Antes", "Before", "Abans", "Antes"],
        ["Objetivo", "Target", "Objectiu", "Objetivo"],
        ["Resultado", "Result", "Resultat", "Resultado"],
        ["Periodo", "Period", "Període", "Período"],
    ] {
        let _ = write!(out, "<th scope=\"col\">{}</th>", words.get(&column));
    }
    out.push_str("</tr></thead><tbody>");
    let number = |value: &Value| {
        value
            .as_f64()
            .map(|n| words.number(n))
            .unwrap_or_else(|| "—".to_owned())
    };
    for metric in metrics {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{} ({})</th><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
            escape(text(metric, "metric")),
            escape(text(metric, "unit")),
            number(&metric["baseline"]),
            number(&metric["target"]),
            number(&metric["actual"]),
            escape(text(metric, "periodStart")),
            escape(text(metric, "periodEnd")),
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// The app's page with a rendered item in it.
pub fn inject(shell: &str, rendered: &Rendered) -> Option<String> {
    const TITLE: &str = "<title>Plaza</title>";
    const MAIN: &str = "<main id=\"main\" tabindex=\"-1\"></main>";
    if !shell.contains(TITLE) || !shell.contains(MAIN) {
        return None;
    }
    let main = format!(
        "<main id=\"main\" tabindex=\"-1\" data-ssr=\"1\">{}</main>",
        rendered.main
    );
    Some(shell.replacen(TITLE, &rendered.head, 1).replacen(MAIN, &main, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_item_pages_are_rendered() {
        assert_eq!(item_path("/casos/Q2FzZTox"), Some(("CaseStudy", "Q2FzZTox")));
        assert_eq!(item_path("/guias/abc_-1"), Some(("Guideline", "abc_-1")));
        assert_eq!(item_path("/casos/nuevo/x"), None);
        assert_eq!(item_path("/casos/"), None);
        assert_eq!(item_path("/buscar"), None);
        assert_eq!(item_path("/casos/a%22b"), None);
    }

    #[test]
    fn text_from_items_never_becomes_markup() {
        let item = json!({
            "title": "</title><script>alert(1)</script>",
            "summary": "\"quoted\" & <b>bold</b>",
            "agency": { "name": "Ayto" },
            "language": "es",
            "licence": "CC-BY-4.0",
        });
        let head = head("CaseStudy", &item, "https://p.example/casos/x");
        assert!(!head.contains("<script>alert"), "{head}");
        assert!(head.contains("&lt;/title&gt;&lt;script&gt;"), "{head}");
        assert!(
            head.contains("\\u003c/script\\u003e"),
            "JSON-LD cannot close its script element: {head}"
        );
        let main = main("CaseStudy", &item);
        assert!(
            main.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"),
            "{main}"
        );
    }

    #[test]
    fn a_page_speaks_its_items_language_headings_and_numbers_included() {
        let case = |language: &str| {
            json!({
                "title": "T",
                "language": language,
                "licence": "CC-BY-4.0",
                "contextHtml": "<p>c</p>",
                "metrics": [{ "metric": "Llamadas", "unit": "count", "baseline": 12000.0, "target": 1234.5, "actual": 8280.25,
                              "periodStart": "2023-01-01", "periodEnd": "2023-12-31" }],
            })
        };
        let catalan = main("CaseStudy", &case("ca"));
        assert!(
            catalan.contains("lang=\"ca\"") && catalan.contains("<h2>Context</h2>"),
            "{catalan}"
        );
        assert!(
            catalan.contains(">Resultats</h2>") && catalan.contains("Llicència: CC-BY-4.0"),
            "{catalan}"
        );
        assert!(
            catalan.contains("<td>12.000</td><td>1.234,5</td><td>8.280,25</td>"),
            "{catalan}"
        );
        let spanish = main("CaseStudy", &case("es"));
        assert!(
            spanish.contains("<h2>Contexto</h2>") && spanish.contains("<td>12.000</td><td>1234,5</td>"),
            "{spanish}"
        );
        let english = main("CaseStudy", &case("en"));
        assert!(
            english.contains("<th scope=\"col\">Before</th>") && english.contains("<td>12,000</td><td>1,234.5</td>"),
            "{english}"
        );
        // A language without its own words (Basque) reads in Spanish.
        assert!(main("CaseStudy", &case("eu")).contains("<h2>Contexto</h2>"));
    }

    #[test]
    fn long_summaries_make_short_descriptions() {
        let long = "palabra ".repeat(60);
        let cut = description(&long);
        assert!(cut.chars().count() <= 201 && cut.ends_with('…'), "{cut}");
    }
}
