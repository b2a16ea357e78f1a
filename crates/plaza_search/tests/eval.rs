//! Relevance evaluation on sets built from the shared corpus (`make eval` prints the report and
//! writes `target/eval-report.md`). Two tests:
//!
//! 1. Known-item titles (light): each query is the title of the section or article it should
//!    find:
//!    - the Generalitat guide (7th ed.) in Spanish, Catalan and English: section title → section;
//!    - DigitalGov social-media articles: title → article.
//!
//!    Every query is run clean, without accents, and with one typo in its longest word. The goal
//!    is that accents removed and one typo keep ≥ 97 % of the clean MRR@10.
//! 2. What users type (heavy): natural questions written by hand from the corpus
//!    (`tests/data/questions.jsonl`: es/ca/en, each with the paragraph or item that answers it),
//!    run clean, without accents and with one typo (both generated here from the clean
//!    question), and pasted paragraphs and summaries looking for their own item; all among
//!    distractor paragraphs of Argentine legislation (`scale/legalize_ar.jsonl.gz`). Plaza is
//!    compared with a baseline built in the same run: a plain tantivy index (ASCII folding +
//!    Spanish stemming, every query word OR-ed, BM25) over the same documents.
//!
//!    Distractors: `PLAZA_EVAL_DISTRACTORS` (`make eval` sets 100,000), 10,000 otherwise, so
//!    that `cargo test --workspace` stays quick.
//!
//! Skipped (with a note) when the corpus is not beside the repository.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use plaza_domain::content::Language;
use plaza_domain::item::ContentKind;
use plaza_search::{SearchDocument, SearchFilter, SearchIndex, SearchRequest};

#[path = "eval/users.rs"]
mod users;

/// Writes one part of the report and rebuilds `target/eval-report.md` from every part written.
fn write_report_part(name: &str, text: &str) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let parts = target.join("eval-report.parts");
    let _ = std::fs::create_dir_all(&parts);
    let _ = std::fs::write(parts.join(format!("{name}.md")), text);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&parts)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.sort();
    let mut report = String::from("# Search relevance (make eval)\n\n");
    for path in names {
        report.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        report.push('\n');
    }
    let _ = std::fs::write(target.join("eval-report.md"), report);
}

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    root.exists().then_some(root)
}

struct Item {
    key: String,
    query: String,
}

fn document(key: &str, title: &str, body: &str, language: Language) -> SearchDocument {
    SearchDocument {
        kind: ContentKind::Practice,
        key: key.to_owned(),
        title: title.to_owned(),
        summary: String::new(),
        about: String::new(),
        body: body.to_owned(),
        language,
        agency: ("a".into(), "a".into()),
        level: "regional".into(),
        country: "ES".into(),
        taxonomy: vec![],
        tags: vec![],
        published: Utc.with_ymd_and_hms(2015, 7, 1, 0, 0, 0).unwrap(),
        audience: vec!["public".into()],
    }
}

/// Sections `N.N Title` of a guide file, with their text.
fn sections(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<(String, String)> = Vec::new();
    for paragraph in text.split("\n\n").map(str::trim) {
        let heading = paragraph.split_once(' ').filter(|(number, title)| {
            number.contains('.')
                && number.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !title.is_empty()
                && title.len() < 90
                && !paragraph.contains('\n')
        });
        match heading {
            Some((_, title)) => out.push((title.to_owned(), String::new())),
            None => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(paragraph);
                    last.1.push('\n');
                }
            }
        }
    }
    out.into_iter().filter(|(_, body)| body.len() >= 200).collect()
}

fn strip_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' | 'à' => 'a',
            'é' | 'è' => 'e',
            'í' | 'ï' => 'i',
            'ó' | 'ò' => 'o',
            'ú' | 'ü' => 'u',
            'Á' => 'A',
            'É' => 'E',
            'Í' => 'I',
            'Ó' => 'O',
            'Ú' => 'U',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// One deterministic typo: the middle letter of the longest word (≥ 5 letters) is dropped.
fn one_typo(text: &str) -> String {
    let longest = text
        .split_whitespace()
        .filter(|w| w.chars().count() >= 5)
        .max_by_key(|w| w.chars().count());
    let Some(word) = longest else { return text.to_owned() };
    let chars: Vec<char> = word.chars().collect();
    let middle = chars.len() / 2;
    let typo: String = chars
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != middle)
        .map(|(_, c)| c)
        .collect();
    text.replacen(word, &typo, 1)
}

