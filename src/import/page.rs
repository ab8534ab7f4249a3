//! The page file import writes: its slug, its exact text, and the hash that tells whether an
//! editor has changed it since.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::content::{self, PageMeta};
use crate::yaml;

use super::context::ImportedPage;

/// Longest slug import makes (UN letter titles run to 200 characters).
const MAX_SLUG: usize = 80;

/// `content::slugify(title)`, cut at a word to at most 80 characters; the seed's name if the
/// title has no letters or digits. Markup a title quotes (`<em>`) is not part of its URL.
pub(super) fn slug_for(title: &str, seed_name: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"</?[A-Za-z][^<>]*>").expect("static regex"));
    let slug = content::slugify_within(&TAG.replace_all(title, " "), MAX_SLUG);
    if slug.is_empty() {
        return content::slugify_within(
            Path::new(seed_name).file_stem().and_then(|s| s.to_str()).unwrap_or("document"),
            MAX_SLUG,
        );
    }
    slug
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const HASH_KEY: &str = "import_sha256:";

fn compose(meta: &PageMeta, body: &str) -> String {
    format!("---\n{}---\n\n{}", yaml::to_string(meta), body)
}

/// The exact text of a page file: front-matter, then body. Its `import_sha256` is the SHA-256
/// of this same text with the `import_sha256:` line left out.
pub fn render_page(page: &ImportedPage) -> String {
    let mut meta = page.meta.clone();
    meta.import_sha256 = None;
    meta.import_sha256 = Some(sha256_hex(compose(&meta, &page.body).as_bytes()));
    compose(&meta, &page.body)
}

/// Whether a page file is still as import wrote it: `None` if it records no `import_sha256`.
pub fn is_as_imported(text: &str) -> Option<bool> {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n > 0 && line.trim_end() == "---" {
            return None; // end of front-matter
        }
        if let Some(value) = line.strip_prefix(HASH_KEY) {
            let recorded = value.trim().trim_matches(['"', '\'']);
            let without = format!("{}{}", &text[..offset], &text[offset + line.len()..]);
            return Some(sha256_hex(without.as_bytes()) == recorded);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::PageMeta;

    #[test]
    fn the_hash_covers_the_page_without_its_own_line() {
        let page = ImportedPage {
            slug: "x".into(),
            meta: PageMeta { title: "X".into(), seed: Some("s.txt".into()), ..PageMeta::default() },
            body: "Body.\n".into(),
        };
        let text = render_page(&page);
        assert!(text.contains("\nimport_sha256: "), "{text}");
        assert_eq!(is_as_imported(&text), Some(true));
        assert_eq!(is_as_imported(&text.replace("Body.", "Body!")), Some(false));
        assert_eq!(is_as_imported("---\ntitle: X\n---\nBody\n"), None);
    }

    #[test]
    fn slugs_are_cut_at_a_word() {
        let long =
            "Carta de fecha 3 de diciembre de 2020 dirigida al Secretario General y a los Representantes Permanentes";
        let slug = slug_for(long, "s.txt");
        assert!(slug.len() <= MAX_SLUG && !slug.ends_with('-'), "{slug}");
        assert!(slug.starts_with("carta-de-fecha-3-de-diciembre-de-2020"));
        assert_eq!(slug_for("¿?", "004_abc.txt"), "004-abc");
        assert_eq!(slug_for("Council <em>debates</em> a <b>future</b>", "s.txt"), "council-debates-a-future");
    }
}
