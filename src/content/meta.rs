//! The front-matter of a page: one type for every section, so an editor learns one vocabulary.
//! Documents use the reporting fields; official pages use `aliases` and `roles`.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// What a document is. Lowercase in front-matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    News,
    Resolution,
    Letter,
    Briefing,
    Statement,
    Report,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Resolution => "resolution",
            Kind::Letter => "letter",
            Kind::Briefing => "briefing",
            Kind::Statement => "statement",
            Kind::Report => "report",
        }
    }
}

/// How the Council voted, where the source records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub in_favour: u32,
    pub against: u32,
    pub abstentions: u32,
    /// Members voting in favour, as the source names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_favour_members: Vec<String>,
}

/// One office an official held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Absent while in office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// Other spellings of this office that mark a reference to its holder, typically translations
    /// ("Secretario General", "Secrétaire général"). Matched case-insensitively, like the title.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Overrides the URL slug (default: the file name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Overrides the template (a file name under the theme's `templates/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// The seed this page was imported from, and its SHA-256, so a changed seed can update it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_sha256: Option<String>,
    /// SHA-256 of the page as import wrote it: if the file differs, an editor changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_sha256: Option<String>,
    /// A saved web page's canonical address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The text was read from a scanned image (OCR): quotes need checking against the original.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ocr: bool,
    /// The document's own UN symbol: `S/1999/404`, `S/RES/819 (1993)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// The meeting record the text names: `S/PV.3199`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// The resolution this page is the text of (`"2553 (2020)"`), for kind `resolution`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sponsors: Vec<String>,
    /// Other pages of the same seed or otherwise tied to this one, by slug.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Entities an editor says this page mentions, beyond what the build recognizes in its text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officials: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missions: Vec<String>,
    /// Entities the recognizer finds but an editor says are not mentions (same spelling as above).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_mentions: Vec<String>,
    /// Official pages: other names the person is mentioned by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Official pages: offices held, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Mission pages (`content/missions/`): the acronym, `UNTAC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    /// Mission pages: where it operates, one place or a list.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "one_or_many")]
    pub location: Vec<String>,
    /// Mission pages: when it started and ended (`2004-04-30`, or `2004-04`, or `2004`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<crate::date::PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<crate::date::PartialDate>,
    /// Mission pages: the resolutions that set it up, `["1542 (2004)"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub established_by: Vec<String>,
    /// Free-form values for themes (`page.extra`).
    #[serde(default, skip_serializing_if = "serde_yaml::Mapping::is_empty")]
    pub extra: serde_yaml::Mapping,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A list, or one value standing for a list of one.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// Front-matter of a section's `_index.md`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Pages per page of the section's list (`/documents/page/2/`, …); 0 lists them all on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginate_by: Option<usize>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
}
