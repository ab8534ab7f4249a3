//! The incremental invariant: after any sequence of edits, creates, deletes and renames, what
//! `serve` holds (refresh + render_changed, applied to its in-memory site) equals, byte for byte,
//! a clean build of the same sources. Failing edits in between must not break that.

use std::path::PathBuf;

use handbook::site::{BuildOptions, Engine, MemoryOutput, build_in_memory};
use proptest::prelude::*;

use crate::common::TestSite;

const SENTENCES: &[&str] = &[
    "The Council adopted resolution 2086 (2013) on peacekeeping.",
    "Secretary-General António Guterres briefed the Council.",
    "Mr. Ban urged Member States to contribute troops.",
    "The statement S/PRST/2007/3 was recalled.",
    "Recalling its resolutions 1325 (2000) and 2553 (2020), the Council spoke.",
    "The Secretary-General welcomed the report.",
    "Nothing in this sentence is an entity.",
    "See [the other story](/documents/doc-1/) for background.",
    // Before MINUSMA existed on the first date, after on the others; "the Mission" is MINUSMA
    // only on a page naming no other running mission.
    "MINUSMA patrols continued near Gao, as UNMISS did in Juba.",
    "MINUSMA patrols continued near Gao.",
    "The Mission reported progress.",
];

const OFFICIALS: &[(&str, &str)] = &[
    (
        "antonio-guterres",
        "title: António Guterres\naliases: [\"Guterres\", \"Mr. Guterres\"]\nroles:\n  - title: Secretary-General of the United Nations\n    from: 2017-01-01",
    ),
    (
        "ban-ki-moon",
        "title: Ban Ki-moon\naliases: [\"Mr. Ban\"]\nroles:\n  - title: Secretary-General of the United Nations\n    from: 2007-01-01\n    to: 2016-12-31",
    ),
];

#[derive(Debug, Clone)]
enum Op {
    /// Rewrite document `doc` with these sentences, this date, this title variant.
    Write {
        doc: u8,
        sentences: Vec<u8>,
        year: u8,
        title: u8,
    },
    /// Add a sentence at the end of document `doc`, front-matter untouched: an editor typing.
    Append {
        doc: u8,
        sentence: u8,
    },
    Delete {
        doc: u8,
    },
    Rename {
        doc: u8,
        to: u8,
    },
    /// Break a document's front-matter (the build fails until it is rewritten).
    Break {
        doc: u8,
    },
    /// Change an official: alias set, draft flag, or delete.
    Official {
        which: u8,
        variant: u8,
    },
    /// Switch a template between valid variants.
    Template {
        variant: u8,
    },
    SectionIntro {
        variant: u8,
    },
    SiteTitle {
        variant: u8,
    },
    /// A curated resolution page.
    Curate {
        variant: u8,
    },
    /// A mission's note: none, with an alias, or moving the mission's start.
    MissionNote {
        variant: u8,
    },
    /// The site's own list of missions, or the built-in one.
    MissionList {
        variant: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..6u8, prop::collection::vec(0..SENTENCES.len() as u8, 1..4), 0..3u8, 0..3u8)
            .prop_map(|(doc, sentences, year, title)| Op::Write { doc, sentences, year, title }),
        2 => (0..6u8, 0..SENTENCES.len() as u8).prop_map(|(doc, sentence)| Op::Append { doc, sentence }),
        1 => (0..6u8).prop_map(|doc| Op::Delete { doc }),
        1 => (0..6u8, 0..6u8).prop_map(|(doc, to)| Op::Rename { doc, to }),
        1 => (0..6u8).prop_map(|doc| Op::Break { doc }),
        1 => (0..2u8, 0..4u8).prop_map(|(which, variant)| Op::Official { which, variant }),
        1 => (0..3u8).prop_map(|variant| Op::Template { variant }),
        1 => (0..2u8).prop_map(|variant| Op::SectionIntro { variant }),
        1 => (0..2u8).prop_map(|variant| Op::SiteTitle { variant }),
        1 => (0..3u8).prop_map(|variant| Op::Curate { variant }),
        1 => (0..3u8).prop_map(|variant| Op::MissionNote { variant }),
        1 => (0..2u8).prop_map(|variant| Op::MissionList { variant }),
    ]
}

fn doc_path(doc: u8) -> String {
    format!("content/documents/doc-{doc}.md")
}

