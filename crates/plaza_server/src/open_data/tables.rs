//! The distributions of the open data: one table per dataset, written as CSV (RFC 4180) or as a
//! JSON array of objects, streamed batch by batch from the store's public batches so memory
//! stays bounded however many items there are.

use std::collections::HashMap;

use futures::Stream;
use plaza_domain::agency::Agency;
use plaza_domain::content::{Audience, Common};
use plaza_domain::ids::AgencyId;
use plaza_domain::item::ContentKind;
use plaza_storage::{ChangedItem, Store};
use serde_json::{Map, Value};

use super::{Format, Source};

/// Items read from the store per batch.
const BATCH: usize = 200;

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Text (empty when the item has none).
    Text(String),
    /// Codes or words: a JSON array, or `;`-separated in CSV.
    List(Vec<String>),
    /// A number, if known.
    Number(Option<f64>),
}

impl Cell {
    /// The cell in CSV. Text that a spreadsheet would run as a formula (starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises for CSV files
    /// people open in spreadsheets: an author cannot make a reader's spreadsheet call out. The
    /// JSON distribution keeps the text exactly.
    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => defused(text.clone()),
            Cell::List(values) => defused(values.join(";")),
            Cell::Number(Some(number)) => number.to_string(),
            Cell::Number(None) => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(text) => Value::String(text.clone()),
            Cell::List(values) => Value::Array(values.iter().cloned().map(Value::String).collect()),
            Cell::Number(number) => number
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
        }
    }
}

