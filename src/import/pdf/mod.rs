//! The PDF route: a PDF seed → its text, page by page → the text route, as a converter's output
//! would go (one page per document, never split at a page break).
//!
//! 1. The file is opened with `lopdf` and checked before anything reads it in full: encrypted,
//!    damaged, without pages, too many pages, a stream that would inflate beyond reason.
//! 2. [`layout`]: the text layer (`pdfplumber`: every character with its box, size and font),
//!    read by position: running headers and footers, job numbers, page numbers and barcodes
//!    dropped; footnotes moved to the end; paragraphs and headings apart.
//! 3. A page with no text, or text its fonts map to nothing, is a scan: [`scan`] decodes its
//!    image and [`ocr`] reads it with Tesseract (cached by the PDF's SHA-256). OCR's misreadings
//!    of symbols are mended where their shape is certain; the pages say they were OCR'd.

mod layout;
pub(super) mod ocr;
mod scan;

use std::time::Duration;

pub use ocr::{INSTALL as OCR_INSTALL, Ocr};

use super::context::{Context, Conversion};
use layout::{Glyph, PageText};

/// More pages than a document the handbook holds as one page (a yearbook is split first).
const MAX_PAGES: usize = 1_000;
/// The most one stream of the file may inflate to: a page's content is a few hundred KB.
const MAX_STREAM: usize = 64 * 1024 * 1024;
/// How long reading the text layer may take (a 500-page report takes a few seconds).
const TIME_LIMIT: Duration = Duration::from_secs(300);
/// A page whose OCR'd words have a lower mean confidence than this is not text.
const MIN_PAGE_CONFIDENCE: f32 = 60.0;
/// A page with fewer characters than this has no text layer worth the name (a stamp, a page
/// number added to a scan).
const MIN_GLYPHS: usize = 40;

/// What the checks of step 1 found, for the steps after.
struct Checked {
    doc: lopdf::Document,
    /// Page number → the page's object.
    pages: Vec<(u32, lopdf::ObjectId)>,
}

pub(super) fn convert(
    seed_name: &str,
    bytes: &[u8],
    seed_sha256: &str,
    context: &Context,
) -> Result<Conversion, String> {
    let checked = check(bytes)?;
    let mut layer = text_layer(bytes.to_vec())?;
    if layer.len() != checked.pages.len() {
        return Err(format!("the PDF's page tree is damaged ({} pages read of {})", layer.len(), checked.pages.len()));
    }
    let mut warnings = Vec::new();
    let mut scanned: Vec<usize> = Vec::new();
    for (i, page) in layer.iter().enumerate() {
        let visible = page.glyphs.iter().filter(|g| !g.text.trim().is_empty()).count();
        let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
        let garbage = visible >= MIN_GLYPHS && is_garbage(&text);
        if visible >= MIN_GLYPHS && !garbage {
            continue;
        }
        let (number, id) = checked.pages[i];
        match scan::page_kind(&checked.doc, id, page.width, page.height) {
            scan::PageKind::Scan => scanned.push(i),
            scan::PageKind::Unsupported(what) if visible == 0 || garbage => {
                return Err(format!(
                    "page {number} is a scan stored as {what}, which the handbook cannot decode yet: convert the PDF \
                     (e.g. with `ocrmypdf`) and import the result"
                ));
            }
            _ if garbage => {
                return Err(format!(
                    "page {number}'s fonts map their glyphs to no characters (its text layer reads as garbage) and it \
                     holds no scanned image to read instead: convert it to text with another tool and import that"
                ));
            }
            // A page of pictures, or blank: nothing to read.
            _ => {}
        }
    }
    let ocr_pages = !scanned.is_empty();
    if ocr_pages {
        let ocr = context.ocr.as_ref().ok_or_else(|| {
            "the PDF is scanned (no text layer) and this conversion cannot run OCR: import it with `handbook import`"
                .to_string()
        })?;
        let numbers: Vec<u32> = scanned.iter().map(|&i| checked.pages[i].0).collect();
        let image = |number: u32| -> Result<scan::Grey, String> {
            let i = checked.pages.iter().position(|(n, _)| *n == number).ok_or("internal: no such page")?;
            scan::page_image(&checked.doc, checked.pages[i].1, layer[i].width, layer[i].height)
                .map_err(|why| format!("page {number} is a scan stored as {why}: it cannot be read"))
        };
        let read = ocr.read(seed_name, seed_sha256, &numbers, &image)?;
        for (&i, tsv) in scanned.iter().zip(read) {
            let page = layout::from_tsv(&tsv, layer[i].width, layer[i].height, ocr::mend_word);
            // A map or a photograph reads as scattered words OCR is unsure of: no text.
            let words = page.glyphs.len().max(1) as f32;
            if page.glyphs.iter().map(|g| g.confidence).sum::<f32>() / words < MIN_PAGE_CONFIDENCE {
                warnings.push(format!(
                    "page {}: OCR found no text it is sure of (a map or a picture?): left out",
                    checked.pages[i].0
                ));
                layer[i].glyphs.clear();
            } else {
                layer[i] = page;
            }
        }
        warnings.push(format!(
            "{} of {} pages read by OCR: quotations need checking against the original",
            scanned.len(),
            layer.len()
        ));
    }
    let texts = layout::pages_text(&layer);
    let mut text = texts.pages.join("\u{c}\n");
    if !texts.notes.is_empty() {
        text.push_str("\nNotes\n\n");
        text.push_str(&texts.notes.join("\n\n"));
        text.push('\n');
    }
    let mut conversion = super::text::convert(seed_name, &text, seed_sha256, context, warnings)?;
    for page in &mut conversion.pages {
        page.meta.ocr = ocr_pages;
    }
    conversion.encoding = if ocr_pages { "PDF (OCR)" } else { "PDF" };
    Ok(conversion)
}

