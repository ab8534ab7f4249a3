//! The handbook generator: raw seeds → Markdown content → a linked site model → HTML.
//!
//! Each module is one stage of that pipeline; see ARCHITECTURE.md for the map.

pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod entities;
pub mod error;
pub mod external;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod voting_data;
pub mod warnings;
pub mod yaml;
