//! `site.yaml`: the site's settings, typed. An unknown key is an error that names the closest
//! known one, so a typo never silently does nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::yaml;

/// The file name of the site settings, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published: `https://host/` or `https://host/sub/`. Every internal link is
    /// made relative to its path, so `public/` works when served under `/sub/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// BCP 47 tag of the site's main language (`<html lang>`).
    #[serde(default = "default_language")]
    pub language: String,
    /// A folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub links: LinksConfig,
    /// Free-form values for themes (`config.extra` in templates).
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
    /// The path part of `base_url` (`/` or `/sub/`), worked out once.
    #[serde(skip)]
    base_path: String,
    /// Line of each top-level key in site.yaml, for errors about a setting's value.
    #[serde(skip)]
    key_lines: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML in Markdown is escaped unless the site says its authors are trusted.
    #[serde(default)]
    pub trusted_html: bool,
    /// Curly quotes, en and em dashes, ellipses.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { trusted_html: false, smart_punctuation: true }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// Link every mention of an entity, not only the first on each page.
    #[serde(default)]
    pub every_mention: bool,
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "handbook".to_string()
}
fn yes() -> bool {
    true
}

impl Config {
    /// Reads `site.yaml` from the site root.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Msg(format!(
                    "{}: not found: run this inside a handbook (a folder with site.yaml), or create one with `handbook new DIR`",
                    path.display()
                ))
            } else {
                Error::io(&path, e)
            }
        })?;
        Self::parse(Path::new(CONFIG_FILE), &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let mut config: Config = yaml::parse(path, text, 1, "site.yaml")?;
        config.key_lines = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                l.split_once(':')
                    .filter(|(k, _)| !k.starts_with([' ', '#', '-']))
                    .map(|(k, _)| (k.trim().to_string(), i + 1))
            })
            .collect();
        let base_url = config.base_url.clone();
        config.set_base_url(&base_url).map_err(|message| {
            Error::from(
                Diagnostic::new(path, format!("site.yaml: base_url: {message}")).at(config.line_of("base_url"), 1),
            )
        })?;
        if config.title.trim().is_empty() {
            return Err(Diagnostic::new(path, "site.yaml: `title` is empty: expected the handbook's name")
                .at(1, 1)
                .into());
        }
        Ok(config)
    }

    /// Sets `base_url` (from site.yaml, `--base-url`, or the address `serve` listens on): an
    /// absolute http(s) URL, or a path from the host's root. `Err` says what was expected.
    pub fn set_base_url(&mut self, url: &str) -> std::result::Result<(), String> {
        let (base_url, base_path) = parse_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }

    /// The line of a top-level key in site.yaml (1 when it is not there).
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.iter().find(|(k, _)| k == key).map_or(1, |(_, line)| *line)
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/` or `/sub/`).
    pub fn base_path(&self) -> String {
        self.base_path.clone()
    }

    /// Absolute URL of a site path such as `/documents/x/` (for feeds, sitemaps, canonical links).
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), site_path)
    }

    /// A site path (`/documents/x/`) as an href that works under the base path (`/sub/documents/x/`).
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path.trim_end_matches('/'), site_path)
    }

    /// Folder of the active theme.
    pub fn theme_dir(&self, root: &Path) -> PathBuf {
        root.join("themes").join(&self.theme)
    }
}

/// `https://host/sub` → (`https://host/sub/`, `/sub/`); `/sub` → (`/sub/`, `/sub/`). A host
/// without a scheme (`example.org/sub`) is refused: it would silently become a path.
fn parse_base_url(url: &str) -> std::result::Result<(String, String), String> {
    let trimmed = url.trim();
    let expected = "expected an absolute URL like https://example.org/handbook/, or a path like /handbook/";
    if trimmed.is_empty() || trimmed == "/" {
        return Ok(("/".into(), "/".into()));
    }
    if trimmed.starts_with('/') && !trimmed.starts_with("//") {
        let path = if trimmed.ends_with('/') { trimmed.to_string() } else { format!("{trimmed}/") };
        return Ok((path.clone(), path));
    }
    let parsed = url::Url::parse(trimmed).map_err(|e| format!("{expected}, found {trimmed:?} ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("{expected}, found {trimmed:?}"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!("{expected}, without ? or #, found {trimmed:?}"));
    }
    let mut path = parsed.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let origin = parsed.origin().ascii_serialization();
    Ok((format!("{origin}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_the_closest() {
        let err = Config::parse(Path::new("site.yaml"), "title: H\nbase_ulr: /x/\n").unwrap_err();
        assert_eq!(err.to_string(), "site.yaml:2:1: site.yaml: unknown key `base_ulr`: did you mean `base_url`?");
    }

    #[test]
    fn urls_follow_the_base_path() {
        let c = Config::parse(Path::new("site.yaml"), "title: H\nbase_url: https://example.org/sub\n").unwrap();
        assert_eq!(c.base_path(), "/sub/");
        assert_eq!(c.url("/documents/x/"), "/sub/documents/x/");
        assert_eq!(c.permalink("/documents/x/"), "https://example.org/sub/documents/x/");
        let root = Config::parse(Path::new("site.yaml"), "title: H\n").unwrap();
        assert_eq!(root.url("/"), "/");
        assert_eq!(root.permalink("/a/"), "/a/");
        let path_only = Config::parse(Path::new("site.yaml"), "title: H\nbase_url: /hb\n").unwrap();
        assert_eq!((path_only.base_url.as_str(), path_only.base_path()), ("/hb/", "/hb/".to_string()));
    }

    #[test]
    fn a_base_url_without_a_scheme_is_an_error_not_a_path() {
        let err = Config::parse(Path::new("site.yaml"), "title: H\n\nbase_url: example.org/handbook\n").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(
                "site.yaml:3:1: site.yaml: base_url: expected an absolute URL like https://example.org/handbook/"
            ),
            "{message}"
        );
        assert!(message.contains("\"example.org/handbook\""), "{message}");
        for bad in ["ftp://example.org/", "https://example.org/?x=1", "//example.org/"] {
            let mut c = Config::parse(Path::new("site.yaml"), "title: H\n").unwrap();
            assert!(c.set_base_url(bad).is_err(), "{bad}");
        }
    }
}