/// Opens the file with its streams' inflation capped, and refuses what cannot be read.
fn check(bytes: &[u8]) -> Result<Checked, String> {
    if bytes.is_empty() {
        return Err("an empty file, named as a PDF".into());
    }
    let options = lopdf::LoadOptions::with_max_decompressed_size(MAX_STREAM);
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => encrypted(),
        other if other.to_string().contains("limit") => bomb(),
        other => format!("not a PDF that can be read ({other}): is it whole? download it again"),
    })?;
    let pages: Vec<(u32, lopdf::ObjectId)> = doc.get_pages().into_iter().collect();
    // Encrypted with a password the reader lacks: its objects do not decrypt, so no pages read.
    if pages.is_empty() && doc.trailer.get(b"Encrypt").is_ok() {
        return Err(encrypted());
    }
    if pages.is_empty() {
        return Err("the PDF has no pages".into());
    }
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "{} pages: a seed of at most {MAX_PAGES} pages becomes one page of the handbook; split the PDF into its documents",
            pages.len()
        ));
    }
    // Every page's content must inflate within bounds before the text layer reads it in full.
    for (number, id) in &pages {
        if let Err(e) = doc.get_page_content_with_limit(*id, MAX_STREAM) {
            return Err(if e.to_string().contains("limit") {
                bomb()
            } else {
                format!("page {number} cannot be read: {e}")
            });
        }
    }
    Ok(Checked { doc, pages })
}

fn encrypted() -> String {
    "the PDF is encrypted with a password: open it, print it to a new PDF without one, and import that".into()
}

fn bomb() -> String {
    format!(
        "a stream of the PDF inflates to more than {} MB: refused (a decompression bomb?)",
        MAX_STREAM / (1024 * 1024)
    )
}

/// Every page's characters, read on a thread of its own with a time limit: an import never hangs
/// on one PDF.
fn text_layer(bytes: Vec<u8>) -> Result<Vec<PageText>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-text".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| read_text_layer(&bytes));
            let _ = tx.send(result.unwrap_or_else(|_| Err("the PDF reader failed on this file".into())));
        })
        .map_err(|e| format!("cannot start the PDF reader: {e}"))?;
    rx.recv_timeout(TIME_LIMIT)
        .unwrap_or_else(|_| Err(format!("reading the PDF's text took more than {} s: gave up", TIME_LIMIT.as_secs())))
}

