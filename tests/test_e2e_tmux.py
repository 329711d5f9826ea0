"""End to end: the installed `reader` in a real terminal (tmux): search, open, bookmark, quit, and the
bookmark is still there after a restart; the agreements view from the command palette.

Every step waits on what the screen shows, never on a fixed pause."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


LISTED = "Etats-Unis vont renforcer"  # a seed's title, a row of its own in the list whatever its grouping


class Tmux:
    def __init__(self, env: dict[str, str]):
        self.name = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        # A server of its own (its own socket): a test never connects to the server a previous test's
        # last session is shutting down ("server exited unexpectedly").
        self.tmux = ["tmux", "-L", self.name]

    def start(self, command: str) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "140",
                "-y",
                "40",
                f"env -u COLUMNS -u LINES {exports} {command}; sleep 30",
            ],
            check=True,
        )
        subprocess.run([*self.tmux, "resize-window", "-t", self.name, "-x", "140", "-y", "40"], capture_output=True)

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.2)
        raise AssertionError(f"{text!r} is still on screen:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def reader_command(corpus: Path) -> str:
    exe = shutil.which("reader")
    base = shlex.quote(exe) if exe else f"{shlex.quote(sys.executable)} -m reader"
    return f"{base} --corpus {shlex.quote(str(corpus))}"


def test_search_open_bookmark_quit_and_restart(seed_env: Path) -> None:
    env = {
        k: os.environ[k]
        for k in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "PATH", "HOME")
        if k in os.environ
    }
    env["TERM"] = "xterm-256color"
    title = "Le Japon et les Etats-Unis vont renforcer leur coopération militaire"
    tmux = Tmux(env)
    try:
        tmux.start(reader_command(seed_env))
        tmux.wait_for(LISTED)  # the list shows the seeds
        tmux.wait_for("articles")  # and the status line their count: the first search is done
        # "/" is read before the keys already waiting (a priority key), so typing on at once lands in the bar
        tmux.keys("/")
        tmux.keys("Hegseth", literal=True)
        tmux.keys("Enter")
        tmux.wait_for("1 hit")
        tmux.keys("Enter")  # open the hit
        tmux.wait_for("match 1/")
        tmux.keys("b")
        tmux.wait_for("★")
        tmux.keys("q")
        tmux.wait_gone(LISTED)  # the reader has quit
    finally:
        tmux.kill()

    listed = subprocess.run(
        [sys.executable, "-m", "reader", "bookmarks", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ},
        check=True,
    ).stdout
    assert title in listed

    tmux = Tmux(env)
    try:
        tmux.start(reader_command(seed_env))
        tmux.wait_for(LISTED)
        tmux.wait_for("articles")
        tmux.keys("B")  # the bookmarks view
        screen = tmux.wait_for("Bookmarks")
        assert title[:30] in screen
    finally:
        tmux.kill()


def test_agreements_view_from_the_command_palette(seed_env: Path) -> None:
    env = {
        k: os.environ[k]
        for k in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "PATH", "HOME")
        if k in os.environ
    }
    env["TERM"] = "xterm-256color"
    tmux = Tmux(env)
    try:
        tmux.start(reader_command(seed_env))
        tmux.wait_for(LISTED)
        tmux.wait_for("articles")
        tmux.keys("C-p")  # the command palette
        tmux.wait_for("Search for commands")
        tmux.keys("Agreements", literal=True)
        tmux.wait_for("Who agreed what with whom")  # the command is offered
        tmux.keys("Enter")
        tmux.wait_for("filter: parties")  # the agreements view
        screen = tmux.wait_for("Japon – Royaume-Uni")  # a seed's agreement record, as a row of the table
        assert "partnership" in screen or "agreement" in screen
        tmux.keys("Escape")
        tmux.wait_gone("filter: parties")
        tmux.keys("q")
        tmux.wait_gone(LISTED)
    finally:
        tmux.kill()
