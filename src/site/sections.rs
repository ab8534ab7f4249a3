//! The sections that mean something to the engine, and the pages that are part of another page
//! rather than pages of their own. A leaf: every stage may ask, none is asked back.

use crate::content::Page;
use crate::entities::ResolutionId;

/// Sections every handbook has, whether or not they hold pages yet.
pub(super) const STANDARD: &[(&str, &str)] = &[("documents", "Documents"), ("officials", "Officials")];
pub(super) const OFFICIALS: &str = "officials";
pub(super) const RESOLUTIONS: &str = "resolutions";
pub(super) const MISSIONS: &str = "missions";
pub(super) const AGENDA: &str = "agenda";

/// Whether a page is an editor's note on an entity (a resolution, a mission): part of that
/// entity's page, never a page of its own or an entry of a list.
pub(super) fn is_entity_note(page: &Page) -> bool {
    curated_resolution(page).is_some() || curated_mission(page).is_some()
}

/// A curated resolution page (`content/resolutions/2553-2020.md`) adds to its resolution's page
/// rather than being a page of its own.
pub(super) fn curated_resolution(page: &Page) -> Option<ResolutionId> {
    if page.section != RESOLUTIONS {
        return None;
    }
    let (number, year) = page.slug.split_once('-')?;
    Some(ResolutionId::new(number.parse().ok()?, year.parse().ok()?))
}

/// An editor's page on a mission (`content/missions/untac.md`) adds to the mission's page rather
/// than being a page of its own.
pub(super) fn curated_mission(page: &Page) -> Option<&str> {
    (page.section == MISSIONS).then_some(page.slug.as_str())
}

/// Whether a page can render before the whole site is linked: its HTML depends only on its own
/// links, and no other page shows its HTML. Officials list backlinks from every page; a
/// resolution's text and editors' notes appear on their entity's page.
pub(super) fn renders_alone(page: &Page) -> bool {
    page.section != OFFICIALS && page.meta.resolution.is_none() && !is_entity_note(page)
}
