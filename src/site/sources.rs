//! Reading the sources and reloading what changed: `content/`, `site.yaml`, the templates, the
//! catalogue, static files. Nothing here derives anything; a failed reload keeps what was read.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::fingerprint::fingerprint;
use super::options::BuildOptions;
use super::sections;
use crate::config::Config;
use crate::content::{self, CONTENT_DIR, Content, Page, Parsed, Section};
use crate::entities::ReferenceData;
use crate::error::{Diagnostic, Error, Result};
use crate::render::Templates;
use crate::routes;

/// Everything a site is made of, as last read from disk: what every later stage reads and none
/// changes. A failed reload keeps what was read before, and says what is still to reload.
pub(super) struct Sources {
    pub(super) root: PathBuf,
    pub(super) options: BuildOptions,
    pub(super) config: Config,
    pub(super) templates: Templates,
    /// Template name → fingerprint of its text (and of what it extends or includes).
    pub(super) template_fps: HashMap<String, u64>,
    /// The reference data: the catalogue, votes, members, agenda items, peace operations.
    pub(super) data: ReferenceData,
    /// Covers every file of reference data.
    pub(super) data_fp: u64,
    /// Every file under `content/`, by path under the site root: parsed, or why it could not be.
    files: BTreeMap<PathBuf, std::result::Result<Parsed, Diagnostic>>,
    /// Paths under `content/` read (or gone) since the content was last assembled from them.
    unassembled: BTreeSet<PathBuf>,
    pending: Pending,
}

/// What the sources said needs reloading but could not be reloaded yet (the reload failed).
#[derive(Default, Clone, Copy)]
struct Pending {
    config: bool,
    templates: bool,
    catalogue: bool,
}

/// What `Sources::reload` found changed.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Reload {
    /// `site.yaml`: it can change anything, so the site is read again from the start.
    Everything,
    /// Content, templates or reference data, reloaded in place.
    InPlace,
}

pub(super) fn load_config(root: &Path, options: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(|message| Error::Msg(format!("--base-url: {message}")))?;
    }
    Ok(config)
}

/// The reference data (`data/`) and a fingerprint of every file's text, from one read.
pub(super) fn load_data(root: &Path) -> Result<(ReferenceData, u64)> {
    let (data, texts) = ReferenceData::load(root)?;
    Ok((data, fingerprint(&texts)))
}

/// Theme static files, then the site's `static/` over them: output path → source file.
pub fn static_files(root: &Path, config: &Config) -> Result<BTreeMap<String, PathBuf>> {
    let mut files = BTreeMap::new();
    for dir in [config.theme_dir(root).join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Msg(format!("{}: cannot read: {e}", dir.display())))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                files.insert(key, entry.path().to_path_buf());
            }
        }
    }
    Ok(files)
}

impl Sources {
    /// Reads `site.yaml`, the reference data and the templates; the content comes with
    /// [`Sources::read_content`].
    pub(super) fn open(root: &Path, options: &BuildOptions) -> Result<Sources> {
        let config = load_config(root, options)?;
        let (data, data_fp) = load_data(root)?;
        let templates = Templates::load(root, &config)?;
        Ok(Sources {
            root: root.to_path_buf(),
            options: options.clone(),
            template_fps: templates.fingerprints(),
            config,
            templates,
            data,
            data_fp,
            files: BTreeMap::new(),
            unassembled: BTreeSet::new(),
            pending: Pending::default(),
        })
    }

    /// A page file (path under the site root, text) taken as if it were on disk: what `check`
    /// imports without writing.
    pub(super) fn add_file(&mut self, rel: &Path, text: &str) {
        self.files.insert(rel.to_path_buf(), content::parse_file(rel, text));
        self.unassembled.insert(rel.to_path_buf());
    }

    /// Takes changed paths (absolute or relative to the root) and re-reads what they touch.
    /// Content first: a failed template or config reload must not lose an edit.
    pub(super) fn reload(&mut self, changed: &[PathBuf]) -> Result<Reload> {
        let mut content_paths = BTreeSet::new();
        for path in changed {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            let first =
                rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
            match first.as_str() {
                crate::config::CONFIG_FILE => self.pending.config = true,
                "data" => self.pending.catalogue = true,
                "templates" | "themes" => self.pending.templates = true,
                CONTENT_DIR => {
                    content_paths.insert(rel.to_path_buf());
                }
                _ => {}
            }
        }
        for rel in content_paths {
            self.read_content(&rel, false)?;
        }
        if self.pending.config {
            return Ok(Reload::Everything);
        }
        if self.pending.catalogue {
            (self.data, self.data_fp) = load_data(&self.root)?;
            self.pending.catalogue = false;
        }
        if self.pending.templates {
            self.templates = Templates::load(&self.root, &self.config)?;
            self.template_fps = self.templates.fingerprints();
            self.pending.templates = false;
        }
        Ok(Reload::InPlace)
    }

