//! The search index: writing documents, committing with a watermark, and answering searches,
//! suggestions and related-item queries under the viewer's audience.

mod build;
mod read;
mod rerank;
mod stats;
mod typos;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::schema::Facet;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{self, Family};
use crate::document::SearchDocument;
use crate::query::FilterKey;
use crate::schema::{self, Fields, SCHEMA_VERSION, Zone};
use crate::synonyms::Synonyms;
use plaza_domain::item::ContentKind;

/// Memory the index writer may use before flushing a segment.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;
/// Longest snippet, in characters.
pub(crate) const SNIPPET_CHARS: usize = 220;
/// Facet dimensions, in the order they are reported.
pub const FACETS: [&str; 10] = [
    "type",
    "agency",
    "level",
    "country",
    "platform",
    "objective",
    "dimension",
    "threat",
    "language",
    "year",
];

/// What went wrong in search.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("index: {0}")]
    Index(String),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(error: tantivy::TantivyError) -> Self {
        SearchError::Index(error.to_string())
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(error: tantivy::directory::error::OpenDirectoryError) -> Self {
        SearchError::Index(error.to_string())
    }
}

impl SearchError {
    /// The client-visible code (always internal: bad queries never fail).
    pub fn code(&self) -> plaza_domain::ErrorCode {
        plaza_domain::ErrorCode::Internal
    }
}

/// Narrowing given outside the query text (GraphQL `filter`); ANDed with the operators.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// (key, value) pairs as the operators take them.
    pub terms: Vec<(FilterKey, String)>,
}

/// A search to run.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    /// What the person typed.
    pub text: &'a str,
    /// Extra filters.
    pub filter: &'a SearchFilter,
    /// The viewer's audience keys (see `document::viewer_keys`).
    pub audience: &'a [String],
    /// Page size.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Whether to count facets (a pass over every match: skipped when nobody asked).
    pub facets: bool,
    /// The viewer's country (ISO code), choosing the synonym groups; all apply when `None`.
    pub country: Option<&'a str>,
    /// The reader's interface language: its stems weigh as much as the query's own language's
    /// (a Catalan reader's short query is read as Catalan too, not only as the detector guesses).
    pub reader_language: Option<plaza_domain::content::Language>,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Kind.
    pub kind: ContentKind,
    /// Key of the item.
    pub key: String,
    /// Relevance (0 for filter-only searches, which sort newest first).
    pub score: f32,
    /// Title.
    pub title: String,
    /// Snippet with matches wrapped in `<mark>`, HTML-escaped.
    pub snippet_html: String,
    /// Snippet as plain text.
    pub snippet_text: String,
    /// Byte ranges of the matches in `snippet_text`.
    pub highlights: Vec<(usize, usize)>,
}

/// One facet value and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The value (a code, slug, language or year).
    pub value: String,
    /// How many hits have it.
    pub count: u64,
}

/// Results of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// Hits of the page.
    pub hits: Vec<Hit>,
    /// How many hits in all (within the viewer's audience).
    pub total: u64,
    /// Facet counts per dimension of [`FACETS`].
    pub facets: Vec<(&'static str, Vec<FacetValue>)>,
}

/// A typeahead suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Kind.
    pub kind: ContentKind,
    /// Key of the item.
    pub key: String,
    /// Title.
    pub title: String,
}

/// The search index of one Plaza.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    synonyms: Synonyms,
    directory: Option<PathBuf>,
    /// Analyzers built once and cloned per use (building one rebuilds its stop list).
    analyzers: Analyzers,
    /// Spelling corrections found for rare words, valid for one searcher generation.
    corrections: Mutex<Corrections>,
    /// How many documents of each segment have each text field (see [`stats`]).
    field_counts: Mutex<stats::FieldCounts>,
}

/// Corrections already looked up in the term dictionaries of one searcher generation (the
/// walk of a Levenshtein automaton over every segment's dictionary is the costliest part of a
/// query with a rare word). Cleared when the index changes or when it grows past its bound.
#[derive(Default)]
pub(crate) struct Corrections {
    generation: u64,
    found: std::collections::HashMap<String, Vec<(String, u8)>>,
}

