//! Out of file descriptors, `iamd serve` backs off instead of spinning on accept(): it warns at
//! most once a second (it used to write the same warning tens of MB a second), and serves again
//! once descriptors are released.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn accept_failures_back_off_and_warn_at_most_once_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("stderr.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let data = dir.path().join("data");
    // A low open-file limit for the server only: its listener hits EMFILE after a few dozen
    // connections, well below --max-connections.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_iamd"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-connections",
            "1000",
        ])
        .arg("--data-dir")
        .arg(&data)
        .env_remove("IAMD_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("iamd starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .strip_prefix("iamd listening on http://")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();

    let started = Instant::now();
    // Each held connection costs the server a descriptor: more than 64 exhaust them, and the
    // rest wait in the listen backlog while accept() fails.
    let held: Vec<TcpStream> = (0..120)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_secs(3));
    let log_text = std::fs::read_to_string(&log_path).unwrap();
    let elapsed = started.elapsed().as_secs();
    let warnings = log_text.matches("accept failed").count();
    assert!(
        warnings >= 1,
        "descriptors never ran out (no accept warning):\n{log_text}"
    );
    // At most one warning a second (plus one for the partial second at each end).
    assert!(
        warnings as u64 <= elapsed + 2,
        "{warnings} accept warnings in {elapsed} s:\n{}",
        &log_text[..log_text.len().min(4000)]
    );

    // Released descriptors: the server accepts and answers again.
    drop(held);
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response)
        .expect("an answer once descriptors are free (hang guard: 30 s)");
    assert!(response.starts_with("HTTP/1.1 4"), "{response}");

    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let status = child.wait().unwrap();
    assert!(status.success(), "iamd exited with {status}");
}
