//! Where every page lives: the one place site paths are made. A site path (`/resolutions/2553-2020/`)
//! is relative to the site; `Config::url` puts the base path in front of it for an `href`, and
//! `Config::permalink` the whole base URL. DESIGN.md fixes these paths: other sites link to them.

use crate::entities::ResolutionId;

pub const HOME: &str = "/";
pub const RESOLUTIONS: &str = "/resolutions/";
pub const TIMELINE: &str = "/timeline/";

/// `/resolutions/2553-2020/`.
pub fn resolution(id: ResolutionId) -> String {
    format!("/resolutions/{}-{}/", id.number, id.year)
}

/// `/officials/antonio-guterres/`.
pub fn official(slug: &str) -> String {
    format!("/officials/{slug}/")
}

/// `/missions/untac/`.
pub fn mission(slug: &str) -> String {
    format!("/missions/{slug}/")
}

pub const MISSIONS: &str = "/missions/";
pub const AGENDA: &str = "/agenda/";

/// A Council agenda item: `/agenda/the-situation-in-cyprus/`.
pub fn agenda_item(slug: &str) -> String {
    format!("/agenda/{slug}/")
}

/// One year of the timeline: `/timeline/2020/`.
pub fn timeline_year(year: i32) -> String {
    format!("/timeline/{year}/")
}

/// Page `n` (from 1) of a section's list: `/documents/`, then `/documents/page/2/`.
pub fn section_page(name: &str, n: usize) -> String {
    if n <= 1 { section(name) } else { format!("{}page/{n}/", section(name)) }
}
pub const SEARCH: &str = "/search/";

/// A section's list: `/documents/`, `/officials/`, `/documents/archive/`.
pub fn section(name: &str) -> String {
    if name.is_empty() { HOME.to_string() } else { format!("/{name}/") }
}

/// The file a site path is written to: `/documents/x/` → `documents/x/index.html`, `/` →
/// `index.html`.
pub fn output_file(site_path: &str) -> String {
    let trimmed = site_path.trim_matches('/');
    if trimmed.is_empty() { "index.html".into() } else { format!("{trimmed}/index.html") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_their_files() {
        let id = ResolutionId { number: 2553, year: 2020 };
        assert_eq!(resolution(id), "/resolutions/2553-2020/");
        assert_eq!(official("antonio-guterres"), "/officials/antonio-guterres/");
        assert_eq!(section(""), "/");
        assert_eq!(section("documents"), "/documents/");
        assert_eq!(output_file("/documents/x/"), "documents/x/index.html");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(timeline_year(2020), "/timeline/2020/");
        assert_eq!(agenda_item("the-situation-in-cyprus"), "/agenda/the-situation-in-cyprus/");
        assert_eq!(section_page("documents", 1), "/documents/");
        assert_eq!(section_page("documents", 3), "/documents/page/3/");
    }
}
