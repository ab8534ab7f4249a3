//! The theme as a reader meets it, checked by axe-core (npm) in headless Chromium
//! (`tests/browser/axe.mjs`, driven by playwright-core): every page type of the repository's own
//! handbook, published under a sub-path and served by a real static server, in the light and the
//! dark colour scheme, under a strict Content-Security-Policy (no inline script or style). Any
//! serious or critical violation, any colour-contrast failure (WCAG AA), and any console error (a
//! CSP violation is one) fails the test.
//!
//! Where Chromium or the harness's npm packages are missing the test says so loudly and passes;
//! with `CI` set it must run (`.ci/run` installs them with `npm ci --prefix tests/browser`).

use std::process::Command;

use crate::common::repo;
use crate::publish::{repository_site, serve_sub_path_build};

/// Whether `tests/browser/node_modules` holds the harness's packages.
fn harness_available() -> bool {
    let present = repo().join("tests/browser/node_modules/axe-core/axe.min.js").is_file()
        && repo().join("tests/browser/node_modules/playwright-core").is_dir();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the accessibility test: npm ci --prefix tests/browser (.ci/run does)"
        );
        eprintln!("\n*** SKIPPED: the axe harness is not installed: npm ci --prefix tests/browser ***\n");
    }
    present
}

#[test]
fn every_page_type_passes_axe_in_light_and_dark() {
    if !crate::browser::browser_available() || !harness_available() {
        return;
    }
    let site = repository_site();
    let (_server, origin) = serve_sub_path_build(site.path());
    let paths = [
        "/sub/",
        // A document in Spanish (its text is lang="es"), a document with a vote, a news story.
        "/sub/documents/carta-de-fecha-3-de-diciembre-de-2020-dirigida-al-secretario-general-y-a-los/",
        "/sub/documents/resolution-2553-2020/",
        "/sub/documents/guterres-s-grand-plan-to-remake-the-un-s-peace-and-security-pillar/",
        "/sub/resolutions/2553-2020/",
        "/sub/officials/antonio-guterres/",
        "/sub/missions/unmiss/",
        "/sub/documents/",
        "/sub/resolutions/",
        "/sub/missions/",
        "/sub/agenda/",
        "/sub/agenda/the-situation-in-cyprus/",
        "/sub/officials/",
        "/sub/timeline/",
        "/sub/timeline/2020/",
        "/sub/search/?q=security+council",
        "/sub/404.html",
    ];
    for path in paths {
        assert!(
            site.path().join("www").join(path.trim_start_matches('/').split('?').next().unwrap_or_default()).exists(),
            "{path} was not built: the page list is out of date"
        );
    }
    let output = Command::new("node")
        .arg(repo().join("tests/browser/axe.mjs"))
        .arg(&origin)
        .args(paths)
        .output()
        .expect("run node tests/browser/axe.mjs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stdout.lines().find_map(|l| l.strip_prefix("AXE-SUMMARY ")).unwrap_or_default();
    let summary: serde_json::Value = serde_json::from_str(summary).unwrap_or_default();
    assert!(output.status.success(), "axe found violations (or could not run):\n{stdout}\n{stderr}");
    assert_eq!(summary["checked"], serde_json::json!(paths.len() * 2), "every page in both schemes:\n{stdout}");
    assert_eq!(summary["violations"], serde_json::json!([]), "{stdout}");
}
