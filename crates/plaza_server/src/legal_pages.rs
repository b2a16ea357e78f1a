//! The legal pages (`/privacidad`, `/accesibilidad`, `/aviso-legal`) rendered on the server, so
//! they read without JavaScript and crawlers index them; the web app takes over in the browser.
//! They are read through the GraphQL schema as an anonymous viewer, like public items.

use std::fmt::Write as _;

use serde_json::json;

use crate::AppState;
use crate::html::escape;
use crate::public_pages::{Rendered, anonymous_query};

/// Each page's path and its title (the pages are written in Spanish).
pub const LEGAL_PAGES: [(&str, &str); 3] = [
    ("privacidad", "Declaración de privacidad"),
    ("accesibilidad", "Declaración de accesibilidad"),
    ("aviso-legal", "Aviso legal"),
];

/// The legal page a path names: (slug, title).
pub fn legal_path(path: &str) -> Option<(&'static str, &'static str)> {
    let slug = path.strip_prefix('/')?.trim_end_matches('/');
    LEGAL_PAGES.iter().copied().find(|(known, _)| *known == slug)
}

/// Renders the legal page at `path` for `origin`.
pub async fn render(state: &AppState, origin: &str, path: &str) -> Option<Rendered> {
    let (slug, title) = legal_path(path)?;
    let query = "query Legal($slug: String!) { legalPage(slug: $slug) { bodyHtml updatedAt } }";
    let data = anonymous_query(state, query, json!({ "slug": slug })).await.ok()?;
    let page = &data["legalPage"];
    let url = format!("{}/{slug}", origin.trim_end_matches('/'));
    let mut head = String::new();
    let _ = writeln!(head, "<title>{} · Plaza</title>", escape(title));
    let _ = write!(head, "    <link rel=\"canonical\" href=\"{}\" />", escape(&url));
    let updated = page["updatedAt"]
        .as_str()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| format!("<p class=\"meta\">Última actualización: {}</p>", at.format("%d/%m/%Y")))
        .unwrap_or_default();
    // The body is the server's own sanitised rendering of the page's Markdown.
    let body = page["bodyHtml"].as_str().unwrap_or_default();
    let main = format!(
        "<h1>{}</h1>{updated}<div class=\"legal-body prose\" lang=\"es\">{body}</div>",
        escape(title)
    );
    Some(Rendered { head, main })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_legal_paths_are_legal_pages() {
        assert_eq!(legal_path("/privacidad").map(|(slug, _)| slug), Some("privacidad"));
        assert_eq!(legal_path("/aviso-legal/").map(|(_, title)| title), Some("Aviso legal"));
        assert!(legal_path("/privacidad/x").is_none());
        assert!(legal_path("/cookies").is_none());
    }
}
