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
        config.base_url = normalize_base_url(&config.base_url);
        if config.title.trim().is_empty() {
            return Err(Diagnostic::new(path, "site.yaml: `title` is empty: expected the handbook's name")
                .at(1, 1)
                .into());
        }
        Ok(config)
    }

    /// Overrides `base_url` (from `--base-url`, or the address `serve` listens on).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = normalize_base_url(url);
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/` or `/sub/`).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = if self.base_url.contains("://") {
            after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
        } else {
            after_scheme
        };
        let mut path = path.to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        path
    }

    /// Absolute URL of a site path such as `/documents/x/` (for feeds, sitemaps, canonical links).
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), site_path)
    }

    /// A site path (`/documents/x/`) as an href that works under the base path (`/sub/documents/x/`).
    pub fn url(&self, site_path: &str) -> String {
        let base = self.base_path();
        format!("{}{}", base.trim_end_matches('/'), site_path)
    }

    /// Folder of the active theme.
    pub fn theme_dir(&self, root: &Path) -> PathBuf {
        root.join("themes").join(&self.theme)
    }
}

fn normalize_base_url(url: &str) -> String {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        "/".to_string()
    } else if trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    }
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
    }
}
