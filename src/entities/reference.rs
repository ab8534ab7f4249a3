//! The reference data a site ships: the resolutions catalogue, the Council's votes and members,
//! the agenda items and the peace operations, each the site's own (`data/`) or the one built in;
//! and the recognizer made from them and the site's officials.

use super::agenda::{AGENDA_FILE, Agenda, BUILT_IN_AGENDA};
use super::catalogue::Catalogue;
use super::council::{
    BUILT_IN_MEMBERS, BUILT_IN_NAMES, BUILT_IN_VOTES, MEMBERS_FILE, MemberNames, Members, NAMES_FILE, VOTES_FILE,
    VoteAccount, Votes,
};
use super::entity::ResolutionId;
use super::fold;
use super::missions::{MissionRecord, Missions, parse_missions, site_missions, site_missions_source};
use super::recognize::Recognizer;
use super::registry::Registry;

/// Where a site keeps its resolutions catalogue; a site without one uses the catalogue built in.
pub const CATALOGUE_FILE: &str = "data/sc-resolutions.csv";
/// The catalogue shipped in the binary (what `new DIR` writes, and the fallback).
pub const BUILT_IN_CATALOGUE: &str = include_str!("../../data/sc-resolutions.csv");

/// The text of the site's catalogue (`data/sc-resolutions.csv`), or of the built-in one, and the
/// name to report it by.
pub fn site_catalogue_source(
    root: &std::path::Path,
) -> crate::error::Result<(std::borrow::Cow<'static, str>, &'static str)> {
    data_source(root, CATALOGUE_FILE, BUILT_IN_CATALOGUE)
}

/// The text of one file of reference data: the site's own (`data/…`), or the one built in, and
/// the name to report it by.
pub fn data_source(
    root: &std::path::Path,
    file: &'static str,
    built_in: &'static str,
) -> crate::error::Result<(std::borrow::Cow<'static, str>, &'static str)> {
    let path = root.join(file);
    if path.is_file() {
        let text = std::fs::read_to_string(&path).map_err(|e| crate::error::Error::io(file, e))?;
        Ok((text.into(), file))
    } else if file == CATALOGUE_FILE {
        Ok((built_in.into(), "(built-in catalogue)"))
    } else {
        Ok((built_in.into(), "(built-in)"))
    }
}

/// The site's catalogue, or the built-in one.
pub fn site_catalogue(root: &std::path::Path) -> crate::error::Result<Catalogue> {
    let (text, origin) = site_catalogue_source(root)?;
    Catalogue::parse(&text, origin)
}

/// The recognizer for a site: its catalogue, the officials under `content/officials/` and the
/// peace operations (the list and `content/missions/`).
pub fn site_recognizer(root: &std::path::Path) -> crate::error::Result<Recognizer> {
    let catalogue = site_catalogue(root)?;
    let pages = |section: &str| -> crate::error::Result<Vec<std::sync::Arc<crate::content::Page>>> {
        let dir = root.join(crate::content::CONTENT_DIR).join(section);
        let mut pages = Vec::new();
        for (_, parsed) in crate::content::read_dir(root, &dir)? {
            if let crate::content::Parsed::Page(page) = parsed? {
                pages.push(page);
            }
        }
        Ok(pages)
    };
    let officials = pages("officials")?;
    let registry = Registry::new(officials.iter().map(|p| (p.slug.as_str(), &p.meta)));
    let mission_pages = pages("missions")?;
    let missions = Missions::new(&site_missions(root)?, mission_pages.iter().map(|p| (p.slug.as_str(), &p.meta)));
    Recognizer::new(&catalogue, &registry, &missions)
}

/// The handbook's reference data (`data/`), each file the site's own or the one built in: the
/// resolutions catalogue, how members voted and who sat on the Council, member states' names,
/// the agenda items, and the peace operations list.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    pub catalogue: Catalogue,
    pub votes: Votes,
    pub members: Members,
    pub member_names: MemberNames,
    pub agenda: Agenda,
    pub missions: Vec<MissionRecord>,
}

impl ReferenceData {
    /// Reads every file; the problems of all of them are reported together. Also returns the
    /// files' texts, for a fingerprint of what was read.
    pub fn load(root: &std::path::Path) -> crate::error::Result<(ReferenceData, Vec<std::borrow::Cow<'static, str>>)> {
        let (catalogue_text, origin) = site_catalogue_source(root)?;
        let catalogue = Catalogue::parse(&catalogue_text, origin)?;
        let (votes_text, votes_origin) = data_source(root, VOTES_FILE, BUILT_IN_VOTES)?;
        let (members_text, members_origin) = data_source(root, MEMBERS_FILE, BUILT_IN_MEMBERS)?;
        let (names_text, names_origin) = data_source(root, NAMES_FILE, BUILT_IN_NAMES)?;
        let (agenda_text, agenda_origin) = data_source(root, AGENDA_FILE, BUILT_IN_AGENDA)?;
        let (missions_text, missions_origin) = site_missions_source(root)?;
        let votes = Votes::parse(&votes_text, votes_origin);
        let members = Members::parse(&members_text, members_origin);
        let member_names = MemberNames::parse(&names_text, names_origin);
        let agenda = Agenda::parse(&agenda_text, agenda_origin, &catalogue);
        let missions = parse_missions(&missions_text, missions_origin);
        let texts = vec![catalogue_text, votes_text, members_text, names_text, agenda_text, missions_text];
        match (votes, members, member_names, agenda, missions) {
            (Ok(votes), Ok(members), Ok(member_names), Ok(agenda), Ok(missions)) => {
                Ok((ReferenceData { catalogue, votes, members, member_names, agenda, missions }, texts))
            }
            (votes, members, names, agenda, missions) => {
                let errors = [votes.err(), members.err(), names.err(), agenda.err(), missions.err()];
                crate::error::Error::from_list(errors.into_iter().flatten().collect())?;
                unreachable!("one of the files failed to read")
            }
        }
    }

    /// How resolution `id` was adopted, with its members named in `language`, where known.
    pub fn vote_account(&self, id: ResolutionId, language: &str) -> Option<VoteAccount> {
        let record = self.catalogue.record(id)?;
        VoteAccount::new(
            record.vote.as_ref(),
            record.without_vote,
            self.votes.get(id.number),
            &self.member_names,
            language,
        )
    }

    /// The Council's members in resolution `id`'s year, named in `language` and sorted by name.
    pub fn council_members(&self, id: ResolutionId, language: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .members
            .in_year(id.year)
            .unwrap_or_default()
            .iter()
            .map(|c| self.member_names.name(c, language).to_string())
            .collect();
        names.sort_by_cached_key(|n| fold::fold_lower(n));
        names
    }

    /// Whether some fact shown of resolution `id` comes from the Library's voting data.
    pub fn from_library(&self, id: ResolutionId) -> bool {
        self.catalogue.record(id).is_some_and(|r| r.from_library) || self.votes.get(id.number).is_some()
    }
}
