//! Every integration test, in one binary: the handbook built and served for real, in temporary
//! folders. One binary links once, which on two cores saves most of a clean test run's time.
//!
//! - `build`: whole-site builds, and every kind of bad input failing with a located message;
//! - `import`: seeds and real UN documents to pages (goldens, the samples' facts, properties);
//! - `links`: cross-links, entity pages, backlinks and the open data;
//! - `incremental`: `serve`'s rebuilds equal clean builds (a property test);
//! - `serve`, `browser`: the preview over HTTP and in a real browser;
//! - `accessibility`: axe-core over every page type, light and dark, under a strict CSP;
//! - `publish`: the Nu Html Checker and a static server over the published site;
//! - `architecture`: no circle of imports between modules, no source file over 800 lines;
//! - `entities_answer_key`, `entities_proptest`: the recognizer against a hand-made key, and
//!   its invariants.

mod common;

mod accessibility;
mod architecture;

mod browser;
mod build;
mod council;
mod entities_answer_key;
mod entities_proptest;
mod import;
mod incremental;
mod links;
mod missions;
mod missions_answer_key;
mod pdf;
mod publish;
mod robustness;
mod search;
mod serve;
mod web;
