//! `handbook::fuzzing::recognize`: see src/fuzzing.rs.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| handbook::fuzzing::recognize(data));
