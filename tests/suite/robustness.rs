//! What must survive bad luck and bad intent: Ctrl-C in the middle of a build, staging folders
//! left by a killed build, a page deleted mid-build, the disk filling up mid-write (a real 24 MB
//! tmpfs), a 100 MB page, templates that recurse or reach outside the site, a preview reached
//! through someone else's host name, hostile text in every field (a page's, an entity's, the data
//! files', a seed's, a file name), the fuzzers' saved inputs, and `serve` under a minute of churn.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use std::sync::LazyLock;

use crate::common::{Server, TestSite};
use regex::Regex;

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
    // Data files: the site's own replace the built-in ones, so these are the built-in ones with a
    // hostile row.
    let csv_img = IMG.replace('"', "\"\"");
    let read_data = |name: &str| std::fs::read_to_string(crate::common::repo().join("data").join(name)).expect("data");
    let catalogue: String = read_data("sc-resolutions.csv")
        .lines()
        .map(|row| {
            if row.starts_with("2553,2020,") {
                format!("2553,2020,S/RES/2553 (2020),2020-12-03,S/PV.8790,\"Topic {SCRIPT} {csv_img}\",14-0-1,undl\n")
            } else {
                format!("{row}\n")
            }
        })
        .collect();
    site.write("data/sc-resolutions.csv", &catalogue);
    // The agenda item that groups it, a member's name, and who abstained.
    site.write("data/sc-agenda.yaml", &format!("- title: 'Item {SCRIPT}'\n  variants: ['Topic {SCRIPT} {IMG}']\n"));
    let names: String = read_data("un-members.csv")
        .lines()
        .map(|row| {
            if row.starts_with("CHN,") { format!("CHN,\"China {csv_img}\",Chine,China\n") } else { format!("{row}\n") }
        })
        .collect();
    site.write("data/un-members.csv", &names);
    site.write("data/sc-votes.csv", "number,against,abstaining,not_participating\n2553,,CHN,\n");
    site.write(
        "data/peace-operations.csv",
        &format!(
            "{}UNXYZ,\"Mission {SCRIPT}\",political,\"Place {csv_img}\",2019-01-01,,2553 (2020),,,\"Source {SCRIPT}\"\n",
            read_data("peace-operations.csv")
        ),
    );
    site.write(
        "seeds/hostile-seed.txt",
        &format!("# Seed title {SCRIPT}\n\n3 December 2020 – Seed body {SCRIPT} and {IMG}; UNXYZ and resolution 2553 (2020).\n"),
    );
    site.page(
        &format!("documents/{IMG}.md"),
        "title: Named by its file\ndate: 2020-02-01",
        "UNXYZ and resolution 2553 (2020), from a hostile file name.\n",
    );
    site.build(&["--base-url", "https://example.org/"]);
    assert!(site.exists("public/missions/unxyz/index.html"), "the hostile mission has its page");
    assert!(site.exists("public/resolutions/2553-2020/index.html"), "the hostile resolution has its page");
    // Each hostile value reached a page, as text.
    for (page, text) in [
        ("public/missions/unxyz/index.html", "Mission &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("public/missions/unxyz/index.html", "Place &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"),
        ("public/resolutions/2553-2020/index.html", "Topic &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("public/resolutions/2553-2020/index.html", "Item &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("public/resolutions/2553-2020/index.html", "(China &quot;&gt;&lt;img src=x onerror=alert(2)&gt;)"),
        ("public/agenda/index.html", "Item &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("public/documents/index.html", "Seed title &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("public/documents/index.html", "Named by its file"),
    ] {
        let html = site.read(page);
        assert!(html.contains(text), "{page} lacks {text:?}:\n{html}");
    }
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

/// A good first build, then the same site with `broken` applied: the build must fail with a
/// message containing every one of `expected`, and leave the first build's pages as they were.
fn fails_keeping_the_last_good_site(site: &TestSite, broken: impl FnOnce(&TestSite), expected: &[&str]) -> String {
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "The first build.\n");
    site.build(&[]);
    let before = site.read("public/documents/first/index.html");
    broken(site);
    let stderr = site.fails(&["build"]);
    for needle in expected {
        assert!(stderr.contains(needle), "the message lacks {needle:?}:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(site.read("public/documents/first/index.html"), before, "the last good site is untouched");
    assert_eq!(staging_folders(site), Vec::<String>::new(), "no staging folder is left");
    stderr
}

#[test]
fn a_template_that_includes_itself_fails_naming_it() {
    let site = TestSite::new();
    fails_keeping_the_last_good_site(
        &site,
        |site| {
            site.write(
                "templates/page.html",
                "{% extends \"handbook/page.html\" %}{% block content %}{% include \"page.html\" %}{% endblock content %}",
            );
        },
        &["templates/page.html", "Circular include detected for template 'page.html'"],
    );
}

#[test]
fn a_component_that_calls_itself_forever_fails_naming_the_page() {
    let site = TestSite::new();
    fails_keeping_the_last_good_site(
        &site,
        |site| {
            site.write(
                "templates/page.html",
                "{% component forever(n) %}{{ <forever n={n}/> }}{% endcomponent forever %}\
                 {% extends \"handbook/page.html\" %}{% block content %}{{ <forever n={1}/> }}{% endblock content %}",
            );
        },
        &["Maximum render recursion depth for components exceeded", "while rendering content/documents/first.md"],
    );
}

#[test]
fn a_template_cannot_reach_a_file_outside_the_site() {
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.html"), "SECRET-OUTSIDE-THE-SITE").expect("write");
    let site = TestSite::new();
    let stderr = fails_keeping_the_last_good_site(
        &site,
        |site| {
            // A symlink into the templates is not a template (only files under the site are), and
            // no path, absolute or relative, names anything but a loaded template.
            std::fs::create_dir_all(site.root().join("templates")).expect("mkdir");
            std::os::unix::fs::symlink(outside.path().join("secret.html"), site.root().join("templates/secret.html"))
                .expect("symlink");
            let dotdot = format!("../../../../../../..{}", outside.path().join("secret.html").display());
            site.write(
                "templates/page.html",
                &format!(
                    "{{% extends \"handbook/page.html\" %}}{{% block content %}}{{% include \"secret.html\" %}}\
                     {{% include \"{}\" %}}{{% include \"{dotdot}\" %}}{{% endblock content %}}",
                    outside.path().join("secret.html").display()
                ),
            );
        },
        &["templates/page.html", "secret.html"],
    );
    assert!(!stderr.contains("SECRET-OUTSIDE-THE-SITE"), "{stderr}");
}

#[test]
fn a_100_mb_content_file_is_refused_with_its_size_before_it_is_read() {
    let site = TestSite::new();
    fails_keeping_the_last_good_site(
        &site,
        |site| {
            let paragraph = "The Security Council met on peace operations and recalled resolution 2553 (2020).\n\n";
            let mut text = String::from("---\ntitle: Huge\ndate: 2020-01-02\n---\n");
            text.push_str(&paragraph.repeat(100_000_000 / paragraph.len() + 1));
            std::fs::write(site.root().join("content/documents/huge.md"), text).expect("write 100 MB");
        },
        &["content/documents/huge.md", "100.0 MB: a page may be at most 32 MB", "split it"],
    );
}

#[test]
fn a_page_deleted_while_the_build_reads_it_fails_the_build_naming_it() {
    // A one-shot build reads every front-matter first, then each body again when its batch is
    // linked: delete the pages once the first of them has rendered, before the rest are read.
    let site = TestSite::new();
    for i in 0..60 {
        site.page(
            &format!("documents/doc-{i:02}.md"),
            &format!("title: Doc {i}\ndate: 2020-01-{:02}", i % 28 + 1),
            "Text.\n",
        );
    }
    let root = site.root().to_path_buf();
    let deleted = std::sync::Mutex::new(Vec::new());
    let sink = |_: &str, _: &[u8]| -> handbook::error::Result<()> {
        let mut deleted = deleted.lock().expect("lock");
        if deleted.is_empty() {
            for i in 0..60 {
                let rel = format!("content/documents/doc-{i:02}.md");
                if std::fs::remove_file(root.join(&rel)).is_ok() {
                    deleted.push(rel);
                }
            }
        }
        Ok(())
    };
    let result = handbook::site::Engine::render_once(&root, &handbook::site::BuildOptions::default(), &sink, &[]);
    let message = match result {
        Ok(_) => panic!("the build went on without the deleted pages"),
        Err(e) => e.diagnostics().join("\n"),
    };
    assert!(message.contains("cannot read: No such file or directory"), "{message}");
    let named = deleted.lock().expect("lock").iter().any(|rel| message.contains(rel.as_str()));
    assert!(named, "the message names a deleted page: {message}");
}

/// A tmpfs of `size` mounted at a new folder, unmounted when dropped; `None` (after saying so)
/// where this process may not mount one.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().expect("tempdir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the disk-full test: it needs to mount a tmpfs (root)"
            );
            eprintln!("\n*** SKIPPED: cannot mount a small tmpfs here (not root?) ***\n");
            return None;
        }
        Some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn the_disk_filling_up_mid_write_fails_the_build_and_keeps_the_last_good_site() {
    let Some(disk) = SmallDisk::mount("24m") else { return };
    let output = disk.0.path().join("public");
    let out = output.to_string_lossy().to_string();
    let site = TestSite::new();
    site.page("documents/first.md", "title: First\ndate: 2020-01-01", "The first build.\n");
    site.build(&["--output-dir", &out]);
    let before = std::fs::read_to_string(output.join("documents/first/index.html")).expect("the first build");
    // Pages that need more than the disk has left.
    for i in 0..40 {
        site.page(
            &format!("documents/doc-{i}.md"),
            &format!("title: Document {i}\ndate: 2020-02-{:02}", i % 28 + 1),
            &"Peace operations and the Security Council, at length. ".repeat(8000),
        );
    }
    let stderr = site.fails(&["build", "--output-dir", &out]);
    assert!(stderr.to_lowercase().contains("no space left on device"), "{stderr}");
    assert!(stderr.lines().count() < 5, "said once, not for every file: {stderr}");
    assert!(stderr.contains(&out) || stderr.contains(".public.staging-"), "the message names where: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after = std::fs::read_to_string(output.join("documents/first/index.html")).expect("the last good site");
    assert_eq!(after, before, "the last good site is untouched");
    let left: Vec<String> = std::fs::read_dir(disk.0.path())
        .expect("list the disk")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["public".to_string()], "the staging folder is removed");
}

/// Every input the fuzzers ever crashed or hung on (`fuzz/regressions/<target>/`, see
/// `scripts/fuzz.sh`) replays here on stable Rust, with the fuzzers' hand-made seeds
/// (`fuzz/seeds/<target>/`) and the repository's seeds and pages as a floor: each must return,
/// within 20 seconds.
#[test]
fn the_fuzzers_saved_inputs_replay_without_a_crash_or_a_hang() {
    let mut replayed = 0;
    for (name, target) in handbook::fuzzing::TARGETS {
        let mut inputs: Vec<(String, Vec<u8>)> = vec![("(empty)".into(), Vec::new())];
        let saved = crate::common::repo().join("fuzz/regressions").join(name);
        let floor = [
            crate::common::repo().join("fuzz/seeds").join(name),
            crate::common::repo().join("seeds"),
            crate::common::repo().join("content/documents"),
        ];
        for dir in std::iter::once(&saved).chain(&floor) {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            for entry in entries.map(|e| e.expect("entry").path()).filter(|p| p.is_file()) {
                inputs.push((entry.display().to_string(), std::fs::read(&entry).expect("read an input")));
            }
        }
        for (what, bytes) in inputs {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                target(&bytes);
                let _ = tx.send(());
            });
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(()) => replayed += 1,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{name} hangs on {what}"),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("{name} panics on {what}"),
            }
        }
    }
    assert!(replayed > 20, "the targets ran: {replayed} inputs");
}

