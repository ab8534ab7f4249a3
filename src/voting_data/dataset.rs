//! Reading the Library's *Security Council Voting Data* as a user downloads it: one row per member
//! state per resolution (`undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,…`).
//! Rows are grouped by resolution (the file is not in order), and the dataset is checked against
//! itself: a fact it contradicts is left out and said, never passed on.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::entities::{MemberVotes, ResolutionId};
use crate::error::{Diagnostic, Error, Result};

/// The columns read, by name: later versions may add or move columns.
const REQUIRED: [&str; 12] = [
    "ms_code",
    "ms_vote",
    "date",
    "resolution",
    "meeting",
    "agenda",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "modality",
];

/// A file larger than this is not the Library's dataset (Version 6 is 15 MB).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// How one resolution was adopted, as the dataset tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adoption {
    /// In favour, against, abstentions (members that did not take part are not counted).
    Vote(u32, u32, u32),
    WithoutVote,
}

impl Adoption {
    /// The catalogue's spelling: `13-0-2`, `without vote`.
    pub fn catalogue_text(&self) -> String {
        match self {
            Adoption::Vote(y, n, a) => format!("{y}-{n}-{a}"),
            Adoption::WithoutVote => crate::entities::WITHOUT_VOTE.to_string(),
        }
    }
}

/// One resolution's facts in the dataset; a fact it contradicts is `None` (and said in
/// [`Dataset::contradictions`]).
#[derive(Debug, Clone)]
pub struct LibraryResolution {
    pub id: ResolutionId,
    /// The line of its first row, for messages.
    pub line: usize,
    pub adopted: Option<Date>,
    pub meeting: Option<String>,
    /// Its agenda item, as the Library words it (none where the dataset leaves it empty).
    pub agenda: Option<String>,
    pub adoption: Option<Adoption>,
    /// Who did not vote in favour (for a resolution put to the vote).
    pub member_votes: Option<MemberVotes>,
    /// The Council's members, as its rows list them.
    pub members: Vec<String>,
}

/// The dataset, read and checked.
#[derive(Debug)]
pub struct Dataset {
    pub file: PathBuf,
    pub rows: usize,
    pub resolutions: BTreeMap<ResolutionId, LibraryResolution>,
    /// Facts left out because the dataset disagrees with itself: `file:line:1: what`.
    pub contradictions: Vec<String>,
}

/// One member's row, as read.
struct Row {
    line: usize,
    code: String,
    vote: char,
    date: Date,
    meeting: String,
    agenda: String,
    totals: [u32; 5],
    modality: String,
}

