//! What a conversion takes beyond the seed (the [`Context`]) and what it gives (a [`Conversion`]
//! of [`ImportedPage`]s).

use std::path::Path;

use super::pdf::ocr::Ocr;
use super::title;
use crate::content::PageMeta;
use crate::entities::Catalogue;
use crate::error::Result;

/// One page made from a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPage {
    pub slug: String,
    pub meta: PageMeta,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub pages: Vec<ImportedPage>,
    /// About the seed as a whole; `run` prefixes each with the seed's path.
    pub warnings: Vec<String>,
    /// How the bytes were decoded: "UTF-8", "UTF-16LE", "UTF-16BE" or "windows-1252".
    pub encoding: &'static str,
}

/// What import knows beyond the seed itself: the resolutions catalogue, to date a resolution's
/// text and check the date it states, and the proper names whose case a title in capitals keeps.
pub struct Context {
    pub(super) catalogue: Catalogue,
    pub(super) lexicon: title::Lexicon,
    /// How to read scanned PDFs: none where import must stay pure (fuzzing, `convert`).
    pub(super) ocr: Option<Ocr>,
}

impl Context {
    /// The catalogue and peace operations list built into the binary.
    pub fn built_in() -> &'static Context {
        static BUILT_IN: std::sync::LazyLock<Context> = std::sync::LazyLock::new(|| {
            let catalogue =
                Catalogue::parse(crate::entities::BUILT_IN_CATALOGUE, "(built-in catalogue)").unwrap_or_default();
            let missions =
                crate::entities::parse_missions(crate::entities::BUILT_IN_MISSIONS, "(built-in)").unwrap_or_default();
            Context::new(catalogue, &missions)
        });
        &BUILT_IN
    }

    /// The site's own catalogue and peace operations list (`data/`), or the built-in ones, and
    /// OCR with its cache in the site's `.handbook-cache/`.
    pub fn for_site(root: &Path) -> Result<Context> {
        let catalogue = crate::entities::site_catalogue(root)?;
        let missions = crate::entities::site_missions(root)?;
        Ok(Context { ocr: Some(Ocr::for_site(root)), ..Context::new(catalogue, &missions) })
    }

    pub fn new(catalogue: Catalogue, missions: &[crate::entities::MissionRecord]) -> Context {
        let names = missions
            .iter()
            .flat_map(|m| m.acronym.iter().cloned().chain([m.name.clone()]).chain(m.locations.iter().cloned()));
        Context { catalogue, lexicon: title::Lexicon::new(names), ocr: None }
    }
}
