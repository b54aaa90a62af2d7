"""What `ab.py` and `side_by_side.py` share: their servers named on the command line, and a free
port for each."""
import os
import socket


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
