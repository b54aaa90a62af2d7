"""Retrying a call until it stops raising."""
import time


def retry(function, retries: int = 3, sleep: float = 1.0, sleep_before: float = 0, **kwargs):
    """Calls function(**kwargs) up to retries + 1 times, sleeping between tries; returns the
    first result, or raises the last exception."""
    if sleep_before:
        time.sleep(sleep_before)
    last = None
    for attempt in range(retries + 1):
        try:
            return function(**kwargs)
        except Exception as e:  # noqa: BLE001 - the point of retry
            last = e
            if attempt < retries:
                time.sleep(sleep)
    raise last


def poll_condition(condition, timeout: float | None = None, interval: float = 0.5) -> bool:
    deadline = None if timeout is None else time.monotonic() + timeout
    while not condition():
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True
