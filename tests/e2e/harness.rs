//! The end-to-end harness: serves the release `dist/` on a free loopback port
//! (gzipped, as a static host serves it; a file can be held back to test what
//! happens before it arrives), starts ChromeDriver with headless Chromium, and
//! hands a WebDriver client to the test. Everything it starts is stopped when
//! the [`Harness`] is dropped, even when the test panics. Every wait is for a
//! condition, with a deadline.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long any single condition may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(25);

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The built page: `dist/` at the workspace root, made by `trunk build --release`.
pub fn dist_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: run `trunk build --release --offline` first (make e2e-test does)",
        dir.display()
    );
    dir
}

/// A static file server on 127.0.0.1 that records every path it is asked for.
/// It serves `root` under `prefix` (for example `/` or `/some/sub/path/`),
/// gzipped when the browser accepts it.
pub struct StaticServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    held: Arc<Hold>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Requests for files whose name ends with a given text wait until released.
#[derive(Default)]
struct Hold {
    suffix: Mutex<Option<String>>,
    released: Condvar,
}

impl Hold {
    fn holds(&self, url: &str) -> bool {
        let path = url.split(['?', '#']).next().unwrap_or_default();
        self.suffix
            .lock()
            .map(|s| s.as_deref().is_some_and(|suffix| path.ends_with(suffix)))
            .unwrap_or(false)
    }

    /// Blocks until the hold is released (or a deadline passes).
    fn wait(&self) {
        let Ok(guard) = self.suffix.lock() else {
            return;
        };
        let _ = self
            .released
            .wait_timeout_while(guard, DEADLINE * 3, |s| s.is_some());
    }
}

