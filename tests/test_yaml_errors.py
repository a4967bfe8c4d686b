"""Malformed input: every case names the file, line and column, the path, and what was expected."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from attt_audit import yamlio
from attt_audit.catalog import load_catalog, load_profiles, resolve_profile
from attt_audit.errors import AuditError, InputError
from attt_audit.models import AnswerSet, ChecklistFile, Inventory, Profile
from attt_audit.workspace import Workspace

GOOD_CONTROL = """\
framework:
  id: demo
  title: {vi: "Thử", en: "Demo"}
  regimes: [nd85]
  source: "test"
controls:
  - id: demo.one
    group: g
    kind: management
    title: {vi: "Một", en: "One"}
    levels:
      3:
        source: "test"
        confidence: A
        questions:
          - {id: q1, vi: "Câu hỏi?", en: "Question?"}
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(func, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(AuditError) as info:
        func(*args)
    return info.value.render()


# (id, file name, content, model, expected message fragments — location first)
CASES = [
    (
        "syntax-unclosed-flow",
        "p.yaml",
        "id: level3\ntitle: {vi: x, en: y\nregime: nd85\n",
        Profile,
        ["p.yaml:3:7:", "YAML syntax error", "expected valid YAML"],
    ),
    (
        "syntax-bad-indent",
        "p.yaml",
        "id: level3\n  title: x\n",
        Profile,
        ["p.yaml:2:8:", "YAML syntax error: mapping values are not allowed"],
    ),
    (
        "wrong-type-level",
        "p.yaml",
        "id: l\ntitle: {vi: a, en: b}\nregime: nd85\nlevel: ba\n",
        Profile,
        ["p.yaml:4:8:", "at level: 'ba' is not valid", "valid integer"],
    ),
    (
        "level-out-of-range",
        "p.yaml",
        "id: l\ntitle: {vi: a, en: b}\nregime: nd85\nlevel: 7\n",
        Profile,
        ["p.yaml:4:8:", "at level: 7 is not valid", "less than or equal to 5"],
    ),
    (
        "unknown-field",
        "p.yaml",
        "id: l\ntitle: {vi: a, en: b}\nregime: nd85\nlevle: 3\n",
        Profile,
        ["p.yaml:4:1:", "at levle: unknown field", "only the fields the schema defines"],
    ),
    (
        "unknown-regime",
        "p.yaml",
        "id: l\ntitle: {vi: a, en: b}\nregime: nd99\n",
        Profile,
        ["p.yaml:3:9:", "at regime: 'nd99' is not allowed", "one of 'nd85' or 'nd331'"],
    ),
    (
        "duplicate-key",
        "p.yaml",
        "id: l\ntitle: {vi: a, en: b}\nregime: nd85\nid: m\n",
        Profile,
        ["p.yaml:4:1:", "duplicate key 'id' in (top level)", "each key once per mapping"],
    ),
    (
        "missing-required",
        "p.yaml",
        "id: l\nregime: nd85\n",
        Profile,
        ["p.yaml:1:1:", "at title: required field is missing"],
    ),
    (
        "empty-vi-text",
        "p.yaml",
        "id: l\ntitle: {vi: '  ', en: b}\nregime: nd85\n",
        Profile,
        ["p.yaml:2:13:", "at title.vi:", "text must not be empty"],
    ),
    (
        "bad-id-form",
        "p.yaml",
        "id: Level 3\ntitle: {vi: a, en: b}\nregime: nd85\n",
        Profile,
        ["p.yaml:1:5:", "at id: 'Level 3' has the wrong form", "text matching"],
    ),
    (
        "empty-file",
        "p.yaml",
        "# only a comment\n",
        Profile,
        ["p.yaml:1:1:", "the file is empty", "expected a YAML mapping"],
    ),
    (
        "top-level-list",
        "p.yaml",
        "- id: l\n",
        Profile,
        ["p.yaml:1:1:", "the top level is a list", "expected a mapping of fields"],
    ),
    (
        "two-documents",
        "p.yaml",
        "id: a\n---\nid: b\n",
        Profile,
        ["p.yaml:3:1:", "more than one YAML document"],
    ),
    (
        "python-tag",
        "p.yaml",
        "id: !!python/object:os.system x\n",
        Profile,
        ["p.yaml:1:5:", "cannot read value tagged 'tag:yaml.org,2002:python/object:os.system'"],
    ),
    (
        "non-utf8",
        "p.yaml",
        b"id: l\ntitle: {vi: 'C\xf4ng', en: b}\n",
        Profile,
        ["p.yaml:2:15:", "byte 0xf4 is not valid UTF-8", "saved as UTF-8"],
    ),
    (
        "bad-status-in-answers",
        "answers/portal.yaml",
        "system: portal\nanswers:\n  a.b/3/q1:\n    status: Dat\n",
        AnswerSet,
        [
            "answers/portal.yaml:4:13:",
            "at answers.a.b/3/q1.status:",
            "'Dat' is not a status",
            "Đạt, Một phần",
        ],
    ),
    (
        "condition-two-forms",
        "c.yaml",
        GOOD_CONTROL + "        applies_when: {fact: users, gte: 10, criterion: nd85.9.2}\n",
        ChecklistFile,
        [
            "c.yaml:17:23:",
            "at controls[0].levels[3].applies_when: a condition uses exactly one",
            "exactly one of all, any, not, fact, criterion",
        ],
    ),
    (
        "inventory-bad-date",
        "inventory.yaml",
        "organisation: {name: Sở GTVT}\nsystems:\n  - id: portal\n    name: Cổng\n    quy_che_date: 31/12/2024\n",
        Inventory,
        ["inventory.yaml:5:19:", "at systems[0].quy_che_date: '31/12/2024' is not valid", "valid date"],
    ),
    (
        "inventory-bad-port",
        "inventory.yaml",
        "organisation: {name: X}\nsystems:\n  - id: s\n    name: S\n    hosts:\n      - {address: 127.0.0.2, allowed_ports: [443, 70000]}\n",
        Inventory,
        ["inventory.yaml:6:45:", "at systems[0].hosts[0].allowed_ports: port 70000 is outside 1–65535"],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "model", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_input_names_location_and_expectation(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: str | bytes,
    model: type,
    expected: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, name, content)
    message = error_of(yamlio.load_model, model, name)
    assert message.startswith(expected[0]), message
    for fragment in expected[1:]:
        assert fragment in message, message


def test_alias_bomb_fails_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("id: *a8")
    write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    message = error_of(yamlio.load_model, Profile, "bomb.yaml")
    assert message.startswith("bomb.yaml:")
    assert "expands to more than 2,000,000 values" in message


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    write(tmp_path, "big.yaml", "id: x\n" * 50)
    message = error_of(yamlio.load_model, Profile, "big.yaml")
    assert (
        message
        == "big.yaml: the file is 300 bytes, larger than the 100-byte limit; expected a smaller file (split it)"
    )


def test_nfd_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    nfd_name = unicodedata.normalize("NFD", "Sở Giao thông vận tải")
    assert nfd_name != unicodedata.normalize("NFC", nfd_name)
    path = write(tmp_path, "inventory.yaml", f"organisation: {{name: {nfd_name}}}\n")
    inventory = yamlio.load_model(Inventory, path)
    assert inventory.organisation.name == "Sở Giao thông vận tải"
    assert unicodedata.is_normalized("NFC", inventory.organisation.name)


def test_nfd_and_nfc_keys_are_the_same_key(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "tên")
    path = write(tmp_path, "x.yaml", f"tên: a\n{nfd}: b\n")
    with pytest.raises(InputError) as info:
        yamlio.read_yaml(path)
    assert info.value.render().startswith(f"{path}:2:1: duplicate key 'tên'")


def test_duplicate_control_id_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD_CONTROL)
    write(tmp_path, "b.yaml", GOOD_CONTROL.replace("id: demo\n", "id: demo2\n"))
    message = error_of(load_catalog, [tmp_path])
    assert message.startswith(
        f"{tmp_path / 'b.yaml'}:7:9: control id 'demo.one' is already defined at {tmp_path / 'a.yaml'}:7:9"
    )
    assert "every control id once in the whole catalog" in message


def test_profile_naming_missing_control(tmp_path: Path) -> None:
    checklists = tmp_path / "checklists"
    write(checklists, "a.yaml", GOOD_CONTROL)
    catalog = load_catalog([checklists])
    profile = Profile.model_validate(
        {
            "id": "p",
            "title": {"vi": "a", "en": "b"},
            "regime": "nd85",
            "level": 3,
            "include": ["demo.missing"],
        }
    )
    message = error_of(resolve_profile, "p", catalog, {"p": profile})
    assert message == (
        "profile 'p' names control 'demo.missing', which is not in the catalog; "
        "expected an id listed by 'attt-audit catalog list'"
    )


def test_profile_extends_cycle(tmp_path: Path) -> None:
    write(tmp_path, "checklists/a.yaml", GOOD_CONTROL)
    catalog = load_catalog([tmp_path / "checklists"])
    a = Profile.model_validate({"id": "a", "title": {"vi": "a", "en": "a"}, "regime": "nd85", "extends": "b"})
    b = Profile.model_validate({"id": "b", "title": {"vi": "b", "en": "b"}, "regime": "nd85", "extends": "a"})
    message = error_of(resolve_profile, "a", catalog, {"a": a, "b": b})
    assert message.startswith("profile 'a' extends itself through a → b")


def test_workspace_without_inventory(tmp_path: Path) -> None:
    message = error_of(Workspace(tmp_path).inventory)
    assert message == (
        f"{tmp_path / 'inventory.yaml'}: no inventory.yaml in {tmp_path}; expected a workspace folder "
        "(create one with 'attt-audit init DIR', or pass --workspace)"
    )


def test_bundled_profiles_load(tmp_path: Path) -> None:
    profiles = load_profiles(None)
    assert {f"level{n}" for n in range(1, 6)} <= set(profiles)


def test_merge_key_with_override_is_not_a_duplicate(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "base: &b {clause: '7.1.1', source: s}\nmulti: &m {source: t}\n"
        "one:\n  <<: *b\n  clause: '8.1.1'\nboth:\n  <<: [*b, *m]\n",
    )
    data = yamlio.read_yaml(path).data
    assert data["one"] == {"clause": "8.1.1", "source": "s"}
    assert data["both"] == {"clause": "7.1.1", "source": "s"}  # the first mapping listed wins


def test_own_duplicate_after_merge_is_still_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "base: &b {a: 1}\none:\n  <<: *b\n  a: 2\n  a: 3\n")
    with pytest.raises(InputError) as info:
        yamlio.read_yaml(path)
    assert info.value.render().startswith(f"{path}:5:3: duplicate key 'a' in one")


# ----------------------------------------------------------------- hostile YAML (issue 16 §2)

_BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    + ["id: *a8"]
)

