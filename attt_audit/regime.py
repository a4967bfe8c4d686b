"""The regimes' legal facts, loaded once from ``checklists/regimes/*.yaml``.

Every module that needs a decree date, an inspection interval, an authority, a deadline, the
reporting calendar or a legal-basis sentence asks here (:func:`regime`, :func:`regime_for_date`)
instead of writing the fact down again. A broken file is an :class:`~attt_audit.errors.InputError`
naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from attt_audit.errors import InputError
from attt_audit.models.catalog import ChecklistFile
from attt_audit.models.common import LocalText
from attt_audit.models.regime import RegimeRules
from attt_audit.resources import data_dir
from attt_audit.yamlio import load_model

__all__ = [
    "RegimeRules",
    "load_regimes",
    "regime",
    "regime_for_date",
    "regime_ids",
    "standard_label",
    "successor",
]

REGIMES_FOLDER = "regimes"
"""Sub-folder of a checklists folder holding one file per regime."""

_LAYER_PREFIX = re.compile(r"^\s*(?:Lớp|Layer)\s+\d+\s*[—–-]\s*")


def _layer_names(checklists: Path, rules: RegimeRules, where: Path) -> dict[int, LocalText]:
    """Layer number → name, from the ``layer-N`` groups of the framework the regime points to."""
    framework = rules.layers_from.framework
    path = checklists / f"{framework}.yaml"
    if not path.is_file():
        raise InputError(
            f"layers: framework {framework!r} has no file {path.name} in {checklists}",
            location=str(where),
            expected="the id of a checklist framework that defines the layer-1 … layer-4 groups",
        )
    checklist = _checklist(path.resolve())
    if checklist.framework.id != framework:
        raise InputError(
            f"layers: {path.name} defines framework {checklist.framework.id!r}, not {framework!r}",
            location=str(where),
        )
    names: dict[int, LocalText] = {}
    for group in checklist.framework.groups:
        number = group.id.removeprefix("layer-")
        if group.id.startswith("layer-") and number.isdigit():
            vi, en = (_LAYER_PREFIX.sub("", group.title.get(lang)) for lang in ("vi", "en"))
            names[int(number)] = LocalText(vi=vi[:1].upper() + vi[1:], en=en[:1].upper() + en[1:])
    if sorted(names) != [1, 2, 3, 4]:
        raise InputError(
            f"layers: framework {framework!r} names layers {sorted(names)}",
            location=str(path),
            expected="groups layer-1, layer-2, layer-3 and layer-4",
        )
    return names


@cache
def _checklist(path: Path) -> ChecklistFile:
    return load_model(ChecklistFile, path)


@cache
def _load_folder(checklists: Path) -> dict[str, RegimeRules]:
    if checklists != _bundled():
        return _parse_folder(checklists)
    # The bundled regimes come from the user's cache when no file they are read from changed
    # (attt_audit.catalog_cache): parsing and validating them costs ~60 ms a command.
    from attt_audit.catalog_cache import cached

    here = Path(__file__).resolve().parent
    files = [here / "regime.py", here / "models" / "regime.py"]
    files += sorted((checklists / REGIMES_FOLDER).glob("*.yaml")) + sorted(checklists.glob("*.yaml"))
    return cached("regimes", files, lambda: _parse_folder(checklists))


def _parse_folder(checklists: Path) -> dict[str, RegimeRules]:
    folder = checklists / REGIMES_FOLDER
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise InputError(
            f"no regime files in {folder}",
            expected="one <regime>.yaml per regime (nd85.yaml, nd331.yaml)",
        )
    found: dict[str, RegimeRules] = {}
    for path in files:
        rules = load_model(RegimeRules, path)
        if rules.id != path.stem:
            raise InputError(
                f"the file declares regime {rules.id!r}", location=str(path), expected=f"id: {path.stem}"
            )
        rules._layers = _layer_names(checklists, rules, path)
        found[rules.id] = rules
    return dict(sorted(found.items(), key=lambda item: item[1].starts.date))


def load_regimes(checklists: Path | None = None) -> dict[str, RegimeRules]:
    """Every regime, oldest first, from ``<checklists>/regimes/`` (default: the bundled data). Cached."""
    return dict(_load_folder(_bundled() if checklists is None else checklists.resolve()))


@cache
def _bundled() -> Path:
    # resolved once: clause labels ask for the regimes once per requirement
    return data_dir("checklists").resolve()


def regime_ids(checklists: Path | None = None) -> tuple[str, ...]:
    """The known regime ids, oldest first (``nd85``, ``nd331``)."""
    return tuple(load_regimes(checklists))


def regime(regime_id: str, checklists: Path | None = None) -> RegimeRules:
    """The rules of ``regime_id``; an unknown id is an :class:`InputError`."""
    regimes = load_regimes(checklists)
    try:
        return regimes[regime_id]
    except KeyError:
        raise InputError(f"regime {regime_id!r} is not known", expected=" or ".join(regimes)) from None


def regime_for_date(day: dt.date, checklists: Path | None = None) -> RegimeRules:
    """The regime in force on ``day``: the latest one that has started (and not ended) by then.

    A day before every regime started gets the oldest regime: the tool knows no earlier rules.
    """
    regimes = list(load_regimes(checklists).values())
    in_force = [r for r in regimes if r.in_force_on(day)]
    return in_force[-1] if in_force else regimes[0]


def successor(rules: RegimeRules, checklists: Path | None = None) -> RegimeRules | None:
    """The regime that started next after ``rules`` (None for the newest)."""
    later = [r for r in load_regimes(checklists).values() if r.starts.date > rules.starts.date]
    return later[0] if later else None


def standard_label(framework_id: str, checklists: Path | None = None) -> str | None:
    """The standard's name printed before a clause number of ``framework_id`` (``TCVN 11930``).

    A framework derived from a known one (its id extends the known id, e.g. a workspace's
    ``tcvn11930-2017-custom``) gets the same name; an unknown framework gets None.
    """
    return _standard_label(framework_id, checklists)


@cache
def _standard_label(framework_id: str, checklists: Path | None) -> str | None:
    # asked once per requirement in every list and report: the regimes are read once anyway
    labels = {fid: label for r in load_regimes(checklists).values() for fid, label in r.frameworks.items()}
    if framework_id in labels:
        return labels[framework_id]
    prefixes = [fid for fid in labels if framework_id.startswith(fid)]
    return labels[max(prefixes, key=len)] if prefixes else None