impl StaticServer {
    pub fn start(root: PathBuf, prefix: &str) -> std::io::Result<StaticServer> {
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("server has no IP address"))?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let held = Arc::new(Hold::default());
        let stop = Arc::new(AtomicBool::new(false));
        let prefix = prefix.to_string();
        let thread = {
            let requests = Arc::clone(&requests);
            let held = Arc::clone(&held);
            let stop = Arc::clone(&stop);
            let gzipped = Arc::new(Mutex::new(HashMap::new()));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) else {
                        continue;
                    };
                    let url = request.url().to_string();
                    if let Ok(mut seen) = requests.lock() {
                        seen.push(url.clone());
                    }
                    let gzip = request.headers().iter().any(|h| {
                        h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip")
                    });
                    let response = respond(&root, &prefix, &url, gzip.then_some(&gzipped));
                    if held.holds(&url) {
                        let held = Arc::clone(&held);
                        std::thread::spawn(move || {
                            held.wait();
                            let _ = request.respond(response);
                        });
                    } else {
                        let _ = request.respond(response);
                    }
                }
            })
        };
        Ok(StaticServer {
            addr,
            requests,
            held,
            stop,
            thread: Some(thread),
        })
    }

    /// Holds back every request for a file whose name ends with `suffix`
    /// until [`StaticServer::release`].
    pub fn hold(&self, suffix: &str) {
        if let Ok(mut s) = self.held.suffix.lock() {
            *s = Some(suffix.to_string());
        }
    }

    /// Answers the held requests, and every later one at once.
    pub fn release(&self) {
        if let Ok(mut s) = self.held.suffix.lock() {
            *s = None;
        }
        self.held.released.notify_all();
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every path requested so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.release();
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Gzipped file bodies, compressed once per server.
type GzipCache = Mutex<HashMap<PathBuf, Vec<u8>>>;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn respond(
    root: &Path,
    prefix: &str,
    url: &str,
    gzipped: Option<&GzipCache>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(rel) = path.strip_prefix(prefix) else {
        return tiny_http::Response::from_string("not found").with_status_code(404);
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if rel.split('/').any(|part| part == "..") {
        return tiny_http::Response::from_string("forbidden").with_status_code(403);
    }
    let file = root.join(&rel);
    let Ok(mut handle) = std::fs::File::open(&file) else {
        return tiny_http::Response::from_string("not found").with_status_code(404);
    };
    let mut body = Vec::new();
    if handle.read_to_end(&mut body).is_err() {
        return tiny_http::Response::from_string("unreadable").with_status_code(500);
    }
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    let header =
        tiny_http::Header::from_bytes("Content-Type", mime).expect("static header is valid");
    match gzipped {
        Some(cache) if mime != "image/png" => {
            let body = match cache.lock() {
                Ok(mut cache) => cache
                    .entry(file.clone())
                    .or_insert_with(|| gzip(&body))
                    .clone(),
                Err(_) => gzip(&body),
            };
            let encoding = tiny_http::Header::from_bytes("Content-Encoding", "gzip")
                .expect("static header is valid");
            tiny_http::Response::from_data(body)
                .with_header(header)
                .with_header(encoding)
        }
        _ => tiny_http::Response::from_data(body).with_header(header),
    }
}

/// A free loopback port, found by binding port 0 and releasing it.
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// ChromeDriver in its own process group, so that stopping it stops Chromium too.
struct Driver {
    child: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Negative pid: the whole process group (chromedriver and its Chromium).
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(POLL);
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn start_driver() -> Result<(Driver, u16), Box<dyn std::error::Error + Send + Sync>> {
    use std::os::unix::process::CommandExt;
    let port = free_port()?;
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let child = Command::new(&binary)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {binary}: {e} (make bootstrap-test installs it)"))?;
    let profile = std::env::temp_dir().join(format!("flopcast-e2e-{}-{port}", std::process::id()));
    let driver = Driver { child, profile };
    let deadline = Instant::now() + DEADLINE;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("chromedriver did not open its port in time".into());
        }
        std::thread::sleep(POLL);
    }
    Ok((driver, port))
}

/// What [`Harness::wait_for`] reads of an element.
#[derive(Debug)]
enum Reading<'a> {
    Attr(&'a str),
    Prop(&'a str),
    Text,
}

/// One browser session against one served copy of the page.
pub struct Harness {
    pub client: Client,
    pub server: StaticServer,
    /// The page's URL: the server's origin plus the prefix it serves `dist/` under.
    pub page: String,
    _driver: Driver,
}

impl Harness {
    /// Serves `dist/` at `/` and opens a fresh headless Chromium.
    pub async fn start() -> Result<Harness, Box<dyn std::error::Error + Send + Sync>> {
        Harness::start_under("/").await
    }

    /// Serves `dist/` under a sub-path such as `/tools/flopcast/`.
    pub async fn start_under(
        prefix: &str,
    ) -> Result<Harness, Box<dyn std::error::Error + Send + Sync>> {
        Harness::start_with(prefix, &[]).await
    }

    /// Serves `dist/` at `/` to a Chromium that runs no JavaScript at all.
    pub async fn start_without_javascript(
    ) -> Result<Harness, Box<dyn std::error::Error + Send + Sync>> {
        Harness::start_with("/", &["--blink-settings=scriptEnabled=false"]).await
    }

    /// Serves `dist/` under `prefix` to a Chromium started with `extra_args`.
    pub async fn start_with(
        prefix: &str,
        extra_args: &[&str],
    ) -> Result<Harness, Box<dyn std::error::Error + Send + Sync>> {
        let server = StaticServer::start(dist_dir(), prefix)?;
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--window-size=1280,1600",
        ]
        .into_iter()
        .chain(extra_args.iter().copied())
        .map(str::to_string)
        .collect();
        // The driver's port is found free, released, then taken by ChromeDriver:
        // a test starting at the same moment can be handed the same port, and
        // one of the two drivers then answers for both or not at all. A session
        // that fails to connect is retried on a new port.
        let mut attempt = 0;
        let (client, driver) = loop {
            attempt += 1;
            let (driver, port) = start_driver()?;
            let mut args = args.clone();
            args.push(format!("--user-data-dir={}", driver.profile.display()));
            let mut caps = serde_json::Map::new();
            caps.insert(
                "goog:chromeOptions".into(),
                serde_json::json!({ "binary": chromium, "args": args }),
            );
            // Navigation returns once the HTML is parsed: the page's preloads may
            // still be in flight (a test may hold the wasm back), and `open` waits
            // for the live page itself.
            caps.insert("pageLoadStrategy".into(), "eager".into());
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let session = tokio::time::timeout(
                DEADLINE,
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .await;
            match session {
                Ok(Ok(client)) => break (client, driver),
                Ok(Err(e)) if attempt < 3 => {
                    eprintln!("WebDriver session on port {port} failed ({e}); retrying");
                }
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => return Err("no WebDriver session in time".into()),
            }
        };
        let page = format!("{}{}", server.origin(), prefix);
        Ok(Harness {
            client,
            server,
            page,
            _driver: driver,
        })
    }

    /// Opens the page (with an optional `#fragment`) and waits until the live
    /// page has replaced the prerendered one (`<html data-live>`), so that an
    /// edit reaches the wasm.
    pub async fn open(&self, fragment: &str) -> TestResult {
        self.client
            .goto(&format!("{}{}", self.page, fragment))
            .await?;
        self.wait_until_live().await?;
        self.wait_for_testid("params-total").await?;
        Ok(())
    }

    /// Waits until the wasm has mounted the live page.
    pub async fn wait_until_live(&self) -> TestResult {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let live = self
                .client
                .execute(
                    "return document.documentElement.hasAttribute('data-live');",
                    vec![],
                )
                .await?;
            if live.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the page did not go live within {DEADLINE:?}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn by_testid(&self, id: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.client
            .find(Locator::Css(&format!("[data-testid='{id}']")))
            .await
    }

    /// Waits until an element with the `data-testid` exists.
    pub async fn wait_for_testid(
        &self,
        id: &str,
    ) -> Result<Element, Box<dyn std::error::Error + Send + Sync>> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Ok(element) = self.by_testid(id).await {
                return Ok(element);
            }
            if Instant::now() > deadline {
                return Err(format!("no element [data-testid={id}] within {DEADLINE:?}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Reads one thing of the element `id`, if it exists.
    async fn read(&self, id: &str, what: &Reading<'_>) -> Option<String> {
        let element = self.by_testid(id).await.ok()?;
        match what {
            Reading::Attr(name) => element.attr(name).await.ok().flatten(),
            Reading::Prop(name) => element.prop(name).await.ok().flatten(),
            Reading::Text => element.text().await.ok(),
        }
    }

    /// Waits until `what` of the element `id` satisfies `ok`, and returns it.
    async fn wait_for(
        &self,
        id: &str,
        what: Reading<'_>,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let deadline = Instant::now() + DEADLINE;
        let mut last = None;
        loop {
            if let Some(value) = self.read(id, &what).await {
                if ok(&value) {
                    return Ok(value);
                }
                last = Some(value);
            }
            if Instant::now() > deadline {
                return Err(
                    format!("[data-testid={id}] {what:?} never matched; last {last:?}").into(),
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until attribute `attr` of the element `id` satisfies `ok`.
    pub async fn wait_for_attr(
        &self,
        id: &str,
        attr: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        self.wait_for(id, Reading::Attr(attr), ok).await
    }

    /// Waits until the text of the element `id` satisfies `ok`.
    pub async fn wait_for_text(
        &self,
        id: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        self.wait_for(id, Reading::Text, ok).await
    }

    /// Waits until the `value` property of the input `id` satisfies `ok`.
    pub async fn wait_for_value(
        &self,
        id: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        self.wait_for(id, Reading::Prop("value"), ok).await
    }

    /// Waits until the address's fragment satisfies `ok`, and returns it.
    pub async fn wait_for_url_fragment(
        &self,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let hash = self
                .client
                .execute("return window.location.hash;", vec![])
                .await?;
            let hash = hash.as_str().unwrap_or_default().to_string();
            if ok(&hash) {
                return Ok(hash);
            }
            if Instant::now() > deadline {
                return Err(format!("the address never matched; last {hash:?}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Replaces the text of an input or textarea as a person would: click
    /// into it, select all (Ctrl+A), then type over the selection.
    pub async fn type_into(&self, id: &str, text: &str) -> TestResult {
        use fantoccini::key::Key;
        let element = self.wait_for_testid(id).await?;
        element.click().await?;
        let select_all = format!("{}a{}", char::from(Key::Control), char::from(Key::Null));
        element.send_keys(&select_all).await?;
        if text.is_empty() {
            element
                .send_keys(&char::from(Key::Backspace).to_string())
                .await?;
        } else {
            element.send_keys(text).await?;
        }
        Ok(())
    }

    /// Runs a Chromium DevTools command (`Network.emulateNetworkConditions`,
    /// …) through ChromeDriver's `goog/cdp/execute` endpoint.
    #[allow(dead_code)] // the benchmark's (bench.rs)
    pub async fn cdp(
        &self,
        cmd: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, fantoccini::error::CmdError> {
        self.client
            .issue_cmd(Cdp {
                cmd: cmd.to_string(),
                params,
            })
            .await
    }

    /// Ends the browser session; the driver and server stop when dropped.
    pub async fn finish(self) -> TestResult {
        let Harness { client, .. } = self;
        tokio::time::timeout(Duration::from_secs(10), client.close())
            .await
            .map_err(|_| "closing the browser session timed out")??;
        Ok(())
    }
}

/// A fixture config from the repository's copied data.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("core/data/configs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The exact parameter count PyTorch reports for a fixture (core/data/expected.json).
pub fn expected_total(name: &str) -> u64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("core/data/expected.json");
    let text = std::fs::read_to_string(&path).expect("expected.json is readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("expected.json is JSON");
    json["records"]
        .as_array()
        .and_then(|records| records.iter().find(|r| r["file"] == name))
        .and_then(|record| record["params"]["total"].as_u64())
        .unwrap_or_else(|| panic!("no params.total for {name} in expected.json"))
}

/// A DevTools command sent through ChromeDriver, which exposes the protocol
/// at `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
#[allow(dead_code)] // the benchmark's (bench.rs)
struct Cdp {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
