"""Shared fixtures: a temp competition root, and the rule for tests that need system packages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.competition import write_competition


def require_system(binary: str, why: str) -> str:
    """Skip when a system package is missing, but fail under CI=true, where .ci/run installs it."""
    path = shutil.which(binary)
    if path is None:
        message = f"{binary} not installed ({why}); see README: apt-get line"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def competition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid competition root with one track; the working directory is the root."""
    write_competition(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path
