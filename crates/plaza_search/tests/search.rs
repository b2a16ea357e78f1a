//! The search engine on a real (in-memory) tantivy index: relevance on Spanish text, operators,
//! facets, snippets, typeahead, related items, and audience everywhere.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use plaza_domain::item::ContentKind;
use plaza_search::{SearchFilter, SearchIndex, SearchRequest};

mod common;
use common::{ANYONE, doc, keys, keys_in_country};

fn corpus() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let docs = [
        doc(
            "A",
            "Cómo redujimos las llamadas al 010 con WhatsApp",
            "El Ayuntamiento abrió un canal de WhatsApp para la atención ciudadana y las llamadas bajaron.",
            "whatsapp",
            "local",
            "public",
        ),
        doc(
            "B",
            "Subvenciones de empleo joven en TikTok",
            "Vídeos cortos explican las subvenciones municipales.",
            "tiktok",
            "local",
            "public",
        ),
        doc(
            "C",
            "Portal de transparencia provincial",
            "La diputación publica contratos y presupuestos en su portal de transparencia.",
            "blog",
            "provincial",
            "public",
        ),
        doc(
            "D",
            "Plan interno de comunicación de crisis",
            "Documento interno con el protocolo de crisis y <script>alert(1)</script> sin ejecutar.",
            "x",
            "local",
            "agency:agency-local",
        ),
        doc(
            "E",
            "Informe del Estado sobre redes sociales",
            "El Estado analiza el uso de las redes sociales por la administración.",
            "x",
            "national",
            "network",
        ),
        doc(
            "F",
            "TikTok para explicar trámites",
            "Tutoriales de trámites en TikTok para la ciudadanía.",
            "tiktok",
            "regional",
            "public",
        ),
    ];
    for document in &docs {
        index.upsert(document).unwrap();
    }
    index.commit("w1").unwrap();
    index
}

const MEMBER_OF_LOCAL: &[&str] = &["public", "network", "agency:agency-local"];

#[test]
fn a_natural_question_without_accents_finds_the_right_case_first() {
    let index = corpus();
    assert_eq!(
        keys(&index, "como reducir llamadas con whatsapp ayuntamiento", ANYONE)
            .first()
            .map(String::as_str),
        Some("A")
    );
    assert_eq!(
        keys(&index, "LLAMADAS WHATSAPP", ANYONE).first().map(String::as_str),
        Some("A")
    );
}

#[test]
fn singular_finds_plural_accents_do_not_matter_and_one_typo_is_forgiven() {
    let index = corpus();
    assert!(keys(&index, "subvencion", ANYONE).contains(&"B".to_owned()));
    assert!(keys(&index, "tramites", ANYONE).contains(&"F".to_owned()));
    assert!(keys(&index, "trámite", ANYONE).contains(&"F".to_owned()));
    assert_eq!(
        keys(&index, "transparensia", ANYONE).first().map(String::as_str),
        Some("C")
    );
    assert!(
        keys(&index, "estado", MEMBER_OF_LOCAL).contains(&"E".to_owned()),
        "estado is not a stop word"
    );
}

#[test]
fn synonyms_bridge_administrative_vocabulary() {
    let index = corpus();
    assert!(keys(&index, "municipalidad whatsapp", ANYONE).contains(&"A".to_owned()));
    assert!(keys(&index, "rrss", MEMBER_OF_LOCAL).contains(&"E".to_owned()));
}

#[test]
fn operators_filter_in_spanish_and_english_and_phrases_and_exclusions_work() {
    let index = corpus();
    assert_eq!(keys(&index, "plataforma:tiktok nivel:local", ANYONE), vec!["B"]);
    assert_eq!(keys(&index, "platform:tiktok level:local", ANYONE), vec!["B"]);
    let mut tiktok = keys(&index, "tiktok", ANYONE);
    tiktok.sort();
    assert_eq!(tiktok, vec!["B", "F"]);
    assert_eq!(keys(&index, "tiktok -subvenciones", ANYONE), vec!["F"]);
    assert_eq!(keys(&index, "\"portal de transparencia\"", ANYONE), vec!["C"]);
    // Quotes raise the phrase but do not require it; `+` does.
    assert_eq!(keys(&index, "\"transparencia de portal\"", ANYONE), vec!["C"]);
    assert!(keys(&index, "+\"transparencia de portal\"", ANYONE).is_empty());
    assert_eq!(keys(&index, "tiktok +tutoriales", ANYONE), vec!["F"]);
    assert_eq!(
        keys(
            &index,
            "tipo:caso antes:2023-12-31 despues:2023-01-01 plataforma:blog",
            ANYONE
        ),
        vec!["C"]
    );
    assert!(keys(&index, "antes:2020 plataforma:blog", ANYONE).is_empty());
}

