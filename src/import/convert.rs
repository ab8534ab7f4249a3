//! A seed's bytes to pages, by what the seed is: text, a saved web page or a PDF.

use std::path::Path;

use super::context::{Context, Conversion};
use super::{decode, format, page, pdf, text, web};

/// Whether the file at `path` is a PDF (by its first bytes, or its name): what `serve` imports
/// in the background.
pub fn is_pdf(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; format::SIGNATURE_WINDOW];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format::sniff(&name, &head[..read]) == format::SeedFormat::Pdf
}

/// Converts one seed with the built-in catalogue. Pure: no I/O. `Err` is a one-line reason the
/// seed cannot be imported.
pub fn convert(seed_name: &str, bytes: &[u8]) -> Result<Conversion, String> {
    convert_with(seed_name, bytes, Context::built_in())
}

/// [`convert`] with a site's own catalogue and names. A seed is read by what it is, not by its
/// name alone: a saved web page (`web`), a PDF (`pdf`), or text (`text`).
pub fn convert_with(seed_name: &str, bytes: &[u8], context: &Context) -> Result<Conversion, String> {
    let seed_sha256 = page::sha256_hex(bytes);
    match format::sniff(seed_name, bytes) {
        format::SeedFormat::Html => web::convert(seed_name, bytes, &seed_sha256, context),
        format::SeedFormat::Pdf => pdf::convert(seed_name, bytes, &seed_sha256, context),
        format::SeedFormat::Text => {
            let decoded = decode::decode(bytes)?;
            let warnings = decoded.note.into_iter().collect();
            let pages = text::convert(seed_name, &decoded.text, &seed_sha256, context, warnings)?;
            Ok(Conversion { encoding: decoded.encoding, ..pages })
        }
    }
}
