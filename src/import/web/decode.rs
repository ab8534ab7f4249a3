//! A saved page's bytes → text, in the encoding the page declares: a byte-order mark, else a
//! `<meta charset>` (or `http-equiv` Content-Type, or an XML declaration) near the top, else
//! UTF-8 if the bytes are UTF-8, else the encoding `chardetng` (Firefox's detector) finds most
//! likely.

use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;

/// How far into the page a declaration is looked for. The HTML standard's prescan reads 1,024
/// bytes; pages often declare later, after a long comment or a script, and browsers still obey.
const PRESCAN: usize = 8 * 1024;

/// `<meta charset="x">`, `<meta http-equiv="Content-Type" content="text/html; charset=x">`,
/// `<?xml version="1.0" encoding="x"?>`.
static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
    )
    .expect("static regex")
});

pub(super) struct DecodedPage {
    pub(super) text: String,
    /// The encoding's name, as the WHATWG Encoding Standard gives it (`windows-1252`).
    pub(super) encoding: &'static str,
}

pub(super) fn decode(bytes: &[u8]) -> DecodedPage {
    let encoding = encoding_of(bytes);
    let (text, encoding, _) = encoding.decode(bytes);
    DecodedPage { text: text.into_owned(), encoding: encoding.name() }
}

fn encoding_of(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let declared = DECLARED
        .captures(head)
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    if let Some(encoding) = declared {
        // A page read as ASCII cannot be UTF-16 (the standard's rule): its declaration is wrong.
        return if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    // Not UTF-8 (checked above); no ISO-2022-JP, which no page saved from the web is in.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_encoding_wins_then_utf8_then_a_guess() {
        let latin = b"<html><head><meta charset=\"windows-1252\"></head><body>Caf\xe9</body></html>";
        let page = decode(latin);
        assert_eq!((page.encoding, page.text.contains("Café")), ("windows-1252", true));
        let sjis = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>日本語</p>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(sjis);
        let page = decode(&bytes);
        assert_eq!((page.encoding, page.text.contains("日本語")), ("Shift_JIS", true));
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("<meta charset=euc-kr><p>한국어</p>");
        assert!(decode(&bytes).text.contains("한국어"));
        // ISO-8859-1 is windows-1252, as browsers read it.
        let page = decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>S\xe3o Paulo</p>");
        assert_eq!((page.encoding, page.text.contains("São Paulo")), ("windows-1252", true));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<meta charset=windows-1252><p>Zürich</p>".as_bytes());
        assert!(decode(&bom).text.contains("Zürich"), "a byte-order mark beats the declaration");
        assert_eq!(decode("<p>déjà vu</p>".as_bytes()).encoding, "UTF-8");
        let undeclared = b"<p>Les op\xe9rations de maintien de la paix \xe0 l'\xe9chelle mondiale</p>";
        assert_eq!(decode(undeclared).encoding, "windows-1252");
    }
}
