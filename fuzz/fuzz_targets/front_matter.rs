//! `handbook::fuzzing::front_matter`: see src/fuzzing.rs.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| handbook::fuzzing::front_matter(data));
