//! Serving the built hall and the inbox page. These tests do not depend on the database
//! backend, so they run once, on SQLite.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::harness::*;

const WASM: &str = "expo-hall-0123456789abcdef_bg.wasm";
const SCRIPT: &str = "expo-hall-0123456789abcdef.js";

/// Writes a small stand-in for trunk's dist folder and precompresses it.
fn write_dist(dir: &Path) -> Vec<u8> {
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 7) as u8))
        .collect();
    std::fs::create_dir_all(dir.join("scenes/guangxi-2022/models")).unwrap();
    std::fs::write(dir.join("index.html"), format!("<!doctype html><meta charset=\"utf-8\"><title>展厅</title><script type=\"module\" src=\"/{SCRIPT}\"></script>{}", " ".repeat(2000))).unwrap();
    std::fs::write(dir.join(WASM), &wasm).unwrap();
    std::fs::write(
        dir.join(SCRIPT),
        "export default function init() {}\n".repeat(100),
    )
    .unwrap();
    std::fs::copy(
        manifest_path(),
        dir.join("scenes/guangxi-2022/manifest.json"),
    )
    .unwrap();
    std::fs::write(dir.join("clip.mp4"), vec![0u8; 8192]).unwrap();
    std::fs::write(
        dir.join("scenes/guangxi-2022/models/robot-arm.glb"),
        b"glTF\x02\0\0\0",
    )
    .unwrap();
    let status = Command::new(BINARY)
        .arg("precompress")
        .arg(dir)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(dir.join(format!("{WASM}.br")).is_file());
    assert!(dir.join(format!("{WASM}.gz")).is_file());
    wasm
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hall_files_have_types_and_caching() {
    let db = TestDb::create(&Backend::Sqlite).await;
    let dist = db.temp_dir().join("dist");
    let wasm = write_dist(&dist);
    let service = Service::start_with(
        &db,
        Options::default().set("--dist", dist.display().to_string()),
    )
    .await;

    let get = |path: &str, encoding: Option<&str>| {
        let mut request = service.client.get(service.endpoint(path));
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        async move { request.send().await.unwrap() }
    };

    let index = get("/", None).await;
    assert_eq!(index.status().as_u16(), 200);
    assert_eq!(index.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(index.headers()["cache-control"], "no-cache");
    assert!(index.text().await.unwrap().contains("展厅"));

    let plain = get(&format!("/{WASM}"), None).await;
    assert_eq!(plain.headers()["content-type"], "application/wasm");
    assert_eq!(
        plain.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().to_vec(), wasm);

    let brotli = get(&format!("/{WASM}"), Some("gzip, deflate, br")).await;
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(brotli.headers()["content-type"], "application/wasm");
    assert_eq!(brotli.headers()["vary"], "accept-encoding");
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&brotli.bytes().await.unwrap()[..], 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, wasm);

    let gzip = get(&format!("/{WASM}"), Some("gzip")).await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gzip.bytes().await.unwrap()[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, wasm);

    let script = get(&format!("/{SCRIPT}"), None).await;
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        script.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let manifest = get("/scenes/guangxi-2022/manifest.json", Some("br")).await;
    assert_eq!(manifest.headers()["content-type"], "application/json");
    assert_eq!(manifest.headers()["cache-control"], "no-cache");
    assert_eq!(manifest.headers()["content-encoding"], "br");

    let model = get("/scenes/guangxi-2022/models/robot-arm.glb", None).await;
    assert_eq!(model.headers()["content-type"], "model/gltf-binary");
    assert_eq!(model.headers()["cache-control"], "no-cache");

    // Video is compressed already, so it is sent as it is, and ranges keep working.
    let video = get("/clip.mp4", Some("gzip, br")).await;
    assert_eq!(video.headers()["content-type"], "video/mp4");
    assert!(video.headers().get("content-encoding").is_none());

    assert_eq!(get("/missing.js", None).await.status().as_u16(), 404);

    let api_missing = get("/api/nothing-here", None).await;
    assert_eq!(api_missing.status().as_u16(), 404);
    assert_eq!(
        api_missing.headers()["content-type"],
        "application/json; charset=utf-8"
    );

    let health = get("/api/health", None).await;
    assert_eq!(health.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_page_has_strict_policy() {
    let db = TestDb::create(&Backend::Sqlite).await;
    let service = Service::start(&db).await;

    let page = service
        .client
        .get(service.endpoint("/inbox/"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let html = page.text().await.unwrap();
    assert!(html.contains("lang=\"zh-CN\""), "the page is Chinese first");
    assert!(html.contains("<script src=\"inbox.js\""), "{html}");
    assert!(!html.contains("<script>"), "no inline script");

    let script = service
        .client
        .get(service.endpoint("/inbox/inbox.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let script = script.text().await.unwrap();
    assert!(
        !script.contains("innerHTML"),
        "text goes in with textContent"
    );
    assert!(script.contains("sessionStorage"));

    let redirect = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(service.endpoint("/inbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status().as_u16(), 308);

    // Without --dist the hall is not served, but the API still is.
    assert_eq!(
        service
            .client
            .get(service.endpoint("/"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
}
