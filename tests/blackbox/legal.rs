//! The legal pages: everyone reads them (the model text until the network saves its own);
//! only network administrators rewrite them.

use plaza_blackbox::{TestApp, cli_ok, error_code, error_field, two_agencies};
use serde_json::json;

const READ: &str = "query($slug: String!) { legalPage(slug: $slug) { slug body bodyHtml isModel updatedAt canEdit updatedBy { name } } }";
const WRITE: &str = "mutation($slug: String!, $body: String!) { updateLegalPage(slug: $slug, body: $body) { slug bodyHtml isModel updatedAt } }";

#[tokio::test]
async fn everyone_reads_the_legal_pages_and_only_network_admins_rewrite_them() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let args = [
        "member",
        "add",
        "--email",
        "root@a.example",
        "--name",
        "Red",
        "--agency",
        "agency-a",
        "--role",
        "network_admin",
    ];
    cli_ok(data.path(), &args);
    let root = cli_ok(
        data.path(),
        &["token", "issue", "--member", "root@a.example", "--scope", "write"],
    );
    let root = root.trim();
    let app = TestApp::start(data, &[]).await;

    // The model texts, for anyone.
    for (slug, phrase) in [
        ("privacidad", "Responsable del tratamiento"),
        ("accesibilidad", "Real Decreto 1112/2018"),
        ("aviso-legal", "Titular del sitio"),
    ] {
        let (_, body) = app.graphql(READ, json!({ "slug": slug }), None).await;
        let page = &body["data"]["legalPage"];
        assert_eq!(page["isModel"], true, "{body}");
        assert!(page["bodyHtml"].as_str().unwrap().contains(phrase), "{slug}: {body}");
        assert_eq!(page["canEdit"], false);
    }
    let (_, body) = app.graphql(READ, json!({ "slug": "cookies" }), None).await;
    assert_eq!(error_field(&body), Some("slug"), "{body}");

    // Only a network admin writes; markup is sanitised; an empty body is refused.
    let notice = "## Titular\n\nAyuntamiento de Prueba <script>alert(1)</script>";
    for (token, code) in [
        (None, "UNAUTHENTICATED"),
        (Some(tokens["editor_a"].as_str()), "FORBIDDEN"),
    ] {
        let (_, body) = app
            .graphql(WRITE, json!({ "slug": "aviso-legal", "body": notice }), token)
            .await;
        assert_eq!(error_code(&body), Some(code), "{body}");
    }
    let (_, body) = app
        .graphql(WRITE, json!({ "slug": "aviso-legal", "body": "   " }), Some(root))
        .await;
    assert_eq!(error_field(&body), Some("body"), "{body}");
    let (_, body) = app
        .graphql(WRITE, json!({ "slug": "aviso-legal", "body": notice }), Some(root))
        .await;
    let saved = &body["data"]["updateLegalPage"];
    assert_eq!(saved["isModel"], false, "{body}");
    let html = saved["bodyHtml"].as_str().unwrap();
    assert!(
        html.contains("Ayuntamiento de Prueba") && !html.contains("<script"),
        "{html}"
    );

    // Readers get the saved text; who saved it is for network admins only.
    let (_, body) = app.graphql(READ, json!({ "slug": "aviso-legal" }), None).await;
    let page = &body["data"]["legalPage"];
    assert!(page["body"].as_str().unwrap().starts_with("## Titular"), "{body}");
    assert!(page["updatedAt"].is_string() && page["updatedBy"].is_null(), "{body}");
    let (_, body) = app.graphql(READ, json!({ "slug": "aviso-legal" }), Some(root)).await;
    assert_eq!(body["data"]["legalPage"]["updatedBy"]["name"], "Red", "{body}");
    assert_eq!(body["data"]["legalPage"]["canEdit"], true);
    // The other pages are untouched.
    let (_, body) = app.graphql(READ, json!({ "slug": "privacidad" }), None).await;
    assert_eq!(body["data"]["legalPage"]["isModel"], true);

    // Without JavaScript: the page's HTML carries the saved text (escaped, titled, in Spanish);
    // the sitemap lists the three pages.
    let page = app
        .http
        .get(format!("{}/aviso-legal", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<title>Aviso legal · Plaza</title>"), "{html}");
    assert!(
        html.contains("lang=\"es\"") && html.contains("Ayuntamiento de Prueba"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    let model = app
        .http
        .get(format!("{}/accesibilidad", app.address))
        .send()
        .await
        .unwrap();
    assert!(model.text().await.unwrap().contains("Real Decreto 1112/2018"));
    let sitemap = app
        .http
        .get(format!("{}/sitemap.xml", app.address))
        .send()
        .await
        .unwrap();
    let sitemap = sitemap.text().await.unwrap();
    for slug in ["privacidad", "accesibilidad", "aviso-legal"] {
        assert!(sitemap.contains(&format!("/{slug}</loc>")), "{sitemap}");
    }
}
