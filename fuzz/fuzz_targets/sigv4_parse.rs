//! cargo-fuzz target `sigv4_parse`: the body is [`iamd_fuzz::wire::sigv4_parse`], shared with the stable
//! smoke tests run by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iamd_fuzz::wire::sigv4_parse(data));
