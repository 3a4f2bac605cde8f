"""`python -m harness.cli` runs the `horserace` command."""

from harness.cli import main

main(prog_name="horserace")
