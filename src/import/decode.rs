//! Pass 1: bytes → text. A seed is text as received; anything else is refused with a reason.

/// The largest seed import accepts: a 5,000-page report converted from PDF is some 12 MB; a
/// seed larger than this is a mistake (a PDF, a database dump), and reading it would only
/// produce a useless page.
pub const MAX_SEED_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// "UTF-8", "UTF-16LE", "UTF-16BE" or "windows-1252".
    pub encoding: &'static str,
    /// Set when the seed was not plain UTF-8, to tell the editor what was assumed.
    pub note: Option<String>,
}

/// Decodes a seed: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
/// else Latin-1 (as windows-1252, its superset). Refuses empty, oversized and binary input.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.len() as u64 > MAX_SEED_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let (text, encoding, note) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!("starts with a {} byte-order mark but is not valid {}", enc.name(), enc.name()));
        }
        let name = static_name(enc);
        let note = (enc != encoding_rs::UTF_8).then(|| format!("decoded as {name} (byte-order mark)"));
        (text.into_owned(), name, note)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8", None)
    } else {
        if bytes.contains(&0) {
            return Err(binary());
        }
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), "windows-1252", Some("not UTF-8: decoded as Latin-1 (windows-1252)".to_string()))
    };
    if looks_binary(&text) {
        return Err(binary());
    }
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err("empty seed: nothing to import".to_string());
    }
    Ok(Decoded { text, encoding, note })
}

pub fn too_large(len: u64) -> String {
    format!(
        "{:.1} MB is too large for a seed (the limit is {} MB): is it really a text document?",
        len as f64 / (1024.0 * 1024.0),
        MAX_SEED_BYTES / (1024 * 1024)
    )
}

fn binary() -> String {
    "binary data, not text: expected a UTF-8, UTF-16 (with byte-order mark) or Latin-1 text file".to_string()
}

fn static_name(enc: &'static encoding_rs::Encoding) -> &'static str {
    if enc == encoding_rs::UTF_16LE {
        "UTF-16LE"
    } else if enc == encoding_rs::UTF_16BE {
        "UTF-16BE"
    } else {
        "UTF-8"
    }
}

/// Text has no NUL and few control characters; executables, images and archives have many.
fn looks_binary(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            controls += 1;
        }
    }
    total > 0 && controls * 100 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_taken_as_is() {
        let d = decode("Côte d’Ivoire".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.note), ("Côte d’Ivoire", "UTF-8", None));
    }

    #[test]
    fn utf8_bom_is_dropped_silently() {
        let d = decode(b"\xEF\xBB\xBFHello").unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.note), ("Hello", "UTF-8", None));
    }

    #[test]
    fn latin1_is_decoded_and_said() {
        let d = decode(b"S\xE9curit\xE9").unwrap();
        assert_eq!(d.text, "Sécurité");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.note.unwrap().contains("Latin-1"));
    }

    #[test]
    fn utf16_with_bom_is_decoded_and_said() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Paix".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Paix", "UTF-16LE"));
        assert!(d.note.unwrap().contains("UTF-16LE"));
    }

    #[test]
    fn empty_binary_and_huge_are_refused() {
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(b" \n\t\n").unwrap_err().contains("empty"));
        assert!(decode(b"\x7FELF\x02\x01\x01\0\0\0\0").unwrap_err().contains("binary"));
        assert!(decode(&[0x01, 0x02, 0x03, 0x04, b'a']).unwrap_err().contains("binary"));
        let huge = vec![b'a'; MAX_SEED_BYTES as usize + 1];
        assert!(decode(&huge).unwrap_err().contains("too large"));
    }
}
