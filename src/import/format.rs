//! What a seed is, by its content first: a PDF starts `%PDF-`, a saved web page with a doctype or
//! `<html>`; anything else is text. A name (`.pdf`, `.html`) settles what the content leaves open.

/// How a seed is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedFormat {
    Text,
    Pdf,
    Html,
}

/// How far into a file its signature may sit (the PDF standard allows junk before `%PDF-`).
pub(crate) const SIGNATURE_WINDOW: usize = 1024;

pub fn sniff(name: &str, bytes: &[u8]) -> SeedFormat {
    let head = &bytes[..bytes.len().min(SIGNATURE_WINDOW)];
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if memchr::memmem::find(head, b"%PDF-").is_some() || extension == "pdf" {
        return SeedFormat::Pdf;
    }
    if starts_like_html(head) || matches!(extension.as_str(), "html" | "htm" | "xhtml") {
        return SeedFormat::Html;
    }
    SeedFormat::Text
}

/// Whether the text opens with a doctype or an `<html>` tag, after a byte-order mark, spaces,
/// comments and an XML declaration.
fn starts_like_html(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<?xml") {
            match rest.find("?>") {
                Some(end) => rest = rest[end + 2..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let lower = rest.get(..rest.len().min(14)).unwrap_or_default().to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_the_name_settles_the_rest() {
        assert_eq!(sniff("report.txt", b"%PDF-1.4\n..."), SeedFormat::Pdf);
        assert_eq!(sniff("download", b"\r\n%PDF-1.7"), SeedFormat::Pdf);
        assert_eq!(sniff("broken.pdf", b"not really"), SeedFormat::Pdf);
        assert_eq!(sniff("page", b"\xef\xbb\xbf  <!DOCTYPE html><html>"), SeedFormat::Html);
        assert_eq!(sniff("page.txt", b"<!-- saved from url=(0051)https://x/ -->\n<html lang=en>"), SeedFormat::Html);
        assert_eq!(sniff("x", b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC"), SeedFormat::Html);
        assert_eq!(sniff("story.HTM", b"<p>Hello</p>"), SeedFormat::Html);
        assert_eq!(sniff("story.txt", b"<p>Hello</p> pasted from a page"), SeedFormat::Text);
        assert_eq!(sniff("000_a467.txt", b"UN News\nGlobal perspective Human stories"), SeedFormat::Text);
    }
}
