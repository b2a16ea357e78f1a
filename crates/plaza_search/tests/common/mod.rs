//! What the search test files share: a document builder and a search that lists keys.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use plaza_domain::content::Language;
use plaza_domain::item::ContentKind;
use plaza_search::{SearchDocument, SearchFilter, SearchIndex, SearchRequest};

/// A Spanish case study document published on 2023-05-01.
pub fn doc(key: &str, title: &str, body: &str, platform: &str, level: &str, audience: &str) -> SearchDocument {
    SearchDocument {
        kind: ContentKind::CaseStudy,
        key: key.to_owned(),
        title: title.to_owned(),
        summary: String::new(),
        about: String::new(),
        body: body.to_owned(),
        language: Language::Es,
        agency: (format!("agency-{level}"), format!("ayto-{level}")),
        level: level.to_owned(),
        country: "ES".to_owned(),
        taxonomy: vec![("platform", platform.to_owned())],
        tags: vec![],
        published: Utc.with_ymd_and_hms(2023, 5, 1, 0, 0, 0).unwrap(),
        audience: vec![audience.to_owned()],
    }
}

/// Audience keys of an anonymous visitor.
pub const ANYONE: &[&str] = &["public"];

pub fn keys(index: &SearchIndex, text: &str, audience: &[&str]) -> Vec<String> {
    keys_in_country(index, text, audience, None)
}

pub fn keys_in_country(index: &SearchIndex, text: &str, audience: &[&str], country: Option<&str>) -> Vec<String> {
    let audience: Vec<String> = audience.iter().map(|a| a.to_string()).collect();
    let filter = SearchFilter::default();
    let request = SearchRequest {
        text,
        filter: &filter,
        audience: &audience,
        limit: 10,
        offset: 0,
        facets: true,
        country,
        reader_language: None,
    };
    index
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.key)
        .collect()
}
