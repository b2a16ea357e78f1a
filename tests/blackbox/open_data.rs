//! Open data through plain HTTP, read by real parsers: the DCAT-AP catalogue (JSON-LD and
//! Turtle, parsed by rio_turtle), and every distribution it lists (CSV parsed by the csv crate,
//! JSON). Only public, published, openly licensed content ever appears.

use std::collections::HashSet;

use plaza_blackbox::{TestApp, two_agencies};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";

/// Creates a case study with one metric (and publishes it unless `draft`); its global id.
async fn case(app: &TestApp, token: &str, title: &str, visibility: &str, licence: &str, draft: bool) -> String {
    let input = json!({
        "title": title,
        "summary": format!("Resumen de {title}, con \"comillas\", comas y\nun salto de línea"),
        "objectives": ["citizen_service"],
        "platforms": ["whatsapp"],
        "visibility": visibility,
        "licence": licence,
        "metrics": [{
            "metric": format!("Llamadas de {title}"),
            "kind": "phone_calls",
            "unit": "count",
            "baseline": 1000.0,
            "actual": 700.5,
            "periodStart": "2024-01-01",
            "periodEnd": "2024-06-30",
            "method": "centralita",
            "evidenceLevel": "analytics_export",
        }],
    });
    let (status, created) = app.graphql(CREATE, json!({ "input": input }), Some(token)).await;
    assert_eq!(status, 200, "{created}");
    let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    if !draft {
        let (_, published) = app.graphql(PUBLISH, json!({ "id": id }), Some(token)).await;
        assert_eq!(
            published["data"]["publishCaseStudy"]["caseStudy"]["status"], "PUBLISHED",
            "{published}"
        );
    }
    id
}

async fn get(app: &TestApp, url: &str) -> (u16, String, String) {
    let response = app.http.get(url).send().await.expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.unwrap_or_default())
}

/// The (subject, predicate, object) triples of a Turtle document, parsed for real.
fn turtle_triples(body: &str) -> Vec<(String, String, String)> {
    use rio_api::parser::TriplesParser;
    let mut parser = rio_turtle::TurtleParser::new(body.as_bytes(), None);
    let mut triples = Vec::new();
    parser
        .parse_all(&mut |t| -> Result<(), rio_turtle::TurtleError> {
            triples.push((t.subject.to_string(), t.predicate.iri.to_owned(), t.object.to_string()));
            Ok(())
        })
        .unwrap_or_else(|error| panic!("not valid Turtle ({error}): {body}"));
    triples
}