fn defused(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// What a row needs besides its item: the site's address and the agencies.
pub(crate) struct RowContext {
    /// Scheme, host and port of the public site, without a trailing slash.
    pub origin: String,
    /// Every agency by id (there are few; items name theirs).
    pub agencies: HashMap<AgencyId, Agency>,
}

/// The columns of a dataset's table, in order.
pub(crate) fn columns(source: Source) -> &'static [&'static str] {
    match source {
        Source::CaseStudies => &[
            "id",
            "url",
            "title",
            "summary",
            "agency",
            "agency_level",
            "agency_country",
            "platforms",
            "objectives",
            "formats",
            "dimensions",
            "threats",
            "stage",
            "started_on",
            "ended_on",
            "context",
            "actions",
            "lessons",
            "language",
            "licence",
            "tags",
            "published_at",
            "updated_at",
        ],
        Source::Practices => &[
            "id",
            "url",
            "title",
            "summary",
            "agency",
            "agency_level",
            "agency_country",
            "platforms",
            "objectives",
            "dimensions",
            "threats",
            "body",
            "language",
            "licence",
            "tags",
            "published_at",
            "updated_at",
        ],
        Source::Guidelines => &[
            "id",
            "url",
            "title",
            "summary",
            "agency",
            "agency_level",
            "agency_country",
            "current_version",
            "language",
            "licence",
            "tags",
            "published_at",
            "updated_at",
        ],
        Source::Metrics => &[
            "case_id",
            "case_url",
            "case_title",
            "agency",
            "agency_level",
            "agency_country",
            "platforms",
            "metric",
            "kind",
            "unit",
            "baseline",
            "target",
            "actual",
            "period_start",
            "period_end",
            "method",
            "evidence_level",
            "licence",
        ],
    }
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn codes<T>(values: &[T], code: impl Fn(&T) -> &str) -> Cell {
    Cell::List(values.iter().map(|value| code(value).to_owned()).collect())
}

fn date(value: Option<impl ToString>) -> Cell {
    Cell::Text(value.map(|v| v.to_string()).unwrap_or_default())
}

fn instant(value: Option<chrono::DateTime<chrono::Utc>>) -> Cell {
    date(value.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
}

/// The id, address and agency columns every table starts with.
fn head(context: &RowContext, item: &ChangedItem, audience: &Audience) -> [Cell; 5] {
    let item = item.item_ref();
    let id = plaza_graphql::global_id(item);
    let kind = item.content_kind().unwrap_or(ContentKind::CaseStudy);
    let url = format!("{}{}", context.origin, crate::public_pages::page_path(kind, &id));
    let agency = context.agencies.get(&audience.agency);
    [
        text(id),
        text(url),
        text(agency.map(|a| a.name.as_str().to_owned()).unwrap_or_default()),
        text(agency.map(|a| a.level.code().to_owned()).unwrap_or_default()),
        text(agency.map(|a| a.country.as_str().to_owned()).unwrap_or_default()),
    ]
}

/// What a content item's row holds besides its own columns.
struct Shared<'a> {
    audience: &'a Audience,
    title: &'a str,
    summary: &'a str,
    common: &'a Common,
    published_at: Option<chrono::DateTime<chrono::Utc>>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

/// A row of a content dataset: id, address, title, summary and agency first, the kind's own
/// columns (`own`), then language, licence, tags and dates.
fn content_row(context: &RowContext, item: &ChangedItem, shared: Shared<'_>, own: Vec<Cell>) -> Vec<Cell> {
    let [id, url, agency, level, country] = head(context, item, shared.audience);
    let mut row = vec![
        id,
        url,
        text(shared.title),
        text(shared.summary),
        agency,
        level,
        country,
    ];
    row.extend(own);
    row.extend([
        text(shared.common.language.code()),
        text(shared.common.licence.code()),
        Cell::List(shared.common.tags.iter().map(|tag| tag.as_str().to_owned()).collect()),
        instant(shared.published_at),
        instant(Some(shared.updated_at)),
    ]);
    row
}

/// The rows an item gives a dataset (a case study gives the metrics table one per metric);
/// none when its licence is not open.
pub(crate) fn rows(source: Source, item: &ChangedItem, context: &RowContext) -> Vec<Vec<Cell>> {
    match (source, item) {
        (Source::CaseStudies, ChangedItem::CaseStudy(case)) if case.content.common.licence.is_open() => {
            let c = &case.content;
            let shared = Shared {
                audience: &case.audience,
                title: c.title.as_str(),
                summary: c.summary.as_str(),
                common: &c.common,
                published_at: case.published_at,
                updated_at: case.updated_at,
            };
            let own = vec![
                codes(&c.platforms, |p| p.code()),
                codes(&c.objectives, |o| o.code()),
                Cell::List(c.formats.clone()),
                codes(&c.dimensions, |d| d.code()),
                codes(&c.threats, |t| t.code()),
                text(c.stage.code()),
                date(c.started_on),
                date(c.ended_on),
                text(c.context.as_str()),
                text(c.actions.as_str()),
                text(c.lessons.as_str()),
            ];
            vec![content_row(context, item, shared, own)]
        }
        (Source::Practices, ChangedItem::Practice(practice)) if practice.content.common.licence.is_open() => {
            let c = &practice.content;
            let shared = Shared {
                audience: &practice.audience,
                title: c.title.as_str(),
                summary: c.summary.as_str(),
                common: &c.common,
                published_at: practice.published_at,
                updated_at: practice.updated_at,
            };
            let own = vec![
                codes(&c.platforms, |p| p.code()),
                codes(&c.objectives, |o| o.code()),
                codes(&c.dimensions, |d| d.code()),
                codes(&c.threats, |t| t.code()),
                text(c.body.as_str()),
            ];
            vec![content_row(context, item, shared, own)]
        }
        (Source::Guidelines, ChangedItem::Guideline(guideline)) if guideline.content.common.licence.is_open() => {
            let c = &guideline.content;
            let shared = Shared {
                audience: &guideline.audience,
                title: c.title.as_str(),
                summary: c.summary.as_str(),
                common: &c.common,
                published_at: guideline.published_at,
                updated_at: guideline.updated_at,
            };
            let own = vec![Cell::Number(Some(f64::from(guideline.current_version)))];
            vec![content_row(context, item, shared, own)]
        }
        (Source::Metrics, ChangedItem::CaseStudy(case)) if case.content.common.licence.is_open() => {
            let c = &case.content;
            let [id, url, agency, level, country] = head(context, item, &case.audience);
            c.metrics
                .iter()
                .map(|metric| {
                    vec![
                        id.clone(),
                        url.clone(),
                        text(c.title.as_str()),
                        agency.clone(),
                        level.clone(),
                        country.clone(),
                        codes(&c.platforms, |p| p.code()),
                        text(metric.metric.as_str()),
                        text(metric.kind.code()),
                        text(metric.unit.code()),
                        Cell::Number(metric.baseline),
                        Cell::Number(metric.target),
                        Cell::Number(metric.actual),
                        date(Some(metric.period.start)),
                        date(Some(metric.period.end)),
                        text(metric.method.clone()),
                        text(metric.evidence_level.code()),
                        text(c.common.licence.code()),
                    ]
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// One CSV record (RFC 4180: fields with a comma, quote or line break are quoted, quotes
/// doubled; CRLF between records).
fn csv_record(out: &mut Vec<u8>, fields: impl Iterator<Item = String>) {
    for (n, field) in fields.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// Writes rows in `format`; `first` says whether anything was written before (the CSV header
/// and the JSON array's opening bracket come with the first chunk).
pub(crate) fn encode(format: Format, columns: &[&str], rows: &[Vec<Cell>], first: bool) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        Format::Csv => {
            if first {
                csv_record(&mut out, columns.iter().map(|c| (*c).to_owned()));
            }
            for row in rows {
                csv_record(&mut out, row.iter().map(Cell::csv));
            }
        }
        Format::Json => {
            for (n, row) in rows.iter().enumerate() {
                out.extend_from_slice(if first && n == 0 { b"[\n" } else { b",\n" });
                let object: Map<String, Value> = columns
                    .iter()
                    .zip(row)
                    .map(|(column, cell)| ((*column).to_owned(), cell.json()))
                    .collect();
                // Serialising a map of strings, numbers and arrays cannot fail.
                out.extend_from_slice(&serde_json::to_vec(&Value::Object(object)).unwrap_or_default());
            }
        }
    }
    out
}

/// How a table ends: the JSON array's closing bracket (or an empty array), the CSV header if
/// no row came.
fn closing(format: Format, columns: &[&str], wrote_any: bool) -> Vec<u8> {
    match (format, wrote_any) {
        (Format::Json, true) => b"\n]\n".to_vec(),
        (Format::Json, false) => b"[]\n".to_vec(),
        (Format::Csv, true) => Vec::new(),
        (Format::Csv, false) => encode(Format::Csv, columns, &[], true),
    }
}

struct Progress {
    after: Option<String>,
    wrote_any: bool,
    done: bool,
}

/// The table of `source` in `format`, chunk by chunk. A storage failure half-way ends the
/// stream with an error (the client sees a cut response, never a table that looks complete).
pub(crate) fn stream(
    store: Store,
    source: Source,
    format: Format,
    context: RowContext,
) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send {
    let start = Progress {
        after: None,
        wrote_any: false,
        done: false,
    };
    futures::stream::unfold(
        (start, store, context),
        move |(mut progress, store, context)| async move {
            if progress.done {
                return None;
            }
            let columns = columns(source);
            loop {
                let batch = match store
                    .public_batch(super::kind(source), progress.after.as_deref(), BATCH)
                    .await
                {
                    Ok(batch) => batch,
                    Err(error) => {
                        tracing::error!(%error, "open data: reading a batch failed");
                        progress.done = true;
                        return Some((
                            Err(std::io::Error::other(error.to_string())),
                            (progress, store, context),
                        ));
                    }
                };
                let Some(last) = batch.last() else {
                    progress.done = true;
                    let end = closing(format, columns, progress.wrote_any);
                    return Some((Ok(end), (progress, store, context)));
                };
                progress.after = Some(last.item_ref().key());
                let rows: Vec<Vec<Cell>> = batch.iter().flat_map(|item| rows(source, item, &context)).collect();
                if rows.is_empty() {
                    continue;
                }
                let chunk = encode(format, columns, &rows, !progress.wrote_any);
                progress.wrote_any = true;
                return Some((Ok(chunk), (progress, store, context)));
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting_and_json_keeps_types() {
        let columns = ["a", "b", "c"];
        let rows = vec![vec![
            Cell::Text("dice \"hola\", y se va\nlínea".into()),
            Cell::List(vec!["x".into(), "y".into()]),
            Cell::Number(Some(12.5)),
        ]];
        let csv = String::from_utf8(encode(Format::Csv, &columns, &rows, true)).unwrap();
        assert_eq!(csv, "a,b,c\r\n\"dice \"\"hola\"\", y se va\nlínea\",x;y,12.5\r\n");
        let mut json = encode(Format::Json, &columns, &rows, true);
        json.extend(encode(Format::Json, &columns, &rows, false));
        json.extend(closing(Format::Json, &columns, true));
        let parsed: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(parsed.as_array().map(Vec::len), Some(2));
        assert_eq!(parsed[0]["b"], serde_json::json!(["x", "y"]));
        assert_eq!(parsed[1]["c"], serde_json::json!(12.5));
    }

    #[test]
    fn csv_text_never_runs_as_a_spreadsheet_formula_but_numbers_stay_numbers() {
        let rows = vec![vec![
            Cell::Text("=HYPERLINK(\"https://x.example\")".into()),
            Cell::Text("@SUM(A1)".into()),
            Cell::Number(Some(-0.5)),
            Cell::List(vec!["-x".into()]),
        ]];
        let csv = String::from_utf8(encode(Format::Csv, &["a", "b", "c", "d"], &rows, false)).unwrap();
        assert_eq!(csv, "\"'=HYPERLINK(\"\"https://x.example\"\")\",'@SUM(A1),-0.5,'-x\r\n");
        let json = String::from_utf8(encode(Format::Json, &["a", "b", "c", "d"], &rows, true)).unwrap();
        assert!(json.contains("\"=HYPERLINK"), "JSON keeps the text as written: {json}");
    }

    #[test]
    fn an_empty_table_is_still_a_valid_file() {
        let columns = ["a", "b"];
        assert_eq!(closing(Format::Json, &columns, false), b"[]\n");
        assert_eq!(closing(Format::Csv, &columns, false), b"a,b\r\n");
        assert_eq!(Cell::Number(None).json(), Value::Null);
    }
}
