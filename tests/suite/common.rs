//! A handbook in a temporary folder, built with the real binary: the harness for whole-site tests.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// A site with the test theme (`tests/fixtures/theme`, whose markup the tests read), a
    /// site.yaml and nothing else.
    pub fn new() -> TestSite {
        TestSite::with_theme(&repo().join("tests/fixtures/theme"))
    }

    /// A site with the repository's own theme, for the tests of what readers get.
    pub fn with_default_theme() -> TestSite {
        TestSite::with_theme(&repo().join("themes/handbook"))
    }

    fn with_theme(theme: &Path) -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(theme, &dir.path().join("themes/handbook"));
        let site = TestSite { dir };
        site.write("site.yaml", "title: Test Handbook\nbase_url: https://example.org/\n");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
        self
    }

    pub fn page(&self, rel: &str, front_matter: &str, body: &str) -> &Self {
        self.write(&format!("content/{rel}"), &format!("---\n{front_matter}\n---\n{body}"))
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.dir.path().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.dir.path().join(rel).exists()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output: Output = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("--root")
            .arg(self.dir.path())
            .args(args)
            .env_remove("HANDBOOK_LOG")
            .output()
            .expect("run handbook");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Builds and asserts success.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// Runs a command that must fail with exit 1, and returns its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 1, "expected exit 1, got {}\nstdout: {}\nstderr: {}", run.code, run.stdout, run.stderr);
        assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
        assert!(!run.stderr.contains("RUST_BACKTRACE"), "backtrace: {}", run.stderr);
        run.stderr
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let dest = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A child process (a server, a driver), killed and reaped when dropped, so a failing test
/// leaves nothing running.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// `handbook serve` on an OS-chosen loopback port, stopped when dropped.
pub struct Server {
    _child: Killed,
    /// `http://127.0.0.1:PORT/`, as the server announced it.
    pub base: String,
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("--root")
            .arg(site.root())
            .args(["serve", "--port", "0"])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let _ = tx.send(line[at..].split_whitespace().next().unwrap_or_default().to_string());
                }
            }
        });
        let base = rx.recv_timeout(Duration::from_secs(30)).expect("serve announced its address");
        Server { _child: Killed(child), base }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self._child.0.id()
    }

    /// Whether the server is still running.
    pub fn is_running(&mut self) -> bool {
        self._child.0.try_wait().is_ok_and(|status| status.is_none())
    }
}

// ----- reading built pages -----

/// The HTML of a built page.
pub fn html(site: &TestSite, path: &str) -> String {
    site.read(&format!("public{path}index.html"))
}

/// The rendered Markdown of a page: its `content` div, without the page's header, mention list or backlinks.
pub fn body(site: &TestSite, path: &str) -> String {
    let page = html(site, path);
    let start = page.find("<div class=\"content\">").unwrap_or_else(|| panic!("{path}: no content div:\n{page}"));
    let rest = &page[start..];
    let end = [
        "<aside class=\"page-mentions\"",
        "<p class=\"aliases\"",
        "<section aria-labelledby=\"mentions\">",
        "</article>",
    ]
    .iter()
    .filter_map(|m| rest.find(m))
    .min()
    .unwrap();
    rest[..end].to_string()
}

/// The visible text of every `<a>` whose href is exactly `href`, in order.
pub fn links_to(html: &str, href: &str) -> Vec<String> {
    let needle = format!("<a href=\"{href}\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let open_end = rest.find('>').expect("tag end");
        let close = rest.find("</a>").expect("closing </a>");
        out.push(handbook::markdown::strip_tags(&rest[open_end + 1..close]));
        rest = &rest[close..];
    }
    out
}

/// Hrefs of entity links (the ones the linker adds), in order.
pub fn entity_hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<a href=\"") {
        rest = &rest[at + "<a href=\"".len()..];
        let href = &rest[..rest.find('"').unwrap()];
        let tag_end = rest.find('>').unwrap();
        if rest[tag_end..].starts_with("><span class=\"entity ") {
            out.push(href.to_string());
        }
    }
    out
}

/// The `<section>` of an entity page under the heading whose id ends in `_<id>` ("mentions",
/// "recalls"): the theme prefixes its ids (`resolution_mentions`) so they never clash with ids made
/// from the page's own headings.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let suffix = format!("_{id}\">");
    let start = html
        .match_indices("<h2 id=\"")
        .map(|(i, _)| i)
        .find(|&i| html[i..].split('>').next().is_some_and(|tag| format!("{tag}>").ends_with(&suffix)))
        .unwrap_or_else(|| panic!("no section #…_{id}:\n{html}"));
    let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
    &html[start..end]
}
