//! Open data: what anyone may reuse, as files and a catalogue that open data portals harvest.
//! - `/datos/catalogo.jsonld` and `/datos/catalogo.ttl`: a DCAT-AP catalogue (JSON-LD, Turtle)
//!   of four datasets — case studies, practices, guidelines, and the outcome metrics of case
//!   studies as a tidy table (one row per metric) — each with licence, publisher, update
//!   frequency, modification date and its distributions;
//! - `/datos/<dataset>.csv` and `/datos/<dataset>.json`: the distributions, streamed.
//!
//! Only public, published items are listed (the store's anonymous read filter, the same as every
//! list's), and of those only the ones under an open licence: an item whose author kept all rights
//! is readable on the site but is not open data. Each row carries its item's own licence. The
//! `/datos` page that presents all this is the web app's.

mod catalogue;
mod tables;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem::http::{StatusCode, header};
use poem::web::{Data, Path};
use poem::{Body, Response, handler};

use plaza_domain::content::Licence;
use plaza_domain::item::ContentKind;

use crate::AppState;
use crate::auth::Auth;
use catalogue::{Node, Term};

/// What a dataset lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Case studies.
    CaseStudies,
    /// Practices.
    Practices,
    /// Guidelines.
    Guidelines,
    /// The outcome metrics of case studies, one row per metric.
    Metrics,
}

/// A file format of the distributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// RFC 4180 CSV, UTF-8, with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
}

impl Format {
    const ALL: [Format; 2] = [Format::Csv, Format::Json];

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
        }
    }

    /// The EU file-type authority's code (what DCAT-AP's `dct:format` names).
    fn eu_file_type(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }
}

/// One dataset of the catalogue. Texts in Spanish, English, Catalan and Portuguese.
pub(crate) struct Dataset {
    pub slug: &'static str,
    pub source: Source,
    pub title: [&'static str; 4],
    pub description: [&'static str; 4],
    pub keywords: &'static [&'static str],
}

/// The languages of the catalogue's texts, in the order of [`Dataset::title`].
const TEXT_LANGUAGES: [&str; 4] = ["es", "en", "ca", "pt"];

/// The datasets, in the catalogue's order.
pub(crate) const DATASETS: [Dataset; 4] = [
    Dataset {
        slug: "casos",
        source: Source::CaseStudies,
        title: [
            "Casos de uso de redes sociales en administraciones públicas",
            "Social media case studies of public administrations",
            "Casos d'ús de xarxes socials a les administracions públiques",
            "Casos de uso de redes sociais nas administrações públicas",
        ],
        description: [
            "Casos documentados por administraciones de la red: contexto, objetivos, acciones, plataformas, formatos, lecciones, amenazas y dimensiones de valor público.",
            "Case studies written by the network's administrations: context, objectives, actions, platforms, formats, lessons, threats and public-value dimensions.",
            "Casos documentats per administracions de la xarxa: context, objectius, accions, plataformes, formats, lliçons, amenaces i dimensions de valor públic.",
            "Casos documentados por administrações da rede: contexto, objetivos, ações, plataformas, formatos, lições, ameaças e dimensões de valor público.",
        ],
        keywords: &[
            "redes sociales",
            "administración pública",
            "casos de uso",
            "comunicación",
        ],
    },
    Dataset {
        slug: "practicas",
        source: Source::Practices,
        title: [
            "Buenas prácticas en redes sociales del sector público",
            "Public-sector social media practices",
            "Bones pràctiques a les xarxes socials del sector públic",
            "Boas práticas em redes sociais do setor público",
        ],
        description: [
            "Prácticas breves y reutilizables que las administraciones de la red comparten, con sus plataformas y objetivos.",
            "Short, reusable practices the network's administrations share, with their platforms and objectives.",
            "Pràctiques breus i reutilitzables que comparteixen les administracions de la xarxa, amb les seves plataformes i objectius.",
            "Práticas breves e reutilizáveis que as administrações da rede partilham, com as suas plataformas e objetivos.",
        ],
        keywords: &["redes sociales", "buenas prácticas", "administración pública"],
    },
    Dataset {
        slug: "guias",
        source: Source::Guidelines,
        title: [
            "Guías de uso y estilo de redes sociales",
            "Social media usage and style guidelines",
            "Guies d'usos i estil a les xarxes socials",
            "Guias de utilização e estilo de redes sociais",
        ],
        description: [
            "Guías que las administraciones publican para sus cuentas en redes sociales, con su versión vigente.",
            "Guidelines administrations publish for their social media accounts, with their current version.",
            "Guies que les administracions publiquen per als seus comptes a les xarxes socials, amb la versió vigent.",
            "Guias que as administrações publicam para as suas contas nas redes sociais, com a versão em vigor.",
        ],
        keywords: &["redes sociales", "guía de estilo", "normas de uso"],
    },
    Dataset {
        slug: "metricas",
        source: Source::Metrics,
        title: [
            "Resultados medidos de los casos (métricas)",
            "Measured outcomes of the case studies (metrics)",
            "Resultats mesurats dels casos (mètriques)",
            "Resultados medidos dos casos (métricas)",
        ],
        description: [
            "Una fila por métrica de cada caso: valor de partida, objetivo y real, unidad, periodo, método y nivel de evidencia.",
            "One row per metric of each case: baseline, target and actual value, unit, period, method and evidence level.",
            "Una fila per mètrica de cada cas: valor de partida, objectiu i real, unitat, període, mètode i nivell d'evidència.",
            "Uma linha por métrica de cada caso: valor de partida, objetivo e real, unidade, período, método e nível de evidência.",
        ],
        keywords: &["indicadores", "resultados", "evaluación", "redes sociales"],
    },
];

const DATOS_GOB_SECTOR: &str = "http://datos.gob.es/kos/sector-publico/sector/sector-publico";
const DATOS_GOB_SECTORS: &str = "http://datos.gob.es/kos/sector-publico/sector/";
const EU_THEME_GOVERNMENT: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const SPAIN: &str = "http://datos.gob.es/recurso/sector-publico/territorio/Pais/España";
const CONTINUOUS: &str = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT";
const EU_LANGUAGES: [&str; 4] = [
    "http://publications.europa.eu/resource/authority/language/SPA",
    "http://publications.europa.eu/resource/authority/language/CAT",
    "http://publications.europa.eu/resource/authority/language/POR",
    "http://publications.europa.eu/resource/authority/language/ENG",
];

fn texts(mut node: Node, property: &'static str, values: &[&'static str; 4]) -> Node {
    for (text, language) in values.iter().zip(TEXT_LANGUAGES) {
        node = node.with(property, Term::Lang((*text).to_owned(), language));
    }
    node
}