    /// Re-reads one file or folder under `content/` (or forgets it, if it is gone). With
    /// `shed_bodies` (a one-shot build) pages keep no text: each is read again when it is linked,
    /// so the text of the whole handbook is never in memory at once.
    pub(super) fn read_content(&mut self, rel: &Path, shed_bodies: bool) -> Result<()> {
        self.unassembled.insert(rel.to_path_buf());
        let abs = self.root.join(rel);
        let files = if abs.is_dir() {
            self.files.retain(|k, _| !k.starts_with(rel));
            content::list_files(&self.root, &abs)?
        } else if abs.is_file() {
            let is_page = rel.extension().is_some_and(|e| e == "md")
                && !rel.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if is_page { vec![rel.to_path_buf()] } else { vec![] }
        } else {
            self.files.retain(|k, _| !k.starts_with(rel));
            vec![]
        };
        let root = &self.root;
        let read: Vec<_> = files
            .into_par_iter()
            .map(|rel| {
                let parsed = content::read_page_text(&root.join(&rel), &rel).and_then(|text| {
                    let mut parsed = content::parse_file(&rel, &text);
                    if shed_bodies
                        && let Ok(Parsed::Page(page)) = &mut parsed
                        && let Some(page) = Arc::get_mut(page)
                    {
                        page.body = String::new();
                        page.body_on_disk = true;
                    }
                    parsed
                });
                (rel, parsed)
            })
            .collect();
        self.files.extend(read);
        Ok(())
    }

    /// The site's content: every page and section, in order, with the standard sections there
    /// even when empty. Fails with every file that could not be parsed.
    pub(super) fn content(&mut self) -> Result<Content> {
        let content = self.assemble()?;
        self.unassembled.clear();
        Ok(content)
    }

    fn assemble(&self) -> Result<Content> {
        let errors: Vec<Error> =
            self.files.values().filter_map(|f| f.as_ref().err()).map(|d| Error::Diagnostic(d.clone())).collect();
        Error::from_list(errors)?;
        let parsed = self.files.values().filter_map(|f| f.clone().ok()).map(Ok);
        let mut content = content::assemble(parsed, self.options.drafts)?;
        for (name, title) in sections::STANDARD {
            content.sections.entry(name.to_string()).or_insert_with(|| Section {
                name: name.to_string(),
                path: routes::section(name),
                meta: Some(content::SectionMeta { title: title.to_string(), ..Default::default() }),
                file: None,
                body: String::new(),
            });
        }
        Ok(content)
    }

    /// The content, given `previous`, the content last assembled: when the files read since
    /// moved no page (same file, URL, section, date, title and draft status: the usual edit, a
    /// page's text), `previous` with their pages swapped in place, and the indices of those
    /// pages; else the content assembled again from every file ([`Sources::content`], 12 ms at
    /// 10,000 pages, which a typing editor would pay on every save), and `None`.
    pub(super) fn content_since(&mut self, previous: &Content) -> Result<(Content, Option<Vec<usize>>)> {
        match self.swapped_in(previous) {
            Some((content, swapped)) => {
                self.unassembled.clear();
                Ok((content, Some(swapped)))
            }
            None => Ok((self.content()?, None)),
        }
    }

    fn swapped_in(&self, previous: &Content) -> Option<(Content, Vec<usize>)> {
        if previous.pages.is_empty() {
            return None;
        }
        let mut content = previous.clone();
        let mut swapped = Vec::with_capacity(self.unassembled.len());
        for rel in &self.unassembled {
            let Some(Ok(Parsed::Page(new))) = self.files.get(rel) else { return None };
            // Byte equality: `Path`'s own compares component by component.
            let i = content.pages.iter().position(|p| p.file.as_os_str() == rel.as_os_str())?;
            if !content.pages[i].keeps_place(new) {
                return None;
            }
            content.pages[i] = new.clone();
            swapped.push(i);
        }
        Some((content, swapped))
    }

    /// The pages of a section, drafts included (a draft official is known, only not published).
    pub(super) fn section_files(&self, section: &str) -> Vec<Arc<Page>> {
        // Files are ordered by path: a section's are together, from its folder on.
        let dir = Path::new(CONTENT_DIR).join(section);
        self.files
            .range(dir.clone()..)
            .take_while(|(rel, _)| rel.starts_with(&dir))
            .filter_map(|(_, f)| match f {
                Ok(Parsed::Page(p)) if p.section == section => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    /// A one-shot build reads nothing again: each page owns its text from here on, so it can drop
    /// it once linked.
    pub(super) fn forget_files(&mut self) {
        self.files.clear();
    }
}
