"""Start-up time of the command line, as a ratio to `python -c "import pydantic"` on the same machine.

    python bench/startup.py            # 15 runs of each, median and best
    python bench/startup.py --smoke    # 2 runs of each, as CI does: fail only if a command fails or imports the
                                       # service stack (FastAPI, SQLAlchemy, PyGithub, jira) it does not use

The target is that `problemframe --help` and `problemframe check` start in under 0.3 s on a developer machine; as
machines differ, the ratio to importing pydantic (which every command needs) is the figure to compare over time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = "from webhooks.cli import main; main()"
SERVICE_STACK = ("fastapi", "sqlalchemy", "github", "jira", "uvicorn", "alembic")
PROBE = (
    "import sys\n"
    "sys.argv = ['problemframe', *sys.argv[1:]]\n"
    "try:\n"
    f"    exec({CLI!r})\n"
    "except SystemExit:\n"
    "    pass\n"
    f"print(','.join(m for m in {SERVICE_STACK!r} if m in sys.modules), file=sys.stderr)\n"
)

CASES = {
    "python -c 'import pydantic'": ["-c", "import pydantic"],
    "problemframe --help": ["-c", CLI, "--help"],
    "problemframe check examples/complete.md": ["-c", CLI, "check", str(ROOT / "examples" / "complete.md")],
}


def timed(args: list[str]) -> float:
    """Return the wall-clock seconds of one run; raise if it fails (check exits 0 for the complete example)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def imported_stack(arguments: list[str]) -> list[str]:
    """Return the service-stack modules a command imports."""
    done = subprocess.run([sys.executable, "-c", PROBE, *arguments], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return [name for name in last.split(",") if name]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--smoke", action="store_true", help="Two runs each; fail on an unneeded import.")
    args = parser.parse_args()
    runs = 2 if args.smoke else args.runs
    results: dict[str, list[float]] = {}
    for _ in range(runs):  # interleaved, so a busy moment on a shared machine hits every case alike
        for name, arguments in CASES.items():
            results.setdefault(name, []).append(timed(arguments))
    base = statistics.median(results["python -c 'import pydantic'"])
    print(f"{'command':<42} {'median':>8} {'best':>8} {'ratio':>7}")
    for name, seconds in results.items():
        median = statistics.median(seconds)
        print(f"{name:<42} {median:7.3f}s {min(seconds):7.3f}s {median / base:6.1f}x")
    failed = 0
    for name, arguments in (("--help", ["--help"]), ("check", ["check", str(ROOT / "examples" / "complete.md")])):
        stack = imported_stack(arguments)
        if stack:
            print(f"problemframe {name} imports {', '.join(stack)}, which it does not use", file=sys.stderr)
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
