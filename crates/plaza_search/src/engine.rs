//! The search index: writing documents, committing with a watermark, and answering searches,
//! suggestions and related-item queries under the viewer's audience.

use std::collections::HashSet;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{self, Family};
use crate::document::{DocKind, SearchDocument, day_number};
use crate::query::{FilterKey, ParsedQuery, parse};
use crate::schema::{self, Fields, SCHEMA_VERSION, Zone};
use crate::synonyms::Synonyms;

/// Memory the index writer may use before flushing a segment.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;
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
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Kind.
    pub kind: DocKind,
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
    pub kind: DocKind,
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
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            synonyms: Synonyms::bundled(),
            directory,
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
    pub fn remove(&self, kind: DocKind, key: &str) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.id, &format!("{}:{key}", kind.code())));
        Ok(())
    }

    /// Removes every document (before a rebuild).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.writer()?.delete_all_documents()?;
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
        let family = Family::of(document.language);
        for (zone, text) in [
            (Zone::Title, &document.title),
            (Zone::About, &about),
            (Zone::Body, &document.body),
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
        doc
    }

    fn analyzer(&self, field: tantivy::schema::Field) -> Option<TextAnalyzer> {
        self.index.tokenizer_for_field(field).ok()
    }

    /// Clauses matching one word (or synonym phrase) in every zone and language, with exact
    /// unstemmed matches above stemmed ones and typo-tolerant matches below both.
    fn word_clause(&self, word: &str, fuzzy: bool) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for zone in Zone::ALL {
            for family in Family::ALL {
                let field = self.fields.stem(family, zone);
                let Some(mut analyzer) = self.analyzer(field) else {
                    continue;
                };
                let terms = analysis::terms(&mut analyzer, word);
                if terms.len() == 1 {
                    let term = Term::from_field_text(field, &terms[0]);
                    let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(query), zone.boost()))));
                }
            }
            let field = self.fields.fold(zone);
            let folded = analysis::terms(&mut analysis::fold_analyzer(), word);
            match folded.as_slice() {
                [single] => {
                    let term = Term::from_field_text(field, single);
                    let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(exact), zone.boost() * 1.5)),
                    ));
                    let letters = single.chars().count();
                    // One edit for words of 5+ letters, two for 9+: a deletion typo of such a word
                    // arrives one letter shorter, hence 4 and 8 as typed.
                    if fuzzy && letters >= 4 {
                        // Closer misspellings weigh more: fuzzy scores are flat in tantivy.
                        let near = FuzzyTermQuery::new(term.clone(), 1, true);
                        should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(near), zone.boost() * 0.8))));
                        if letters >= 8 {
                            let far = FuzzyTermQuery::new(term, 2, true);
                            should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(far), zone.boost() * 0.4))));
                        }
                    }
                }
                [] => {}
                several => {
                    let terms = several.iter().map(|t| Term::from_field_text(field, t)).collect();
                    let phrase = PhraseQuery::new(terms);
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(phrase), zone.boost() * 1.5)),
                    ));
                }
            }
        }
        if should.is_empty() {
            None
        } else {
            Some(Box::new(BooleanQuery::new(should)))
        }
    }

    /// A phrase in any zone (unstemmed, positions).
    fn phrase_clause(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let folded = analysis::terms(&mut analysis::fold_analyzer(), phrase);
        if folded.is_empty() {
            return None;
        }
        if folded.len() == 1 {
            return self.word_clause(&folded[0], false);
        }
        let should: Vec<(Occur, Box<dyn Query>)> = Zone::ALL
            .iter()
            .map(|zone| {
                let terms = folded
                    .iter()
                    .map(|t| Term::from_field_text(self.fields.fold(*zone), t))
                    .collect();
                let query: Box<dyn Query> =
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), zone.boost() * 2.0));
                (Occur::Should, query)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(should)))
    }

    fn is_stop_word(&self, word: &str) -> bool {
        [Family::Es, Family::Ca, Family::Pt, Family::En].iter().any(|family| {
            let mut analyzer = analysis::stem_analyzer(*family);
            analysis::terms(&mut analyzer, word).is_empty()
        })
    }

    /// The text part of a query: words (with synonyms), phrases, exclusions.
    fn text_query(&self, parsed: &ParsedQuery) -> Option<Box<dyn Query>> {
        let folded_words: Vec<String> = parsed.words.iter().map(|w| analysis::fold(w)).collect();
        let synonym_phrases = self.synonyms.phrases_in(&folded_words);
        let mut covered: HashSet<usize> = HashSet::new();
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        for (start, len) in &synonym_phrases {
            let phrase = folded_words[*start..start + len].join(" ");
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for candidate in std::iter::once(&phrase).chain(self.synonyms.of(&phrase)) {
                if let Some(clause) = self.phrase_clause(candidate) {
                    alternatives.push((Occur::Should, clause));
                }
            }
            if !alternatives.is_empty() {
                required.push(Box::new(BooleanQuery::new(alternatives)));
                covered.extend(*start..start + len);
            }
        }
        let meaningful: Vec<&String> = folded_words
            .iter()
            .enumerate()
            .filter(|(index, _)| !covered.contains(index))
            .map(|(_, word)| word)
            .filter(|word| !self.is_stop_word(word))
            .collect();
        for word in meaningful {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(clause) = self.word_clause(word, true) {
                alternatives.push((Occur::Should, clause));
            }
            for synonym in self.synonyms.of(word) {
                if let Some(clause) = self.phrase_clause(synonym) {
                    alternatives.push((Occur::Should, Box::new(BoostQuery::new(clause, 0.8))));
                }
            }
            if !alternatives.is_empty() {
                required.push(Box::new(BooleanQuery::new(alternatives)));
            }
        }
        let word_count = required.len();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = required.into_iter().map(|q| (Occur::Should, q)).collect();
        // Natural-language questions carry words no document has: ask for most, not all.
        let minimum = if word_count <= 2 {
            word_count
        } else {
            word_count.div_ceil(2) + 1
        };
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for phrase in &parsed.phrases {
            if let Some(clause) = self.phrase_clause(phrase) {
                musts.push((Occur::Must, clause));
            }
        }
        if clauses.is_empty() && musts.is_empty() {
            return None;
        }
        let words_query: Option<Box<dyn Query>> = if clauses.is_empty() {
            None
        } else if minimum >= clauses.len() {
            Some(Box::new(BooleanQuery::new(
                clauses.drain(..).map(|(_, q)| (Occur::Must, q)).collect(),
            )))
        } else {
            Some(Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses,
                minimum.min(word_count),
            )))
        };
        let mut all: Vec<(Occur, Box<dyn Query>)> = musts;
        if let Some(words) = words_query {
            all.push((Occur::Must, words));
        }
        Some(Box::new(BooleanQuery::new(all)))
    }

    fn filter_clauses(
        &self,
        parsed: &ParsedQuery,
        filter: &SearchFilter,
        audience: &[String],
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let audience_terms = audience
            .iter()
            .map(|key| Term::from_field_text(self.fields.audience, key));
        clauses.push((Occur::Must, Box::new(TermSetQuery::new(audience_terms))));
        let mut by_key: Vec<(FilterKey, Vec<String>)> = Vec::new();
        for (key, value) in parsed.filters.iter().chain(filter.terms.iter()) {
            let value = match key {
                FilterKey::Kind => DocKind::parse(value)
                    .map(|k| k.code().to_owned())
                    .unwrap_or_else(|| value.clone()),
                _ => value.clone(),
            };
            match by_key.iter_mut().find(|(k, _)| k == key) {
                Some((_, values)) => values.push(value),
                None => by_key.push((*key, vec![value])),
            }
        }
        for (key, values) in by_key {
            let terms = values
                .iter()
                .map(|value| Term::from_field_text(self.fields.filter, &format!("{}:{value}", key.prefix())));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if parsed.before.is_some() || parsed.after.is_some() {
            let bound = |day: Option<chrono::NaiveDate>| match day {
                Some(day) => Bound::Included(Term::from_field_i64(self.fields.day, day_number(day))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(parsed.after), bound(parsed.before))),
            ));
        }
        for excluded in &parsed.excluded {
            let clause = if excluded.contains(' ') {
                self.phrase_clause(excluded)
            } else {
                self.word_clause(excluded, false)
            };
            if let Some(clause) = clause {
                clauses.push((Occur::MustNot, clause));
            }
        }
        clauses
    }

    /// Runs a search. Any text is accepted.
    pub fn search(&self, request: &SearchRequest<'_>) -> Result<SearchResults, SearchError> {
        let parsed = parse(request.text);
        let text = self.text_query(&parsed);
        let mut clauses = self.filter_clauses(&parsed, request.filter, request.audience);
        let has_text = text.is_some();
        match text {
            Some(text) => clauses.push((Occur::Must, text)),
            None => clauses.push((Occur::Must, Box::new(AllQuery))),
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let mut facet_collector = FacetCollector::for_field("facets");
        for facet in FACETS {
            facet_collector.add_facet(Facet::from_path([facet]));
        }
        let limit = request.limit.max(1);
        let (addresses, total, facet_counts): (Vec<(f32, DocAddress)>, usize, _) = if has_text {
            let top = TopDocs::with_limit(limit).and_offset(request.offset);
            searcher.search(&query, &(top, Count, facet_collector))?
        } else {
            let top = TopDocs::with_limit(limit)
                .and_offset(request.offset)
                .order_by_fast_field::<i64>("day", Order::Desc);
            let (hits, total, facets) = searcher.search(&query, &(top, Count, facet_collector))?;
            (
                hits.into_iter().map(|(_, address)| (0.0, address)).collect(),
                total,
                facets,
            )
        };
        let snippets = self.snippet_generator(&searcher, &parsed)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, if request.limit == 0 { 0.0 } else { score }, snippets.as_ref()));
        }
        if request.limit == 0 {
            hits.clear();
        }
        let facets = FACETS
            .iter()
            .map(|name| {
                let root = format!("/{name}");
                let mut values: Vec<FacetValue> = facet_counts
                    .get(&root)
                    .map(|(facet, count)| FacetValue {
                        value: facet.to_path().last().map(|s| (*s).to_owned()).unwrap_or_default(),
                        count,
                    })
                    .collect();
                values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                (*name, values)
            })
            .collect();
        Ok(SearchResults {
            hits,
            total: u64::try_from(total).unwrap_or(u64::MAX),
            facets,
        })
    }

    fn snippet_generator(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
    ) -> Result<Option<SnippetGenerator>, SearchError> {
        // Built from a non-fuzzy query: fuzzy terms are not highlighted by tantivy.
        let field = self.fields.fold(Zone::Body);
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for text in parsed.words.iter().chain(parsed.phrases.iter()) {
            for term in analysis::terms(&mut analysis::fold_analyzer(), text) {
                let query = TermQuery::new(Term::from_field_text(field, &term), IndexRecordOption::WithFreqs);
                terms.push((Occur::Should, Box::new(query)));
            }
        }
        if terms.is_empty() {
            return Ok(None);
        }
        let mut generator = SnippetGenerator::create(searcher, &BooleanQuery::new(terms), field)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        Ok(Some(generator))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: Option<&SnippetGenerator>) -> Hit {
        let text = |field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let id = text(self.fields.id);
        let (kind, key) = id.split_once(':').unwrap_or_default();
        let body = text(self.fields.stored_body);
        let summary = text(self.fields.stored_summary);
        let source = if body.is_empty() { &summary } else { &body };
        let (snippet_html, snippet_text, highlights) = match snippets {
            Some(generator) => {
                let mut snippet = generator.snippet(source);
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                let ranges = snippet.highlighted().iter().map(|r| (r.start, r.end)).collect();
                (snippet.to_html(), snippet.fragment().to_owned(), ranges)
            }
            None => {
                let plain: String = source.chars().take(SNIPPET_CHARS).collect();
                (html_escape(&plain), plain, Vec::new())
            }
        };
        let (snippet_html, snippet_text) = if snippet_text.is_empty() {
            let plain: String = source.chars().take(SNIPPET_CHARS).collect();
            (html_escape(&plain), plain)
        } else {
            (snippet_html, snippet_text)
        };
        Hit {
            kind: DocKind::parse(kind).unwrap_or(DocKind::CaseStudy),
            key: key.to_owned(),
            score,
            title: text(self.fields.stored_title),
            snippet_html,
            snippet_text,
            highlights,
        }
    }

    /// Titles completing what the person is typing, within their audience.
    pub fn suggest(&self, prefix: &str, audience: &[String], limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let words = analysis::terms(
            &mut analysis::fold_analyzer(),
            &prefix.chars().take(200).collect::<String>(),
        );
        let Some((last, complete)) = words.split_last() else {
            return Ok(Vec::new());
        };
        let field = self.fields.fold(Zone::Title);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = complete
            .iter()
            .take(8)
            .map(|word| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::Basic,
                ));
                (Occur::Must, query)
            })
            .collect();
        let distance = if last.chars().count() >= 5 { 1 } else { 0 };
        clauses.push((
            Occur::Must,
            Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(field, last),
                distance,
                true,
            )),
        ));
        let audience_terms = audience
            .iter()
            .map(|key| Term::from_field_text(self.fields.audience, key));
        clauses.push((Occur::Must, Box::new(TermSetQuery::new(audience_terms))));
        let searcher = self.reader.searcher();
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit.clamp(1, 20)))?;
        let mut suggestions = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let hit = self.hit(&doc, 0.0, None);
            suggestions.push(Suggestion {
                kind: hit.kind,
                key: hit.key,
                title: hit.title,
            });
        }
        Ok(suggestions)
    }

    /// Items like the given one (shared taxonomy and title words), within the audience. Built
    /// by hand rather than with tantivy's more-like-this, which can panic on deleted documents.
    pub fn related(
        &self,
        kind: DocKind,
        key: &str,
        audience: &[String],
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let id = format!("{}:{key}", kind.code());
        let id_term = Term::from_field_text(self.fields.id, &id);
        let found = searcher.search(
            &TermQuery::new(id_term.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1),
        )?;
        let Some((_, address)) = found.first() else {
            return Ok(Vec::new());
        };
        let source: TantivyDocument = searcher.doc(*address)?;
        // The source itself must be visible to the viewer, or nothing is related.
        let visible_keys: HashSet<&str> = audience.iter().map(String::as_str).collect();
        let source_visible = {
            let audience_query = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(id_term.clone(), IndexRecordOption::Basic)) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermSetQuery::new(
                        visible_keys
                            .iter()
                            .map(|k| Term::from_field_text(self.fields.audience, k)),
                    )),
                ),
            ]);
            searcher.search(&audience_query, &Count)? > 0
        };
        if !source_visible {
            return Ok(Vec::new());
        }
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for value in source.get_all(self.fields.filter).filter_map(|v| v.as_str()) {
            let weight = match value.split_once(':').map(|(k, _)| k) {
                Some("platform" | "objective" | "threat" | "dimension") => 1.0,
                Some("tag") => 0.8,
                Some("level" | "country") => 0.3,
                _ => continue,
            };
            let query = TermQuery::new(
                Term::from_field_text(self.fields.filter, value),
                IndexRecordOption::Basic,
            );
            should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(query), weight))));
        }
        let title = source
            .get_first(self.fields.stored_title)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        for word in analysis::terms(&mut analysis::fold_analyzer(), title)
            .into_iter()
            .filter(|w| !self.is_stop_word(w))
            .take(12)
        {
            for zone in [Zone::Title, Zone::About] {
                let query = TermQuery::new(
                    Term::from_field_text(self.fields.fold(zone), &word),
                    IndexRecordOption::WithFreqs,
                );
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(query), 1.5))));
            }
        }
        if should.is_empty() {
            return Ok(Vec::new());
        }
        let audience_terms = audience
            .iter()
            .map(|key| Term::from_field_text(self.fields.audience, key));
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(should)) as Box<dyn Query>),
            (Occur::Must, Box::new(TermSetQuery::new(audience_terms))),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(id_term, IndexRecordOption::Basic)),
            ),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.clamp(1, 50)))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, None));
        }
        Ok(hits)
    }
}

fn html_escape(text: &str) -> String {
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
