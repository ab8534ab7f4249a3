//! Fingerprints: equal inputs, equal fingerprints. What each output's fingerprint covers is in
//! `dependencies`.

use std::hash::Hash;

/// A 64-bit fingerprint of `value`: equal inputs, equal fingerprints within a process.
pub(super) fn fingerprint(value: impl Hash) -> u64 {
    static STATE: std::sync::LazyLock<ahash::RandomState> = std::sync::LazyLock::new(ahash::RandomState::new);
    STATE.hash_one(value)
}

/// What the lists show, fingerprinted once per `derive` (`serve` only): a list of 10,000 cards
/// split into 200 pages, or 80 years of the timeline, would otherwise gather the same cards once
/// per job on every rebuild.
#[derive(Default)]
pub(super) struct ListFingerprints {
    /// Section name → its cards, in order.
    pub(super) sections: std::collections::HashMap<String, u64>,
    /// Year → the cards dated in it.
    pub(super) years: std::collections::HashMap<i32, u64>,
    /// The years of the timeline and how many pages each has.
    pub(super) timeline: u64,
    /// Every listed page's card, in order: what the home, the feeds and the sitemap list.
    pub(super) cards: u64,
    /// What the timeline shows of the resolutions: which have pages, and the reference data.
    pub(super) timeline_resolutions: u64,
}
