//! The index schema. Bump [`SCHEMA_VERSION`] on any change to fields or analyzers: the index
//! lives in a directory named after the version, so a new version is rebuilt from the database
//! instead of failing to open.

use tantivy::schema::{
    FAST, FacetOptions, Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

use crate::analysis::{FOLD, Family};

/// Version of fields and analyzers (and of what documents hold: 4 indexes mentions without
/// members' e-mail addresses; 5 indexes the title and summary in the body zone too, so the
/// body zone is the whole text; 6 keeps the publication instant for newest-first order).
pub const SCHEMA_VERSION: u32 = 6;

/// The three weighted text zones of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The title (weight 1.2).
    Title,
    /// Summary, taxonomy labels and tags (weight 1).
    About,
    /// The whole text: title, summary, taxonomy labels, tags, body and sections (weight 1).
    Body,
}

impl Zone {
    /// Every zone.
    pub const ALL: [Zone; 3] = [Zone::Title, Zone::About, Zone::Body];

    fn name(self) -> &'static str {
        match self {
            Zone::Title => "title",
            Zone::About => "about",
            Zone::Body => "body",
        }
    }

    /// How much a match in this zone weighs. A word's best zone counts (the others add a
    /// little), and the title only slightly more than the text: a short title field already
    /// scores high under BM25, and heavier titles let a title word outweigh the rest of a
    /// question (measured in `make eval`: title 3 / about 2 lost 0.1 MRR@10 on questions).
    pub fn boost(self) -> f32 {
        match self {
            Zone::Title => 1.2,
            Zone::About => 1.0,
            Zone::Body => 1.0,
        }
    }
}

/// Handles to every field.
#[derive(Debug, Clone)]
pub struct Fields {
    /// `kind:key`, unique per document.
    pub id: Field,
    /// `case_study`, `practice`, `guideline_version`…
    pub kind: Field,
    /// The stored title, for results and suggestions.
    pub stored_title: Field,
    /// The stored summary, for results.
    pub stored_summary: Field,
    /// Stored body, for snippets.
    pub stored_body: Field,
    /// Audience keys (`public`, `network`, `agency:<id>`, `group:<id>`).
    pub audience: Field,
    /// Exact filter terms (`platform:tiktok`, `level:local`, `lang:es`, `tag:010`…).
    pub filter: Field,
    /// Hierarchical facets (`/platform/tiktok`).
    pub facets: Field,
    /// Publication day (days since 1970-01-01), for before/after.
    pub day: Field,
    /// Publication instant (microseconds since 1970), for newest-first order.
    pub published: Field,
    /// Stemmed zones, per analyzer family: `[family][zone]`.
    pub stemmed: Vec<[Field; 3]>,
    /// Unstemmed, folded zones: `[zone]`.
    pub folded: [Field; 3],
}

impl Fields {
    /// The stemmed field of `family` for `zone`.
    pub fn stem(&self, family: Family, zone: Zone) -> Field {
        let family_index = Family::ALL.iter().position(|f| *f == family).unwrap_or(0);
        self.stemmed[family_index][zone_index(zone)]
    }

    /// The folded field for `zone`.
    pub fn fold(&self, zone: Zone) -> Field {
        self.folded[zone_index(zone)]
    }
}

fn zone_index(zone: Zone) -> usize {
    match zone {
        Zone::Title => 0,
        Zone::About => 1,
        Zone::Body => 2,
    }
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let kind = builder.add_text_field("kind", STRING | STORED | FAST);
    let stored_title = builder.add_text_field("stored_title", STORED);
    let stored_summary = builder.add_text_field("stored_summary", STORED);
    let stored_body = builder.add_text_field("stored_body", STORED);
    let audience = builder.add_text_field("audience", STRING);
    let filter = builder.add_text_field("filter", STRING | STORED);
    let facets = builder.add_facet_field("facets", FacetOptions::default());
    let day = builder.add_i64_field("day", NumericOptions::default().set_indexed().set_fast().set_stored());
    let published = builder.add_i64_field("published", NumericOptions::default().set_fast());
    let stemmed = Family::ALL
        .iter()
        .map(|family| {
            Zone::ALL.map(|zone| {
                builder.add_text_field(&format!("{}_{}", zone.name(), family.name()), text(&family.analyzer()))
            })
        })
        .collect();
    let folded = Zone::ALL.map(|zone| builder.add_text_field(&format!("{}_fold", zone.name()), text(FOLD)));
    let fields = Fields {
        id,
        kind,
        stored_title,
        stored_summary,
        stored_body,
        audience,
        filter,
        facets,
        day,
        published,
        stemmed,
        folded,
    };
    (builder.build(), fields)
}
