//! Measures the recognizer against the hand-made answer key (`tests/fixtures/answer_key.yaml`) on
//! the seeds, with the real catalogue and officials registry, and prints precision and recall per
//! kind: `cargo test --test entities_answer_key -- --nocapture`.

use std::collections::BTreeMap;
use std::path::Path;

use handbook::content;
use handbook::date::Date;
use handbook::entities::{Entity, Recognizer, Registry};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    seed: String,
    part: usize,
    date: Option<String>,
    resolutions: Vec<String>,
    documents: Vec<String>,
    officials: Vec<String>,
}

const KINDS: [&str; 3] = ["resolutions", "documents", "officials"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The documents of a seed: most seeds are one; seed 004 is a Spanish letter and, from the line
/// "United Nations" before "S/RES/2553 (2020)", the resolution it transmits.
fn parts(seed: &str, text: &str) -> Vec<String> {
    if !seed.starts_with("004_") {
        return vec![text.to_string()];
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let symbol = lines.iter().position(|l| l.trim() == "S/RES/2553 (2020)").expect("seed 004 has the resolution");
    let start = (0..symbol).rev().find(|&i| lines[i].trim() == "United Nations").expect("a heading before it");
    vec![lines[..start].concat(), lines[start..].concat()]
}

fn recognizer() -> Recognizer {
    let site = content::load(root(), false).unwrap();
    let registry = Registry::from_content(&site);
    assert!(registry.get("antonio-guterres").is_some(), "the registry loads content/officials/");
    handbook::entities::site_recognizer(root()).unwrap()
}

#[derive(Default)]
struct Score {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

#[test]
fn answer_key() {
    let recognizer = recognizer();
    let key: Vec<Expected> =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("tests/fixtures/answer_key.yaml")).unwrap()).unwrap();
    let mut scores: BTreeMap<&str, Score> = KINDS.iter().map(|k| (*k, Score::default())).collect();
    let mut problems = Vec::new();
    let mut seen_docs = 0;
    for seed in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = seed.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, part) in parts(&name, &text).iter().enumerate() {
            let expected = key
                .iter()
                .find(|e| e.seed == name && e.part == i + 1)
                .unwrap_or_else(|| panic!("no answer-key entry for {name} part {}", i + 1));
            seen_docs += 1;
            let date = expected.date.as_deref().map(|d| Date::parse_iso(d).expect("an ISO date"));
            let mentions = recognizer.find(part, date);
            // Distinct entities of each kind, in order of first mention.
            let mut found: BTreeMap<&str, Vec<String>> = KINDS.iter().map(|k| (*k, Vec::new())).collect();
            for m in &mentions {
                let kind = match &m.entity {
                    Entity::Resolution(_) => "resolutions",
                    Entity::Document(_) => "documents",
                    Entity::Official(_) => "officials",
                    Entity::UnknownOfficial(person) => {
                        let (title, official) = (&person.title, &person.name);
                        problems.push(format!("{name} part {}: unknown official {title} {official}", i + 1));
                        continue;
                    }
                    // Missions have an answer key of their own (`missions_answer_key`).
                    Entity::Mission(_) | Entity::TheMission => continue,
                    Entity::Anachronism(e) => {
                        problems.push(format!("{name} part {}: anachronism {}", i + 1, e.key()));
                        continue;
                    }
                };
                let list = found.get_mut(kind).unwrap();
                let k = m.entity.key();
                if !list.contains(&k) {
                    list.push(k);
                }
            }
            for kind in KINDS {
                let want = match kind {
                    "resolutions" => &expected.resolutions,
                    "documents" => &expected.documents,
                    _ => &expected.officials,
                };
                let got = &found[kind];
                let score = scores.get_mut(kind).unwrap();
                for g in got {
                    if want.contains(g) {
                        score.true_pos += 1;
                    } else {
                        score.false_pos += 1;
                        problems.push(format!("{name} part {}: {kind}: found {g}, not in the key", i + 1));
                    }
                }
                for w in want {
                    if !got.contains(w) {
                        score.false_neg += 1;
                        problems.push(format!("{name} part {}: {kind}: missed {w}", i + 1));
                    }
                }
                if got.iter().all(|g| want.contains(g)) && want.iter().all(|w| got.contains(w)) && got != want {
                    problems.push(format!("{name} part {}: {kind}: order {got:?}, key {want:?}", i + 1));
                }
            }
        }
    }
    assert_eq!(seen_docs, key.len(), "every answer-key entry has its document");

    println!("{:<12} {:>4} {:>4} {:>4} {:>10} {:>8}", "kind", "tp", "fp", "fn", "precision", "recall");
    for (kind, s) in &scores {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        println!(
            "{kind:<12} {:>4} {:>4} {:>4} {:>9.1}% {:>7.1}%",
            s.true_pos,
            s.false_pos,
            s.false_neg,
            100.0 * ratio(s.true_pos, s.true_pos + s.false_pos),
            100.0 * ratio(s.true_pos, s.true_pos + s.false_neg),
        );
    }
    for p in &problems {
        println!("  {p}");
    }
    assert!(problems.is_empty(), "{} differences from the answer key:\n{}", problems.len(), problems.join("\n"));
}
