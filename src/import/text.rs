//! The text route: a seed's text (as received, or as a PDF's text layer gives it) → documents →
//! pages. Passes 2–7 of [`super`]: lines, page furniture, the split into documents, and each
//! document's facts and body.

use super::context::{Context, Conversion};
use super::document::{self, Document};
use super::{header, lines, pages};

/// Converts `text`, the whole of seed `seed_name` (whose bytes hash to `seed_sha256`); `warnings`
/// are what reading it already found. The conversion's `encoding` is for the caller to set.
pub(super) fn convert(
    seed_name: &str,
    text: &str,
    seed_sha256: &str,
    context: &Context,
    mut warnings: Vec<String>,
) -> Result<Conversion, String> {
    let mut lines = lines::clean_lines(text);
    pages::strip_running_furniture(&mut lines);
    header::strip_page_furniture(&mut lines);
    let mut docs: Vec<Document> = Vec::new();
    for raw in header::split_documents(lines) {
        let part = docs.len() + 1;
        let mut doc_warnings = Vec::new();
        if let Some(doc) = document::document(raw, context, &mut doc_warnings) {
            docs.push(doc);
        }
        let label = |w: String| if part > 1 { format!("document {part}: {w}") } else { w };
        warnings.extend(doc_warnings.into_iter().map(label));
    }
    if docs.is_empty() {
        return Err(
            "no text left once page headers, footers and site chrome are removed: nothing to import".to_string()
        );
    }
    document::share_vote_with_resolutions(&mut docs);

    Ok(Conversion { pages: document::into_pages(docs, seed_name, seed_sha256), warnings, encoding: "UTF-8" })
}
