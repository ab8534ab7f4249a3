//! A page's words and their weights, packed while the index waits for the site's last page.

/// Each word id as a LEB128 varint, followed by its weight as another: mostly two to four bytes
/// a word (ids are given in the order words are first met, so a common word's is small), where
/// two plain arrays (`u32` ids, `u16` weights) take six. The index holds one for every page until
/// it is written, at the build's peak (23 MB as arrays at 10,000 documents). Sorting the ids to
/// pack their differences saves a little more and costs a sort per page.
#[derive(Debug, Clone, Default)]
pub(super) struct PackedWords(Box<[u8]>);

impl PackedWords {
    /// `words`: (word id, weight). `scratch` is kept from page to page for its allocation.
    pub(super) fn pack(words: impl IntoIterator<Item = (u32, u16)>, scratch: &mut Vec<u8>) -> PackedWords {
        scratch.clear();
        for (id, weight) in words {
            push_varint(scratch, id);
            push_varint(scratch, u32::from(weight));
        }
        PackedWords(Box::from(&scratch[..]))
    }

    /// (word id, weight), in the order packed.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u16)> + '_ {
        let mut bytes = &self.0[..];
        std::iter::from_fn(move || {
            if bytes.is_empty() {
                return None;
            }
            let id = read_varint(&mut bytes);
            // Packed from a `u16`: it fits.
            let weight = read_varint(&mut bytes) as u16;
            Some((id, weight))
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut &[u8]) -> u32 {
    let mut n = 0;
    let mut shift = 0;
    while let Some((&byte, rest)) = bytes.split_first() {
        *bytes = rest;
        n |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// What is packed reads back, whatever the ids and weights.
        #[test]
        fn packed_words_read_back(
            pairs in proptest::collection::vec((proptest::prelude::any::<u32>(), proptest::prelude::any::<u16>()), 0..200),
        ) {
            let packed = PackedWords::pack(pairs.iter().copied(), &mut Vec::new());
            proptest::prop_assert_eq!(packed.iter().collect::<Vec<_>>(), pairs);
        }
    }

    #[test]
    fn each_id_and_weight_takes_the_bytes_it_needs() {
        let packed = PackedWords::pack([(3, 1), (1, 2), (200, 1), (70_000, 300)], &mut Vec::new());
        // 3, 1 | 1, 2 | 200 (two bytes), 1 | 70,000 (three bytes), 300 (two bytes)
        assert_eq!(packed.0.len(), 2 + 2 + 3 + 5);
        assert_eq!(packed.iter().collect::<Vec<_>>(), [(3, 1), (1, 2), (200, 1), (70_000, 300)]);
        assert_eq!(PackedWords::default().iter().count(), 0);
    }
}
