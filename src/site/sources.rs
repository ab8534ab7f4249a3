//! Reading the sources and reloading what changed: `content/`, `site.yaml`, the templates, the
//! catalogue, static files. Nothing here derives anything; a failed reload keeps what was read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::BuildOptions;
use super::engine::Engine;
use super::fingerprint::fingerprint;
use crate::config::Config;
use crate::content::{self, CONTENT_DIR, Parsed};
use crate::entities::ReferenceData;
use crate::error::{Diagnostic, Error, Result};
use crate::render::Templates;

/// One file under `content/`, as last read: parsed, or why it could not be.
pub(super) struct FileEntry {
    pub(super) parsed: std::result::Result<Parsed, Diagnostic>,
}

/// What the sources said needs reloading but could not be reloaded yet (the reload failed).
#[derive(Default, Clone, Copy)]
pub(super) struct Pending {
    pub(super) config: bool,
    pub(super) templates: bool,
    pub(super) catalogue: bool,
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

impl Engine<'static> {
    /// Takes changed paths (absolute or relative to the root) and brings the model up to date,
    /// re-reading only what they touch.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Result<()> {
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
        // Content first: a failed template or config reload below must not lose an edit.
        for rel in content_paths {
            self.read_content(&rel)?;
        }
        if self.pending.config {
            // site.yaml can change anything: start over, keeping what was rendered.
            let fresh = Engine::load(&self.root, &self.options)?;
            let rendered = std::mem::take(&mut self.rendered);
            // The search index too: a page whose output is unchanged is not rendered (so not
            // indexed) again.
            let search = std::mem::take(&mut self.search);
            let (search_fp, search_wanted) = (self.search_fp, self.search_wanted);
            *self = fresh;
            self.rendered = rendered;
            self.search = search;
            (self.search_fp, self.search_wanted) = (search_fp, search_wanted);
            return Ok(());
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
        self.derive()
    }
}

impl Engine<'_> {
    /// Re-reads one file or folder under `content/` (or forgets it, if it is gone).
    pub(super) fn read_content(&mut self, rel: &Path) -> Result<()> {
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
        // A one-shot build reads each body again when it links the page: the text of the whole
        // handbook is never in memory at once.
        let one_shot = self.mode.is_one_shot();
        let read: Vec<(PathBuf, FileEntry)> = files
            .into_par_iter()
            .map(|rel| {
                let entry = match content::read_page_text(&root.join(&rel), &rel) {
                    Ok(text) => {
                        let mut parsed = content::parse_file(&rel, &text);
                        if one_shot
                            && let Ok(Parsed::Page(page)) = &mut parsed
                            && let Some(page) = std::sync::Arc::get_mut(page)
                        {
                            page.body = String::new();
                            page.body_on_disk = true;
                        }
                        FileEntry { parsed }
                    }
                    Err(e) => FileEntry { parsed: Err(e) },
                };
                (rel, entry)
            })
            .collect();
        self.files.extend(read);
        Ok(())
    }
}
