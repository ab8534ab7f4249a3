//! What a build is asked for, and how long its stages took.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Where to write; relative paths are relative to the site root. Default `public`.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    /// `check`: no search index (it checks nothing, and costs a fifth of the work).
    pub skip_search: bool,
}

/// How long each stage took, for `--timings` and the benchmarks.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading sources, parsing front-matter and templates.
    pub load: Duration,
    /// Markdown with entity links, backlinks, template values; in a one-shot build also the
    /// rendering and writing of the pages that render as soon as they are linked (most of them).
    pub link: Duration,
    /// The outputs that need the whole site linked: lists, entity pages, feeds.
    pub render: Duration,
    /// Swapping the staging folder in.
    pub write: Duration,
}