impl Dataset {
    /// Reads `path`; a file that is not the dataset, or a row that does not read, fails naming
    /// the file and line, and nothing is merged.
    pub fn read(path: &Path) -> Result<Dataset> {
        let len = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        if len > MAX_BYTES {
            return Err(Diagnostic::new(
                path,
                format!(
                    "{} MB: the Library's voting data is a few tens of MB; is this the right file?",
                    len / 1_000_000
                ),
            )
            .into());
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = decode(path, &bytes)?;
        Dataset::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Dataset> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| at(path, 1, format!("cannot read the header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            return Err(at(
                path,
                1,
                format!(
                    "expected the header of the Library's Security Council Voting Data (undl_id,ms_code,ms_name,…), \
                     found `{}`: missing {}",
                    shorten(&header.join(","), 120),
                    missing.join(", ")
                ),
            ));
        }
        let column = |name: &str| header.iter().position(|h| h == name).unwrap_or(0);
        let columns: HashMap<&str, usize> = REQUIRED.iter().map(|c| (*c, column(c))).collect();
        let mut grouped: BTreeMap<ResolutionId, Vec<Row>> = BTreeMap::new();
        let mut errors = Vec::new();
        let mut record = csv::StringRecord::new();
        let mut rows = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    errors.push(at(path, line, format!("cannot read this row: {e}")));
                    break;
                }
            }
            rows += 1;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.len() != header.len() {
                let truncated = !text.ends_with('\n') && reader.is_done();
                let hint = if truncated { ": the file ends in the middle of this row (truncated?)" } else { "" };
                errors.push(at(path, line, format!("expected {} columns, found {}{hint}", header.len(), record.len())));
                continue;
            }
            match read_row(&record, &columns, line) {
                Ok((id, row)) => grouped.entry(id).or_default().push(row),
                Err(message) => errors.push(at(path, line, message)),
            }
            if errors.len() >= 20 {
                errors.push(at(path, line, "and more rows that do not read: stopped here".into()));
                break;
            }
        }
        Error::from_list(errors)?;
        if grouped.is_empty() {
            return Err(at(path, 2, "no rows: the file holds only its header".into()));
        }
        let mut dataset =
            Dataset { file: path.to_path_buf(), rows, resolutions: BTreeMap::new(), contradictions: Vec::new() };
        for (id, rows) in grouped {
            let resolution = dataset.resolution(id, rows);
            dataset.resolutions.insert(id, resolution);
        }
        dataset.leave_out_dates_out_of_order();
        Ok(dataset)
    }

    /// One resolution from its member rows, its contradictions said and left out.
    fn resolution(&mut self, id: ResolutionId, rows: Vec<Row>) -> LibraryResolution {
        let first = &rows[0];
        let line = first.line;
        let mut say = |what: String| {
            self.contradictions.push(format!("{}:{line}:1: resolution {id}: {what}", self.file.display()))
        };
        // Facts every row of a resolution repeats must agree.
        let differs = |f: &dyn Fn(&Row) -> String| rows.iter().any(|r| f(r) != f(first));
        let mut adopted = Some(first.date);
        if differs(&|r| r.date.to_string()) {
            say("its rows give different dates: the date is left out".into());
            adopted = None;
        }
        let meeting = (!differs(&|r| r.meeting.clone())).then(|| first.meeting.clone()).filter(|m| !m.is_empty());
        // The Library closes some wordings with a full stop; the catalogue never does.
        let agenda = (!differs(&|r| r.agenda.clone()))
            .then(|| first.agenda.trim_end_matches('.').trim().to_string())
            .filter(|a| !a.is_empty());
        let mut members: Vec<String> = rows.iter().map(|r| r.code.clone()).collect();
        members.sort();
        members.dedup();
        let counts = |v: char| rows.iter().filter(|r| r.vote == v).count() as u32;
        let (yes, no, abstain, absent) = (counts('Y'), counts('N'), counts('A'), counts('X'));
        let totals = first.totals;
        let mut adoption = None;
        let mut member_votes = None;
        if differs(&|r| format!("{:?}{}", r.totals, r.modality)) {
            say("its rows give different totals: the vote is left out".into());
        } else if members.len() != rows.len() {
            say("a member has two rows: the vote is left out".into());
        } else if totals[4] as usize != rows.len() {
            say(format!(
                "it has {} member rows, its totals count {} members: the vote is left out",
                rows.len(),
                totals[4]
            ));
        } else if [yes, no, abstain, absent] != totals[..4] {
            say(format!(
                "its member rows say {yes} in favour, {no} against, {abstain} abstaining, {absent} not voting; its totals \
                 {}-{}-{} and {} not voting: the vote is left out",
                totals[0], totals[1], totals[2], totals[3]
            ));
        } else if first.modality.eq_ignore_ascii_case("Without Vote") {
            adoption = Some(Adoption::WithoutVote);
        } else if first.modality.eq_ignore_ascii_case("Vote") {
            adoption = Some(Adoption::Vote(yes, no, abstain));
            let with = |v: char| rows.iter().filter(|r| r.vote == v).map(|r| r.code.clone()).collect::<Vec<_>>();
            member_votes =
                Some(MemberVotes { against: with('N'), abstaining: with('A'), not_participating: with('X') });
        } else {
            say(format!("modality {:?} is neither `Vote` nor `Without Vote`: the vote is left out", first.modality));
        }
        LibraryResolution { id, line, adopted, meeting, agenda, adoption, member_votes, members }
    }

    /// Meetings are numbered in the order they are held, so dates must not go back as meeting
    /// numbers go up. The dates that keep the longest run in order stand; any other is a
    /// contradiction, left out (2809 of Version 6: dated 13 November 2025, at a meeting after
    /// those of 19 December).
    fn leave_out_dates_out_of_order(&mut self) {
        let mut dated: Vec<(u32, Date, ResolutionId)> = self
            .resolutions
            .values()
            .filter_map(|r| Some((meeting_number(r.meeting.as_deref()?)?, r.adopted?, r.id)))
            .collect();
        dated.sort();
        let keep = longest_non_decreasing(&dated.iter().map(|(_, d, _)| *d).collect::<Vec<_>>());
        for (i, (meeting, date, id)) in dated.iter().enumerate() {
            if keep.contains(&i) {
                continue;
            }
            let Some(resolution) = self.resolutions.get_mut(id) else { continue };
            resolution.adopted = None;
            self.contradictions.push(format!(
                "{}:{}:1: resolution {id}: dated {date} but adopted at meeting S/PV.{meeting}, which the other dates put \
                 elsewhere in time: the date is left out",
                self.file.display(),
                resolution.line
            ));
        }
    }

    /// The first and last year the dataset covers.
    pub fn years(&self) -> Option<(u16, u16)> {
        let years = self.resolutions.keys().map(|id| id.year);
        Some((years.clone().min()?, years.max()?))
    }
}

