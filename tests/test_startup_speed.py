"""Start-up work kept small (issue 17): the lazy models package and the catalog cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, **env: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    return proc.stdout


def test_models_package_exposes_every_name() -> None:
    import attt_audit.models as models

    for name in models.__all__:
        value = getattr(models, name)
        assert value is not None, name
        module = getattr(value, "__module__", "")
        if isinstance(value, type):
            assert module.startswith("attt_audit.models."), (name, module)
    assert set(models.__all__) <= set(dir(models))
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018


def test_models_import_is_lazy() -> None:
    out = _python(
        "import sys\n"
        "from attt_audit.models import Inventory\n"
        "print(sorted(m for m in sys.modules if m.startswith('attt_audit.models.')))\n"
    )
    loaded = eval(out)  # a printed list of module names
    assert "attt_audit.models.inventory" in loaded
    for heavy in ("attt_audit.models.results", "attt_audit.models.catalog", "attt_audit.models.province"):
        assert heavy not in loaded


def test_from_import_of_every_name_in_a_fresh_process() -> None:
    out = _python(
        "import attt_audit.models as m\n"
        "exec('from attt_audit.models import ' + ', '.join(m.__all__))\n"
        "print('ok', len(m.__all__))\n"
    )
    assert out.startswith("ok ")


def _stats(cache: Path, **env: str) -> str:
    return _python(
        "from attt_audit.app.catalog import catalog_stats\n"
        "from pathlib import Path\n"
        "s = catalog_stats(Path('examples/so-gtvt'))\n"
        "print(sorted(s.counts[3].items()))\n",
        ATTT_AUDIT_CACHE_DIR=str(cache),
        **env,
    )


def test_catalog_cache_gives_the_same_catalog(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _stats(cache)
    files = list(cache.glob("catalog-*.pickle"))
    assert len(files) == 1
    warm = _stats(cache)
    off = _stats(tmp_path / "unused", ATTT_AUDIT_NO_CACHE="1")
    assert cold == warm == off
    assert not (tmp_path / "unused").exists()


def test_catalog_cache_ignores_a_stale_or_broken_file(tmp_path: Path) -> None:
    from attt_audit.catalog import checklist_files
    from attt_audit.catalog_cache import cache_key, cached
    from attt_audit.resources import data_dir

    os.environ["ATTT_AUDIT_CACHE_DIR"] = str(tmp_path)
    try:
        files = checklist_files(data_dir("checklists"))
        key = cache_key("catalog", files)
        path = tmp_path / f"catalog-{key}.pickle"
        path.write_bytes(b"not a pickle")
        path.chmod(0o600)
        assert cached("catalog", files, lambda: "built") == "built"
        # a file holding another key's value is not used either
        path.write_bytes(pickle.dumps(("another-key", "stale")))
        assert cached("catalog", files, lambda: "built again") == "built again"
        assert cached("catalog", files, lambda: "unused") == "built again"  # now stored under its key
        # a file others may write to is never unpickled
        path.chmod(0o666)
        assert cached("catalog", files, lambda: "fresh") == "fresh"
    finally:
        del os.environ["ATTT_AUDIT_CACHE_DIR"]


def test_catalog_cache_key_follows_the_files(tmp_path: Path) -> None:
    from attt_audit.catalog_cache import cache_key

    a = tmp_path / "a.yaml"
    a.write_text("x: 1\n", encoding="utf-8")
    first = cache_key("catalog", [a])
    a.write_text("x: 22\n", encoding="utf-8")
    assert cache_key("catalog", [a]) != first


def test_overlay_is_applied_on_top_of_the_cached_catalog(tmp_path: Path) -> None:
    """The cache holds the bundled catalog only: a workspace's overlay still changes the result."""
    from attt_audit.catalog import load_catalog

    os.environ["ATTT_AUDIT_CACHE_DIR"] = str(tmp_path / "cache")
    try:
        base = load_catalog()
        again = load_catalog()
        assert list(again.controls) == list(base.controls)
        assert again.controls is not base.controls  # a fresh copy each time: overlays never leak
    finally:
        del os.environ["ATTT_AUDIT_CACHE_DIR"]


def _dumped_facts(system: object) -> dict[str, object]:
    """System.facts() as it was: flattened from pydantic's own model_dump."""
    from pydantic import BaseModel

    from attt_audit.models.inventory import flat_facts

    assert isinstance(system, BaseModel)
    return flat_facts(system.model_dump(mode="python", exclude={"hosts", "endpoints"}))


def test_system_facts_are_what_model_dump_gives() -> None:
    """facts() walks the fields itself (no serializer to build): same keys, order and values."""
    from attt_audit.workspace import Workspace

    systems = list(Workspace(ROOT / "examples" / "so-gtvt").inventory().systems)
    assert any(s.dossier is not None for s in systems) and any(s.approval is not None for s in systems)
    for system in systems:
        facts = system.facts()
        expected = _dumped_facts(system)
        assert list(facts) == list(expected), system.id
        assert repr(facts) == repr(expected), system.id


def test_plain_leaves_a_model_with_serializers_to_pydantic() -> None:
    from pydantic import BaseModel, field_serializer

    from attt_audit.models.inventory import _plain

    class Shown(BaseModel):
        value: int = 1

        @field_serializer("value")
        def _double(self, value: int) -> int:
            return value * 2

    class Outer(BaseModel):
        inner: list[Shown] = [Shown()]
        plain: dict[str, tuple[int, ...]] = {"a": (1, 2)}

    assert (
        _plain(Outer())
        == Outer().model_dump(mode="python")
        == {"inner": [{"value": 2}], "plain": {"a": (1, 2)}}
    )
