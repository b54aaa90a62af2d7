//! cargo-fuzz target `query_decode`: the body is [`iamd_fuzz::wire::query_decode`], shared with the stable
//! smoke tests run by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iamd_fuzz::wire::query_decode(data));
