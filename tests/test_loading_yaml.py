"""YAML files: aliases are values like any other, up to a bound on what they expand to."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness import loading
from harness.errors import UserError
from harness.loading import read_yaml


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, "utf-8")
    return path


def test_anchors_and_aliases_read_as_the_values_they_repeat(tmp_path: Path) -> None:
    text = (
        "gen: &gen {max_tokens: 16, temperature: 0.0}\n"
        "tasks:\n"
        "  - {id: a, generation: *gen, labels: &labels [x, y]}\n"
        "  - {id: b, generation: *gen, labels: *labels}\n"
        "merged: {<<: *gen, max_tokens: 32}\n"
    )
    assert read_yaml(_write(tmp_path, text)) == yaml.safe_load(text)


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
def test_the_bound_counts_every_value_once_aliases_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    if loader == "pure Python":  # the loader that also gives the error messages of broken files
        monkeypatch.setattr(loading, "_FastUniqueKeyLoader", loading._UniqueKeyLoader)
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: [*a, *a, *a]\n"
    values = 1 + 3 + 4 + 2 * (1 + 3 * 4)  # the mapping, its 3 keys, a's list, b's and c's 3 copies
    monkeypatch.setattr(loading, "MAX_YAML_VALUES", values)
    assert read_yaml(_write(tmp_path, text))["c"] == [[1, 2, 3]] * 3
    monkeypatch.setattr(loading, "MAX_YAML_VALUES", values - 1)
    with pytest.raises(UserError, match=f"expand to more than {values - 1} values"):
        read_yaml(_write(tmp_path, text))


def test_an_alias_inside_its_own_value_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(UserError) as raised:
        read_yaml(_write(tmp_path, "id: x\nitems:\n  - &loop [1, [2, *loop]]\n"))
    assert raised.value.where.endswith("spec.yaml:3")
    assert "used inside the value it names" in raised.value.problem


def test_counting_a_deep_document_does_not_recurse() -> None:
    leaf: yaml.Node = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
    for _ in range(5000):
        leaf = yaml.SequenceNode("tag:yaml.org,2002:seq", [leaf])
    loading._check_aliases(leaf, "spec.yaml")  # no RecursionError, nothing to refuse


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
@pytest.mark.parametrize("depth", [400, 5000])
def test_deep_nesting_reads_or_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str, depth: int
) -> None:
    """libyaml reads up to 1000 levels (PyYAML 6.0.4; 6.0.3 had no limit); the pure-Python
    parser, which reads every file libyaml refuses, recurses once per level."""
    if loader == "pure Python":
        monkeypatch.setattr(loading, "_FastUniqueKeyLoader", loading._UniqueKeyLoader)
    path = _write(tmp_path, "deep: " + "[" * depth + "]" * depth + "\n")
    try:
        value = read_yaml(path)["deep"]
    except UserError as exc:
        assert exc.problem == "a value is nested too deeply to read"
        return
    levels = 1
    while value:
        value, levels = value[0], levels + 1
    assert levels == depth
