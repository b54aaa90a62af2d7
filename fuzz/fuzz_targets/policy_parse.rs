//! cargo-fuzz target `policy_parse`: the body is [`iamd_fuzz::policy::policy_parse`], shared with the stable
//! smoke tests run by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iamd_fuzz::policy::policy_parse(data));