HOSTILE = [
    ("merge-scalar", "a: 1\nb:\n  <<: 5\n", "m.yaml:3:7: a merge key (<<) must be followed by a mapping"),
    (
        "merge-list-of-scalars",
        "b:\n  <<: [1, 2]\n",
        "m.yaml:2:7: a merge key (<<) must be followed by a mapping",
    ),
    (
        "flow-lists-500-deep",
        "a: " + "[" * 500 + "]" * 500 + "\n",
        "m.yaml:1:103: lists and mappings are nested more than 100 deep",
    ),
    ("mappings-900-deep", "extra: " + "{a: " * 900 + "1" + "}" * 900 + "\n", "m.yaml:1:"),
    (
        "block-150-deep",
        "".join("  " * i + "a:\n" for i in range(150)) + "  " * 150 + "b: 1\n",
        "m.yaml:101:201: lists",
    ),
    (
        "alias-inside-itself",
        "a: &x [1, *x]\n",
        "m.yaml:1:4: an alias refers to the list or mapping that contains it",
    ),
    (
        "impossible-date-30-02",
        "d: 2024-02-30\n",
        "m.yaml:1:4: '2024-02-30' is not a real date (day is out of range for month)",
    ),
    ("impossible-month-13", "d: 2024-13-01\n", "m.yaml:1:4: '2024-13-01' is not a real date"),
    ("no-29-02-in-2023", "d: 2023-02-29\n", "m.yaml:1:4: '2023-02-29' is not a real date"),
    ("nul-escape", 'a: "x\\0y"\n', "m.yaml:1:4: control character U+0000 in the text"),
    ("control-escape-in-key", '"k\\x01": 1\n', "m.yaml:1:1: control character U+0001 in the text"),
    ("raw-control-character", "a: x\x01y\n", "m.yaml:1:5: control character U+0001 in the file"),
    (
        "colon-inside-text",
        "name: Cổng: thông tin\n",
        "m.yaml:1:11: YAML syntax error: mapping values are not allowed in this context; if the text contains ': ', put the value in quotes",
    ),
    (
        "tab-indent",
        "a:\n\tb: 1\n",
        "m.yaml:2:1: YAML syntax error: found character that cannot start any token; indent with spaces, not tabs",
    ),
]


