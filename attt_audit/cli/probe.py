"""``attt-audit probe``: run the network probes against the hosts and endpoints the inventory declares.

Prints the observations and exits 1 when a check failed, 0 otherwise, 2 on input or scope
errors. ``--dry-run`` prints exactly what would be contacted and contacts nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, print_table, set_lang, state

if TYPE_CHECKING:
    from attt_audit.app.probe import ProbePlan
    from attt_audit.models import ProbeRun
    from attt_audit.probes import Plan

RESULT_LABELS = {
    "pass": ("đạt", "pass"),
    "fail": ("không đạt", "FAIL"),
    "error": ("lỗi", "error"),
    "not_testable": ("không kiểm tra được ở đây", "not testable here"),
}


def register(app: typer.Typer) -> None:
    app.command("probe")(probe)


def probe(
    workspace: WorkspaceOpt = Path("."),
    system: Annotated[
        list[str] | None, typer.Option("--system", "-s", help="Probe this system (repeatable).")
    ] = None,
    all_systems: Annotated[bool, typer.Option("--all", help="Probe every system of the inventory.")] = False,
    kinds: Annotated[
        str | None,
        typer.Option("--kinds", "-k", help="Probe kinds, comma-separated: ports,tls,http,ssh (default all)."),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            "-t",
            help="Only this declared host or host:port (repeatable); anything undeclared is refused.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print exactly what would be contacted, and contact nothing.")
    ] = False,
    allow_large_ranges: Annotated[
        bool, typer.Option("--allow-large-ranges", help="Allow declared ranges larger than a /24.")
    ] = False,
    deep_tls: Annotated[
        bool,
        typer.Option(
            "--deep-tls",
            help="Also run nmap ssl-enum-ciphers for what the local OpenSSL cannot test (SSLv3, RC4, 3DES, DES, EXPORT).",
        ),
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=256, help="Targets probed at once.")
    ] = 16,
    per_host: Annotated[
        int, typer.Option("--per-host", min=1, max=16, help="Probes at once against one host.")
    ] = 2,
    rate: Annotated[
        float | None,
        typer.Option("--rate", min=0.1, help="At most N new connections per second (all probes)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Per-connection timeout, seconds.")
    ] = 5.0,
    host_timeout: Annotated[
        float,
        typer.Option("--host-timeout", min=1, help="Per-target (and nmap per-host) time limit, seconds."),
    ] = 60.0,
    budget: Annotated[
        float, typer.Option("--budget", min=1, help="Overall time budget of the sweep, seconds.")
    ] = 900.0,
    lang: LangOpt = None,
) -> int:
    """Probe declared hosts and endpoints: ports, TLS and certificates, HTTP headers, SSH."""
    set_lang(lang)
    from attt_audit.app.probe import plan_probe

    planned = plan_probe(
        workspace,
        systems=system,
        all_systems=all_systems,
        kinds=kinds,
        targets=target,
        allow_large_ranges=allow_large_ranges,
        deep_tls=deep_tls,
        concurrency=concurrency,
        per_host=per_host,
        rate=rate,
        timeout=timeout,
        host_timeout=host_timeout,
        budget=budget,
        resolve=not dry_run,
    )
    plan = planned.plan
    if dry_run:
        _print_plan(plan)
        return 0
    if planned.total == 0:
        state.console.print(
            state.t(
                "Không có gì để kiểm tra: các hệ thống chưa khai báo hosts/endpoints phù hợp.",
                "Nothing to probe: the systems declare no matching hosts or endpoints.",
            )
        )
        _print_notes(plan.notes)
        return 0
    done = _execute(planned)
    failed = False
    lg = 0 if state.lang == "vi" else 1
    for sid, (run, path) in done.items():
        rows = []
        for obs in sorted(run.observations, key=lambda o: (o.target, o.check)):
            label = RESULT_LABELS[obs.result][lg]
            if obs.result == "fail":
                label = f"[bold red]{label}[/bold red]"
                failed = True
            rows.append([obs.check, obs.target, label, obs.detail])
        print_table(
            [
                state.t("Kiểm tra", "Check"),
                state.t("Đích", "Target"),
                state.t("Kết quả", "Result"),
                state.t("Chi tiết", "Detail"),
            ],
            rows,
            title=f"{sid}",
        )
        counts: dict[str, int] = {}
        for obs in run.observations:
            counts[obs.result] = counts.get(obs.result, 0) + 1
        summary = ", ".join(f"{RESULT_LABELS[k][lg]}: {v}" for k, v in sorted(counts.items()))
        state.console.print(summary)
        if path is not None:
            state.console.print(state.t("Bằng chứng: ", "Evidence: ") + str(path), markup=False)
        if run.tools.get("nmap") == "not found" and any(o.probe == "ports" for o in run.observations):
            state.console.print(
                state.t(
                    "nmap không có: kiểm tra cổng dùng kết nối TCP đơn giản thay thế.",
                    "nmap not found: port checks used a plain TCP connect check instead.",
                )
            )
    _print_notes(plan.notes)
    return 1 if failed else 0


def _execute(planned: ProbePlan) -> dict[str, tuple[ProbeRun, Path | None]]:
    from attt_audit.app.probe import run_probe
    from attt_audit.cli.progress import progress_bar

    _warm_up()
    with progress_bar("Đang kiểm tra", "Probing") as progress:
        return run_probe(planned, progress=progress)


def _warm_up() -> None:
    """Import what printing the results needs while the probes wait on the network.

    A one-host port scan is mostly nmap waiting; the results table (rich) costs ~60-100 ms
    to import, which this thread spends during that wait instead of after it."""
    import threading

    def load() -> None:
        try:
            import rich.console  # noqa: F401
            import rich.table  # noqa: F401
        except Exception:  # noqa: BLE001  # only a head start: printing imports them anyway
            pass

    threading.Thread(target=load, name="attt-audit-warm-up", daemon=True).start()


def _print_plan(plan: Plan) -> None:
    out = state.console
    ctx = plan.context
    assert ctx is not None
    out.print(
        state.t(
            "Kế hoạch (không kết nối tới đâu cả): ",
            "Plan (nothing is contacted): ",
        )
        + f"concurrency {plan.concurrency}, per-host {plan.per_host}, "
        f"timeout {ctx.connect_timeout:g}s, host-timeout {ctx.target_timeout:g}s, budget {ctx.budget.remaining():.0f}s"
        + (f", rate {ctx.budget.rate:g}/s" if ctx.budget.rate else ""),
        markup=False,
    )
    for sid, lines in plan.describe().items():
        out.print(f"[bold]{sid}[/bold]: {len(lines)} " + state.t("tác vụ", "task(s)"))
        for line in lines:
            out.print(f"  {line}", markup=False, soft_wrap=True)  # one line per task, never folded
    _print_notes(plan.notes)


def _print_notes(notes: dict[str, list[str]]) -> None:
    for sid, items in notes.items():
        for note in items:
            state.err.print(f"{sid}: {state.t('bỏ qua', 'skipped')} {note}", markup=False)