#[test]
fn nothing_outside_the_audience_is_found_counted_or_faceted() {
    let index = corpus();
    let filter = SearchFilter::default();
    for (audience, sees_internal) in [
        (ANYONE.to_vec(), false),
        (vec!["public", "network", "agency:agency-other"], false),
        (MEMBER_OF_LOCAL.to_vec(), true),
    ] {
        let audience: Vec<String> = audience.iter().map(|a| a.to_string()).collect();
        let request = SearchRequest {
            text: "crisis protocolo",
            filter: &filter,
            audience: &audience,
            limit: 10,
            offset: 0,
            facets: true,
            country: None,
            reader_language: None,
        };
        let results = index.search(&request).unwrap();
        assert_eq!(results.hits.iter().any(|h| h.key == "D"), sees_internal, "{audience:?}");
        assert_eq!(results.total, u64::from(sees_internal));
        let everything = SearchRequest {
            text: "",
            filter: &filter,
            audience: &audience,
            limit: 10,
            offset: 0,
            facets: true,
            country: None,
            reader_language: None,
        };
        let all = index.search(&everything).unwrap();
        let x_count = all
            .facets
            .iter()
            .find(|(name, _)| *name == "platform")
            .and_then(|(_, values)| values.iter().find(|v| v.value == "x"))
            .map(|v| v.count)
            .unwrap_or(0);
        let expected_x = u64::from(sees_internal) + u64::from(audience.contains(&"network".to_owned()));
        assert_eq!(x_count, expected_x, "facet counts obey the audience for {audience:?}");
        let suggestions = index.suggest("plan inter", &audience, 5).unwrap();
        assert_eq!(suggestions.iter().any(|s| s.key == "D"), sees_internal);
        let related = index.related(ContentKind::CaseStudy, "E", &audience, 10).unwrap();
        assert_eq!(related.iter().any(|h| h.key == "D"), sees_internal);
    }
}