fn evaluate(index: &SearchIndex, items: &[Item], transform: impl Fn(&str) -> String) -> (f64, f64) {
    let audience = vec!["public".to_owned()];
    let filter = SearchFilter::default();
    let mut reciprocal = 0.0;
    let mut found = 0.0;
    for item in items {
        let text = transform(&item.query);
        let request = SearchRequest {
            text: &text,
            filter: &filter,
            audience: &audience,
            limit: 10,
            offset: 0,
            facets: true,
            country: None,
            reader_language: None,
        };
        let hits = index.search(&request).unwrap().hits;
        if let Some(rank) = hits.iter().position(|hit| hit.key == item.key) {
            if rank > 0 && std::env::var_os("PLAZA_EVAL_RANKS").is_some() {
                eprintln!("rank {}: {text:?}", rank + 1);
            }
            reciprocal += 1.0 / (rank as f64 + 1.0);
            found += 1.0;
        } else if std::env::var_os("PLAZA_EVAL_MISSES").is_some() {
            eprintln!("miss: {text:?} (wanted {})", item.query);
        }
    }
    let n = items.len() as f64;
    (reciprocal / n, found / n)
}

#[test]
fn relevance_on_known_item_sets_survives_missing_accents_and_typos() {
    let Some(root) = corpus() else {
        eprintln!("eval skipped: ../shared/corpus is not beside the repository");
        return;
    };
    let mut report = String::from(
        "| set | queries | MRR@10 clean | no accents | one typo | recall@10 clean | no accents / clean | typo / clean |\n|---|---|---|---|---|---|---|---|\n",
    );
    let mut worst_ratio: f64 = 1.0;
    let mut sets: Vec<(String, SearchIndex, Vec<Item>)> = Vec::new();
    for (language, code) in [(Language::Es, "es"), (Language::Ca, "ca"), (Language::En, "en")] {
        let index = SearchIndex::in_memory().unwrap();
        let mut items = Vec::new();
        for (n, (title, body)) in sections(&root.join(format!("guidelines/generalitat_guia_redes_v07_{code}.txt")))
            .into_iter()
            .enumerate()
        {
            let key = format!("{code}-{n}");
            index.upsert(&document(&key, &title, &body, language)).unwrap();
            if title.split_whitespace().count() >= 2 {
                items.push(Item { key, query: title });
            }
        }
        index.commit("eval").unwrap();
        sets.push((format!("generalitat guide ({code})"), index, items));
    }
    {
        let index = SearchIndex::in_memory().unwrap();
        let mut items = Vec::new();
        let text = std::fs::read_to_string(root.join("case_studies/digitalgov_social_media.jsonl")).unwrap();
        for line in text.lines() {
            let article: serde_json::Value = serde_json::from_str(line).unwrap();
            let key = article["id"].as_str().unwrap().to_owned();
            let title = article["title"].as_str().unwrap().to_owned();
            let body: String = article["body_markdown"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(20_000)
                .collect();
            index.upsert(&document(&key, &title, &body, Language::En)).unwrap();
            if !title.trim().is_empty() {
                items.push(Item { key, query: title });
            }
        }
        index.commit("eval").unwrap();
        sets.push(("digitalgov articles (en)".into(), index, items));
    }
    for (name, index, items) in &sets {
        let (clean, clean_recall) = evaluate(index, items, |q| q.to_owned());
        let (unaccented, _) = evaluate(index, items, strip_accents);
        let (typo, _) = evaluate(index, items, one_typo);
        let accent_ratio = unaccented / clean;
        let typo_ratio = typo / clean;
        worst_ratio = worst_ratio.min(accent_ratio).min(typo_ratio);
        report.push_str(&format!(
            "| {name} | {} | {clean:.3} | {unaccented:.3} | {typo:.3} | {clean_recall:.3} | {:.1} % | {:.1} % |\n",
            items.len(),
            accent_ratio * 100.0,
            typo_ratio * 100.0
        ));
        assert!(clean > 0.5, "{name}: clean MRR {clean:.3} is too low to be search");
    }
    println!("{report}");
    println!("worst degraded/clean ratio: {:.1} % (goal ≥ 97 %)", worst_ratio * 100.0);
    write_report_part("1-titles", &format!("## Known-item titles\n\n{report}"));
    assert!(
        worst_ratio >= 0.97,
        "missing accents or one typo keep only {:.1} % of the clean MRR (goal ≥ 97 %)",
        worst_ratio * 100.0
    );
}