fn write_doc(site: &TestSite, doc: u8, sentences: &[u8], year: u8, title: u8) {
    let body: Vec<&str> = sentences.iter().map(|&s| SENTENCES[s as usize]).collect();
    let date = ["2013-01-22", "2017-09-20", "2020-12-03"][year as usize];
    // The second title variant also lists the next story as related (shown by title and URL).
    let related = if title == 1 { format!("related: [doc-{}]\n", (doc + 1) % 6) } else { String::new() };
    let title = ["Story", "Another story", "Story"][title as usize];
    site.write(
        &doc_path(doc),
        &format!("---\ntitle: {title} {doc}\ndate: {date}\n{related}---\n{}\n", body.join("\n\n")),
    );
}

/// Applies `op` to the files; returns the paths a watcher would report.
fn apply(site: &TestSite, op: &Op) -> Vec<PathBuf> {
    let root = site.root();
    match op {
        Op::Write { doc, sentences, year, title } => {
            write_doc(site, *doc, sentences, *year, *title);
            vec![root.join(doc_path(*doc))]
        }
        Op::Append { doc, sentence } => {
            // A document that is not there stays not there.
            if let Ok(text) = std::fs::read_to_string(root.join(doc_path(*doc))) {
                site.write(&doc_path(*doc), &format!("{text}\n{}\n", SENTENCES[*sentence as usize]));
            }
            vec![root.join(doc_path(*doc))]
        }
        Op::Delete { doc } => {
            let _ = std::fs::remove_file(root.join(doc_path(*doc)));
            vec![root.join(doc_path(*doc))]
        }
        Op::Rename { doc, to } => {
            let _ = std::fs::rename(root.join(doc_path(*doc)), root.join(doc_path(*to)));
            vec![root.join(doc_path(*doc)), root.join(doc_path(*to))]
        }
        Op::Break { doc } => {
            site.write(&doc_path(*doc), "---\ntitle: [unclosed\n---\nBroken.\n");
            vec![root.join(doc_path(*doc))]
        }
        Op::Official { which, variant } => {
            let (slug, base) = OFFICIALS[*which as usize];
            let path = format!("content/officials/{slug}.md");
            match variant {
                0 => {
                    site.write(&path, &format!("---\n{base}\n---\nBiography.\n"));
                }
                1 => {
                    site.write(&path, &format!("---\n{base}\ndraft: true\n---\nBiography.\n"));
                }
                2 => {
                    site.write(
                        &path,
                        &format!(
                            "---\n{}\n---\nA shorter biography.\n",
                            base.replace("\"Mr. Guterres\"", "\"SG Guterres\"")
                        ),
                    );
                }
                _ => {
                    let _ = std::fs::remove_file(root.join(&path));
                }
            }
            vec![root.join(path)]
        }
        Op::Template { variant } => {
            let path = "templates/page.html";
            match variant {
                0 => {
                    let _ = std::fs::remove_file(root.join(path));
                }
                1 => {
                    site.write(path, "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}");
                }
                _ => {
                    site.write(path, "{% extends \"base.html\" %}{% block content %}<p>{{ page.date_long }}</p>{{ page.content | safe }}{% for b in page.backlinks %}{{ b.title }}{% endfor %}{% endblock content %}");
                }
            }
            vec![root.join(path)]
        }
        Op::SectionIntro { variant } => {
            site.write(
                "content/documents/_index.md",
                &format!("---\ntitle: Documents {variant}\n---\nIntro {variant}.\n"),
            );
            vec![root.join("content/documents/_index.md")]
        }
        Op::SiteTitle { variant } => {
            site.write("site.yaml", &format!("title: Handbook {variant}\nbase_url: https://example.org/\n"));
            vec![root.join("site.yaml")]
        }
        Op::Curate { variant } => {
            let path = "content/resolutions/2086-2013.md";
            match variant {
                0 => {
                    let _ = std::fs::remove_file(root.join(path));
                }
                _ => {
                    site.write(
                        path,
                        &format!("---\ntitle: Notes {variant}\n---\nEditor's notes {variant}; see Mr. Ban.\n"),
                    );
                }
            }
            vec![root.join(path)]
        }
        Op::MissionNote { variant } => {
            let path = "content/missions/minusma.md";
            let title =
                "title: United Nations Multidimensional Integrated Stabilization Mission in Mali\nacronym: MINUSMA";
            match variant {
                0 => {
                    let _ = std::fs::remove_file(root.join(path));
                }
                1 => {
                    site.write(path, &format!("---\n{title}\naliases: [\"Gao patrols\"]\n---\nA note; see Mr. Ban.\n"));
                }
                _ => {
                    site.write(path, &format!("---\n{title}\nfrom: 2012-06-01\n---\nAnother note.\n"));
                }
            }
            vec![root.join(path)]
        }
        Op::MissionList { variant } => {
            let path = "data/peace-operations.csv";
            match variant {
                0 => {
                    let _ = std::fs::remove_file(root.join(path));
                }
                _ => {
                    site.write(
                        path,
                        "acronym,name,kind,location,start,end,established_by,predecessor,successor,source\n\
                         MINUSMA,United Nations Multidimensional Integrated Stabilization Mission in Mali,peacekeeping,Mali,2013-01-01,2023-12-31,2100 (2013),,,test\n",
                    );
                }
            }
            vec![root.join(path)]
        }
    }
}