#[test]
fn facets_count_every_dimension_of_the_hits() {
    let index = corpus();
    let filter = SearchFilter::default();
    let audience = vec!["public".to_owned()];
    let results = index
        .search(&SearchRequest {
            text: "",
            filter: &filter,
            audience: &audience,
            limit: 0,
            offset: 0,
            facets: true,
            country: None,
            reader_language: None,
        })
        .unwrap();
    assert_eq!(results.total, 4);
    assert!(results.hits.is_empty());
    let facet = |name: &str| {
        results
            .facets
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(
        facet("platform").iter().find(|v| v.value == "tiktok").map(|v| v.count),
        Some(2)
    );
    assert_eq!(facet("level").iter().map(|v| v.count).sum::<u64>(), 4);
    assert_eq!(facet("year")[0].value, "2023");
    assert_eq!(facet("type")[0].value, "case_study");
}

#[test]
fn snippets_highlight_matches_and_escape_html() {
    let index = corpus();
    let filter = SearchFilter::default();
    let audience: Vec<String> = MEMBER_OF_LOCAL.iter().map(|a| a.to_string()).collect();
    let results = index
        .search(&SearchRequest {
            text: "protocolo",
            filter: &filter,
            audience: &audience,
            limit: 5,
            offset: 0,
            facets: true,
            country: None,
            reader_language: None,
        })
        .unwrap();
    let hit = &results.hits[0];
    assert!(
        hit.snippet_html.contains("<mark>protocolo</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(!hit.snippet_html.contains("<script>"), "{}", hit.snippet_html);
    let (start, end) = hit.highlights[0];
    assert_eq!(&hit.snippet_text[start..end], "protocolo");
}

#[test]
fn typeahead_completes_titles_and_tolerates_a_typo() {
    let index = corpus();
    let audience = vec!["public".to_owned()];
    let titles = |prefix: &str| {
        index
            .suggest(prefix, &audience, 5)
            .unwrap()
            .into_iter()
            .map(|s| s.key)
            .collect::<Vec<_>>()
    };
    assert!(titles("subv").contains(&"B".to_owned()));
    assert!(titles("portal de transp").contains(&"C".to_owned()));
    assert!(titles("trasparen").contains(&"C".to_owned()));
    assert!(titles("").is_empty());
}

#[test]
fn typeahead_puts_what_was_typed_before_words_one_edit_away() {
    let index = SearchIndex::in_memory().unwrap();
    // Twelve titles one edit from each other; the exact one is added last.
    let neighbours = [
        "zqxkkl", "zqxkkm", "zqxkkn", "zqxkko", "zqxklk", "zqxkmk", "zqxknk", "zqxkok", "zqxlkk", "zqxmkk", "zqxnkk",
    ];
    for (n, word) in neighbours.iter().enumerate() {
        index
            .upsert(&doc(
                &format!("N{n}"),
                &format!("Caso {word}"),
                "texto",
                "x",
                "local",
                "public",
            ))
            .unwrap();
    }
    index
        .upsert(&doc("EXACT", "Caso zqxkkk", "texto", "x", "local", "public"))
        .unwrap();
    index.commit("w1").unwrap();
    let audience = vec!["public".to_owned()];
    let first = index.suggest("zqxkkk", &audience, 3).unwrap();
    assert_eq!(first.first().map(|s| s.key.as_str()), Some("EXACT"), "{first:?}");
}

#[test]
fn related_items_survive_updates_without_a_merge_and_exclude_the_item_itself() {
    let index = corpus();
    for round in 0..3 {
        let updated = doc(
            "B",
            &format!("Subvenciones de empleo joven en TikTok {round}"),
            "Vídeos cortos.",
            "tiktok",
            "local",
            "public",
        );
        index.upsert(&updated).unwrap();
        index.commit(&format!("w{round}")).unwrap();
    }
    let audience = vec!["public".to_owned()];
    let related = index.related(ContentKind::CaseStudy, "B", &audience, 5).unwrap();
    assert_eq!(related.first().map(|h| h.key.as_str()), Some("F"));
    assert!(related.iter().all(|h| h.key != "B"));
    assert!(
        index
            .related(ContentKind::CaseStudy, "nope", &audience, 5)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_index_on_disk_keeps_its_watermark_and_documents_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(index.watermark(), None);
        index
            .upsert(&doc("A", "WhatsApp", "texto", "whatsapp", "local", "public"))
            .unwrap();
        index.commit("2024-01-01T00:00:00Z").unwrap();
    }
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.watermark().as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(reopened.num_docs(), 1);
}

#[test]
fn garbage_queries_never_fail() {
    let index = corpus();
    for text in [
        "\"",
        "-",
        ":::",
        "plataforma:",
        "antes:nunca",
        "((()))",
        "\u{0}",
        &"x".repeat(5000),
        "tipo:\"caso",
        "*?~^",
    ] {
        let _ = keys(&index, text, ANYONE);
    }
}

#[test]
fn synonyms_follow_the_viewers_country() {
    let index = corpus();
    let found = |country: Option<&str>| keys_in_country(&index, "cabildo", ANYONE, country);
    // cabildo / diputación / consejo insular are one group in Spain only.
    assert_eq!(found(Some("ES")), vec!["C"]);
    assert_eq!(found(None), vec!["C"], "a viewer of no known country gets every group");
    assert!(found(Some("AR")).is_empty(), "{:?}", found(Some("AR")));
}

#[test]
fn a_question_full_of_question_words_ranks_by_its_content_words_and_never_comes_back_empty() {
    let index = corpus();
    for question in [
        "¿cuántos años tiene el portal de transparencia que publica contratos?",
        "que tipo de portal publica los presupuestos de la diputacion",
        "which council has a transparency portal? portal transparencia",
        "quin portal de transparència té la diputació",
    ] {
        assert_eq!(
            keys(&index, question, ANYONE).first().map(String::as_str),
            Some("C"),
            "{question}"
        );
    }
    // Words no document has do not veto the ones that do.
    assert_eq!(
        keys(&index, "whatsapp llamadas hipopótamo ornitorrinco", ANYONE)
            .first()
            .map(String::as_str),
        Some("A")
    );
}

#[test]
fn a_typo_reaches_the_inflected_forms_of_its_correction() {
    let index = SearchIndex::in_memory().unwrap();
    for (key, title) in [
        ("ONE", "El equipo de comunicación"),
        ("MANY", "Coordinación de los equipos municipales"),
        ("OTHER", "Presupuestos participativos"),
    ] {
        index
            .upsert(&doc(key, title, "Texto.", "x", "local", "public"))
            .unwrap();
    }
    index.commit("w").unwrap();
    let mut found = keys(&index, "equpo", ANYONE);
    found.sort();
    assert_eq!(found, vec!["MANY", "ONE"]);
    // A misspelt stop word is not turned into a word every document matches.
    assert_eq!(
        keys(&index, "equipos porqe", ANYONE).first().map(String::as_str),
        Some("MANY")
    );
}

#[test]
fn a_pasted_paragraph_finds_its_document_and_hyphens_in_it_exclude_nothing() {
    let index = corpus();
    let paragraph = "En la reunión de ayer se comentó, entre muchas otras cosas que no vienen al caso y que \
        repetimos aquí sin orden ni concierto para que quede constancia de la conversación completa \
        -con todos sus matices- que la diputación publica sus contratos y presupuestos en el portal de \
        transparencia provincial, y que convendría -tiktok aparte- hacer algo parecido en el municipio \
        con la misma estructura de datos abiertos, las mismas categorías y el mismo calendario.";
    assert!(paragraph.split_whitespace().count() > 60);
    let found = keys(&index, paragraph, ANYONE);
    assert_eq!(found.first().map(String::as_str), Some("C"), "{found:?}");
    // `-tiktok` inside prose is not an exclusion: TikTok cases may still appear.
    let with_hyphen = format!("{paragraph} -tiktok subvenciones empleo joven");
    assert!(keys(&index, &with_hyphen, ANYONE).contains(&"B".to_owned()));
}
