//! Measures mission recognition against the hand-made answer key
//! (`tests/fixtures/missions_answer_key.yaml`) on the seeds and the real UN documents of
//! `tests/fixtures/samples/`, each imported as `import` would, with the handbook's own list and
//! mission pages: precision and recall of the missions each page names, its anachronisms, and
//! what "the Mission" resolves to. `cargo test --test suite missions_answer_key -- --nocapture`.

use std::path::Path;
use std::sync::Arc;

use handbook::content::{self, Parsed};
use handbook::entities::{self, Entity, Missions};
use handbook::links::{Found, page_mentions};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    seed: Option<String>,
    file: Option<String>,
    part: usize,
    #[allow(dead_code)]
    date: Option<String>,
    missions: Vec<String>,
    anachronistic: Vec<String>,
    the_mission: Option<String>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn missions() -> Missions {
    let pages: Vec<Arc<content::Page>> = content::read_dir(root(), &root().join("content/missions"))
        .unwrap()
        .into_iter()
        .filter_map(|(_, parsed)| match parsed.unwrap() {
            Parsed::Page(p) => Some(p),
            Parsed::Section(_) => None,
        })
        .collect();
    Missions::new(&entities::site_missions(root()).unwrap(), pages.iter().map(|p| (p.slug.as_str(), &p.meta)))
}

#[derive(Default)]
struct Score {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

impl Score {
    fn add(&mut self, got: &[String], want: &[String], what: &str, problems: &mut Vec<String>) {
        for g in got {
            if want.contains(g) {
                self.true_pos += 1;
            } else {
                self.false_pos += 1;
                problems.push(format!("{what}: found {g}, not in the key"));
            }
        }
        for w in want.iter().filter(|w| !got.contains(w)) {
            self.false_neg += 1;
            problems.push(format!("{what}: missed {w}"));
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn missions_answer_key() {
    let recognizer = entities::site_recognizer(root()).unwrap();
    let missions = missions();
    let key: Vec<Expected> =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("tests/fixtures/missions_answer_key.yaml")).unwrap())
            .unwrap();
    let (mut named, mut anachronistic, mut the_mission) = (Score::default(), Score::default(), Score::default());
    let mut problems = Vec::new();
    for expected in &key {
        let (name, path) = match (&expected.seed, &expected.file) {
            (Some(seed), _) => (seed.clone(), root().join("seeds").join(seed)),
            (_, Some(file)) => (file.clone(), root().join("tests/fixtures/samples").join(file)),
            _ => panic!("an entry names neither a seed nor a file: {expected:?}"),
        };
        let conversion = handbook::import::convert(&name, &std::fs::read(&path).unwrap()).unwrap();
        let page = &conversion.pages[expected.part - 1];
        let mut found: Vec<Found> = Vec::new();
        for text in [page.meta.title.as_str(), page.body.as_str()] {
            for (i, mention) in recognizer.find(text, page.meta.date).into_iter().enumerate() {
                // One sentence per mention, so what "the Mission" joins can be told apart.
                let sentence =
                    if mention.entity == Entity::TheMission { format!("the-mission-{i}") } else { String::new() };
                found.push(Found { entity: mention.entity, sentence: sentence.into() });
            }
        }
        let mut got: Vec<String> = Vec::new();
        let mut early: Vec<String> = Vec::new();
        for f in &found {
            match &f.entity {
                Entity::Mission(slug) if !got.contains(slug) => got.push(slug.clone()),
                Entity::Anachronism(e) => {
                    if let Entity::Mission(slug) = e.as_ref()
                        && !early.contains(slug)
                    {
                        early.push(slug.clone());
                    }
                }
                _ => {}
            }
        }
        let what = format!("{name} part {}", expected.part);
        named.add(&got, &expected.missions, &what, &mut problems);
        anachronistic.add(&early, &expected.anachronistic, &format!("{what} (anachronistic)"), &mut problems);
        let mentions = page_mentions(&found, &page.meta, &missions);
        let resolved: Vec<String> = mentions
            .groups
            .iter()
            .filter(|g| g.sentences.iter().any(|s| s.starts_with("the-mission-")))
            .map(|g| g.entity.key())
            .collect();
        let want: Vec<String> = expected.the_mission.iter().cloned().collect();
        the_mission.add(&resolved, &want, &format!("{what} (the Mission)"), &mut problems);
    }
    println!("{:<14} {:>4} {:>4} {:>4} {:>10} {:>8}", "", "tp", "fp", "fn", "precision", "recall");
    for (label, s) in [("missions", &named), ("anachronistic", &anachronistic), ("the Mission", &the_mission)] {
        println!(
            "{label:<14} {:>4} {:>4} {:>4} {:>9.1}% {:>7.1}%",
            s.true_pos,
            s.false_pos,
            s.false_neg,
            100.0 * s.precision(),
            100.0 * s.recall()
        );
    }
    for p in &problems {
        println!("  {p}");
    }
    assert!(named.precision() >= 0.98 && named.recall() >= 0.98, "missions:\n{}", problems.join("\n"));
    assert!(anachronistic.precision() >= 0.98 && anachronistic.recall() >= 0.98, "{}", problems.join("\n"));
    assert!(the_mission.precision() >= 0.98 && the_mission.recall() >= 0.98, "{}", problems.join("\n"));
}
