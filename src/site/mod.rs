//! The site pipeline: sources → linking → the site model → rendered outputs. `build`, `check` and
//! `serve` all drive the same [`Engine`] (the orchestrator); this module adds what each command
//! does with its output. ARCHITECTURE.md maps the stages, file by file.

// The stages that derive the site model from the sources (ARCHITECTURE.md gives their order;
// each reads the ones before it, never one after).
mod agenda;
mod fingerprint;
mod link;
mod missions;
mod model;
mod options;
mod previews;
mod resolutions;
mod sections;
mod sources;
mod values;
// The read-only view of the model the outputs render from, and what renders from it.
mod agenda_pages;
mod check;
mod data;
mod dependencies;
mod mission_pages;
mod pages;
mod render;
mod routes;
mod search;
mod timeline;
mod view;
// The orchestrator, and what it holds.
mod engine;
mod state;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use engine::{Changes, Engine, Mode, Sink};
pub use options::{BuildOptions, Timings};
pub use previews::preview_file;
pub use routes::{Job, JobKind};

use crate::error::{Error, Result};
use crate::output::Staging;

#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub timings: Timings,
    /// Problems that do not stop a build (unknown officials, broken links): `check` fails on them.
    pub warnings: Vec<String>,
}

fn output_dir(root: &Path, options: &BuildOptions) -> PathBuf {
    match &options.output_dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => root.join(dir),
        None => root.join("public"),
    }
}

/// `handbook build`: renders the whole site into the output folder, atomically.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let out = output_dir(root, options);
    let staging = Staging::begin(&out)?;
    let write = |path: &str, bytes: &[u8]| staging.write(Path::new(path), bytes);
    let (engine, files) = Engine::render_once(root, options, &write, &[])?;
    let checks = Instant::now();
    let (problems, more) = rayon::join(|| engine.problems(), || engine.warnings());
    tracing::debug!("checks in {:.1?}", checks.elapsed());
    let mut warnings: Vec<String> = problems?.iter().flat_map(Error::diagnostics).collect();
    warnings.extend(more);
    let (pages, timings) = (engine.page_count(), engine.timings.clone());
    // The engine writes into the staging folder: done with it before the swap.
    engine.free_in_background();

    let started = Instant::now();
    staging.commit()?;
    let timings = Timings { write: started.elapsed(), ..timings };
    Ok(BuildReport { pages, files, output_dir: out, timings, warnings })
}

/// `handbook check`: everything `build` does but writing, plus broken links and unknown
/// entities; every problem is reported.
/// With `external`, it also gathers every link that leaves the site (for `check --external`).
pub fn check(
    root: &Path,
    options: &BuildOptions,
    imported: &[(PathBuf, String)],
    external: bool,
) -> Result<CheckReport> {
    let links = std::sync::Mutex::new(std::collections::BTreeMap::<String, String>::new());
    let sink = |path: &str, bytes: &[u8]| {
        if external
            && path.ends_with(".html")
            && let (Ok(html), Ok(mut links)) = (std::str::from_utf8(bytes), links.lock())
        {
            for url in crate::external::links_in(html) {
                links.entry(url).or_insert_with(|| path.to_string());
            }
        }
        Ok(())
    };
    let options = BuildOptions { skip_search: true, ..options.clone() };
    let (engine, _) = Engine::render_once(root, &options, &sink, imported)?;
    let (problems, warnings) = rayon::join(|| engine.problems(), || engine.warnings());
    let problems = problems?;
    if !problems.is_empty() {
        for warning in &warnings {
            tracing::warn!("{warning}");
        }
    }
    Error::from_list(problems)?;
    let pages = engine.page_count();
    // The engine borrows the sink, which borrows the links.
    engine.free_in_background();
    let external_links = links
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|(url, found_in)| crate::external::Link { url, found_in })
        .collect();
    Ok(CheckReport { pages, warnings, external_links })
}

/// What a passing `check` found worth saying.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub pages: usize,
    /// What does not fail a check (a citation dated after its page, a catalogue row at odds
    /// with itself).
    pub warnings: Vec<String>,
    /// Links that leave the site, with the first output file that has each (only when asked).
    pub external_links: Vec<crate::external::Link>,
}

/// The whole site rendered into memory: output path (`documents/x/index.html`) → bytes.
pub type MemoryOutput = std::collections::BTreeMap<String, Vec<u8>>;

/// A clean build into memory (what incremental rebuilds must equal).
pub fn build_in_memory(root: &Path, options: &BuildOptions) -> Result<MemoryOutput> {
    let files = std::sync::Mutex::new(MemoryOutput::new());
    Engine::render_once(
        root,
        options,
        &|path, bytes| {
            files
                .lock()
                .map_err(|_| Error::Msg("internal: output lock poisoned".into()))?
                .insert(path.to_string(), bytes.to_vec());
            Ok(())
        },
        &[],
    )?;
    files.into_inner().map_err(|_| Error::Msg("internal: output lock poisoned".into()))
}
