//! Attachments in S3-compatible object storage: the real binary configured with
//! `PLAZA_ATTACHMENTS_S3_BUCKET` and `PLAZA_ATTACHMENTS_S3_ENDPOINT` against s3rver (the S3 REST
//! API, signatures checked), so uploads, thumbnails, signed links and housekeeping go through S3.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use plaza_blackbox::{TestApp, two_agencies};
use serde_json::{Value, json};

/// s3rver on a free port, its objects under a directory of its own.
struct S3 {
    child: Child,
    endpoint: String,
    dir: tempfile::TempDir,
}

impl Drop for S3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3 {
    fn start() -> S3 {
        let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("s3");
        assert!(
            tests.join("node_modules/s3rver").exists(),
            "tests/s3/node_modules is missing: run `npm ci --prefix tests/s3` (make test does)"
        );
        let dir = tempfile::tempdir().expect("dir");
        let mut child = Command::new("node")
            .arg(tests.join("server.mjs"))
            .args(["--dir", dir.path().to_str().expect("path"), "--bucket", "plaza-files"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start node tests/s3/server.mjs");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("s3 address");
        let endpoint = line
            .trim()
            .strip_prefix("s3 listening on ")
            .unwrap_or_else(|| panic!("unexpected s3rver output: {line}"))
            .to_owned();
        S3 { child, endpoint, dir }
    }

    /// Every object's path under the server's directory (its layout is s3rver's own).
    fn objects(&self) -> Vec<String> {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else {
                    found.push(path.to_string_lossy().into_owned());
                }
            }
        }
        let mut found = Vec::new();
        walk(self.dir.path(), &mut found);
        found
    }
}

fn png() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(400, 300, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

#[tokio::test]
async fn attachments_live_in_the_configured_bucket_and_are_served_from_it() {
    let s3 = S3::start();
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let env = [
        ("PLAZA_ATTACHMENTS_S3_BUCKET", "plaza-files"),
        ("PLAZA_ATTACHMENTS_S3_ENDPOINT", s3.endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "S3RVER"),
        ("AWS_SECRET_ACCESS_KEY", "S3RVER"),
        ("AWS_REGION", "us-east-1"),
    ];
    let app = TestApp::start_with(data, &[], &env, None).await;
    let original = png();
    let response = app
        .http
        .post(format!("{}/adjuntos?nombre=mapa.png", app.address))
        .bearer_auth(&tokens["editor_a"])
        .body(original.clone())
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status().as_u16(), 201);
    let file: Value = response.json().await.expect("json");
    let id = file["id"].as_str().expect("id").to_owned();

    // In the bucket (the file and its thumbnail), not on the server's disk.
    let objects = s3.objects();
    assert!(
        objects.iter().any(|path| path.contains(&id) && !path.contains(".mini")),
        "{objects:?}"
    );
    assert!(
        objects.iter().any(|path| path.contains(&format!("{id}.mini"))),
        "{objects:?}"
    );
    let local = app.data.path().join("attachments");
    assert!(!local.exists() || std::fs::read_dir(&local).map(|d| d.count()).unwrap_or(0) == 0);

    // Served from the bucket, byte for byte, through the signed link; the thumbnail too.
    let get = |link: &str| app.http.get(format!("{}{link}", app.address)).send();
    let served = get(file["url"].as_str().expect("url")).await.expect("get");
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.bytes().await.expect("bytes").to_vec(), original);
    let thumbnail = get(file["thumbnailUrl"].as_str().expect("thumb")).await.expect("get");
    assert_eq!(thumbnail.status().as_u16(), 200);
    assert!(image::load_from_memory(&thumbnail.bytes().await.expect("bytes")).is_ok());

    // Saved with a case, its readers get it from the bucket as well.
    let (_, created) = app
        .graphql(
            "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { attachments { url } } } }",
            json!({ "input": { "title": "Mapa de cortes", "objectives": ["citizen_service"], "attachments": [id] } }),
            Some(&tokens["editor_a"]),
        )
        .await;
    let link = created["data"]["createCaseStudy"]["caseStudy"]["attachments"][0]["url"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    assert_eq!(get(&link).await.expect("get").status().as_u16(), 200);
}
