"""The app's searches in a process of their own: the second core, and a UI that never waits on the GIL.

Searching is Python (Whoosh's parser, the array scorer's bookkeeping, reading the rows and snippets of the
first screen). Run in a thread of the app it shares one interpreter lock with the drawing, the keys and the
background reading of the workspace: at 200,000 articles a key typed while the workspace was read waited
seconds. Here the app sends each `SearchRequest` to a child process (`python -m reader.tui.remote`) that
opens the same index and runs `workers.search` on it; the app's thread only waits on a socket.

Document numbers are only meaningful within one index generation, so each request carries the app's
`SearchService.stamp()` and the child answers only from the same one (it reopens the index when the app's is
newer). Whenever the child cannot answer for the app's generation — still opening, an index the app has not
picked up yet, a child that died or stopped answering — the app runs the search itself, as before: the
process is a speed-up, never a condition for searching.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path

from reader.procs import die_with_parent, end
from reader.search import SearchService
from reader.search.tables import SegmentReading, keep_segment
from reader.tui.workers import SearchOutcome, SearchRequest, search

ANSWER_S = 60.0  # a search not answered in this long: the child is stopped and the app searches itself


class SearchProcess:
    """The parent's side: starts the child, sends it requests, says when it cannot be used."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = Path(corpus)
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._lock = threading.Lock()  # one request on the socket at a time
        self.served = 0  # searches the child answered (the app's status and the tests read it)
        self.failed: str | None = None  # why the child is no longer used, once it is not

    def start(self) -> None:
        """Start the child (it opens the index meanwhile); raises OSError when it cannot be started."""
        self._proc, self._conn = _spawn(self.corpus, [], die_with_parent)  # (killed with the app, even by kill -9)

    @property
    def started(self) -> bool:
        return self._conn is not None or self.failed is not None

    @property
    def usable(self) -> bool:
        """Started and answering (False while it opens the index, and for good once it failed)."""
        with self._lock:
            return self._usable()

    def _usable(self) -> bool:
        if self._conn is None or self.failed is not None:
            return False
        if not self._ready:
            try:
                if not self._conn.poll(0):
                    return False
                hello = self._conn.recv()
            except (OSError, EOFError) as exc:
                self._fail(f"the search process ended ({exc or type(exc).__name__})")
                return False
            if hello[0] != "ready":
                self._fail(str(hello[1]))
                return False
            self._ready = True
        return True

    def search(self, request: SearchRequest, stamp: object, first: bool = False) -> SearchOutcome | None:
        """The outcome of `workers.search(service, request, first)` run in the child on the index generation
        `stamp`; None when the child cannot answer for it (the caller then searches itself)."""
        with self._lock:
            if not self._usable():
                return None
            conn = self._conn
            assert conn is not None
            try:
                conn.send(("search", request, first, stamp))
                if not conn.poll(ANSWER_S):
                    self._fail("the search process stopped answering")
                    return None
                kind, answer = conn.recv()
            except (OSError, EOFError) as exc:
                self._fail(f"the search process ended ({exc or type(exc).__name__})")
                return None
            if kind != "outcome":  # ("stale", its stamp): it holds another generation than the app
                return None
            self.served += 1
            return replace(answer, request=request)  # (the app knows its latest request by identity)

    def _fail(self, why: str) -> None:
        self.failed = why
        self._close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # (the child reads the end of its socket and exits)
        proc, self._proc = self._proc, None
        if proc is not None:
            end(proc)

    def stop(self) -> None:
        """End the child at once, even while it answers a search (quitting never waits on one): the search
        waiting for it sees the socket end and is run by the app, which is closing."""
        self.failed = self.failed or "stopped"
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()  # (it holds nothing to save; a hung one may not even take a SIGTERM)
        if self._lock.acquire(timeout=10):
            try:
                self._close()
            finally:
                self._lock.release()


TABLE_PART = 2_000  # articles' tables a message


def read_tables(service: SearchService) -> bool:
    """Have another process read the workspace's tables (every article's actors and agreement records) of
    the segments this process lacks, and keep them here (`tables.keep_segment`), so that `workspace()` only
    puts them together: reading them here took the interpreter lock from the UI for seconds (about 20 s of
    CPU at 200,000 articles). The process runs at a lower priority and ends when done. False when it could
    not read them for this generation (the caller reads them itself)."""
    stamp, wanted = service.unread_tables()
    if not wanted:
        return True
    proc, conn = _spawn(service.corpus, ["--tables"], _background)
    readings: dict[str, SegmentReading] = {}
    try:
        conn.send((stamp, wanted))
        while conn.poll(ANSWER_S):
            message = conn.recv()
            if message[0] == "part":
                readings.setdefault(message[1], SegmentReading()).add(message[2])
            elif message[0] == "segment":
                keep_segment(message[1], readings.pop(message[1]).segment)
            else:
                return message[0] == "done"
        return False  # (stopped answering)
    except (OSError, EOFError):
        return False
    finally:
        conn.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _spawn(corpus: Path, options: list[str], prepare: Callable[[], None]) -> tuple[subprocess.Popen[bytes], Connection]:
    """`python -m reader.tui.remote` on this corpus, and our end of the socket it answers on; raises OSError
    when it cannot be started. Its own session: ctrl+c in the terminal is the app's to handle."""
    ours, theirs = socket.socketpair()
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reader.tui.remote",
                "--corpus",
                str(corpus),
                "--fd",
                str(theirs.fileno()),
                *options,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),),
            start_new_session=True,
            preexec_fn=prepare,
        )
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return proc, Connection(ours.detach())


def _background() -> None:
    die_with_parent()
    os.nice(10)  # (the app's keys and searches come first)


def serve_tables(corpus: Path, conn: Connection) -> int:
    """The child of `read_tables`: read the tables asked for, on the generation asked for, and end."""
    stamp, wanted = conn.recv()
    service = SearchService(corpus)
    if service.stamp() != stamp:
        conn.send(("stale", service.stamp()))
        return 0
    current = None
    for key, part in service.table_parts(wanted, TABLE_PART):
        if key != current and current is not None:
            conn.send(("segment", current))  # (a segment's parts come together, in order)
        current = key
        conn.send(("part", key, part))
    if current is not None:
        conn.send(("segment", current))
    conn.send(("done",))
    return 0


def serve(corpus: Path, conn: Connection) -> int:
    """The child: open the index, then answer requests until the app closes its end."""
    try:
        service = SearchService(corpus)
    except Exception as exc:  # the app searches itself; it says nothing of this to the user
        conn.send(("failed", f"the search process cannot open the index: {exc}"))
        return 1
    try:
        service.warm()  # (the first key then pays for none of it)
    except Exception:
        pass  # (read by the first search instead, which says what is wrong)
    conn.send(("ready", service.stamp()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return 0
        _, request, first, stamp = message
        if service.stamp() != stamp:
            try:
                service.refresh()
            except Exception:
                pass  # (answered as stale below: the app searches itself)
        if service.stamp() != stamp:
            conn.send(("stale", service.stamp()))
            continue
        conn.send(("outcome", search(service, request, first=first)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="reader.tui.remote", description="the app's search process")
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--fd", required=True, type=int)
    ap.add_argument("--tables", action="store_true", help="read the workspace's tables asked for, then end")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (ctrl+c is the app's; the app closes the socket)
    conn = Connection(args.fd)
    try:
        return (serve_tables if args.tables else serve)(args.corpus, conn)
    finally:
        conn.close()


if __name__ == "__main__":
    raise SystemExit(main())
