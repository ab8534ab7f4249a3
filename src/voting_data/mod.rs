//! `handbook data update FILE`: merges the UN Dag Hammarskjöld Library's *Security Council Voting
//! Data* (its CSV, as downloaded from <https://digitallibrary.un.org/record/4055387>) into `data/`.
//!
//! The catalogue is the editors': a new resolution becomes a row and an empty fact is filled, but
//! a fact that disagrees with the Library is reported and kept, unless `--accept-library`. Per-
//! member votes go into `sc-votes.csv` and the Council's members by year into `sc-members.csv`.
//! What the dataset contradicts in itself is left out ([`dataset`]). Every file is written aside
//! and renamed into place only once all of them are written, so `data/` is never half-updated.

mod dataset;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::entities::{
    self, AGENDA_FILE, Agenda, BUILT_IN_AGENDA, CATALOGUE_FILE, LIBRARY_SOURCE, MEMBERS_FILE, MemberVotes, Members,
    ResolutionId, VOTES_FILE, Votes,
};
use crate::error::{Diagnostic, Error, Result};
pub use dataset::{Adoption, Dataset};

#[derive(Debug, Clone, Default)]
pub struct UpdateOptions {
    /// Where the Library's value disagrees with the catalogue's, take the Library's.
    pub accept_library: bool,
    /// Report, write nothing.
    pub dry_run: bool,
}

/// What an update did, each line ready to print.
#[derive(Debug, Clone, Default)]
pub struct UpdateReport {
    /// `file: 19 resolutions (1946–2026), 277 member rows`.
    pub read: String,
    pub added: Vec<String>,
    pub filled: Vec<String>,
    /// Facts that disagree with the Library: kept, or with `--accept-library` changed.
    pub disagreements: Vec<String>,
    pub accepted: Vec<String>,
    pub contradictions: Vec<String>,
    pub votes_recorded: usize,
    pub years_recorded: usize,
    /// The files written (none when nothing changed).
    pub written: Vec<PathBuf>,
}

impl UpdateReport {
    pub fn changed(&self) -> bool {
        !self.written.is_empty()
    }
}

/// The catalogue's columns, by position.
const ADOPTED: usize = 3;
const MEETING: usize = 4;
const TOPIC: usize = 5;
const VOTE: usize = 6;
const SOURCE: usize = 7;

