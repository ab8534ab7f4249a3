//! What must survive bad luck and bad intent: Ctrl-C in the middle of a build, staging folders
//! left by a killed build, a preview reached through someone else's host name, and hostile text
//! in every field a page has.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Server, TestSite};

fn staging_folders(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(site.root())
        .expect("read the site root")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[test]
fn ctrl_c_mid_build_leaves_the_last_good_site_and_no_staging_folder() {
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "The first build.\n");
    site.build(&[]);
    let before = site.read("public/documents/first/index.html");
    // Enough pages that the build is still writing when the signal arrives.
    for i in 0..2500 {
        site.page(
            &format!("documents/doc-{i}.md"),
            &format!("title: Document {i}\ndate: 2020-02-{:02}", i % 28 + 1),
            &"The Security Council met on peace operations; resolution 2553 (2020) was recalled. ".repeat(40),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--root")
        .arg(site.root())
        .args(["build"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the build");
    let staging = site.root().join(format!(".public.staging-{}", child.id()));
    // Wait until the build is writing pages, then press Ctrl-C.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !staging.join("documents").is_dir() {
        assert!(Instant::now() < deadline, "the build never started writing");
        assert!(child.try_wait().expect("status").is_none(), "the build ended before it could be interrupted");
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill -INT");
    assert!(sent.success());
    let status = child.wait().expect("wait for the build");
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read stderr");
    assert_eq!(status.code(), Some(130), "exit code after Ctrl-C; stderr:\n{stderr}");
    assert!(stderr.contains("interrupted: the output folder is as it was"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.contains("interrupted")).count(), 1, "said once:\n{stderr}");
    assert_eq!(staging_folders(&site), Vec::<String>::new(), "the staging folder is removed");
    assert_eq!(site.read("public/documents/first/index.html"), before, "the last good site is untouched");
    assert!(!site.exists("public/documents/doc-0/index.html"));
}

#[test]
fn a_build_sweeps_staging_folders_left_by_builds_that_no_longer_run() {
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "Text.\n");
    // As a build killed with SIGKILL leaves them: no process has these ids (they exceed pid_max).
    site.write(".public.staging-999999999/documents/x/index.html", "half a site");
    site.write(".public.old-999999998/index.html", "an old site");
    // Not ours to remove: other names, and a folder of a process that runs (this test).
    site.write(&format!(".public.staging-{}/keep.html", std::process::id()), "a build running now");
    site.write(".public.staging-notapid/keep.html", "not a staging folder of ours");
    site.build(&[]);
    let mut left = staging_folders(&site);
    left.sort();
    assert_eq!(left, vec![format!(".public.staging-{}", std::process::id()), ".public.staging-notapid".to_string()]);
    assert!(site.exists("public/documents/first/index.html"));
}

/// Sends a GET with this `Host` header to the server and returns the status code.
fn status_with_host(server: &Server, host: &str) -> u16 {
    let addr = server.base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn serve_refuses_requests_for_another_host_name() {
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "Text.\n");
    let server = Server::start(&site);
    let own = server.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let port = own.rsplit(':').next().expect("port").to_string();
    assert_eq!(status_with_host(&server, &own), 200);
    assert_eq!(status_with_host(&server, &format!("localhost:{port}")), 200);
    assert_eq!(status_with_host(&server, &format!("evil.example:{port}")), 403, "DNS rebinding");
    assert_eq!(status_with_host(&server, "evil.example"), 403);
}

#[test]
fn hostile_text_in_any_field_never_becomes_markup_or_breaks_json() {
    const SCRIPT: &str = "<script>alert(1)</script>";
    const IMG: &str = "\"><img src=x onerror=alert(2)>";
    let site = TestSite::with_default_theme();
    site.page(
        "documents/hostile.md",
        &format!(
            "title: 'Title {SCRIPT}'\ndate: 2020-01-01\nsource: 'Source {IMG}'\nplace: 'Place {SCRIPT}'\n\
             author: 'Author {IMG}'\nsummary: 'Summary {IMG} {SCRIPT}'\nsymbol: 'S/2020/1{SCRIPT}'\nkind: report"
        ),
        &format!("Body {SCRIPT} and {IMG} and [a link](javascript:alert(3)).\n"),
    );
    site.page(
        "officials/jane-doe.md",
        &format!(
            "title: 'Jane {SCRIPT} Doe'\naliases: ['J. {IMG}']\nroles:\n  - title: 'Envoy {SCRIPT}'\n    from: 2019-01-01"
        ),
        "Jane Doe is an envoy.\n",
    );
    site.build(&["--base-url", "https://example.org/"]);
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.root().join("public")) {
        let entry = entry.expect("walk");
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        match ext {
            "html" | "xml" => {
                for bad in ["<script>alert", "<img src=x", "href=\"javascript:"] {
                    assert!(!text.contains(bad), "{} contains {bad:?}", path.display());
                }
                checked += 1;
            }
            "json" => {
                let value: Result<serde_json::Value, _> = serde_json::from_str(&text);
                assert!(value.is_ok(), "{} is not valid JSON", path.display());
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 50, "{checked} files");
    // The title is there, as text.
    let page = site.read("public/documents/hostile/index.html");
    assert!(page.contains("Title &lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    // And in the search index as a plain JSON string, which search.js shows with textContent.
    let meta = std::fs::read_dir(site.root().join("public/search/m"))
        .expect("search metadata")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    assert!(meta.contains("Title <script>alert(1)</script>"), "{meta}");
}

#[test]
fn a_symlink_loop_under_content_is_not_followed() {
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "Text.\n");
    std::os::unix::fs::symlink("..", site.root().join("content/documents/loop")).expect("symlink");
    let run = site.build(&[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(site.exists("public/documents/first/index.html"));
    assert!(!site.exists("public/documents/loop"), "the link is not a section");
}

#[test]
fn a_page_whose_file_name_is_not_utf8_is_named_not_dropped() {
    use std::os::unix::ffi::OsStrExt;
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "Text.\n");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(site.root().join("content/documents").join(name), "---\ntitle: Caf\n---\nText.\n").expect("write");
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("content/documents/caf"), "{stderr}");
    assert!(stderr.contains("the file name is not valid UTF-8: rename the file"), "{stderr}");
    assert!(!site.exists("public"), "nothing was published");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_named() {
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "Text.\n");
    site.write("not-a-folder", "a file where the output's parent should be");
    let stderr = site.fails(&["build", "--output-dir", "not-a-folder/public"]);
    assert!(stderr.contains("not-a-folder: a file is where a folder of the output"), "{stderr}");
    assert!(stderr.contains("pass another --output-dir"), "{stderr}");
    assert_eq!(site.read("not-a-folder"), "a file where the output's parent should be", "left as it was");
}