fn iri(value: impl Into<String>) -> Term {
    Term::Iri(value.into())
}

/// A controlled-vocabulary resource named with its class, as DCAT-AP's range checks expect
/// (a licence is a `dct:LicenseDocument`, a language a `dct:LinguisticSystem`…).
fn typed(value: impl Into<String>, class: &'static str) -> Term {
    Term::Node(Node::named(value, class))
}

fn date_time(at: DateTime<Utc>) -> Term {
    Term::Typed(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "xsd:dateTime")
}

/// Who publishes the catalogue: an administration by its DIR3 code (the URI datos.gob.es
/// expects of a publisher), or Plaza itself when none is configured.
#[derive(Debug, Clone, Default)]
pub struct Publisher {
    dir3: Option<String>,
    name: Option<String>,
}

impl Publisher {
    /// From the configuration (`open_data_publisher`, `open_data_publisher_name`).
    pub fn of(dir3: Option<&str>, name: Option<&str>) -> Publisher {
        Publisher {
            dir3: dir3.map(str::to_owned),
            name: name.map(str::to_owned),
        }
    }

    fn term(&self, origin: &str) -> Term {
        let name = self.name.clone().unwrap_or_else(|| "Plaza".to_owned());
        let node = match &self.dir3 {
            Some(code) => Node::named(format!("{DIR3_ORGANISATIONS}{code}"), "foaf:Agent")
                .with("dct:identifier", Term::Text(code.clone())),
            None => Node::blank("foaf:Agent").with("foaf:homepage", iri(format!("{origin}/"))),
        };
        Term::Node(node.with("foaf:name", Term::Text(name)))
    }
}

const DIR3_ORGANISATIONS: &str = "http://datos.gob.es/recurso/sector-publico/org/Organismo/";

