"""The command line, a thin face over the library: `main` parses and dispatches, `commands` runs each
subcommand, `render` prints JSON and text."""

from reader.cli.main import main

__all__ = ["main"]
