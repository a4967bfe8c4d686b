"""Commands: ``report annual``, ``diff``, ``keys generate``, ``verify``.

Only typer, pathlib, typing and attt_audit.cli names are imported here; everything heavy is
imported inside the command that needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli import LangOpt, WorkspaceOpt, print_table, set_lang, state

PassphraseFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        help="File holding the key's passphrase (else $ATTT_AUDIT_PASSPHRASE, else a hidden prompt).",
    ),
]


def _report_app(app: typer.Typer) -> typer.Typer:
    """The ``report`` group, shared with other feature modules: reuse it if one registered it first."""
    for group in app.registered_groups:
        if group.name == "report" and group.typer_instance is not None:
            return group.typer_instance
    report_app = typer.Typer(help="Organisation-level reports.", no_args_is_help=True)
    app.add_typer(report_app, name="report")
    return report_app


def register(app: typer.Typer) -> None:
    report_app = _report_app(app)
    keys_app = typer.Typer(help="Signing keys for report bundles (Ed25519).", no_args_is_help=True)
    app.add_typer(keys_app, name="keys")

    @report_app.command("annual")
    def report_annual(
        year: Annotated[
            int,
            typer.Option(
                "--year",
                min=2016,
                max=2100,
                help="Report year (data period 15/12 of the year before → 14/12).",
            ),
        ],
        workspace: WorkspaceOpt = Path("."),
        formats: Annotated[
            str, typer.Option("--format", help="Comma-separated: docx, html, xlsx, json.")
        ] = "docx,html,xlsx,json",
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Output folder (default <workspace>/reports/annual-<year>/)."),
        ] = None,
        run: Annotated[
            Path | None,
            typer.Option(
                "--run", help="Run folder for this year (default: the latest run in the data period)."
            ),
        ] = None,
        previous: Annotated[
            Path | None,
            typer.Option(
                "--previous",
                help="Run folder for the previous year (default: the latest run in its data period).",
            ),
        ] = None,
        regime: Annotated[
            str | None,
            typer.Option(
                "--regime", help="nd85 or nd331 (default: the regime in force at the period's end)."
            ),
        ] = None,
        lang: LangOpt = None,
    ) -> None:
        """The organisation's annual graded-security report over all its systems (TT 12 Đ13–14 / ND 331 Đ35–36, Mẫu 08)."""
        set_lang(lang)
        from attt_audit.annual import build_annual_report, write_annual_report
        from attt_audit.errors import InputError
        from attt_audit.workspace import Workspace

        wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
        allowed = ("docx", "html", "xlsx", "json")
        bad = [f for f in wanted if f not in allowed]
        if bad or not wanted:
            raise InputError(f"--format {formats!r} is not a list of formats", expected=", ".join(allowed))
        if regime is not None and regime not in ("nd85", "nd331"):
            raise InputError(f"--regime {regime!r} is not a regime", expected="nd85 or nd331")
        ws = Workspace(workspace)
        report = build_annual_report(ws, year, run=run, previous=previous, regime=regime)
        out_dir = out if out is not None else ws.root / "reports" / f"annual-{year}"
        written = write_annual_report(report, wanted, state.lang, out_dir)
        from attt_audit.annual.labels import pct

        k, lg = report.kpis, state.lang
        figures = [
            f"{pct(v, lg)} ({n}/{k.total})"
            for v, n in (
                (k.approved_pct, k.approved),
                (k.plan_full_pct, k.plan_full),
                (k.inspected_pct, k.inspected_on_time),
            )
        ]
        state.console.print(
            state.t(
                f"Báo cáo năm {year} ({report.regime}): {k.total} hệ thống; phê duyệt {figures[0]}; "
                f"triển khai đầy đủ phương án {figures[1]}; kiểm tra đúng hạn {figures[2]}",
                f"Annual report {year} ({report.regime}): {k.total} systems; approved {figures[0]}; "
                f"plan fully implemented {figures[1]}; inspected on time {figures[2]}",
            ),
            markup=False,
        )
        for check in report.checks:
            if not check.ok:
                state.err.print(f"! {check.message.get(state.lang)}", markup=False)  # type: ignore[arg-type]
        for path in written:
            state.console.print(str(path), markup=False)

    @app.command("diff")
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
        workspace: WorkspaceOpt = Path("."),
        lang: LangOpt = None,
    ) -> int:
        """Compare two run results: newly failing, fixed, regressed, unchanged, added or removed requirements."""
        set_lang(lang)
        from attt_audit import diff as d
        from attt_audit.errors import InputError
        from attt_audit.yamlio import atomic_write_text

        if fmt not in ("table", "md", "json"):
            raise InputError(f"--format {fmt!r} is not a diff format", expected="table, md or json")
        result = d.diff_runs(d.load_run(old, workspace), d.load_run(new, workspace))
        if fmt == "json" or fmt == "md" or out is not None:
            text = (
                d.to_json(result)
                if fmt == "json"
                else d.to_markdown(result, state.lang, include_unchanged=all_)
            )
            if out is not None:
                atomic_write_text(out, text)
                state.console.print(str(out), markup=False)
            else:
                typer.echo(text, nl=False)
        else:
            lg = state.lang
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
            print_table(*d.summary_rows(result, lg))
            cats = d.CATEGORIES if all_ else d._DEFAULT_SHOWN
            head, rows = d.change_rows(result, lg, cats)
            if rows:
                print_table(head, rows)
            else:
                state.console.print(state.t("Không có thay đổi.", "No changes."))
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
        from attt_audit.signing import fingerprint, generate_keypair, load_public_key, read_passphrase

        private = out.with_name(out.name + ".key.pem")
        public = out.with_name(out.name + ".pub.pem")
        passphrase = read_passphrase(passphrase_file, confirm=True)
        generate_keypair(private, public, passphrase, force=force)
        state.console.print(state.t("Khóa bí mật: ", "Private key: ") + str(private), markup=False)
        state.console.print(state.t("Khóa công khai: ", "Public key: ") + str(public), markup=False)
        state.console.print(fingerprint(load_public_key(public)), markup=False)

    @app.command("sign")
    def sign_cmd(
        bundle: Annotated[
            Path, typer.Argument(help="Folder to sign (a run folder or an annual-report folder).")
        ],
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
        from attt_audit.signing import read_passphrase, sign_bundle

        manifest = sign_bundle(bundle, key, read_passphrase(passphrase_file), workspace=workspace)
        state.console.print(str(manifest), markup=False)

    @app.command("verify")
    def verify_cmd(
        bundle: Annotated[
            Path, typer.Argument(help="Signed bundle folder (a run folder signed with --sign).")
        ],
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
        from attt_audit.signing import verify_bundle

        report = verify_bundle(bundle, key)
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