/// The catalogue graph. `modified` holds each dataset's last change (in [`DATASETS`] order),
/// `None` for a dataset with no rows yet.
pub(crate) fn catalogue_graph(origin: &str, publisher: &Publisher, modified: &[Option<DateTime<Utc>>; 4]) -> Node {
    let licence = Licence::CcBy4.url().unwrap_or_default();
    let mut root = Node::named(format!("{origin}/datos/catalogo"), "dcat:Catalog")
        .with("dct:identifier", Term::Text(format!("{origin}/datos/catalogo")));
    root = texts(
        root,
        "dct:title",
        &[
            "Datos abiertos de Plaza",
            "Plaza open data",
            "Dades obertes de Plaza",
            "Dados abertos da Plaza",
        ],
    );
    root = texts(
        root,
        "dct:description",
        &[
            "Lo que las administraciones de la red Plaza publican en abierto sobre su uso de las redes sociales: casos, prácticas, guías y resultados medidos.",
            "What the administrations of the Plaza network publish openly about their use of social media: case studies, practices, guidelines and measured outcomes.",
            "El que les administracions de la xarxa Plaza publiquen en obert sobre el seu ús de les xarxes socials: casos, pràctiques, guies i resultats mesurats.",
            "O que as administrações da rede Plaza publicam em aberto sobre a sua utilização das redes sociais: casos, práticas, guias e resultados medidos.",
        ],
    );
    root = root
        .with("dct:publisher", publisher.term(origin))
        .with("foaf:homepage", typed(format!("{origin}/datos"), "foaf:Document"))
        .with("dct:license", typed(licence, "dct:LicenseDocument"))
        .with("dct:spatial", typed(SPAIN, "dct:Location"))
        .with("dcat:themeTaxonomy", typed(DATOS_GOB_SECTORS, "skos:ConceptScheme"));
    for language in EU_LANGUAGES {
        root = root.with("dct:language", typed(language, "dct:LinguisticSystem"));
    }
    if let Some(latest) = modified.iter().flatten().max() {
        root = root.with("dct:modified", date_time(*latest));
    }
    for (dataset, modified) in DATASETS.iter().zip(modified) {
        root = root.with(
            "dcat:dataset",
            Term::Node(dataset_node(origin, publisher, dataset, *modified, licence)),
        );
    }
    root
}

fn dataset_node(
    origin: &str,
    publisher: &Publisher,
    dataset: &Dataset,
    modified: Option<DateTime<Utc>>,
    licence: &str,
) -> Node {
    let id = format!("{origin}/datos#{}", dataset.slug);
    let mut node = Node::named(id.clone(), "dcat:Dataset").with("dct:identifier", Term::Text(id));
    node = texts(node, "dct:title", &dataset.title);
    node = texts(node, "dct:description", &dataset.description);
    for keyword in dataset.keywords {
        node = node.with("dcat:keyword", Term::Lang((*keyword).to_owned(), "es"));
    }
    node = node
        .with("dcat:theme", typed(DATOS_GOB_SECTOR, "skos:Concept"))
        .with("dcat:theme", typed(EU_THEME_GOVERNMENT, "skos:Concept"))
        .with("dct:publisher", publisher.term(origin))
        .with("dct:accrualPeriodicity", typed(CONTINUOUS, "dct:Frequency"))
        .with("dct:spatial", typed(SPAIN, "dct:Location"))
        .with("dct:license", typed(licence, "dct:LicenseDocument"))
        .with("dcat:landingPage", typed(format!("{origin}/datos"), "foaf:Document"));
    for language in EU_LANGUAGES {
        node = node.with("dct:language", typed(language, "dct:LinguisticSystem"));
    }
    if let Some(at) = modified {
        node = node.with("dct:modified", date_time(at));
    }
    for format in Format::ALL {
        let download = format!("{origin}/datos/{}.{}", dataset.slug, format.extension());
        let mut distribution = Node::named(format!("{origin}/datos#{}-{}", dataset.slug, format.extension()), "dcat:Distribution")
            .with("dct:title", Term::Lang(format!("{} ({})", dataset.title[0], format.eu_file_type()), "es"))
            .with("dct:title", Term::Lang(format!("{} ({})", dataset.title[1], format.eu_file_type()), "en"))
            .with("dct:description", Term::Lang(
                "Cada fila lleva la licencia de su contenido (columna licence); los contenidos sin licencia abierta no se incluyen.".into(),
                "es",
            ))
            .with("dct:description", Term::Lang(
                "Each row carries its item's licence (column licence); items without an open licence are left out.".into(),
                "en",
            ))
            .with("dcat:accessURL", iri(format!("{origin}/datos")))
            .with("dcat:downloadURL", iri(download))
            .with(
                "dcat:mediaType",
                typed(format!("http://www.iana.org/assignments/media-types/{}", format.media_type()), "dct:MediaType"),
            )
            .with(
                "dct:format",
                typed(
                    format!("http://publications.europa.eu/resource/authority/file-type/{}", format.eu_file_type()),
                    "dct:MediaTypeOrExtent",
                ),
            )
            .with("dct:license", typed(licence, "dct:LicenseDocument"));
        if let Some(at) = modified {
            distribution = distribution.with("dct:modified", date_time(at));
        }
        node = node.with("dcat:distribution", Term::Node(distribution));
    }
    node
}