/// Resident memory of process `pid`, in kB.
fn resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/PID/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).expect("a number of kB")
}

/// What `serve` adds to every page (tower-livereload's script, the restyle script): not part of
/// the site.
fn without_preview_scripts(html: &str) -> String {
    static INJECTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?s)<script data-event-stream="[^"]*">.*?</script>|<script src="/__handbook/restyle.js" defer></script>"#)
            .expect("regex")
    });
    INJECTED.replace_all(html, "").into_owned()
}

#[test]
fn serve_under_a_minute_of_churn_never_dies_never_serves_half_a_page_and_ends_equal_to_a_clean_build() {
    const DOCS: u64 = 40;
    const EDITS: usize = 1000;
    const SENTENCES: [&str; 6] = [
        "The Council recalled resolution 2553 (2020) on security sector reform.",
        "Secretary-General António Guterres briefed the Council.",
        "MONUSCO and UNMISS reported on the protection of civilians.",
        "The statement S/PRST/2007/3 was recalled.",
        "Nothing in this sentence is an entity.",
        "Mr. Ban spoke of UNTAC and resolution 745 (1992).",
    ];
    let site = TestSite::new();
    let doc = |n: u64| format!("content/documents/doc-{n:02}.md");
    let text = |n: u64, seed: u64| {
        let body: Vec<&str> = (0..1 + seed % 4).map(|k| SENTENCES[((seed >> (k * 3)) % 6) as usize]).collect();
        format!(
            "---\ntitle: Story {n} v{}\ndate: 20{:02}-0{}-1{}\n---\n{}\n",
            seed % 7,
            10 + seed % 12,
            1 + seed % 9,
            seed % 10,
            body.join("\n\n")
        )
    };
    for n in 0..DOCS / 2 {
        site.write(&doc(n), &text(n, n * 7919));
    }
    let mut server = Server::start(&site);
    let base = server.base.trim_end_matches('/').to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let get = |agent: &ureq::Agent, path: &str| -> (u16, String) {
        match agent.get(&format!("{base}{path}")).call() {
            Ok(mut r) => (r.status().as_u16(), r.body_mut().read_to_string().unwrap_or_default()),
            Err(e) => panic!("GET {path}: {e}"),
        }
    };
    let home = get(&agent, "/").1;
    let start_kb = resident_kb(server.pid());

    // A reader: fetches pages as fast as it can; every HTML page it gets must be whole.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (stop, agent, base) = (stop.clone(), agent.clone(), base.clone());
        std::thread::spawn(move || {
            let (mut fetched, mut n) = (0usize, 0u64);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let path = match n % 5 {
                    0 => "/".to_string(),
                    1 => "/documents/".to_string(),
                    2 => "/resolutions/2553-2020/".to_string(),
                    3 => "/search/index.json".to_string(),
                    _ => format!("/documents/doc-{:02}/", n % DOCS),
                };
                let Ok(mut response) = agent.get(&format!("{base}{path}")).call() else {
                    panic!("the server stopped answering ({path})")
                };
                let html =
                    response.headers().get("content-type").is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
                let body = response.body_mut().read_to_string().unwrap_or_default();
                if html {
                    assert!(
                        body.trim_end().ends_with("</html>") || body.contains("</html>"),
                        "half a page at {path}:\n{body}"
                    );
                }
                fetched += 1;
            }
            fetched
        })
    };
    // A live-reload client: holds the event stream open through the churn.
    let stream_path =
        Regex::new(r#"data-event-stream="([^"]+)""#).expect("regex").captures(&home).map(|c| c[1].to_string());
    let stream_path = stream_path.expect("pages carry the live-reload script");
    let reloads = {
        let (stop, agent, url) = (stop.clone(), agent.clone(), format!("{base}{stream_path}"));
        std::thread::spawn(move || {
            // Reconnects whenever the stream ends, as the page's script does.
            let mut events = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let Ok(mut response) = agent.get(&url).call() else { break };
                let mut reader = response.body_mut().as_reader();
                let mut buf = [0u8; 4096];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 || stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    events += buf[..n].windows(5).filter(|w| w == b"data:").count();
                }
            }
            events
        })
    };
    // A minute of edits: writes, creates, deletes, renames and broken files, from a fixed seed.
    let mut seed: u64 = 0x2553_2020;
    let mut half_kb = 0;
    let started = Instant::now();
    for edit in 0..EDITS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let (a, b) = (seed % DOCS, (seed >> 8) % DOCS);
        let path_a = site.root().join(doc(a));
        match (seed >> 16) % 10 {
            0..=4 => {
                site.write(&doc(a), &text(a, seed));
            }
            5 | 6 => {
                let _ = std::fs::remove_file(&path_a);
            }
            7 | 8 => {
                let _ = std::fs::rename(&path_a, site.root().join(doc(b)));
            }
            _ => {
                site.write(&doc(a), "---\ntitle: [unclosed\n---\nBroken front-matter.\n");
            }
        }
        if edit % 100 == 0 {
            assert!(server.is_running(), "the server died after {edit} edits");
        }
        if edit == EDITS / 2 {
            half_kb = resident_kb(server.pid());
        }
        std::thread::sleep(Duration::from_millis(55));
    }
    // Mend what is broken, then wait for a last edit to be served: every earlier one is too.
    for n in 0..DOCS {
        if site.exists(&doc(n)) && site.read(&doc(n)).contains("[unclosed") {
            site.write(&doc(n), &text(n, n));
        }
    }
    site.write("content/documents/zz-last.md", "---\ntitle: The last edit\ndate: 2020-01-01\n---\nDone.\n");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !get(&agent, "/documents/zz-last/").1.contains("The last edit") {
        assert!(Instant::now() < deadline, "the last edit was never served");
        std::thread::sleep(Duration::from_millis(100));
    }
    let churn = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let fetched = reader.join().expect("the reader saw only whole pages");
    let end_kb = resident_kb(server.pid());
    assert!(server.is_running(), "the server survived");

    // The preview now equals a clean build of the same sources, file for file.
    let clean = handbook::site::build_in_memory(
        site.root(),
        &handbook::site::BuildOptions { base_url: Some(server.base.clone()), ..Default::default() },
    )
    .expect("a clean build of the final sources");
    let mut compared = 0;
    for (file, bytes) in &clean {
        let path = match file.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{file}"),
        };
        let (status, served) = get(&agent, &path);
        assert_eq!(status, 200, "{path} is not served");
        let expected = String::from_utf8_lossy(bytes);
        let served = if file.ends_with(".html") { without_preview_scripts(&served) } else { served };
        assert!(served == expected, "{path} differs from a clean build:\n--- served\n{served}\n--- clean\n{expected}");
        compared += 1;
    }
    drop(server);
    let reload_events = reloads.join().unwrap_or(0);
    eprintln!(
        "churn: {EDITS} edits in {churn:.1?}; {fetched} pages fetched meanwhile; {reload_events} reload events; \
         resident {start_kb} kB at the start, {half_kb} kB halfway, {end_kb} kB at the end; {compared} files equal to a clean build"
    );
    assert!(fetched > 100, "the reader kept reading: {fetched}");
    assert!(reload_events > 10, "the live-reload stream announced the rebuilds: {reload_events}");
    assert!(end_kb < start_kb * 2 + 50_000, "memory grew from {start_kb} kB to {end_kb} kB");
}
