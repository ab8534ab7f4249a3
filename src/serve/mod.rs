//! `handbook serve`: builds the site into memory, serves it, watches the sources, rebuilds on every
//! change and reloads every open tab (tower-livereload, over server-sent events). A change that
//! touches only stylesheets restyles open tabs instead, without a reload (so a reader keeps their
//! place; see `restyle`).
//!
//! Pages are served from memory, never from disk, so no request can reach a file outside the
//! output whatever its path, and a preview never touches the published `public/`. A failed rebuild
//! keeps the last good pages and shows the error over them until the next good build.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::middleware::Next;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tower_livereload::LiveReloadLayer;
use tracing::{error, info, warn};

use crate::error::{Error, Result};
use crate::markdown::html_escape;
use crate::site::{BuildOptions, Changes, Engine, MemoryOutput};

mod restyle;
use restyle::{
    RESTYLE_PATH, RESTYLE_SCRIPT, RESTYLE_SCRIPT_PATH, Restyle, only_stylesheets, restyle_poll, with_restyle,
};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub interface: IpAddr,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// What the server shows: the last good build, and the error of the latest build if it failed.
#[derive(Default)]
struct State {
    files: MemoryOutput,
    error: Option<String>,
    /// The pages changed and the search index is being written again: its files wait for it,
    /// so a search never mixes the old index with the new one.
    search_pending: bool,
    /// Files an edit left stale to serve its pages first (the open data, the feed, the sitemap):
    /// a request for one waits for them to be written.
    later: std::collections::HashSet<String>,
    /// While a rebuild serves the edited pages first (these) and writes the rest: a request for
    /// any other file the rest can change waits for it.
    served_first: Option<std::collections::HashSet<String>>,
}

impl State {
    /// Takes a rebuild's changed files (`None`: gone); returns how many.
    fn apply(&mut self, changes: Changes) -> usize {
        let count = changes.len();
        for (path, bytes) in changes {
            match bytes {
                Some(bytes) => self.files.insert(path, bytes),
                None => self.files.remove(&path),
            };
        }
        count
    }

    /// A failed rebuild: the last good files stay, with the error shown over them.
    fn show_error(&mut self, e: &Error) {
        let text = e.diagnostics().join("\n");
        error!("build failed; still serving the last good pages:\n{text}");
        self.error = Some(text);
    }
}

type Shared = Arc<RwLock<State>>;

/// Folders and files whose changes trigger a rebuild.
pub const WATCHED: &[&str] = &["seeds", "content", "themes", "templates", "static", "data"];

pub fn serve(root: &Path, options: &ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Msg(format!("cannot start the server runtime: {e}")))?;
    // Watch events carry absolute paths; compare them with an absolute root.
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    runtime.block_on(run(root, options.clone()))
}

async fn run(root: PathBuf, options: ServeOptions) -> Result<()> {
    if options.interface.is_unspecified() {
        warn!("serving on {}: every machine on your network can see this preview", options.interface);
    }
    let listener = bind(options.interface, options.port).await?;
    let addr = listener.local_addr().map_err(|e| Error::Msg(format!("cannot read the bound address: {e}")))?;
    let base_url = format!("http://{}/", display_addr(addr));
    let build_options =
        BuildOptions { base_url: Some(base_url.clone()), drafts: options.drafts, ..BuildOptions::default() };

    let state: Shared = Arc::new(RwLock::new(State::default()));
    let mut engine = None;
    rebuild(&mut engine, &root, &build_options, &[], &state);
    update_search(&mut engine, &state, &|| false);

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let restyle: Arc<Restyle> = Arc::new(tokio::sync::watch::Sender::new((0, Vec::new())));
    let on_rebuilt = {
        let restyle = restyle.clone();
        move |changed: Option<Vec<String>>| match changed {
            Some(files) if only_stylesheets(&files) => {
                restyle.send_modify(|(version, last)| {
                    *version += 1;
                    *last = files;
                });
            }
            _ => reloader.reload(),
        }
    };
    let _watcher = watch(&root, build_options, engine, state.clone(), on_rebuilt)?;

    let app = Router::new().fallback({
        let state = state.clone();
        move |req: Request<Body>| {
            let state = state.clone();
            let restyle = restyle.clone();
            async move {
                let path = req.uri().path();
                if path == RESTYLE_PATH {
                    return restyle_poll(&restyle, req.uri().query()).await;
                }
                if path == RESTYLE_SCRIPT_PATH {
                    let mut res = Response::new(Body::from(RESTYLE_SCRIPT));
                    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript"));
                    return res;
                }
                if let Some(file) = lookup(path) {
                    wait_for_pending(&state, &file).await;
                }
                respond(&state, path)
            }
        }
    });
    let app = app.layer(livereload).layer(axum::middleware::from_fn(move |req: Request<Body>, next: Next| {
        let allowed = host_allowed(req.headers().get(axum::http::header::HOST), addr);
        async move {
            if allowed {
                next.run(req).await
            } else {
                plain(
                    StatusCode::FORBIDDEN,
                    "This preview answers only requests addressed to it by its own address (127.0.0.1, \
                     localhost, or the address it listens on): another host name here is what a web page \
                     reaching it through DNS rebinding would send.",
                )
            }
        }
    }));
    info!("serving {} at {base_url} (Ctrl+C to stop)", root.display());
    if options.open
        && let Err(e) = open::that(&base_url)
    {
        warn!("could not open a browser: {e}");
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Error::Msg(format!("server stopped: {e}")))
}