fn read_row(
    record: &csv::StringRecord,
    columns: &HashMap<&str, usize>,
    line: usize,
) -> std::result::Result<(ResolutionId, Row), String> {
    let field = |name: &str| columns.get(name).and_then(|&i| record.get(i)).unwrap_or("").trim();
    let resolution = field("resolution");
    let id = ResolutionId::parse(resolution)
        .ok_or_else(|| format!("resolution: expected a symbol like S/RES/2553(2020), found {resolution:?}"))?;
    let code = field("ms_code");
    if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(format!("ms_code: expected an ISO 3166-1 alpha-3 code like CHN, found {code:?}"));
    }
    let vote = match field("ms_vote") {
        v @ ("Y" | "N" | "A" | "X") => v.chars().next().unwrap_or('X'),
        other => return Err(format!("ms_vote: expected Y, N, A or X, found {other:?}")),
    };
    let date_text = field("date");
    let date = Date::parse_iso(date_text)
        .ok_or_else(|| format!("date: expected a date like 2024-10-31, found {date_text:?}"))?;
    if date.year() != i32::from(id.year) {
        return Err(format!("date: {date} is not in {}, the year of {resolution}", id.year));
    }
    let mut totals = [0u32; 5];
    for (i, name) in ["total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms"].iter().enumerate() {
        let text = field(name);
        totals[i] = text.parse().map_err(|_| format!("{name}: expected a number, found {text:?}"))?;
    }
    let meeting = field("meeting").replace(' ', "");
    Ok((
        id,
        Row {
            line,
            code: code.to_string(),
            vote,
            date,
            meeting,
            agenda: field("agenda").to_string(),
            totals,
            modality: field("modality").to_string(),
        },
    ))
}

/// `S/PV.10078` → 10078 (a resumed meeting, `S/PV.3046(Resumption1)`, keeps its number).
fn meeting_number(meeting: &str) -> Option<u32> {
    let digits: String = meeting.strip_prefix("S/PV.")?.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The indices of a longest non-decreasing subsequence of `dates` (patience sorting, n log n).
fn longest_non_decreasing(dates: &[Date]) -> std::collections::HashSet<usize> {
    // tails[k]: index of the smallest possible last element of a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; dates.len()];
    for (i, date) in dates.iter().enumerate() {
        let k = tails.partition_point(|&t| dates[t] <= *date);
        previous[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = std::collections::HashSet::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep.insert(i);
        at = previous[i];
    }
    keep
}

/// The file's text: UTF-8 (with or without a byte-order mark), or UTF-16 with one. Anything else
/// is refused by name: a spreadsheet that re-saved the file may have changed more than its
/// encoding.
fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(at(
                path,
                line,
                "not UTF-8 (the Library publishes UTF-8; a spreadsheet that saved it may have changed it to \
                 windows-1252): download it again, or export it as \"CSV UTF-8\""
                    .into(),
            ))
        }
    }
}

fn at(path: &Path, line: usize, message: String) -> Error {
    let d = Diagnostic::new(path, message);
    if line > 0 { d.at(line, 1).into() } else { d.into() }
}

fn shorten(text: &str, max: usize) -> String {
    crate::text::shorten(text, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_run_in_order_stands() {
        let d = |m, day| Date::from_ymd(2025, m, day).unwrap();
        // The fourth is dated before the three before it.
        let dates = [d(11, 1), d(11, 14), d(12, 19), d(11, 13), d(12, 22)];
        let keep = longest_non_decreasing(&dates);
        assert_eq!(keep.len(), 4);
        assert!(!keep.contains(&3));
        assert_eq!(meeting_number("S/PV.10078"), Some(10078));
        assert_eq!(meeting_number("S/PV.3046(Resumption1)"), Some(3046));
    }
}
