"""What `ab.py` and `side_by_side.py` share: the servers named on the command line, started on
free ports with fresh data directories and stopped, and the load generator's command line."""
import os
import shutil
import socket
import subprocess
import tempfile
import time


def parse_spec(spec):
    """`NAME=BIN[:FLAG,FLAG][@ENV=VALUE]...` as a dict: name, binary, flags, env (this process's
    environment with the assignments)."""
    name, rest = spec.split("=", 1)
    env = dict(os.environ)
    if "@" in rest:
        rest, *assignments = rest.split("@")
        for a in assignments:
            k, v = a.split("=", 1)
            env[k] = v
    binary, _, flags = rest.partition(":")
    return dict(name=name, binary=binary, flags=[f for f in flags.split(",") if f], env=env)


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(spec, prefix=()):
    """Starts `iamd serve` for `spec` (`parse_spec`), the command after `prefix` (`taskset`,
    `setsid`), and waits until it has written its root credentials: the spec with its port,
    data directory (`work`) and process (`proc`)."""
    work = tempfile.mkdtemp()
    port = free_port()
    proc = subprocess.Popen(
        list(prefix) + [spec["binary"], "serve", "--max-users-per-account", "10000000", "--listen",
                        f"127.0.0.1:{port}", "--data-dir", work + "/d"] + spec["flags"],
        env=spec["env"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = dict(spec, port=port, work=work, proc=proc)
    creds = credentials(server)
    for _ in range(600):
        if os.path.exists(creds) and os.path.getsize(creds) > 0:
            return server
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    stop(server)
    raise SystemExit(f"{spec['name']}: iamd did not start")


def credentials(server):
    """The root credentials file the server wrote."""
    return server["work"] + "/d/credentials"


def loadgen(binary, server, op, concurrency, seconds):
    """The load generator's command line for `seconds` of `op` against `server`, its figures as
    JSON on stdout."""
    return [binary, "--endpoint", f"http://127.0.0.1:{server['port']}", "--credentials-file",
            credentials(server), "--op", op, "--concurrency", str(concurrency), "--duration",
            str(seconds), "--warmup", "0", "--json"]


def stop(server):
    server["proc"].kill()
    server["proc"].wait()
    shutil.rmtree(server["work"], ignore_errors=True)
