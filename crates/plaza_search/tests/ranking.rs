//! Ranking on a real (in-memory) tantivy index among filler: other languages' stems, the
//! second look at word proximity, stable pages, and newest-first order for feeds.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use plaza_domain::content::Language;
use plaza_search::{SearchDocument, SearchFilter, SearchIndex, SearchRequest};

mod common;
use common::{ANYONE, doc, keys};

fn doc_in(key: &str, title: &str, body: &str, language: Language) -> SearchDocument {
    SearchDocument {
        language,
        ..doc(key, title, body, "x", "local", "public")
    }
}

/// Filler paragraphs, as many Spanish ones as a real index holds around a few items.
fn filler(index: &SearchIndex, count: usize) {
    for n in 0..count {
        let body = format!(
            "Resolución {n} del boletín oficial sobre el régimen de contratación, los plazos de \
             presentación y la publicación de los actos administrativos del ejercicio {}.",
            2000 + n % 20
        );
        index
            .upsert(&doc_in(&format!("f{n}"), &format!("Boletín {n}"), &body, Language::Es))
            .unwrap();
    }
}

#[test]
fn a_catalan_item_among_spanish_ones_is_found_by_its_stems() {
    // Each language has its own stemmed fields: measured over every document of a mostly
    // Spanish index, a Catalan item looked dozens of times too long and its stems counted for
    // nothing, so an exact word in a Spanish item always beat an inflected one in Catalan.
    let index = SearchIndex::in_memory().unwrap();
    filler(&index, 300);
    index
        .upsert(&doc_in(
            "ca",
            "Guia de xarxes",
            "Les publicacions de la Generalitat a les xarxes socials segueixen una guia d'estil.",
            Language::Ca,
        ))
        .unwrap();
    index
        .upsert(&doc_in(
            "es",
            "Publicación del boletín",
            "La publicación en el boletín sigue el régimen de contratación y su guía de plazos.",
            Language::Es,
        ))
        .unwrap();
    index.commit("1").unwrap();
    // "publicació" (singular, as a Catalan speaker types it) reaches "publicacions" by its
    // stem; the Spanish item only shares the folded spelling's neighbour "publicacion".
    let found = keys(&index, "publicació xarxa", ANYONE);
    assert_eq!(found.first().map(String::as_str), Some("ca"), "{found:?}");
}

#[test]
fn the_item_holding_the_question_words_together_comes_first() {
    // Two items of about the same length hold the question's words; in one they answer it in
    // a sentence (in other forms: "recomiendan", "imágenes"), in the other they are scattered
    // through unrelated text, one of them in the exact form typed ("recomienda"), which BM25
    // alone prefers.
    let index = SearchIndex::in_memory().unwrap();
    filler(&index, 200);
    let pad = "El documento recoge además otras cuestiones de organización interna del servicio \
               que no guardan relación con la pregunta y ocupan buena parte del texto. ";
    index
        .upsert(&doc_in(
            "apart",
            "Notas de la reunión",
            &format!(
                "Las imágenes del archivo. {pad}{pad}Se habló de Twitter. {pad}{pad}El tamaño del local. \
                 {pad}Se recomienda puntualidad."
            ),
            Language::Es,
        ))
        .unwrap();
    index
        .upsert(&doc_in(
            "together",
            "Notas de estilo",
            &format!("{pad}En Twitter se recomiendan imágenes de 1200 px: el tamaño importa. {pad}{pad}{pad}"),
            Language::Es,
        ))
        .unwrap();
    index.commit("1").unwrap();
    let found = keys(&index, "qué tamaño de imagen se recomienda para twitter", ANYONE);
    assert_eq!(found.first().map(String::as_str), Some("together"), "{found:?}");
}

