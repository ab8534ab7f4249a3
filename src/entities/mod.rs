//! Entity recognition: finding in a page's text every mention of a Security Council resolution, a
//! UN document symbol and an official, each resolved to an identity the site has a page for.
//!
//! - [`Catalogue`]: the resolutions (`data/sc-resolutions.csv`), by number.
//! - [`Registry`]: the officials (`content/officials/*.md`), with names, aliases and dated roles.
//! - [`Recognizer`]: built once from both, then [`Recognizer::find`] on each page's text.
//!
//! Nothing here knows Markdown, but text may come with or without Markdown's escapes
//! (`2151 \(2014\)`), and spans never straddle a link's brackets.

mod agenda;
mod catalogue;
mod citations;
mod council;
mod entity;
mod fold;
mod lexicon;
mod mission_mentions;
mod missions;
mod officials;
mod recognize;
mod reference;
mod registry;
mod scan;

pub use agenda::{AGENDA_FILE, Agenda, AgendaItem, BUILT_IN_AGENDA};
pub use catalogue::{Catalogue, HEADER as CATALOGUE_HEADER, LIBRARY_SOURCE, Resolution, WITHOUT_VOTE, parse_vote};
pub use council::{
    BUILT_IN_MEMBERS, BUILT_IN_NAMES, BUILT_IN_VOTES, LIBRARY_ATTRIBUTION, MEMBERS_FILE, MemberNames, MemberVotes,
    Members, NAMES_FILE, VOTES_FILE, VoteAccount, Votes,
};
pub use entity::{Entity, EntityKind, Mention, ResolutionId, TitledPerson};
pub use missions::{
    BUILT_IN_MISSIONS, MISSIONS_FILE, Mission, MissionKind, MissionRecord, Missions, mission_slug, parse_missions,
    site_missions, site_missions_source,
};
pub use recognize::Recognizer;
pub use reference::{
    BUILT_IN_CATALOGUE, CATALOGUE_FILE, ReferenceData, data_source, site_catalogue, site_catalogue_source,
    site_recognizer,
};
pub use registry::{Official, Registry};

#[cfg(test)]
mod tests;
