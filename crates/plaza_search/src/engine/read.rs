//! Answering: search with facets and snippets, typeahead, related items.

use std::collections::HashSet;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use super::rerank;
use super::{
    FACETS, FacetValue, Hit, SNIPPET_CHARS, SearchError, SearchIndex, SearchRequest, SearchResults, Suggestion,
    html_escape,
};
use crate::analysis;
use crate::query::{ParsedQuery, parse};
use crate::schema::Zone;
use plaza_domain::item::ContentKind;

impl SearchIndex {
    /// Runs a search, best first. Any text is accepted.
    pub fn search(&self, request: &SearchRequest<'_>) -> Result<SearchResults, SearchError> {
        self.run(request, false)
    }

    /// What a search matches, newest first (feeds): the same matches as [`SearchIndex::search`]
    /// in date order, with no relevance scores.
    pub fn search_newest(&self, request: &SearchRequest<'_>) -> Result<SearchResults, SearchError> {
        self.run(request, true)
    }

    fn run(&self, request: &SearchRequest<'_>, newest: bool) -> Result<SearchResults, SearchError> {
        let parsed = parse(request.text);
        let text = self.text_query(&parsed, request.country, request.reader_language);
        let mut clauses = self.filter_clauses(&parsed, request.filter, request.audience);
        let has_text = text.is_some();
        let question = match text {
            Some((text, question)) => {
                clauses.push((Occur::Must, text));
                question
            }
            None => {
                clauses.push((Occur::Must, Box::new(AllQuery)));
                Vec::new()
            }
        };
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let mut facet_collector = FacetCollector::for_field("facets");
        for facet in FACETS {
            facet_collector.add_facet(Facet::from_path([facet]));
        }
        let limit = request.limit.max(1);
        let facet_collector = request.facets.then_some(facet_collector);
        let (addresses, total, facet_counts): (Vec<(f32, DocAddress)>, usize, _) = if has_text && !newest {
            // The best hits are looked at again (see `rerank`): take at least that many, reorder
            // them, then cut the page, so pages do not shift with the page size.
            let depth = if request.limit == 0 {
                limit
            } else {
                (request.offset + limit).max(rerank::DEPTH)
            };
            let top = TopDocs::with_limit(depth);
            let statistics = self.statistics(&searcher);
            let (mut hits, total, facets) =
                searcher.search_with_statistics_provider(&query, &(top, Count, facet_collector), &statistics)?;
            if request.limit > 0 {
                rerank::rerank(&searcher, &question, &mut hits);
            }
            let page = hits.into_iter().skip(request.offset).take(limit).collect();
            (page, total, facets)
        } else {
            let top = TopDocs::with_limit(limit)
                .and_offset(request.offset)
                .order_by_fast_field::<i64>("published", Order::Desc);
            let (hits, total, facets) = searcher.search(&query, &(top, Count, facet_collector))?;
            (
                hits.into_iter().map(|(_, address)| (0.0, address)).collect(),
                total,
                facets,
            )
        };
        let facet_counts = facet_counts.unwrap_or_default();
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

    pub(super) fn snippet_generator(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
    ) -> Result<Option<SnippetGenerator>, SearchError> {
        // Built from a non-fuzzy query: fuzzy terms are not highlighted by tantivy.
        let field = self.fields.fold(Zone::Body);
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut fold = self.fold_analyzer();
        let mut seen: HashSet<String> = HashSet::new();
        let words = parsed
            .required
            .iter()
            .chain(parsed.phrases.iter())
            .chain(parsed.words.iter())
            .flat_map(|text| analysis::terms(&mut fold, text))
            .filter(|term| !self.is_stop_word(term) && seen.insert(term.clone()))
            .take(super::build::MAX_TERMS * 2);
        for term in words {
            let query = TermQuery::new(Term::from_field_text(field, &term), IndexRecordOption::WithFreqs);
            terms.push((Occur::Should, Box::new(query)));
        }
        if terms.is_empty() {
            return Ok(None);
        }
        let mut generator = SnippetGenerator::create(searcher, &BooleanQuery::new(terms), field)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        Ok(Some(generator))
    }

    pub(super) fn hit(&self, doc: &TantivyDocument, score: f32, snippets: Option<&SnippetGenerator>) -> Hit {
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
            kind: ContentKind::parse(kind).unwrap_or(ContentKind::CaseStudy),
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
        let words = analysis::terms(&mut self.fold_analyzer(), &prefix.chars().take(200).collect::<String>());
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
        if distance > 0 {
            // What was typed exactly comes before what is one edit away.
            let exact = FuzzyTermQuery::new_prefix(Term::from_field_text(field, last), 0, true);
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(exact), 4.0))));
        }
        let audience_terms = audience
            .iter()
            .map(|key| Term::from_field_text(self.fields.audience, key));
        clauses.push((Occur::Must, super::any_term(audience_terms)));
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
        kind: ContentKind,
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
                    super::any_term(
                        visible_keys
                            .iter()
                            .map(|k| Term::from_field_text(self.fields.audience, k)),
                    ),
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
        for word in analysis::terms(&mut self.fold_analyzer(), title)
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
            (Occur::Must, super::any_term(audience_terms)),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(id_term, IndexRecordOption::Basic)),
            ),
        ]);
        let statistics = self.statistics(&searcher);
        let top =
            searcher.search_with_statistics_provider(&query, &TopDocs::with_limit(limit.clamp(1, 50)), &statistics)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, None));
        }
        Ok(hits)
    }
}