#[test]
fn pages_are_stable_and_scores_fall_from_page_to_page() {
    let index = SearchIndex::in_memory().unwrap();
    filler(&index, 120);
    index.commit("1").unwrap();
    let audience = vec!["public".to_owned()];
    let filter = SearchFilter::default();
    let page = |offset: usize, limit: usize| {
        index
            .search(&SearchRequest {
                text: "publicación de los plazos de contratación",
                filter: &filter,
                audience: &audience,
                limit,
                offset,
                facets: false,
                country: None,
                reader_language: None,
            })
            .unwrap()
            .hits
    };
    let whole = page(0, 50);
    assert_eq!(whole.len(), 50);
    let mut paged = Vec::new();
    for offset in (0..50).step_by(10) {
        paged.extend(page(offset, 10));
    }
    let keys_of = |hits: &[plaza_search::Hit]| hits.iter().map(|h| h.key.clone()).collect::<Vec<_>>();
    assert_eq!(
        keys_of(&paged),
        keys_of(&whole),
        "pages of 10 are the slices of one page of 50"
    );
    assert!(
        whole.windows(2).all(|pair| pair[0].score >= pair[1].score),
        "scores fall across the second look's depth"
    );
}

#[test]
fn a_feed_lists_what_a_search_matches_newest_first() {
    let index = SearchIndex::in_memory().unwrap();
    let mut older = doc(
        "OLD",
        "TikTok TikTok TikTok: guía completa de TikTok",
        "Todo sobre TikTok en la administración.",
        "tiktok",
        "local",
        "public",
    );
    older.published = Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap();
    let mut newer = doc(
        "NEW",
        "Un vídeo en TikTok",
        "Probamos un vídeo.",
        "tiktok",
        "local",
        "public",
    );
    newer.published = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let hidden = doc(
        "HID",
        "TikTok interno",
        "TikTok.",
        "tiktok",
        "local",
        "agency:agency-local",
    );
    let other = doc(
        "OTH",
        "Boletín por correo",
        "Nada de vídeos.",
        "email",
        "local",
        "public",
    );
    for document in [&older, &newer, &hidden, &other] {
        index.upsert(document).unwrap();
    }
    index.commit("w1").unwrap();
    let audience = vec!["public".to_owned()];
    let filter = SearchFilter::default();
    let request = SearchRequest {
        text: "tiktok",
        filter: &filter,
        audience: &audience,
        limit: 10,
        offset: 0,
        facets: false,
        country: None,
        reader_language: None,
    };
    let keys = |results: plaza_search::SearchResults| results.hits.into_iter().map(|hit| hit.key).collect::<Vec<_>>();
    // By relevance the older, denser one leads; a feed wants the newest first, and the same
    // matches: nothing outside the audience, nothing that does not match.
    assert_eq!(keys(index.search(&request).unwrap()), vec!["OLD", "NEW"]);
    assert_eq!(keys(index.search_newest(&request).unwrap()), vec!["NEW", "OLD"]);
}

#[test]
fn the_readers_interface_language_weighs_like_the_querys_own() {
    // One word says too little for the detector: the reader's interface language tells which
    // language's stems to trust. A Catalan reader's "publicació" finds the Catalan item by its
    // stem at full weight; read with a Spanish interface, that stem weighs half.
    let index = SearchIndex::in_memory().unwrap();
    filler(&index, 100);
    index
        .upsert(&doc_in(
            "ca",
            "Guia de xarxes",
            "Les publicacions de la Generalitat a les xarxes socials segueixen una guia d'estil.",
            Language::Ca,
        ))
        .unwrap();
    index.commit("1").unwrap();
    let audience = vec!["public".to_owned()];
    let filter = SearchFilter::default();
    let score = |reader: Option<Language>| {
        index
            .search(&SearchRequest {
                text: "publicació",
                filter: &filter,
                audience: &audience,
                limit: 10,
                offset: 0,
                facets: false,
                country: None,
                reader_language: reader,
            })
            .unwrap()
            .hits
            .into_iter()
            .find(|hit| hit.key == "ca")
            .map(|hit| hit.score)
    };
    let catalan = score(Some(Language::Ca)).expect("found by a Catalan reader");
    let spanish = score(Some(Language::Es)).expect("found by a Spanish reader too");
    assert!(catalan > spanish, "Catalan reader {catalan}, Spanish reader {spanish}");
    assert_eq!(
        score(None),
        Some(catalan),
        "with no language known, every language weighs fully"
    );
}