fn read_text_layer(bytes: &[u8]) -> Result<Vec<PageText>, String> {
    let options = pdfplumber::ExtractOptions {
        max_stream_bytes: MAX_STREAM,
        max_pages: Some(MAX_PAGES),
        max_input_bytes: Some(super::decode::MAX_SEED_BYTES as usize),
        collect_warnings: false,
        ..Default::default()
    };
    let pdf = pdfplumber::Pdf::open_bytes(bytes, Some(options)).map_err(|e| match e.kind() {
        pdfplumber::PdfErrorKind::PasswordRequired | pdfplumber::PdfErrorKind::InvalidPassword => encrypted(),
        pdfplumber::PdfErrorKind::ResourceLimit => bomb(),
        _ => format!("not a PDF that can be read ({e}): is it whole? download it again"),
    })?;
    let mut pages = Vec::with_capacity(pdf.page_count());
    for (i, page) in pdf.pages().iter().enumerate() {
        let page = page.map_err(|e| format!("page {} cannot be read: {e}", i + 1))?;
        let glyphs = page
            .chars()
            .iter()
            .filter(|c| c.upright)
            .map(|c| {
                let font = c.fontname.to_ascii_lowercase();
                Glyph {
                    text: unmapped_code(&c.text).unwrap_or_else(|| c.text.clone()),
                    x0: c.bbox.x0,
                    x1: c.bbox.x1,
                    top: c.bbox.top,
                    bottom: c.bbox.bottom,
                    size: c.size,
                    bold: ["bold", "black", "heavy", "semibold"].iter().any(|w| font.contains(w)),
                    barcode: ["barcode", "3of9", "3 of 9", "code39", "code128"].iter().any(|w| font.contains(w)),
                    confidence: 100.0,
                    ocr_line: None,
                }
            })
            .collect();
        pages.push(PageText { width: page.width(), height: page.height(), glyphs });
    }
    Ok(pages)
}

/// Text a font without a usable character map produces: replacement and private-use
/// characters, or letters in runs no language writes (few vowels).
fn is_garbage(text: &str) -> bool {
    let visible: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if visible.is_empty() {
        return false;
    }
    let unmapped = visible
        .iter()
        .filter(|&&c| c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) || (c.is_control()))
        .count();
    if unmapped * 5 > visible.len() {
        return true;
    }
    let latin: Vec<char> = visible.iter().copied().filter(|c| c.is_ascii_alphabetic()).collect();
    if latin.len() * 2 < visible.len() {
        // Mostly figures (a table) or another script: not judged by vowels. Mostly punctuation is
        // glyph codes read as ASCII.
        let punctuation = visible.iter().filter(|c| c.is_ascii_punctuation()).count();
        return punctuation * 2 > visible.len();
    }
    let vowels = latin.iter().filter(|c| "aeiouyAEIOUY".contains(**c)).count();
    vowels * 8 < latin.len()
}

/// The character a glyph the font maps to nothing (`(cid:146)`, as pdfplumber reports it) most
/// likely is: a simple font's 8-bit code read as Windows-1252, the encoding such fonts declare or
/// mean, where it names a printable character. UN documents of the early 2000s draw their
/// apostrophes and quotation marks this way (146 is ’, 147 and 148 are “ ”).
fn unmapped_code(text: &str) -> Option<String> {
    let code: u8 = text.strip_prefix("(cid:")?.strip_suffix(')')?.parse().ok()?;
    let byte = [code];
    let (decoded, _, malformed) = encoding_rs::WINDOWS_1252.decode(&byte);
    let printable = code >= 32 && !malformed && decoded.chars().all(|c| !c.is_control());
    printable.then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_known_from_text() {
        assert!(!is_garbage("The present report is submitted pursuant to Security Council resolution 2410 (2018)"));
        assert!(!is_garbage("Le Conseil de sécurité a adopté la résolution"));
        assert!(is_garbage("\u{fffd}\u{fffd}\u{fffd}\u{fffd} \u{fffd}\u{fffd}"));
        assert!(is_garbage("#$%&'()*+ ,-./012 #$%& 3456"));
        assert!(is_garbage("Xkqzt Brrwpq Fxzllm Dkjqwt Vbnmzx"));
        assert!(!is_garbage("S/2018/795 18-13777 2/12"));
    }

    #[test]
    fn an_unmapped_code_is_read_as_windows_1252() {
        assert_eq!(unmapped_code("(cid:146)").as_deref(), Some("\u{2019}"));
        assert_eq!(unmapped_code("(cid:147)").as_deref(), Some("\u{201c}"));
        assert_eq!(unmapped_code("(cid:129)"), None, "undefined in Windows-1252");
        assert_eq!(unmapped_code("(cid:7)"), None, "a control code");
        assert_eq!(unmapped_code("(cid:4012)"), None, "a CID font's code is the font's own");
        assert_eq!(unmapped_code("a"), None);
    }
}
