//! A scanned page's image as 8-bit grey pixels, for OCR. A scanned PDF page holds one image that
//! covers it, at the scanner's resolution: that image is decoded as it is stored (CCITT fax,
//! JPEG, or raw samples behind Flate), which gives the scanner's own pixels, sharper for
//! Tesseract than a page rendered again, and costs a few tens of milliseconds a page.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A grey image: one byte a pixel, 0 black, 255 white, rows top to bottom.
pub(crate) struct Grey {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) pixels: Vec<u8>,
    /// Pixels per inch across the page.
    pub(crate) dpi: u32,
}

impl Grey {
    /// As a binary PGM file, which Tesseract reads from its standard input.
    pub(crate) fn pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }
}

/// The largest image one page may decode to: a 600-dpi A3 scan is 60 M pixels.
const MAX_PIXELS: u64 = 120_000_000;
/// The most a page's image may inflate to before it is decoded further.
const MAX_STREAM: usize = 256 * 1024 * 1024;

/// What a page is, for OCR: a scan, a picture too small to be a scan of the page, or a scan in a
/// format this cannot decode. Told without decoding the image: a page read before is in the OCR
/// cache, and its image is decoded only if Tesseract has to read it.
pub(crate) enum PageKind {
    Scan,
    None,
    Unsupported(String),
}

/// How a scan's pixels are stored, of the ways this decodes.
enum Storage {
    Ccitt,
    Jpeg,
    Raw { compressed: bool },
}

pub(crate) fn page_kind(doc: &Document, page: ObjectId, page_width_pt: f64, page_height_pt: f64) -> PageKind {
    match covering(doc, page, page_width_pt, page_height_pt) {
        Ok((image, _)) => match storage(&image) {
            Ok(_) => PageKind::Scan,
            Err(why) => PageKind::Unsupported(why),
        },
        Err(kind) => kind,
    }
}

/// The image that covers page `page` (at least half its area) at a resolution a scanner uses,
/// with that resolution; or what the page is instead.
fn covering(
    doc: &Document,
    page: ObjectId,
    page_width_pt: f64,
    page_height_pt: f64,
) -> Result<(lopdf::xobject::PdfImage<'_>, u32), PageKind> {
    let Ok(images) = doc.get_page_images(page) else { return Err(PageKind::None) };
    let Some(image) = images.into_iter().max_by_key(|i| i.width.saturating_mul(i.height)) else {
        return Err(PageKind::None);
    };
    let (width, height) = (image.width, image.height);
    if width <= 0 || height <= 0 || (width as u64) * (height as u64) > MAX_PIXELS {
        return Err(PageKind::Unsupported(format!("an image of {width}×{height} pixels")));
    }
    let dpi = (width as f64 / (page_width_pt.max(1.0) / 72.0)).round() as u32;
    let coverage = (width as f64 / dpi.max(1) as f64 * 72.0) * (height as f64 / dpi.max(1) as f64 * 72.0)
        / (page_width_pt * page_height_pt).max(1.0);
    if dpi < 70 || coverage < 0.5 {
        return Err(PageKind::None);
    }
    Ok((image, dpi))
}

fn storage(image: &lopdf::xobject::PdfImage) -> Result<Storage, String> {
    let filters = image.filters.as_deref().unwrap_or_default();
    match filters.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["CCITTFaxDecode"] => Ok(Storage::Ccitt),
        ["DCTDecode"] => Ok(Storage::Jpeg),
        [] => Ok(Storage::Raw { compressed: false }),
        ["FlateDecode"] | ["LZWDecode"] => Ok(Storage::Raw { compressed: true }),
        other => Err(format!("an image stored as {}", other.join(", "))),
    }
}

/// The scan of page `page`, decoded (see [`page_kind`]); why not, if it does not decode.
pub(crate) fn page_image(
    doc: &Document,
    page: ObjectId,
    page_width_pt: f64,
    page_height_pt: f64,
) -> Result<Grey, String> {
    let (image, dpi) = covering(doc, page, page_width_pt, page_height_pt).map_err(|kind| match kind {
        PageKind::Unsupported(why) => why,
        _ => "no scanned image".to_string(),
    })?;
    let params = decode_params(doc, image.origin_dict);
    let invert = decode_inverted(image.origin_dict);
    let (width, height) = (image.width as u32, image.height as u32);
    let mut pixels = match storage(&image)? {
        Storage::Ccitt => ccitt(image.content, width, height, &params),
        Storage::Jpeg => jpeg(image.content, width, height),
        Storage::Raw { compressed } => {
            let stream = doc.get_object(image.id).and_then(Object::as_stream);
            let samples = match stream {
                Ok(s) if !compressed => Ok(s.content.clone()),
                Ok(s) => s.decompressed_content_with_limit(MAX_STREAM).map_err(|e| format!("cannot decompress: {e}")),
                Err(e) => Err(format!("cannot read: {e}")),
            };
            samples.and_then(|s| {
                raw(&s, width, height, image.bits_per_component.unwrap_or(8), image.color_space.as_deref())
            })
        }
    }?;
    if invert {
        pixels.iter_mut().for_each(|p| *p = 255 - *p);
    }
    Ok(Grey { width, height, pixels, dpi })
}

fn decode_params(doc: &Document, dict: &Dictionary) -> Dictionary {
    match dict.get(b"DecodeParms").ok().and_then(|o| doc.dereference(o).ok()).map(|(_, o)| o) {
        Some(Object::Dictionary(d)) => d.clone(),
        Some(Object::Array(a)) => a.iter().find_map(|o| o.as_dict().ok()).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    }
}

