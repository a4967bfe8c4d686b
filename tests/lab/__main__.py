"""Start the loopback lab by hand: ``python tests/lab DIR`` writes a workspace to DIR and waits.

Then, in another shell: ``attt-audit probe -w DIR --all`` (or ``--dry-run``). Ctrl-C stops the lab.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lab import standard_lab, write_workspace  # noqa: E402


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="attt-lab-ws-"))
    with tempfile.TemporaryDirectory(prefix="attt-lab-") as tmp, standard_lab(Path(tmp)) as lab:
        write_workspace(lab, target)
        print(f"lab running; workspace: {target}")
        print(f"try: attt-audit probe -w {target} --all --dry-run")
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM stops the lab cleanly too
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