fn initial_site() -> TestSite {
    let site = TestSite::new();
    // Two to a page: edits that add, remove or re-date documents move cards between the pages of
    // the list, and previous/next links between documents.
    site.write("content/documents/_index.md", "---\ntitle: Documents\npaginate_by: 2\n---\n");
    for (slug, meta) in OFFICIALS {
        site.write(&format!("content/officials/{slug}.md"), &format!("---\n{meta}\n---\nBiography.\n"));
    }
    write_doc(&site, 1, &[0, 1], 1, 0);
    write_doc(&site, 2, &[2, 3, 7], 0, 1);
    write_doc(&site, 3, &[4, 5], 2, 0);
    write_doc(&site, 4, &[8, 10], 1, 0);
    // Pages no edit touches, citing what edits add: with enough pages, a one-page edit takes the
    // shorter ways (the entity index patched, previews recounted) that a rebuild of many pages
    // does not.
    for (doc, sentences) in [(10, &[0, 1][..]), (11, &[4]), (12, &[2, 8]), (13, &[3])] {
        write_doc(&site, doc, sentences, 1, 0);
    }
    site
}

fn apply_changes(output: &mut MemoryOutput, changes: Vec<(String, Option<Vec<u8>>)>) {
    for (path, bytes) in changes {
        match bytes {
            Some(b) => output.insert(path, b),
            None => output.remove(&path),
        };
    }
}

fn first_difference(a: &MemoryOutput, b: &MemoryOutput) -> String {
    for (k, v) in a {
        match b.get(k) {
            None => return format!("{k} only in the incremental output"),
            Some(w) if w != v => {
                return format!(
                    "{k} differs:\n--- incremental\n{}\n--- clean\n{}",
                    String::from_utf8_lossy(v),
                    String::from_utf8_lossy(w)
                );
            }
            _ => {}
        }
    }
    b.keys().find(|k| !a.contains_key(*k)).map(|k| format!("{k} only in the clean output")).unwrap_or_default()
}

/// Applies `ops` to a served site (each with whether the next edit comes in while the index is
/// written) and checks the result against a clean build.
fn incremental_equals_clean(ops: &[(Op, bool)]) -> Result<(), TestCaseError> {
    let site = initial_site();
    let options = BuildOptions::default();
    let mut engine = Engine::load(site.root(), &options).expect("initial load");
    let mut output = MemoryOutput::new();
    apply_changes(&mut output, engine.render_changed().expect("initial render"));
    // `serve` writes the search index after the pages it reads: the same here.
    apply_changes(&mut output, engine.search_changes());
    let mut last_ok = true;
    for (op, next_edit_comes_first) in ops {
        let changed = apply(&site, op);
        // As `serve` does: the edited pages first, then the other pages; the files that can
        // wait, and the search index, once the edits stop coming.
        let first = engine.refresh(&changed).and_then(|()| engine.render_edited_first());
        let served_first: Vec<String> = first.iter().flatten().map(|(path, _)| path.clone()).collect();
        let result = first.and_then(|first| {
            apply_changes(&mut output, first);
            engine.render_changed_pages()
        });
        last_ok = match result {
            Ok(changes) => {
                // Served before the rest was made, they must not change with it: open tabs
                // reload once.
                let again: Vec<&String> = changes.iter().map(|(p, _)| p).filter(|p| served_first.contains(p)).collect();
                prop_assert!(again.is_empty(), "served first, then rendered again: {again:?}");
                apply_changes(&mut output, changes);
                // In `serve`, an edit coming in while the index is written puts it off, and an
                // edit coming in before the files left for later are written, those.
                if *next_edit_comes_first {
                    match engine.search_changes_unless(&|| true) {
                        None => prop_assert!(engine.search_stale(), "an index put off is still to be written"),
                        // Nothing was stale, or there is no page to index: nothing to put off.
                        Some(changes) => apply_changes(&mut output, changes),
                    }
                    true
                } else {
                    let later = engine.render_changed().map(|changes| apply_changes(&mut output, changes));
                    apply_changes(&mut output, engine.search_changes());
                    later.is_ok()
                }
            }
            Err(_) => false,
        };
    }
    // Once the edits stop, what was left for later and the index are written.
    if last_ok {
        match engine.render_changed() {
            Ok(changes) => apply_changes(&mut output, changes),
            Err(_) => last_ok = false,
        }
    }
    apply_changes(&mut output, engine.search_changes());
    match build_in_memory(site.root(), &options) {
        Ok(clean) => {
            prop_assert!(last_ok, "the clean build succeeds but the last incremental rebuild failed");
            prop_assert!(output == clean, "{}", first_difference(&output, &clean));
        }
        Err(e) => prop_assert!(!last_ok, "the clean build fails ({e}) but the incremental one succeeded"),
    }
    Ok(())
}

