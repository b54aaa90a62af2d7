//! Fuzz target bodies (no panic on any input, and determinism) shared by the cargo-fuzz binaries
//! in `fuzz_targets/` and the stable smoke tests (`crates/iam-policy/tests/fuzz_smoke.rs`,
//! `crates/iam-wire/tests/fuzz_smoke.rs`), which include these files by path.

pub mod mutate;
pub mod policy;
pub mod wire;