/// Merges `file` into the site's `data/`.
pub fn update(root: &Path, file: &Path, options: &UpdateOptions) -> Result<UpdateReport> {
    let dataset = Dataset::read(file)?;
    let (catalogue_text, catalogue_origin) = entities::site_catalogue_source(root)?;
    // The catalogue must read before it is merged into: an update never builds on a broken file.
    let catalogue = entities::Catalogue::parse(&catalogue_text, catalogue_origin)?;
    let (agenda_text, agenda_origin) = entities::data_source(root, AGENDA_FILE, BUILT_IN_AGENDA)?;
    let agenda = Agenda::parse(&agenda_text, agenda_origin, &catalogue)?;
    let (votes_text, votes_origin) = entities::data_source(root, VOTES_FILE, entities::BUILT_IN_VOTES)?;
    let mut votes = Votes::parse(&votes_text, votes_origin)?;
    let (members_text, members_origin) = entities::data_source(root, MEMBERS_FILE, entities::BUILT_IN_MEMBERS)?;
    let mut members = Members::parse(&members_text, members_origin)?;

    let mut report = UpdateReport {
        read: describe(&dataset),
        contradictions: dataset.contradictions.clone(),
        ..UpdateReport::default()
    };
    let mut rows = CatalogueRows::read(&catalogue_text)?;
    let shown =
        |id: ResolutionId| format!("{CATALOGUE_FILE}:{}:1: resolution {id}", rows_line(&catalogue_text, id.number));
    let from = |r: &dataset::LibraryResolution| format!("{}:{}", dataset.file.display(), r.line);

    for resolution in dataset.resolutions.values() {
        let id = resolution.id;
        let library = [
            (ADOPTED, "adopted", resolution.adopted.map(|d| d.to_string())),
            (MEETING, "meeting", resolution.meeting.clone()),
            (TOPIC, "topic", resolution.agenda.clone()),
            (VOTE, "vote", resolution.adoption.as_ref().map(Adoption::catalogue_text)),
        ];
        let Some(row) = rows.get_mut(id.number) else {
            let mut row = vec![String::new(); 8];
            row[0] = id.number.to_string();
            row[1] = id.year.to_string();
            row[2] = id.symbol();
            for (column, _, value) in &library {
                row[*column] = value.clone().unwrap_or_default();
            }
            row[SOURCE] = LIBRARY_SOURCE.to_string();
            rows.insert(id.number, row);
            report.added.push(format!("resolution {id}"));
            continue;
        };
        if row[1] != id.year.to_string() {
            report.disagreements.push(format!(
                "{}: year: {} here, {} in the Library ({}); kept: a year is corrected by hand",
                shown(id),
                row[1],
                id.year,
                from(resolution)
            ));
            continue;
        }
        for (column, name, value) in library {
            let Some(value) = value else { continue };
            let ours = row[column].trim().to_string();
            if ours.is_empty() {
                row[column] = value.clone();
                row[SOURCE] = LIBRARY_SOURCE.to_string();
                report.filled.push(format!("resolution {id}: {name} {value}"));
            } else if !same_fact(column, &ours, &value, &agenda) {
                let what =
                    format!("{}: {name}: {ours:?} here, {value:?} in the Library ({})", shown(id), from(resolution));
                if options.accept_library {
                    row[column] = value;
                    row[SOURCE] = LIBRARY_SOURCE.to_string();
                    report.accepted.push(what);
                } else {
                    report.disagreements.push(what);
                }
            }
        }
    }

    for resolution in dataset.resolutions.values() {
        let Some(new) = &resolution.member_votes else { continue };
        let number = resolution.id.number;
        match votes.get(number) {
            None => votes.insert(number, new.clone()),
            Some(old) if same_votes(old, new) => {}
            Some(old) => {
                let what = format!(
                    "{VOTES_FILE}: resolution {}: {} here, {} in the Library ({})",
                    resolution.id,
                    describe_votes(old),
                    describe_votes(new),
                    from(resolution)
                );
                if options.accept_library {
                    votes.insert(number, new.clone());
                    report.accepted.push(what);
                } else {
                    report.disagreements.push(what);
                }
            }
        }
        report.votes_recorded += 1;
    }

    for (year, codes) in members_by_year(&dataset) {
        report.years_recorded += 1;
        match members.in_year(year) {
            None => members.set_year(year, codes),
            Some(old) if old == codes.as_slice() => {}
            Some(old) => {
                let what =
                    format!("{MEMBERS_FILE}: {year}: {} here, {} in the Library", old.join(";"), codes.join(";"));
                if options.accept_library {
                    members.set_year(year, codes);
                    report.accepted.push(what);
                } else {
                    report.disagreements.push(what);
                }
            }
        }
    }

    let new_catalogue = rows.to_csv()?;
    // What is written must read back: the merge cannot leave a catalogue the build refuses.
    entities::Catalogue::parse(&new_catalogue, CATALOGUE_FILE)?;
    let files = [
        (CATALOGUE_FILE, catalogue_text.as_ref(), new_catalogue),
        (VOTES_FILE, votes_text.as_ref(), votes.to_csv()),
        (MEMBERS_FILE, members_text.as_ref(), members.to_csv()),
    ];
    let changed: Vec<(&str, String)> = files
        .into_iter()
        .filter(|(file, old, new)| *old != new.as_str() || !root.join(file).is_file())
        .map(|(file, _, new)| (file, new))
        .collect();
    if !options.dry_run {
        write_all(root, &changed)?;
    }
    report.written = changed.into_iter().map(|(file, _)| PathBuf::from(file)).collect();
    Ok(report)
}

/// Whether the catalogue's `ours` and the Library's `theirs` say the same: wordings of one agenda
/// item, or one vote written two ways, are the same fact.
fn same_fact(column: usize, ours: &str, theirs: &str, agenda: &Agenda) -> bool {
    match column {
        TOPIC => agenda.same_item(ours, theirs),
        VOTE => ours.eq_ignore_ascii_case(theirs) || entities::parse_vote(ours) == entities::parse_vote(theirs),
        _ => ours == theirs,
    }
}

fn same_votes(a: &MemberVotes, b: &MemberVotes) -> bool {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    sorted(&a.against) == sorted(&b.against)
        && sorted(&a.abstaining) == sorted(&b.abstaining)
        && sorted(&a.not_participating) == sorted(&b.not_participating)
}

fn describe_votes(v: &MemberVotes) -> String {
    let list = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.join(";") };
    format!(
        "against {}, abstaining {}, not participating {}",
        list(&v.against),
        list(&v.abstaining),
        list(&v.not_participating)
    )
}