/// 48 cases keep CI short; `PROPTEST_CASES=1000 cargo test --release --test suite incremental` searches
/// further (1,000 cases take about 9 minutes in release on 2 cores, a debug build had not finished them after 56 minutes).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn incremental_rebuilds_equal_a_clean_build(ops in prop::collection::vec((op(), any::<bool>()), 1..10)) {
        incremental_equals_clean(&ops)?;
    }
}

/// Found by the property test in CI: a document written while the index was put off, then
/// deleted, brought the index's inputs back to what was last written, so the deleted page was
/// never forgotten and stayed in the search index.
#[test]
fn a_page_indexed_while_the_index_is_put_off_then_deleted_leaves_the_index() {
    let write = |doc| Op::Write { doc, sentences: vec![0], year: 0, title: 0 };
    let ops = [(write(0), false), (write(5), true), (Op::Delete { doc: 5 }, false)];
    if let Err(e) = incremental_equals_clean(&ops) {
        panic!("{e}");
    }
}

/// The initial site with documents up to 39, enough that a one-page edit takes the shorter ways,
/// loaded and rendered as `serve` starts: the site, the engine, and how many files it rendered.
fn served_site_of_forty_documents() -> (TestSite, Engine<'static>, usize) {
    let site = initial_site();
    for doc in 4..40u8 {
        write_doc(&site, doc, &[6], 0, 0);
    }
    let mut engine = Engine::load(site.root(), &BuildOptions::default()).unwrap();
    let all = engine.render_changed().unwrap().len();
    (site, engine, all)
}

#[test]
fn one_page_edit_re_renders_that_page_and_what_shows_it_not_everything() {
    let (site, mut engine, all) = served_site_of_forty_documents();
    // A body edit that changes no title, date, summary or mention: only the page itself.
    site.write(
        &doc_path(7),
        "---\ntitle: Story 7\ndate: 2013-01-22\n---\nNothing in this sentence is an entity.\n\nA new paragraph.\n",
    );
    engine.refresh(&[site.root().join(doc_path(7))]).unwrap();
    let changed: Vec<String> = engine.render_changed().unwrap().into_iter().map(|(p, _)| p).collect();
    assert_eq!(changed, vec!["documents/doc-7/index.html"], "of {all} files");
    // A new mention: the page, the entity page that now lists it, the open data that records
    // who mentions whom, and the entity's preview (it counts the pages that mention it).
    site.write(
        &doc_path(7),
        "---\ntitle: Story 7\ndate: 2013-01-22\n---\nNothing in this sentence is an entity.\n\nMr. Ban spoke.\n",
    );
    engine.refresh(&[site.root().join(doc_path(7))]).unwrap();
    let mut changed: Vec<String> = engine.render_changed().unwrap().into_iter().map(|(p, _)| p).collect();
    changed.sort();
    assert_eq!(
        changed,
        vec![
            "data/documents.json",
            "data/officials.json",
            "documents/doc-7/index.html",
            "officials/ban-ki-moon/index.html",
            handbook::site::preview_file("/officials/ban-ki-moon/").as_str(),
        ]
    );
    // A new mission mention: the page, the mission's page, the list that counts its mentions.
    site.write(
        &doc_path(7),
        "---\ntitle: Story 7\ndate: 2013-01-22\n---\nNothing in this sentence is an entity.\n\nMr. Ban spoke.\n\nMONUSCO patrolled.\n",
    );
    engine.refresh(&[site.root().join(doc_path(7))]).unwrap();
    let mut changed: Vec<String> = engine.render_changed().unwrap().into_iter().map(|(p, _)| p).collect();
    changed.sort();
    assert_eq!(
        changed,
        vec![
            "data/documents.json",
            "data/missions.json",
            "documents/doc-7/index.html",
            "missions/index.html",
            "missions/monusco/index.html",
            handbook::site::preview_file("/missions/monusco/").as_str(),
        ]
    );
}

