"""``attt-audit diff``, ``sign``, ``verify`` and ``keys generate``: compare runs, sign and check bundles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, PassphraseFileOpt, WorkspaceOpt, print_table, set_lang, state

DIFF_SCREEN_LIMIT = 500
"""Changes shown on the screen by default: more is unreadable there (``--limit 0`` shows all)."""

keys_app = typer.Typer(help="Signing keys for report bundles (Ed25519).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_cmd)
    app.command("sign")(sign_cmd)
    app.command("verify")(verify_cmd)
    app.add_typer(keys_app, name="keys")


def diff_cmd(
    old: Annotated[
        Path,
        typer.Argument(
            help="Older run folder, system folder or result.json (or a run id under <workspace>/runs)."
        ),
    ],
    new: Annotated[Path, typer.Argument(help="Newer run folder, system folder or result.json.")],
    fmt: Annotated[str, typer.Option("--format", help="table, md or json.")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of the screen.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Also list unchanged requirements.")] = False,
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 when anything newly fails or regressed.")
    ] = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            help="On the screen, show at most this many changes, most serious first (0: all).",
            min=0,
        ),
    ] = DIFF_SCREEN_LIMIT,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> int:
    """Compare two run results: newly failing, fixed, regressed, unchanged, added or removed requirements."""
    set_lang(lang)
    from attt_audit.app import bundle as uc

    uc.check_diff_format(fmt)
    from attt_audit.cli.progress import progress_bar

    # streamed: each system's changes are spooled as it is compared, never all in memory
    with progress_bar("Đang so sánh", "Comparing") as progress:
        prepared = uc.prepare_diff(
            old, new, fmt, state.lang, workspace, out=out, include_unchanged=all_, progress=progress
        )
    with prepared:  # written after the bar is gone: nothing mixes into standard output
        result = prepared.summary
        if fmt == "json" or fmt == "md" or out is not None:
            prepared.write(out)
            if out is not None:
                state.console.print(str(out), markup=False)
            return 1 if fail_on_regression and result.worse else 0
        state.console.print(
            f"{state.t('Trước', 'Before')}: {result.old} ({result.old_date})   "
            f"{state.t('Sau', 'After')}: {result.new} ({result.new_date})",
            markup=False,
        )
        if result.systems_added:
            state.console.print(
                state.t("Hệ thống mới: ", "Systems added: ") + ", ".join(result.systems_added)
            )
        if result.systems_removed:
            state.console.print(
                state.t("Hệ thống không còn: ", "Systems removed: ") + ", ".join(result.systems_removed)
            )
        print_table(*uc.diff_summary_table(result, state.lang))
        shown = 0
        for head, rows in uc.diff_change_tables(prepared, state.lang, limit=limit or None):
            print_table(head, rows)
            shown += len(rows)
        if not shown:
            state.console.print(state.t("Không có thay đổi.", "No changes."))
        hidden = prepared.row_count - shown
        if hidden > 0:
            from attt_audit.text import format_count

            # a screen of tens of thousands of rows helps nobody (and laying them out costs
            # minutes): say how many are left out and how to see them all
            state.console.print(
                state.t(
                    f"… và {format_count(hidden, 'vi')} thay đổi khác không hiển thị. Xem tất cả: "
                    "--limit 0, hoặc ghi ra tệp: --out thay-đổi.md",
                    f"… and {format_count(hidden, 'en')} more changes not shown. See them all: "
                    "--limit 0, or write them to a file: --out CHANGES.md",
                ),
                markup=False,
            )
    return 1 if fail_on_regression and result.worse else 0


@keys_app.command("generate")
def keys_generate(
    out: Annotated[
        Path,
        typer.Argument(help="Key name: writes NAME.key.pem (encrypted private key) and NAME.pub.pem."),
    ] = Path("attt-audit-signing"),
    passphrase_file: PassphraseFileOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing key files.")] = False,
    lang: LangOpt = None,
) -> None:
    """Generate an Ed25519 key pair; the private key is encrypted with a passphrase."""
    set_lang(lang)
    from attt_audit.app.bundle import generate_keys

    keys = generate_keys(out, passphrase_file, force=force)
    state.console.print(state.t("Khóa bí mật: ", "Private key: ") + str(keys.private), markup=False)
    state.console.print(state.t("Khóa công khai: ", "Public key: ") + str(keys.public), markup=False)
    state.console.print(keys.fingerprint, markup=False)


def sign_cmd(
    bundle: Annotated[Path, typer.Argument(help="Folder to sign (a run folder or an annual-report folder).")],
    key: Annotated[Path, typer.Option("--key", help="Private key (NAME.key.pem from 'keys generate').")],
    passphrase_file: PassphraseFileOpt = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Copy the run's inputs and evidence from this workspace into the bundle first.",
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Sign a folder: manifest of every file's SHA-256 plus an Ed25519 signature ('run --sign' does the same)."""
    set_lang(lang)
    from attt_audit.app.bundle import sign
    from attt_audit.cli.progress import progress_bar

    with progress_bar("Đang ký", "Signing") as progress:
        manifest = sign(bundle, key, passphrase_file, workspace=workspace, progress=progress)
    state.console.print(str(manifest), markup=False)


def verify_cmd(
    bundle: Annotated[Path, typer.Argument(help="Signed bundle folder (a run folder signed with --sign).")],
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="Public key you trust (NAME.pub.pem). Without it only integrity is checked."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: LangOpt = None,
) -> int:
    """Check a signed bundle: the signature, and every file changed, added or removed since signing."""
    set_lang(lang)
    from attt_audit.app.bundle import verify
    from attt_audit.cli.progress import progress_bar

    with progress_bar("Đang kiểm tra", "Verifying") as progress:
        report = verify(bundle, key, progress=progress)
    if as_json:
        import json

        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    out = state.console
    for problem in report.problems:
        out.print(state.t("SAI CHỮ KÝ / VẤN ĐỀ: ", "SIGNATURE / PROBLEM: ") + problem, markup=False)
    for label_vi, label_en, items in (
        ("ĐÃ SỬA", "CHANGED", report.changed),
        ("THÊM", "ADDED", report.added),
        ("MẤT", "REMOVED", report.removed),
    ):
        for rel in items:
            out.print(f"{state.t(label_vi, label_en)}: {rel}", markup=False)
    if report.ok:
        out.print(
            state.t(
                f"Hợp lệ: chữ ký đúng, {report.files_checked} tệp khớp (khóa {report.key_fingerprint}).",
                f"OK: signature valid, {report.files_checked} files match (key {report.key_fingerprint}).",
            ),
            markup=False,
        )
    else:
        out.print(state.t("KHÔNG hợp lệ.", "NOT valid."), markup=False)
    if report.key_source == "embedded":
        state.err.print(
            state.t(
                "Lưu ý: chữ ký được kiểm bằng khóa nằm trong gói; dùng --key để xác nhận người ký.",
                "Note: the signature was checked with the key inside the bundle; pass --key to confirm who signed.",
            ),
            markup=False,
        )
    return 0 if report.ok else 1
