//! Restyling open pages in place: a change that touches only stylesheets swaps them in every
//! open tab instead of reloading it, so a reader keeps their place. [`RESTYLE_SCRIPT`], added to
//! every page, long-polls [`RESTYLE_PATH`] and swaps the changed stylesheets.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Response, header};

/// Where open pages ask whether stylesheets changed (`?after=N`: answered once version N is past).
pub(super) const RESTYLE_PATH: &str = "/__handbook/restyle";
pub(super) const RESTYLE_SCRIPT_PATH: &str = "/__handbook/restyle.js";
/// Swaps a changed stylesheet for a fresh copy, removing the old one once the new one has loaded
/// (so the page never shows unstyled). A script file, not inline: pages keep working under a
/// Content-Security-Policy without 'unsafe-inline'.
pub(super) const RESTYLE_SCRIPT: &str = r#"(function () {
  var version = null;
  function swap(files) {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) return;
      if (!files.some(function (f) { return url.pathname === "/" + f; })) return;
      url.searchParams.set("restyle", String(Date.now()));
      var fresh = old.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", function () { old.remove(); });
      old.after(fresh);
    });
  }
  function poll() {
    fetch("/__handbook/restyle" + (version === null ? "" : "?after=" + version), { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) {
        if (m) { if (version !== null && m.version > version) swap(m.files); version = m.version; }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// The last stylesheet-only change: a version number and the stylesheets it changed.
pub(super) type Restyle = tokio::sync::watch::Sender<(u64, Vec<String>)>;

/// Answers a restyle poll: at once if `after` is behind, else when the next change comes (or after
/// 25 s, with the same version, so proxies and browsers never see a hung request).
pub(super) async fn restyle_poll(restyle: &Restyle, query: Option<&str>) -> Response<Body> {
    let after = query.and_then(|q| q.strip_prefix("after=")).and_then(|v| v.parse::<u64>().ok());
    let mut changes = restyle.subscribe();
    if let Some(after) = after
        && changes.borrow().0 <= after
    {
        let _ = tokio::time::timeout(Duration::from_secs(25), changes.changed()).await;
    }
    let (version, files) = changes.borrow().clone();
    let body = serde_json::json!({ "version": version, "files": files }).to_string();
    let mut res = Response::new(Body::from(body));
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Whether a rebuild changed stylesheets and nothing else: open tabs restyle instead of reloading.
pub(super) fn only_stylesheets(changed: &[String]) -> bool {
    !changed.is_empty() && changed.iter().all(|path| path.ends_with(".css"))
}

/// Adds the restyle script before `</body>`.
pub(super) fn with_restyle(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{RESTYLE_SCRIPT_PATH}\" defer></script>");
    match memchr::memmem::rfind(html, b"</body>") {
        Some(i) => [&html[..i], tag.as_bytes(), &html[i..]].concat(),
        None => [html, tag.as_bytes()].concat(),
    }
}