#[test]
fn an_edit_that_adds_a_mention_serves_its_pages_before_what_lists_them() {
    let (site, mut engine, _) = served_site_of_forty_documents();
    let paths = |changes: Vec<(String, Option<Vec<u8>>)>| {
        let mut paths: Vec<String> = changes.into_iter().map(|(p, _)| p).collect();
        paths.sort();
        paths
    };
    site.write(
        &doc_path(7),
        "---\ntitle: Story 7\ndate: 2013-01-22\n---\nNothing in this sentence is an entity.\n\nMr. Ban spoke.\n",
    );
    engine.refresh(&[site.root().join(doc_path(7))]).unwrap();
    assert!(engine.rest_put_off(), "an edit in place puts the entity pages off");
    // First the page, and the official's page, which lists who mentions him.
    let first = engine.render_edited_first().unwrap();
    let page = first.iter().find(|(p, _)| p == "documents/doc-7/index.html").and_then(|(_, b)| b.clone());
    assert!(String::from_utf8_lossy(&page.unwrap_or_default()).contains("/officials/ban-ki-moon/"));
    assert_eq!(paths(first), ["documents/doc-7/index.html", "officials/ban-ki-moon/index.html"]);
    // Then the official's preview, which counts those pages; the open data once edits pause.
    let rest = engine.render_changed_pages().unwrap();
    assert!(!engine.rest_put_off());
    assert_eq!(paths(rest), [handbook::site::preview_file("/officials/ban-ki-moon/")]);
    assert_eq!(paths(engine.render_changed().unwrap()), ["data/documents.json", "data/officials.json"]);
}

#[test]
fn retitling_a_page_re_renders_its_neighbours_and_the_list_page_that_holds_it() {
    let site = TestSite::with_default_theme();
    site.write("content/documents/_index.md", "---\ntitle: Documents\npaginate_by: 2\n---\n");
    for (doc, date) in [(1, "2020-01-01"), (2, "2020-01-02"), (3, "2020-01-03")] {
        site.write(&doc_path(doc), &format!("---\ntitle: Story {doc}\ndate: {date}\n---\nText.\n"));
    }
    let mut engine = Engine::load(site.root(), &BuildOptions::default()).unwrap();
    let before: MemoryOutput =
        engine.render_changed().unwrap().into_iter().filter_map(|(p, b)| Some((p, b?))).collect();
    let page = |out: &MemoryOutput, path: &str| String::from_utf8_lossy(&out[path]).into_owned();
    // Newest first: 3, 2 | 1. Story 2 sits between 3 and 1, on the first page of the list.
    assert!(page(&before, "documents/doc-3/index.html").contains("Story 2"), "3's next is 2");
    assert!(before.contains_key("documents/page/2/index.html"), "three documents, two a page");

    site.write(&doc_path(2), "---\ntitle: Retitled\ndate: 2020-01-02\n---\nText.\n");
    engine.refresh(&[site.root().join(doc_path(2))]).unwrap();
    let changed: MemoryOutput =
        engine.render_changed().unwrap().into_iter().filter_map(|(p, b)| Some((p, b?))).collect();
    for neighbour in ["documents/doc-3/index.html", "documents/doc-1/index.html"] {
        let html = changed.get(neighbour).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        assert!(html.contains("Retitled"), "{neighbour} shows its neighbour's new title");
    }
    assert!(page(&changed, "documents/index.html").contains("Retitled"), "the list's first page shows the new title");
}