/// `/Decode [1 0]`: the samples are stored inverted.
fn decode_inverted(dict: &Dictionary) -> bool {
    let first = dict.get(b"Decode").ok().and_then(|o| o.as_array().ok()).and_then(|a| a.first().cloned());
    first.is_some_and(|o| o.as_float().map(|f| f == 1.0).or_else(|_| o.as_i64().map(|i| i == 1)).unwrap_or(false))
}

/// CCITT Group 3 or 4 fax data (`K` < 0 is Group 4): one bit a pixel, 0 black unless `BlackIs1`.
fn ccitt(data: &[u8], width: u32, height: u32, params: &Dictionary) -> Result<Vec<u8>, String> {
    let int = |key: &[u8]| params.get(key).ok().and_then(|o| o.as_i64().ok());
    let k = int(b"K").unwrap_or(0);
    let columns = int(b"Columns").map_or(width, |c| c.clamp(1, 100_000) as u32);
    let black_is_1 = params.get(b"BlackIs1").ok().and_then(|o| o.as_bool().ok()).unwrap_or(false);
    let total = columns as usize * height as usize;
    let mut pixels = Vec::with_capacity(total);
    let mut line = |transitions: &[u32]| {
        if pixels.len() >= total {
            return;
        }
        pixels.extend(fax::decoder::pels(transitions, columns).map(|c| {
            let white = (c == fax::Color::White) != black_is_1;
            if white { 255u8 } else { 0 }
        }));
    };
    let decoded = if k < 0 {
        fax::decoder::decode_g4(data.iter().copied(), columns, Some(height), &mut line)
    } else {
        fax::decoder::decode_g3(data.iter().copied(), &mut line)
    };
    if decoded.is_none() && pixels.is_empty() {
        return Err("CCITT fax data that does not decode".into());
    }
    // A damaged stream decodes in part: the rest of the page is white.
    pixels.resize(total, 255);
    Ok(crop_columns(pixels, columns, width, height))
}

/// Rows of `columns` pixels cut (or padded) to `width`.
fn crop_columns(pixels: Vec<u8>, columns: u32, width: u32, height: u32) -> Vec<u8> {
    if columns == width {
        return pixels;
    }
    let mut out = Vec::with_capacity(width as usize * height as usize);
    for row in pixels.chunks(columns as usize) {
        let keep = row.len().min(width as usize);
        out.extend_from_slice(&row[..keep]);
        out.resize(out.len() + (width as usize - keep), 255);
    }
    out
}

fn jpeg(data: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(width as usize + 16)
        .set_max_height(height as usize + 16);
    let mut decoder =
        zune_jpeg::JpegDecoder::new_with_options(zune_jpeg::zune_core::bytestream::ZCursor::new(data), options);
    let pixels = decoder.decode().map_err(|e| format!("a JPEG image that does not decode: {e:?}"))?;
    let (w, h) = decoder.dimensions().ok_or("a JPEG image with no size")?;
    if (w as u32, h as u32) != (width, height) {
        return Err(format!("a JPEG image of {w}×{h} pixels where the page says {width}×{height}"));
    }
    Ok(pixels)
}

/// Uncompressed samples: grey or RGB, 1 or 8 bits a component.
fn raw(samples: &[u8], width: u32, height: u32, bits: i64, space: Option<&str>) -> Result<Vec<u8>, String> {
    let (w, h) = (width as usize, height as usize);
    let components = match space {
        Some("DeviceGray") | Some("CalGray") | None => 1,
        Some("DeviceRGB") | Some("CalRGB") => 3,
        Some(other) => return Err(format!("an image in the colour space {other}")),
    };
    match (bits, components) {
        (8, _) => {
            let row = w * components;
            if samples.len() < row * h {
                return Err("an image with fewer samples than its size".into());
            }
            Ok(samples
                .chunks(components)
                .take(w * h)
                .map(|c| {
                    if components == 1 {
                        c[0]
                    } else {
                        ((c[0] as u32 * 30 + c[1] as u32 * 59 + c[2] as u32 * 11) / 100) as u8
                    }
                })
                .collect())
        }
        (1, 1) => {
            let row = w.div_ceil(8);
            if samples.len() < row * h {
                return Err("an image with fewer samples than its size".into());
            }
            let mut out = Vec::with_capacity(w * h);
            for r in samples.chunks(row).take(h) {
                out.extend((0..w).map(|x| if r[x / 8] & (0x80 >> (x % 8)) != 0 { 255u8 } else { 0 }));
            }
            Ok(out)
        }
        _ => Err(format!("an image of {bits} bits a component")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_samples_become_grey() {
        assert_eq!(raw(&[0b1010_0000], 3, 1, 1, Some("DeviceGray")).unwrap(), [255, 0, 255]);
        assert_eq!(raw(&[255, 255, 255, 0, 0, 0], 2, 1, 8, Some("DeviceRGB")).unwrap(), [255, 0]);
        assert!(raw(&[0], 2, 2, 8, None).is_err(), "too few samples");
        assert!(raw(&[0; 16], 2, 2, 8, Some("Indexed")).is_err());
        assert_eq!(crop_columns(vec![1, 2, 3, 4, 5, 6], 3, 2, 2), [1, 2, 4, 5]);
        let grey = Grey { width: 2, height: 1, pixels: vec![0, 255], dpi: 300 };
        assert_eq!(grey.pgm(), b"P5\n2 1\n255\n\x00\xff");
    }
}