/// The Council's members each year the dataset covers: the set most of that year's resolutions
/// list (a seat that changed hands within a year, as the USSR's did, goes to the majority).
fn members_by_year(dataset: &Dataset) -> BTreeMap<u16, Vec<String>> {
    let mut seen: BTreeMap<u16, BTreeMap<&[String], usize>> = BTreeMap::new();
    for r in dataset.resolutions.values() {
        if [11, 15].contains(&r.members.len()) {
            *seen.entry(r.id.year).or_default().entry(r.members.as_slice()).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter_map(|(year, sets)| {
            let (set, _) = sets.into_iter().max_by_key(|(set, n)| (*n, std::cmp::Reverse(*set)))?;
            Some((year, set.to_vec()))
        })
        .collect()
}

fn describe(dataset: &Dataset) -> String {
    let years = dataset.years().map(|(a, b)| if a == b { format!(" ({a})") } else { format!(" ({a}–{b})") });
    format!(
        "{}: {} resolutions{}, {} member rows",
        dataset.file.display(),
        dataset.resolutions.len(),
        years.unwrap_or_default(),
        dataset.rows
    )
}

/// The line of resolution `number`'s row in the catalogue text, for messages (0 if absent).
fn rows_line(text: &str, number: u32) -> usize {
    let prefix = format!("{number},");
    text.lines().position(|l| l.starts_with(&prefix)).map_or(0, |i| i + 1)
}

/// The catalogue as rows of text, so that an update changes only the fields it means to.
struct CatalogueRows {
    rows: BTreeMap<u32, Vec<String>>,
}

impl CatalogueRows {
    fn read(text: &str) -> Result<CatalogueRows> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let mut rows = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| Error::Msg(format!("{CATALOGUE_FILE}: {e}")))?;
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            // A catalogue from before the `source` column gains it.
            row.resize(8, String::new());
            let number =
                row[0].trim().parse::<u32>().map_err(|_| Error::Msg(format!("{CATALOGUE_FILE}: bad number")))?;
            rows.insert(number, row);
        }
        Ok(CatalogueRows { rows })
    }

    fn get_mut(&mut self, number: u32) -> Option<&mut Vec<String>> {
        self.rows.get_mut(&number)
    }

    fn insert(&mut self, number: u32, row: Vec<String>) {
        self.rows.insert(number, row);
    }

    fn to_csv(&self) -> Result<String> {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let io = |e: csv::Error| Error::Msg(format!("{CATALOGUE_FILE}: cannot write: {e}"));
        writer.write_record(entities::CATALOGUE_HEADER).map_err(io)?;
        for row in self.rows.values() {
            writer.write_record(row).map_err(io)?;
        }
        let bytes = writer.into_inner().map_err(|e| Error::Msg(format!("{CATALOGUE_FILE}: cannot write: {e}")))?;
        String::from_utf8(bytes).map_err(|e| Error::Msg(format!("{CATALOGUE_FILE}: {e}")))
    }
}

/// Writes every file aside, then renames each into place: a failure before the renames leaves
/// `data/` as it was.
fn write_all(root: &Path, files: &[(&str, String)]) -> Result<()> {
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (file, text) in files {
            let path = root.join(file);
            let dir = path.parent().unwrap_or(root);
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let aside = dir.join(format!(
                ".{}.{}.tmp",
                path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                std::process::id()
            ));
            written.push((aside.clone(), path.clone()));
            write_synced(&aside, text.as_bytes()).map_err(|e| Error::io(&aside, e))?;
        }
        for (aside, path) in &written {
            std::fs::rename(aside, path).map_err(|e| Error::io(path, e))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (aside, _) in &written {
            let _ = std::fs::remove_file(aside);
        }
    }
    result
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `data update`'s report, as printed.
pub fn print(report: &UpdateReport, options: &UpdateOptions) -> Vec<String> {
    let mut out = vec![format!("read {}", report.read)];
    let list = |out: &mut Vec<String>, title: String, lines: &[String]| {
        if !lines.is_empty() {
            out.push(title);
            out.extend(lines.iter().map(|l| format!("  {l}")));
        }
    };
    list(&mut out, format!("new resolutions ({}):", report.added.len()), &report.added);
    list(&mut out, format!("facts filled ({}):", report.filled.len()), &report.filled);
    list(
        &mut out,
        format!(
            "facts that disagree with the Library, kept ({}; `--accept-library` takes the Library's):",
            report.disagreements.len()
        ),
        &report.disagreements,
    );
    list(&mut out, format!("taken from the Library ({}):", report.accepted.len()), &report.accepted);
    list(
        &mut out,
        format!("the Library's own contradictions, left out ({}):", report.contradictions.len()),
        &report.contradictions,
    );
    out.push(format!(
        "member votes for {} resolutions, the Council's members for {} years",
        report.votes_recorded, report.years_recorded
    ));
    let verb = if options.dry_run { "would write" } else { "wrote" };
    if report.written.is_empty() {
        out.push("nothing to change: data/ already holds everything this file says".into());
    } else {
        out.push(format!(
            "{verb} {}",
            report.written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    out
}

/// A diagnostic for a path the user gave, relative to the site when it is inside it.
pub fn not_found(file: &Path) -> Error {
    Diagnostic::new(file, "no such file: give the path of the Library's CSV as downloaded").into()
}