fn kind(source: Source) -> ContentKind {
    match source {
        Source::CaseStudies | Source::Metrics => ContentKind::CaseStudy,
        Source::Practices => ContentKind::Practice,
        Source::Guidelines => ContentKind::Guideline,
    }
}

/// Each dataset's last change: its most recently updated public item.
async fn last_changes(state: &AppState) -> Result<[Option<DateTime<Utc>>; 4], plaza_storage::StorageError> {
    let mut modified = [None; 4];
    for (slot, dataset) in modified.iter_mut().zip(&DATASETS) {
        *slot = state
            .store
            .public_items(kind(dataset.source), 1)
            .await?
            .first()
            .map(|(_, at)| *at);
    }
    Ok(modified)
}

fn text_response(status: StatusCode, message: &str) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/plain; charset=utf-8")
        .body(message.to_owned())
}

/// `/datos/<file>`: the catalogue or a distribution.
#[handler]
pub async fn file(Path(name): Path<String>, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    let origin = auth.public_url.trim_end_matches('/').to_owned();
    if name == "catalogo.jsonld" || name == "catalogo.ttl" {
        let modified = match last_changes(&state).await {
            Ok(modified) => modified,
            Err(error) => {
                tracing::warn!(%error, "open data catalogue failed");
                return text_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the catalogue cannot be built right now",
                );
            }
        };
        let graph = catalogue_graph(&origin, &state.publisher, &modified);
        let (media_type, body) = if name.ends_with(".ttl") {
            ("text/turtle; charset=utf-8", catalogue::turtle(&graph))
        } else {
            ("application/ld+json", catalogue::json_ld(&graph).to_string())
        };
        return Response::builder()
            .content_type(media_type)
            .header(header::CACHE_CONTROL, "public, max-age=300")
            .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .body(body);
    }
    let Some((slug, extension)) = name.rsplit_once('.') else {
        return text_response(
            StatusCode::NOT_FOUND,
            "no such open data file; see /datos/catalogo.jsonld",
        );
    };
    let dataset = DATASETS.iter().find(|d| d.slug == slug);
    let format = Format::ALL.into_iter().find(|f| f.extension() == extension);
    let (Some(dataset), Some(format)) = (dataset, format) else {
        return text_response(
            StatusCode::NOT_FOUND,
            "no such open data file; see /datos/catalogo.jsonld",
        );
    };
    let agencies = match state.store.all_agencies().await {
        Ok(agencies) => agencies.into_iter().map(|a| (a.id, a)).collect::<HashMap<_, _>>(),
        Err(error) => {
            tracing::warn!(%error, "open data: agencies could not be read");
            return text_response(StatusCode::SERVICE_UNAVAILABLE, "the file cannot be built right now");
        }
    };
    let context = tables::RowContext { origin, agencies };
    let chunks = tables::stream(state.store.clone(), dataset.source, format, context);
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8; header=present",
        Format::Json => "application/json",
    };
    Response::builder()
        .content_type(content_type)
        .header(header::CACHE_CONTROL, "public, max-age=300")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"plaza-{}.{}\"", dataset.slug, format.extension()),
        )
        .body(Body::from_bytes_stream(chunks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_catalogue_lists_every_dataset_with_both_distributions_and_a_licence() {
        let at = Utc::now();
        let publisher = Publisher::of(Some("L01280796"), Some("Ayuntamiento de Vallverde"));
        let graph = catalogue_graph("https://plaza.example", &publisher, &[Some(at), None, None, Some(at)]);
        let document = catalogue::json_ld(&graph);
        let datasets = document["dcat:dataset"].as_array().expect("datasets");
        assert_eq!(datasets.len(), 4);
        for dataset in datasets {
            assert!(
                dataset["dct:license"]["@id"]
                    .as_str()
                    .is_some_and(|l| l.contains("creativecommons"))
            );
            let distributions = dataset["dcat:distribution"].as_array().expect("distributions");
            assert_eq!(distributions.len(), 2);
            for distribution in distributions {
                let url = distribution["dcat:downloadURL"]["@id"].as_str().unwrap();
                assert!(url.starts_with("https://plaza.example/datos/"), "{url}");
            }
        }
        assert_eq!(
            document["dct:publisher"]["@id"],
            "http://datos.gob.es/recurso/sector-publico/org/Organismo/L01280796"
        );
        assert_eq!(document["dct:language"][0]["@type"], json!(["dct:LinguisticSystem"]));
        // A dataset with no rows yet says no modification date; the catalogue takes the latest.
        assert!(datasets[1].get("dct:modified").is_none());
        assert!(document["dct:modified"]["@value"].is_string());
    }
}