/// Whether a request's `Host` names this server: `localhost` or an IP address (the loopback one,
/// or any when it listens on every interface, as a LAN preview is reached by its IP), with its
/// port. A DNS-rebinding attack arrives with the attacker's host name, so it is refused.
fn host_allowed(host: Option<&axum::http::HeaderValue>, addr: SocketAddr) -> bool {
    let Some(host) = host.and_then(|h| h.to_str().ok()) else { return false };
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else { return false };
    if authority.port_u16().is_some_and(|p| p != addr.port()) {
        return false;
    }
    let name = authority.host().trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip == addr.ip() || ip.is_loopback() || addr.ip().is_unspecified(),
        Err(_) => false,
    }
}

fn display_addr(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() { format!("127.0.0.1:{}", addr.port()) } else { addr.to_string() }
}

/// Binds the port, or the next free one (announced), up to ten tries.
async fn bind(interface: IpAddr, port: u16) -> Result<tokio::net::TcpListener> {
    let mut last = None;
    for candidate in port..port.saturating_add(10) {
        match tokio::net::TcpListener::bind((interface, candidate)).await {
            Ok(listener) => {
                if candidate != port {
                    warn!("port {port} is in use; using {candidate} instead");
                }
                return Ok(listener);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(Error::Msg(format!(
        "cannot listen on {interface}:{port} or the nine ports after it ({}): pass --port with a free port",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// Brings the served files up to date: a first (or retried) full load, or an incremental refresh
/// of what `changed` touches (after an edit in place, only its pages: `finish_rebuild` writes the
/// rest). On failure the last good files stay and the error is shown.
fn rebuild(
    engine: &mut Option<Engine<'static>>,
    root: &Path,
    options: &BuildOptions,
    changed: &[PathBuf],
    state: &Shared,
) -> Option<Vec<String>> {
    let started = Instant::now();
    let result = match engine {
        Some(engine) => engine.refresh(changed).and_then(|()| engine.render_edited_first()),
        None => Engine::load(root, options).and_then(|mut fresh| {
            let changes = fresh.render_changed();
            *engine = Some(fresh);
            changes
        }),
    };
    let Ok(mut guard) = state.write() else { return None };
    match result {
        Ok(changes) => {
            let paths: Vec<String> = changes.iter().map(|(path, _)| path.clone()).collect();
            let count = guard.apply(changes);
            // A good build after a failed one must reload: the open tabs show the error.
            let recovered = guard.error.take().is_some();
            guard.search_pending = engine.as_ref().is_some_and(|e| e.search_stale());
            guard.later = engine.as_ref().map(|e| e.stale_for_later().iter().cloned().collect()).unwrap_or_default();
            guard.served_first = engine.as_ref().filter(|e| e.rest_put_off()).map(|_| paths.iter().cloned().collect());
            info!("rebuilt {count} files in {:.0?}", started.elapsed());
            if recovered { None } else { Some(paths) }
        }
        Err(e) => {
            guard.show_error(&e);
            None
        }
    }
}

/// Writes what a rebuild that served the edited pages first put off (`Engine::render_edited_first`):
/// every other file the edit changed (the entity pages, previews and lists that count its
/// mentions, say). Returns what to tell open tabs: nothing, if every file it changed was held
/// back from requests meanwhile, as expected.
fn finish_rebuild(engine: &mut Option<Engine<'static>>, state: &Shared) -> Option<Option<Vec<String>>> {
    let engine = engine.as_mut().filter(|e| e.rest_put_off())?;
    // The edited pages failed: their error is shown, and the next edit's rebuild does the rest.
    if state.read().map_or(true, |s| s.error.is_some()) {
        return None;
    }
    let started = Instant::now();
    let result = engine.render_changed_pages();
    let Ok(mut guard) = state.write() else { return None };
    let served_first = guard.served_first.take().unwrap_or_default();
    match result {
        Ok(changes) => {
            // Files no request waited for: the edited pages, assets.
            let unheld: Vec<String> = changes
                .iter()
                .map(|(path, _)| path)
                .filter(|path| served_first.contains(*path) || !held_for_rest(path))
                .cloned()
                .collect();
            let count = guard.apply(changes);
            guard.search_pending = engine.search_stale();
            guard.later = engine.stale_for_later().iter().cloned().collect();
            info!("rebuilt {count} more files in {:.0?}", started.elapsed());
            (!unheld.is_empty()).then_some(Some(unheld))
        }
        Err(e) => {
            guard.show_error(&e);
            Some(None)
        }
    }
}

/// Whether a request for `file` waits while a rebuild writes what it put off: what a page shows
/// as it is read (stylesheets, scripts, images, fonts) is served at once, so the edited page
/// shows without waiting.
fn held_for_rest(file: &str) -> bool {
    const ASSETS: &[&str] = &[
        "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2", "ttf",
        "otf",
    ];
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e);
    !ASSETS.iter().any(|a| extension.eq_ignore_ascii_case(a))
}

/// Writes the files the last rebuild left for later (`Engine::render_changed_pages`): with no
/// edit since, they are all `render_changed` finds stale. Returns false if that failed (a broken
/// feed template, say): the error is then what the server shows.
fn render_later(engine: &mut Option<Engine<'static>>, state: &Shared) -> bool {
    let Some(engine) = engine else { return true };
    if engine.stale_for_later().is_empty() {
        return true;
    }
    let started = Instant::now();
    let result = engine.render_changed();
    let Ok(mut guard) = state.write() else { return true };
    guard.later.clear();
    match result {
        Ok(changes) => {
            let count = guard.apply(changes);
            tracing::debug!("rendered the {count} files left for later in {:.0?}", started.elapsed());
            true
        }
        Err(e) => {
            guard.show_error(&e);
            false
        }
    }
}

/// Writes the search index again if the pages it is made of changed (at 10,000 documents this
/// takes a few hundred ms, so it runs after the pages are served, not before).
fn update_search(engine: &mut Option<Engine<'static>>, state: &Shared, interrupted: &dyn Fn() -> bool) {
    let Some(engine) = engine else { return };
    if !engine.search_stale() {
        return;
    }
    let started = Instant::now();
    let Some(changes) = engine.search_changes_unless(interrupted) else {
        tracing::debug!("search index: put off after {:.0?}, an edit came in", started.elapsed());
        return;
    };
    let Ok(mut guard) = state.write() else { return };
    let count = guard.apply(changes);
    guard.search_pending = false;
    tracing::debug!("search index: {count} files in {:.0?}", started.elapsed());
}

/// Holds a request for a file being written again after the pages (the search index, one left
/// for later) until it is (at most a few seconds).
async fn wait_for_pending(state: &Shared, file: &str) {
    let search = crate::search::is_index_file(file);
    for _ in 0..500 {
        let pending = state
            .read()
            .map(|s| {
                let rest = s.served_first.as_ref().is_some_and(|first| !first.contains(file) && held_for_rest(file));
                (search && s.search_pending) || s.later.contains(file) || rest
            })
            .unwrap_or(false);
        if !pending {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// New or changed seeds are imported first; the pages they write join the same rebuild. A PDF is
/// imported on a thread of its own (OCR reads a scanned page in seconds): edits go on being
/// served meanwhile, and the page it writes into `content/` is seen and served as any edit.
fn import_seeds(root: &Path, changed: &[PathBuf]) -> Vec<PathBuf> {
    let (pdfs, seeds): (Vec<PathBuf>, Vec<PathBuf>) = changed
        .iter()
        .filter(|p| p.strip_prefix(root).is_ok_and(|r| r.starts_with(crate::import::SEEDS_DIR)) && p.is_file())
        .cloned()
        .partition(|p| crate::import::is_pdf(p));
    if !pdfs.is_empty() {
        import_in_background(root, pdfs);
    }
    if seeds.is_empty() {
        return Vec::new();
    }
    import_now(root, seeds)
}

fn import_now(root: &Path, seeds: Vec<PathBuf>) -> Vec<PathBuf> {
    match crate::import::run(root, &crate::import::ImportOptions { seeds, ..Default::default() }) {
        Ok(report) => {
            for line in report.warnings.iter().chain(&report.failed) {
                warn!("{line}");
            }
            report.written.iter().chain(&report.draft_officials).chain(&report.removed).map(|p| root.join(p)).collect()
        }
        Err(e) => {
            warn!("import failed: {e}");
            Vec::new()
        }
    }
}

/// Imports `seeds` on a thread of its own, each seed once at a time however often it is saved.
fn import_in_background(root: &Path, seeds: Vec<PathBuf>) {
    static IN_FLIGHT: std::sync::LazyLock<std::sync::Mutex<std::collections::HashSet<PathBuf>>> =
        std::sync::LazyLock::new(Default::default);
    let Ok(mut in_flight) = IN_FLIGHT.lock() else { return };
    let seeds: Vec<PathBuf> = seeds.into_iter().filter(|s| in_flight.insert(s.clone())).collect();
    drop(in_flight);
    if seeds.is_empty() {
        return;
    }
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for seed in &seeds {
            info!("importing {} in the background", seed.strip_prefix(&root).unwrap_or(seed).display());
        }
        let written = import_now(&root, seeds.clone());
        for page in &written {
            info!("imported {}", page.strip_prefix(&root).unwrap_or(page).display());
        }
        if let Ok(mut in_flight) = IN_FLIGHT.lock() {
            for seed in &seeds {
                in_flight.remove(seed);
            }
        }
    });
}

type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// How long the sources must be left alone after a rebuild before the files it left for later and
/// the search index are written.
const FOLLOW_UP_AFTER_QUIET: Duration = Duration::from_millis(150);

/// Watches the sources and rebuilds on a worker thread. Events go through a channel, so the worker
/// can also start watching a source folder created after `serve` started (a first `seeds/`).
fn watch(
    root: &Path,
    options: BuildOptions,
    mut engine: Option<Engine<'static>>,
    state: Shared,
    on_rebuilt: impl Fn(Option<Vec<String>>) + Send + 'static,
) -> Result<Arc<std::sync::Mutex<Watcher>>> {
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let root = root.to_path_buf();
    let output = root.join("public");
    // Batches that change a source, sent and taken: while more were sent, an edit is waiting,
    // and writing the search index gives way to it.
    let sent = Arc::new(AtomicUsize::new(0));
    let mut taken = 0;
    let counter = Arc::clone(&sent);
    let (forward_root, forward_output) = (root.clone(), output.clone());
    let forward = move |events: DebounceEventResult| {
        if changes_sources(&events, &forward_root, &forward_output) {
            counter.fetch_add(1, Ordering::SeqCst);
        }
        let _ = tx.send(events);
    };
    // 20 ms gathers the burst of events one save makes (write, rename, metadata) without adding
    // noticeably to the time from save to reload.
    let mut debouncer = new_debouncer(Duration::from_millis(20), None, forward)
        .map_err(|e| Error::Msg(format!("cannot watch {}: {e}", root.display())))?;
    // Folders, not files: editors that save by writing a new file and renaming it are still seen.
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::Msg(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Msg(format!("cannot watch {}: {e}", root.display())))?;
    let debouncer = Arc::new(std::sync::Mutex::new(debouncer));
    let handle = Arc::downgrade(&debouncer);
    std::thread::spawn(move || {
        let mut next = rx.recv();
        while let Ok(events) = next {
            taken += usize::from(changes_sources(&events, &root, &output));
            let mut changed: Vec<PathBuf> = match events {
                Ok(events) => changed_sources(&events, &root, &output).cloned().collect(),
                Err(errors) => {
                    for e in errors {
                        warn!("watching: {e}");
                    }
                    // Events were lost: rebuild from scratch.
                    engine = None;
                    Vec::new()
                }
            };
            if !changed.is_empty() || engine.is_none() {
                changed.extend(watch_new_folders(&root, &changed, &handle));
                changed.sort();
                changed.dedup();
                let imported = import_seeds(&root, &changed);
                changed.extend(imported);
                let rebuilt = rebuild(&mut engine, &root, &options, &changed, &state);
                on_rebuilt(rebuilt);
                // At once: requests for what it changes wait for it.
                if let Some(rebuilt) = finish_rebuild(&mut engine, &state) {
                    on_rebuilt(rebuilt);
                }
            }
            // After the reload, so the edited page shows first, and once the saves stop coming:
            // the open data and the index take hundreds of ms at 10,000 pages, and an editor
            // saving as they type should not wait for them between saves. A request for one of
            // their files waits for it (`wait_for_pending`).
            next = match rx.recv_timeout(FOLLOW_UP_AFTER_QUIET) {
                Err(RecvTimeoutError::Timeout) => {
                    if !render_later(&mut engine, &state) {
                        on_rebuilt(None);
                    }
                    update_search(&mut engine, &state, &|| sent.load(Ordering::SeqCst) > taken);
                    rx.recv()
                }
                Ok(events) => Ok(events),
                Err(RecvTimeoutError::Disconnected) => break,
            };
        }
    });
    Ok(debouncer)
}

/// The sources a batch of events changed. Reads are reported too (the rebuild itself opens every
/// source), and files outside the sources (an editor's swap file, `public/`) change nothing.
fn changed_sources<'a>(
    events: &'a [notify_debouncer_full::DebouncedEvent],
    root: &'a Path,
    output: &'a Path,
) -> impl Iterator<Item = &'a PathBuf> {
    events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter())
        .filter(move |p| is_source(root, output, p))
}

/// Whether a batch of events may change a source (lost events may have).
fn changes_sources(events: &DebounceEventResult, root: &Path, output: &Path) -> bool {
    events.as_ref().map_or(true, |events| changed_sources(events, root, output).next().is_some())
}

/// Starts watching any source folder that has just been created at the root, and returns the
/// files already in it (written before the watch began, so no event will report them).
fn watch_new_folders(
    root: &Path,
    changed: &[PathBuf],
    watcher: &std::sync::Weak<std::sync::Mutex<Watcher>>,
) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in changed {
        let is_new_folder = path.parent() == Some(root)
            && path.is_dir()
            && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| WATCHED.contains(&n));
        if !is_new_folder {
            continue;
        }
        if let Some(watcher) = watcher.upgrade()
            && let Ok(mut watcher) = watcher.lock()
            && let Err(e) = watcher.watch(path, RecursiveMode::Recursive)
        {
            warn!("cannot watch {}: {e}", path.display());
        }
        found.extend(
            walkdir::WalkDir::new(path)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path()),
        );
    }
    found
}

/// Whether a changed path is a source: inside a watched folder or site.yaml, and not an editor's
/// swap or backup file.
fn is_source(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name.starts_with(".#") || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first == crate::config::CONFIG_FILE || WATCHED.contains(&first.as_str())
}

/// Maps a request path to an output file. Any `..` segment, encoded or not, is refused.
fn lookup(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if decoded.ends_with('/') || joined.is_empty() {
        Some(if joined.is_empty() { "index.html".into() } else { format!("{joined}/index.html") })
    } else {
        Some(joined)
    }
}

fn respond(state: &Shared, path: &str) -> Response<Body> {
    let Ok(guard) = state.read() else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "server state unavailable");
    };
    // Before the first good build there is nothing to show under the error: show it alone, on
    // every path, until a rebuild succeeds (the page reloads itself then).
    if let (Some(error), true) = (&guard.error, guard.files.is_empty()) {
        let page = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>\
                     <body><h1>The handbook does not build yet</h1><p>Fix the error below and save: this page reloads.</p></body></html>";
        let mut res = Response::new(Body::from(with_overlay(page, error)));
        *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let key = lookup(path);
    let found = key.as_deref().and_then(|k| guard.files.get(k).map(|b| (k.to_string(), b)));
    let (status, key, bytes) = match found {
        Some((k, b)) => (StatusCode::OK, k, b.clone()),
        None => {
            // `/documents/x` → `/documents/x/` when that page exists.
            if let Some(k) = &key
                && guard.files.contains_key(&format!("{k}/index.html"))
            {
                let mut res = Response::new(Body::empty());
                *res.status_mut() = StatusCode::MOVED_PERMANENTLY;
                if let Ok(location) = HeaderValue::from_str(&format!("{}/", path.trim_end_matches('/'))) {
                    res.headers_mut().insert(header::LOCATION, location);
                }
                return res;
            }
            match guard.files.get("404.html") {
                Some(b) => (StatusCode::NOT_FOUND, "404.html".to_string(), b.clone()),
                None => return plain(StatusCode::NOT_FOUND, "not found"),
            }
        }
    };
    let mime = content_type(&key);
    let html = mime.as_bytes().starts_with(b"text/html");
    let body = match (&guard.error, html) {
        (Some(error), true) => with_overlay(&bytes, error),
        _ => bytes,
    };
    let body = if html { with_restyle(&body) } else { body };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, mime);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut res = Response::new(Body::from(text));
    *res.status_mut() = status;
    res
}

