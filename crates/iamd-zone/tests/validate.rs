//! The `iamd-zone` binary itself: `validate` accepts the repository's example landing zones
//! (README and `examples/README.md` tell users to start from them) and rejects a malformed
//! file with its place. Being an integration test, it also makes `cargo test` build the
//! binary with the rest of the workspace, which the end-to-end suites then run.
use std::path::Path;
use std::process::Command;

fn validate(spec: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iamd-zone"))
        .arg("validate")
        .arg(spec)
        .output()
        .expect("run iamd-zone")
}

#[test]
fn the_examples_are_valid() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for name in ["single-account.yaml", "multi-account.yaml"] {
        let out = validate(&examples.join(name));
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).ends_with(": valid\n"));
    }
}

#[test]
fn a_malformed_file_fails_with_its_place() {
    let dir = std::env::temp_dir().join(format!("iamd-zone-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("broken.yaml");
    std::fs::write(&spec, "accounts: [\n").expect("write spec");
    let out = validate(&spec);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.yaml:1:"), "{stderr}");
}