@pytest.mark.parametrize(("text", "start"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_yaml_is_one_input_error(tmp_path: Path, text: str, start: str) -> None:
    path = write(tmp_path, "m.yaml", text)
    with pytest.raises(InputError) as info:
        yamlio.read_yaml(path, display="m.yaml")
    message = info.value.render()
    assert message.startswith(start), message
    assert "\n" not in message


def test_billion_laughs_fails_in_under_a_second(tmp_path: Path) -> None:
    import time

    path = write(tmp_path, "bomb.yaml", _BOMB + "\n")
    started = time.perf_counter()
    with pytest.raises(InputError, match="expands to more than 2,000,000 values"):
        yamlio.read_yaml(path)
    assert time.perf_counter() - started < 1.0


def test_near_miss_enum_value_gets_a_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "inventory.yaml",
        "organisation: {name: X}\nsystems:\n  - id: s\n    name: S\n    system_type: citizen_busines\n",
    )
    message = error_of(yamlio.load_model, Inventory, path)
    assert message.startswith(f"{path}:5:18: at systems[0].system_type: 'citizen_busines' is not allowed")
    assert "(did you mean citizen_business?)" in message


def test_valid_file_gets_positions_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "a:\n  b:\n    c:\n      d: 1\n")
    located = yamlio.read_yaml(path)
    assert located._marks is None  # nothing walked for positions yet
    assert located.where(("a", "b", "c", "d")) == f"{path}:4:10"
    assert located.where(("a", "b", "c", "d"), key=True) == f"{path}:4:7"
    assert located.where(("a", "missing")) == f"{path}:2:3"


def test_merge_sources_in_a_list_and_nested_merges(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "x: &x {a: 1, b: 1}\ny: &y {<<: *x, b: 2, c: 2}\nz:\n  <<: [*y, {a: 9, d: 9}]\n  e: 5\n",
    )
    assert yamlio.read_yaml(path).data["z"] == {"a": 1, "b": 2, "c": 2, "d": 9, "e": 5}