#[tokio::test]
async fn the_catalogue_and_its_files_hold_public_open_content_only() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();
    let open = case(&app, editor, "Caso abierto", "PUBLIC", "CC-BY-4.0", false).await;
    let shared = case(&app, editor, "Caso abierto compartido", "PUBLIC", "CC-BY-SA-4.0", false).await;
    let reserved = case(
        &app,
        editor,
        "Caso con derechos reservados",
        "PUBLIC",
        "all-rights-reserved",
        false,
    )
    .await;
    let network = case(&app, editor, "Caso de la red", "NETWORK", "CC-BY-4.0", false).await;
    let agency = case(&app, editor, "Caso interno", "AGENCY", "CC-BY-4.0", false).await;
    let draft = case(&app, editor, "Caso en borrador", "PUBLIC", "CC-BY-4.0", true).await;

    // The catalogue, as JSON-LD.
    let (status, content_type, body) = get(&app, &format!("{}/datos/catalogo.jsonld", app.address)).await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("application/ld+json"), "{content_type}");
    let catalogue: Value = serde_json::from_str(&body).expect("JSON-LD is JSON");
    assert_eq!(catalogue["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    assert_eq!(catalogue["@type"], json!(["dcat:Catalog"]));
    let datasets = catalogue["dcat:dataset"].as_array().expect("datasets");
    assert_eq!(datasets.len(), 4);
    let mut downloads = Vec::new();
    for dataset in datasets {
        for property in [
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dct:license",
            "dct:accrualPeriodicity",
        ] {
            assert!(dataset.get(property).is_some(), "{property} missing: {dataset}");
        }
        for distribution in dataset["dcat:distribution"].as_array().expect("distributions") {
            assert!(distribution["dcat:accessURL"]["@id"].is_string(), "{distribution}");
            assert!(distribution["dct:license"]["@id"].is_string(), "{distribution}");
            let media_type = distribution["dcat:mediaType"]["@id"].as_str().unwrap().to_owned();
            downloads.push((
                distribution["dcat:downloadURL"]["@id"].as_str().unwrap().to_owned(),
                media_type,
            ));
        }
    }
    assert_eq!(downloads.len(), 8);

    // The same catalogue as Turtle: valid RDF naming the same distributions.
    let (status, content_type, body) = get(&app, &format!("{}/datos/catalogo.ttl", app.address)).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/turtle"), "{content_type}");
    let triples = turtle_triples(&body);
    let download_urls: HashSet<String> = triples
        .iter()
        .filter(|(_, predicate, _)| predicate == "http://www.w3.org/ns/dcat#downloadURL")
        .map(|(_, _, object)| object.trim_matches(['<', '>']).to_owned())
        .collect();
    let listed: HashSet<String> = downloads.iter().map(|(url, _)| url.clone()).collect();
    assert_eq!(download_urls, listed, "JSON-LD and Turtle list the same files");

    // Every file answers with its media type and parses.
    for (url, media_type) in &downloads {
        let (status, content_type, body) = get(&app, url).await;
        assert_eq!(status, 200, "{url}: {body}");
        let expected = media_type.rsplit("media-types/").next().unwrap();
        assert!(content_type.starts_with(expected), "{url}: {content_type}");
        let ids: Vec<String> = if url.ends_with(".csv") {
            let mut reader = csv::Reader::from_reader(body.as_bytes());
            let headers = reader.headers().expect("a header row").clone();
            let id_column = headers
                .iter()
                .position(|h| h == "id" || h == "case_id")
                .expect("an id column");
            reader
                .records()
                .map(|record| record.unwrap_or_else(|error| panic!("{url}: bad CSV ({error})"))[id_column].to_owned())
                .collect()
        } else {
            let rows: Value = serde_json::from_str(&body).unwrap_or_else(|error| panic!("{url}: {error}"));
            rows.as_array()
                .expect("an array")
                .iter()
                .map(|row| {
                    row["id"]
                        .as_str()
                        .or(row["case_id"].as_str())
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        };
        for hidden in [&reserved, &network, &agency, &draft] {
            assert!(!ids.contains(hidden), "{url} lists {hidden}");
        }
        if url.contains("/casos.") || url.contains("/metricas.") {
            assert!(ids.contains(&open) && ids.contains(&shared), "{url}: {ids:?}");
        }
    }

    // The CSV keeps the text as written (quotes, commas, line breaks) and the metric's numbers.
    let (_, _, body) = get(&app, &format!("{}/datos/metricas.csv", app.address)).await;
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|record| record[column("case_id")] == open)
        .expect("the open case's metric");
    assert_eq!(&row[column("actual")], "700.5");
    assert_eq!(&row[column("licence")], "CC-BY-4.0");
    let (_, _, body) = get(&app, &format!("{}/datos/casos.csv", app.address)).await;
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let summary = headers.iter().position(|h| h == "summary").unwrap();
    let row = reader.records().map(Result::unwrap).find(|r| r[0] == open).unwrap();
    assert_eq!(
        &row[summary],
        "Resumen de Caso abierto, con \"comillas\", comas y\nun salto de línea"
    );

    let (status, _, _) = get(&app, &format!("{}/datos/nada.csv", app.address)).await;
    assert_eq!(status, 404);
}
