//! `handbook::fuzzing::pdf`: see src/fuzzing.rs.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| handbook::fuzzing::pdf(data));