/// The build error, shown over the last good page until the next good build.
fn with_overlay(html: &[u8], error: &str) -> Vec<u8> {
    let overlay = format!(
        "<div id=\"handbook-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;\
         z-index:2147483647;margin:0;padding:1rem 1.5rem;background:#2b0b0b;color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;\
         border-top:4px solid #ff5c5c\"><strong>Build failed — showing the last good version of this page.</strong>\
         <pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>",
        html_escape(error)
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{overlay}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{overlay}").into_bytes(),
    }
}

/// The Content-Type for an output file; text types say UTF-8, which is what the build writes.
fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = if mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::XML {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_batches_that_change_a_source_put_the_search_index_off() {
        use notify_debouncer_full::DebouncedEvent;
        use notify_debouncer_full::notify::event::{AccessKind, Event, ModifyKind};
        let (root, output) = (Path::new("/site"), Path::new("/site/public"));
        let batch = |kind: EventKind, path: &str| -> DebounceEventResult {
            Ok(vec![DebouncedEvent::new(Event::new(kind).add_path(PathBuf::from(path)), Instant::now())])
        };
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(changes_sources(&batch(modify, "/site/content/documents/a.md"), root, output));
        assert!(changes_sources(&batch(modify, "/site/site.yaml"), root, output));
        // A read (the rebuild opens every source), an editor's swap file, the output, a stray log.
        assert!(!changes_sources(&batch(EventKind::Access(AccessKind::Any), "/site/content/a.md"), root, output));
        assert!(!changes_sources(&batch(modify, "/site/content/.a.md.swp"), root, output));
        assert!(!changes_sources(&batch(modify, "/site/public/index.html"), root, output));
        assert!(!changes_sources(&batch(modify, "/site/build.log"), root, output));
        // Lost events may have changed anything.
        assert!(changes_sources(&Err(Vec::new()), root, output));
    }

    #[test]
    fn only_requests_addressed_to_the_server_itself_are_answered() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let allowed = |host: &str, addr| host_allowed(Some(&HeaderValue::from_str(host).unwrap()), addr);
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111", "127.0.0.1"] {
            assert!(allowed(host, loopback), "{host}");
        }
        // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
        for host in ["evil.example:1111", "evil.example", "127.0.0.1.nip.io:1111", "127.0.0.1:2222", "192.168.1.5:1111"]
        {
            assert!(!allowed(host, loopback), "{host}");
        }
        assert!(!host_allowed(None, loopback), "no Host header");
        // On every interface, a LAN address is how other machines reach it; names still are not.
        let everywhere: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(allowed("192.168.1.5:1111", everywhere));
        assert!(!allowed("evil.example:1111", everywhere));
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for path in
            ["/../etc/passwd", "/%2e%2e/etc/passwd", "/a/%2E%2E/%2e%2e/x", "/..%5c..%5cwin.ini", "/a\\..\\b", "/%00"]
        {
            assert_eq!(lookup(path), None, "{path}");
        }
        // Decoded once, as a request is: a double-encoded dot-dot is a name, never a step up.
        assert_eq!(lookup("/%252e%252e/etc/passwd"), Some("%2e%2e/etc/passwd".into()));
        assert_eq!(lookup("/"), Some("index.html".into()));
        assert_eq!(lookup("/documents/x/"), Some("documents/x/index.html".into()));
        assert_eq!(lookup("/style.css"), Some("style.css".into()));
    }

    #[test]
    fn content_types_name_utf8_for_text() {
        assert_eq!(content_type("documents/x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        let xml = content_type("sitemap.xml");
        let xml = xml.to_str().unwrap();
        assert!(xml.contains("xml") && xml.ends_with("; charset=utf-8"), "{xml}");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }

    #[test]
    fn overlay_goes_before_body_end_and_escapes_the_message() {
        let html = with_overlay(b"<html><body><p>x</p></body></html>", "a.md:1:1: <bad>");
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("&lt;bad&gt;"));
        assert!(html.find("handbook-error").unwrap() < html.find("</body>").unwrap());
    }
}
