//! The baseline the user sets are measured against, built over the same documents in the same
//! run.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as StemLanguage, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::Doc;

/// The baseline: one text field (title and body), ASCII folding + Spanish stemming, every
/// query word OR-ed under BM25.
pub(super) struct Baseline {
    reader: tantivy::IndexReader,
    text: tantivy::schema::Field,
    key: tantivy::schema::Field,
    analyzer: TextAnalyzer,
}

impl Baseline {
    fn analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(StemLanguage::Spanish))
            .build()
    }

    pub(super) fn build(docs: &[&Doc]) -> Self {
        let mut builder = Schema::builder();
        let key = builder.add_text_field("key", STRING | STORED);
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("baseline")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let text = builder.add_text_field("text", options);
        let index = Index::create_in_ram(builder.build());
        index.tokenizers().register("baseline", Self::analyzer());
        let mut writer: IndexWriter = index.writer(64 * 1024 * 1024).unwrap();
        for doc in docs {
            let mut document = TantivyDocument::default();
            document.add_text(key, &doc.key);
            document.add_text(text, format!("{}\n{}", doc.title, doc.body));
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        Self {
            reader,
            text,
            key,
            analyzer: Self::analyzer(),
        }
    }

    pub(super) fn search(&self, query: &str) -> (Vec<String>, bool) {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(query);
        let mut terms: Vec<String> = Vec::new();
        while stream.advance() {
            if !terms.contains(&stream.token().text) {
                terms.push(stream.token().text.clone());
            }
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.text, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, query)
            })
            .collect();
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(10))
            .unwrap();
        let keys: Vec<String> = top
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                doc.get_first(self.key)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        let empty = keys.is_empty();
        (keys, empty)
    }
}
