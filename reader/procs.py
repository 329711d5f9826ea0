"""Child processes that never outlive the process that started them.

Killed with kill -9, a process cannot clean up; its children would run on (spaCy workers of 300 MB each,
Whoosh sub-writers, the app's background `reader index`). On Linux a child asks the kernel for a signal when
its parent dies (prctl PR_SET_PDEATHSIG); elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
from typing import Any

_PR_SET_PDEATHSIG = 1
_F_SETPIPE_SZ = 1031  # (Linux's fcntl to size a pipe)


def die_with_parent(sig: signal.Signals = signal.SIGKILL) -> None:
    """Have `sig` sent to this process when its parent process dies."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent died before the request: nobody will send it
        os.kill(os.getpid(), sig)


def worker_signals() -> None:
    """For a worker process: ctrl+c is for the process that leads the work (it stops the workers and says
    so once), the worker goes when that process goes, and SIGTERM ends it at once. (`reader index` unwinds
    on SIGTERM by raising SystemExit, a handler a forked worker inherits; raised where Python swallows
    exceptions — a finaliser — it left a read-ahead worker alive, blocked on the lock of a queue its
    stopped pool held, and the build waiting on it forever.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()


def end(proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """Stop a child process and wait for it: SIGTERM, then SIGKILL if it has not ended after `grace` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def widen_pipe(conn: Any, size: int = 1 << 20) -> None:
    """Let the pipe under a multiprocessing connection hold `size` bytes (Linux; up to the system's
    pipe-max-size, 1 MB unless changed): a worker sending a result bigger than the default 64 KB then goes on
    with its next task instead of waiting for the other end to read, which a busy process holding the
    interpreter lock does only every few milliseconds. Elsewhere, or for a socket, nothing changes."""
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), _F_SETPIPE_SZ, size)
    except (OSError, AttributeError, ValueError):
        pass
