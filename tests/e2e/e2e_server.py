"""Start/stop a server for the Python end-to-end suites (same contract as lib.sh).

iamd by default ($IAMD_BIN, default target/debug/iamd relative to the repo root), started as
`$IAMD_BIN serve --listen 127.0.0.1:PORT --data-dir DIR`; it writes root credentials to DIR/credentials.
With E2E_TARGET=moto, `python3 -m moto.server` is started instead and a test/test credentials file is written.
"""
import configparser
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))


def target():
    return os.environ.get("E2E_TARGET", "iamd")


def is_moto():
    return target() == "moto"


def iamd_bin():
    b = os.environ.get("IAMD_BIN", "target/debug/iamd")
    if not os.path.isabs(b) and not os.access(b, os.X_OK):
        b = os.path.join(REPO_ROOT, b)
    return b


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def read_credentials(path):
    c = configparser.RawConfigParser()
    c.read(path)
    return c.get("default", "aws_access_key_id"), c.get("default", "aws_secret_access_key")


class Server:
    def __init__(self, extra_args=()):
        """`extra_args`: more `iamd serve` arguments (`--open`, ...); moto is started without them."""
        self.extra_args = list(extra_args)
        self.tmp = tempfile.mkdtemp(prefix="iamd-e2e-py.")
        self.data_dir = os.path.join(self.tmp, "data")
        os.makedirs(self.data_dir)
        self.log_path = os.path.join(self.tmp, "server.log")
        self.proc = None
        self.port = None
        if is_moto():
            self.credentials_file = os.path.join(self.tmp, "credentials")
            with open(self.credentials_file, "w") as f:
                f.write("[default]\naws_access_key_id = test\naws_secret_access_key = test\n")
        else:
            self.credentials_file = os.path.join(self.data_dir, "credentials")

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        self.port = free_port()
        log = open(self.log_path, "ab")
        log.write(f"=== start {time.ctime()} port {self.port}\n".encode())
        log.flush()
        if is_moto():
            env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true")
            cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
        else:
            env = dict(os.environ)
            b = iamd_bin()
            if not os.access(b, os.X_OK):
                raise RuntimeError(f"iamd binary not found or not executable: {b} (set IAMD_BIN)")
            cmd = [b, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir,
                   *self.extra_args]
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        deadline = time.time() + timeout
        while not port_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} before listening:\n{self.log_tail()}")
            if time.time() > deadline:
                raise RuntimeError(f"server not listening on {self.port} after {timeout}s:\n{self.log_tail()}")
            time.sleep(0.2)
        for _ in range(50):
            if os.path.exists(self.credentials_file) and os.path.getsize(self.credentials_file) > 0:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{self.credentials_file} not written")
        return self

    def log_tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        if os.environ.get("E2E_KEEP") == "1":
            print(f"keeping {self.tmp}", file=sys.stderr)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


class PgNode:
    """One `iamd serve` of a cluster: data directory and log `name` under `tmp`, on the
    PostgreSQL store `url` with the cluster's master key file, plus `extra` arguments."""

    def __init__(self, tmp, name, url, key_file, extra=()):
        self.data_dir = os.path.join(tmp, name)
        self.log = os.path.join(tmp, f"{name}.log")
        self.url, self.key_file, self.extra = url, key_file, list(extra)
        self.proc = None
        self.port = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        cmd = [iamd_bin(), "serve", "--listen", f"127.0.0.1:{self.port}",
               "--data-dir", self.data_dir, "--store", self.url, "--master-key-file",
               self.key_file, *self.extra]
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while not port_open(self.port):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"node did not start: {open(self.log).read()[-2000:]}")
            time.sleep(0.1)
        return self

    def kill9(self):
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()

