"""`python -m harness.cli` runs the `horserace` command."""

from harness.cli import entry

entry()