impl Corrections {
    /// Most words remembered at once.
    const MAX: usize = 20_000;

    pub(crate) fn get(&mut self, generation: u64, word: &str) -> Option<Vec<(String, u8)>> {
        if self.generation != generation {
            self.generation = generation;
            self.found.clear();
            return None;
        }
        self.found.get(word).cloned()
    }

    pub(crate) fn put(&mut self, generation: u64, word: &str, corrections: Vec<(String, u8)>) {
        if self.generation != generation || self.found.len() >= Self::MAX {
            self.generation = generation;
            self.found.clear();
        }
        self.found.insert(word.to_owned(), corrections);
    }
}

/// Documents holding any of `terms` (audience keys, filter values), as a lazily iterated
/// union of posting lists with a constant score: the intersection with the text query seeks
/// through them, so the cost follows the text's matches, not the size of the index (tantivy's
/// `TermSetQuery` would fill a bitset of every matching document of every segment first).
pub(crate) fn any_term(terms: impl IntoIterator<Item = Term>) -> Box<dyn tantivy::query::Query> {
    use tantivy::query::{BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    let mut terms: Vec<Term> = terms.into_iter().collect();
    terms.sort();
    terms.dedup();
    let union: Box<dyn Query> = match terms.len() {
        // No key at all: nothing is visible.
        0 => return Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
        _ => Box::new(BooleanQuery::new(
            terms
                .into_iter()
                .map(|term| {
                    let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, query)
                })
                .collect(),
        )),
    };
    Box::new(ConstScoreQuery::new(union, 0.0))
}

/// Analyzers a query needs, built once per index.
struct Analyzers {
    fold: tantivy::tokenizer::TextAnalyzer,
    stop_check: Vec<tantivy::tokenizer::TextAnalyzer>,
    by_field: std::collections::HashMap<tantivy::schema::Field, tantivy::tokenizer::TextAnalyzer>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("directory", &self.directory)
            .finish_non_exhaustive()
    }
}

/// The directory of the current schema version under `base`.
pub fn versioned_dir(base: &Path) -> PathBuf {
    base.join(format!("v{SCHEMA_VERSION}"))
}

