//! Embeds the built web app (`frontend/dist`: the app, the widgets, GraphiQL) in the binary, so
//! `plaza serve` copied alone to another machine serves the whole product. Each file is kept as
//! is and, when it compresses, gzipped once here; its ETag is a hash of its bytes.
//!
//! Without a built `frontend/dist` the binary embeds nothing and serves the API only (or a
//! directory named by `PLAZA_WEB_DIR`). `make run` and `make test` build the web app first.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Files that are already compressed gain nothing from gzip.
fn compresses(path: &Path) -> bool {
    !matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("woff2" | "woff" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "gz" | "br")
    )
}

/// FNV-1a, 64 bits: a content fingerprint for ETags (not a security boundary).
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        // Dotfiles (the web build's own stamp) are not part of the app.
        if path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            files(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let dist = manifest.join("../../frontend/dist");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut found = Vec::new();
    if dist.join("index.html").is_file() {
        files(&dist, &mut found)?;
    }
    found.sort();
    let mut code = String::from("/// The built web app, sorted by path.\npub static ASSETS: &[Asset] = &[\n");
    for (index, path) in found.iter().enumerate() {
        let relative = path.strip_prefix(&dist)?;
        let url = format!(
            "/{}",
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        );
        let bytes = std::fs::read(path)?;
        let gzip = if compresses(path) {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&bytes)?;
            let compressed = encoder.finish()?;
            // Only when it saves something worth a header.
            (compressed.len() + 64 < bytes.len()).then_some(compressed)
        } else {
            None
        };
        let gzip_expr = match gzip {
            Some(compressed) => {
                let file = out_dir.join(format!("web-{index}.gz"));
                std::fs::write(&file, compressed)?;
                format!("Some(include_bytes!({:?}))", file.display().to_string())
            }
            None => "None".to_owned(),
        };
        writeln!(
            code,
            "    Asset {{ path: {url:?}, raw: include_bytes!({:?}), gzip: {gzip_expr}, etag: \"\\\"{:016x}\\\"\" }},",
            path.canonicalize()?.display().to_string(),
            fingerprint(&bytes)
        )?;
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("web_assets.rs"), code)?;
    Ok(())
}
