//! The handbook generator: raw seeds → Markdown content → a linked site model → HTML.
//!
//! Each module is one stage of that pipeline; see ARCHITECTURE.md for the map.

pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod import;
pub mod yaml;
