"""Use cases of ``diff``, ``sign``, ``verify`` and ``keys generate``: comparing and signing bundles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attt_audit.diff import DiffSummary, PreparedDiff, RunDiff
    from attt_audit.models.common import Lang
    from attt_audit.signing import VerifyReport

DIFF_FORMATS = ("table", "md", "json")

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: a system compared, a file hashed or checked."""

Table = tuple[list[str], list[list[str]]]
"""(head, rows) of a terminal table."""


def check_diff_format(fmt: str) -> None:
    from attt_audit.errors import InputError

    if fmt not in DIFF_FORMATS:
        raise InputError(f"--format {fmt!r} is not a diff format", expected="table, md or json")


def diff(old: Path, new: Path, workspace: Path | None = None, progress: Progress | None = None) -> RunDiff:
    """Compare two runs (run folders, system folders, result.json files or run ids under ``workspace``)."""
    from attt_audit.diff import diff_runs, load_run

    return diff_runs(load_run(old, workspace), load_run(new, workspace), progress=progress)


def prepare_diff(
    old: Path,
    new: Path,
    fmt: str,
    lang: Lang,
    workspace: Path | None = None,
    *,
    out: Path | None = None,
    include_unchanged: bool = False,
    progress: Progress | None = None,
) -> PreparedDiff:
    """Compare two runs without keeping their changes; ``prepared.summary`` has the totals.

    ``json`` and ``md`` (and ``table`` written to a file: Markdown) are written by
    ``prepared.write(out)``; ``table`` for the terminal gives its rows through
    :func:`diff_change_tables`. The changes are spooled next to ``out`` (or in the temporary
    folder)."""
    from attt_audit.diff import check_output, load_run
    from attt_audit.diff import prepare_diff as prepare

    return prepare(
        load_run(old, workspace),
        load_run(new, workspace),
        fmt if fmt in ("json", "md") else ("md" if out is not None else "rows"),
        lang,
        include_unchanged=include_unchanged,
        progress=progress,
        spool_dir=None if out is None else check_output(out).parent,
    )


@dataclass(frozen=True)
class KeyPair:
    private: Path
    public: Path
    fingerprint: str


def generate_keys(out: Path, passphrase_file: Path | None = None, *, force: bool = False) -> KeyPair:
    """Write ``NAME.key.pem`` (encrypted with the passphrase) and ``NAME.pub.pem``."""
    from attt_audit.signing import fingerprint, generate_keypair, load_public_key, read_passphrase

    private = out.with_name(out.name + ".key.pem")
    public = out.with_name(out.name + ".pub.pem")
    passphrase = read_passphrase(passphrase_file, confirm=True)
    generate_keypair(private, public, passphrase, force=force)
    return KeyPair(private, public, fingerprint(load_public_key(public)))


def unlock_key(key: Path, passphrase_file: Path | None = None) -> bytes:
    """Read the passphrase and check it opens ``key``; returns the passphrase."""
    from attt_audit.signing import load_private_key, read_passphrase

    passphrase = read_passphrase(passphrase_file)
    load_private_key(key, passphrase)
    return passphrase


def sign_bundle(
    bundle: Path,
    key: Path,
    passphrase: bytes,
    *,
    workspace: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Sign a folder (manifest of SHA-256 sums plus an Ed25519 signature); returns the manifest."""
    from attt_audit.signing import sign_bundle as sign

    return sign(bundle, key, passphrase, workspace=workspace, progress=progress)


def sign(
    bundle: Path,
    key: Path,
    passphrase_file: Path | None = None,
    *,
    workspace: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """``sign``: read the passphrase, then sign ``bundle`` with ``key``."""
    from attt_audit.signing import read_passphrase

    passphrase = read_passphrase(passphrase_file)
    return sign_bundle(bundle, key, passphrase, workspace=workspace, progress=progress)


def verify(bundle: Path, key: Path | None = None, progress: Progress | None = None) -> VerifyReport:
    """Check a signed bundle: the signature, and every file changed, added or removed since signing."""
    from attt_audit.signing import verify_bundle

    return verify_bundle(bundle, key, progress=progress)


def diff_summary_table(summary: DiffSummary, lang: Lang) -> Table:
    """The table by system (head, rows) for the terminal."""
    from attt_audit.diff import summary_rows

    return summary_rows(summary, lang)


def diff_change_tables(
    prepared: PreparedDiff, lang: Lang, rows_per_table: int = 1000, *, limit: int | None = None
) -> Iterator[Table]:
    """The change table of a diff prepared for the terminal, in tables of at most
    ``rows_per_table`` rows (one table when it is shorter), so it is never all in memory;
    only the first ``limit`` rows (the most serious categories come first) when given."""
    from itertools import islice

    from attt_audit.diff import change_head

    rows = prepared.rows() if limit is None else islice(prepared.rows(), limit)
    while block := list(islice(rows, rows_per_table)):
        yield change_head(lang), block