impl SearchIndex {
    fn from_index(index: Index, directory: Option<PathBuf>) -> Result<Self, SearchError> {
        analysis::register(&index);
        let (_, fields) = schema::build();
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let writer = index.writer(WRITER_BUDGET)?;
        let mut by_field = std::collections::HashMap::new();
        for zone in Zone::ALL {
            for family in Family::ALL {
                let field = fields.stem(family, zone);
                if let Ok(analyzer) = index.tokenizer_for_field(field) {
                    by_field.insert(field, analyzer);
                }
            }
        }
        let analyzers = Analyzers {
            fold: analysis::fold_analyzer(),
            stop_check: [Family::Es, Family::Ca, Family::Pt, Family::En]
                .iter()
                .map(|f| analysis::stem_analyzer(*f))
                .collect(),
            by_field,
        };
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            synonyms: Synonyms::bundled(),
            directory,
            analyzers,
            corrections: Mutex::new(Corrections::default()),
            field_counts: Mutex::new(stats::FieldCounts::default()),
        })
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, _) = schema::build();
        Self::from_index(Index::create_in_ram(schema), None)
    }

    /// Opens the index of the current schema version under `base`, creating it empty if it
    /// does not exist (the caller then rebuilds it from the database: see [`Self::watermark`]).
    pub fn open(base: &Path) -> Result<Self, SearchError> {
        let dir = versioned_dir(base);
        std::fs::create_dir_all(&dir)
            .map_err(|e| SearchError::Index(format!("cannot create {}: {e}", dir.display())))?;
        let (schema, _) = schema::build();
        let directory = tantivy::directory::MmapDirectory::open(&dir)?;
        let index = Index::open_or_create(directory, schema)?;
        Self::from_index(index, Some(dir))
    }

    /// The watermark committed with the last commit (`None` for a new, empty index).
    pub fn watermark(&self) -> Option<String> {
        self.index.load_metas().ok().and_then(|metas| metas.payload)
    }

    /// BM25 statistics of `searcher` with each text field measured over the documents that
    /// have it (see [`stats`]).
    pub(crate) fn statistics<'a>(&self, searcher: &'a tantivy::Searcher) -> stats::FieldStatistics<'a> {
        let groups: Vec<Vec<tantivy::schema::Field>> = Zone::ALL
            .iter()
            .flat_map(|zone| {
                let stemmed = Family::ALL
                    .iter()
                    .map(|family| self.fields.stem(*family, *zone))
                    .collect();
                [stemmed, vec![self.fields.fold(*zone)]]
            })
            .collect();
        stats::FieldStatistics::new(searcher, &self.field_counts, &groups)
    }

    /// Documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer
            .lock()
            .map_err(|_| SearchError::Index("index writer lock poisoned".into()))
    }

    /// Adds or replaces a document (visible after the next [`Self::commit`]).
    pub fn upsert(&self, document: &SearchDocument) -> Result<(), SearchError> {
        let writer = self.writer()?;
        let id = document.id();
        writer.delete_term(Term::from_field_text(self.fields.id, &id));
        writer.add_document(self.to_tantivy(document))?;
        Ok(())
    }

    /// Removes a document (after the next [`Self::commit`]).
    pub fn remove(&self, kind: ContentKind, key: &str) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.id, &format!("{}:{key}", kind.code())));
        Ok(())
    }

    /// Removes every document (before a rebuild).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Drops every change since the last commit (a rebuild that failed half-way).
    pub fn rollback(&self) -> Result<(), SearchError> {
        self.writer()?.rollback()?;
        Ok(())
    }

    /// Makes every change durable and visible, recording `watermark` with it.
    pub fn commit(&self, watermark: &str) -> Result<(), SearchError> {
        {
            let mut writer = self.writer()?;
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(watermark);
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    fn to_tantivy(&self, document: &SearchDocument) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, document.id());
        doc.add_text(f.kind, document.kind.code());
        doc.add_text(f.stored_title, &document.title);
        doc.add_text(f.stored_summary, &document.summary);
        doc.add_text(f.stored_body, &document.body);
        for key in &document.audience {
            doc.add_text(f.audience, key);
        }
        let about = format!("{}\n{}", document.summary, document.about);
        // The text zone holds everything, title and summary included, so a word is weighed by
        // BM25 over the whole item once; the title and about zones add to it.
        let all = format!("{}\n{about}\n{}", document.title, document.body);
        let family = Family::of(document.language);
        for (zone, text) in [
            (Zone::Title, &document.title),
            (Zone::About, &about),
            (Zone::Body, &all),
        ] {
            let text = analysis::normalize(text);
            doc.add_text(f.stem(family, zone), text.as_ref());
            doc.add_text(f.fold(zone), text.as_ref());
        }
        let year = document.published.format("%Y").to_string();
        let mut filters: Vec<(&str, String)> = vec![
            ("type", document.kind.code().to_owned()),
            ("agency", document.agency.1.clone()),
            ("level", document.level.clone()),
            ("country", document.country.to_lowercase()),
            ("lang", document.language.code().to_owned()),
            ("year", year.clone()),
        ];
        filters.extend(document.taxonomy.iter().map(|(key, value)| (*key, value.clone())));
        filters.extend(
            document
                .tags
                .iter()
                .map(|tag| ("tag", analysis::fold(&tag.to_lowercase()))),
        );
        for (key, value) in &filters {
            doc.add_text(f.filter, format!("{key}:{value}"));
            let facet_key = if *key == "lang" { "language" } else { key };
            if FACETS.contains(&facet_key) {
                doc.add_facet(f.facets, Facet::from_path([facet_key, value.as_str()]));
            }
        }
        doc.add_i64(f.day, document.day());
        doc.add_i64(f.published, document.published.timestamp_micros());
        doc
    }
}

pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
