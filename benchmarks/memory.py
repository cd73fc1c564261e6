"""Peak memory of ``wirewatch ingest`` against corpus size: it should stay flat.

    .venv/bin/python benchmarks/memory.py [--sizes 2000 10000 19043] [--corpus PATH]
                                          [--engine local|dask]

For each size N, writes the first N articles of the Reuters corpus to a JSONL file, ingests
it into a fresh database with the real command line in a child process, and prints the
child's peak resident memory (``ru_maxrss`` from ``os.wait4``, the same figure as
``resource.getrusage(RUSAGE_CHILDREN)`` but for that one child, so one run's peak never hides
behind an earlier, bigger run's), with the wall time and articles/s. With ``--engine dask``
(a local cluster) it is the largest peak of the client and its worker processes: the kernel
folds the peaks of reaped children into their parent's.

It also prints the peak reached before the cross-document resolution began (the child runs
the command line through ``--child``, which notes ``VmHWM`` when ``resolve`` is called), so
the two phases' shares of the peak show: reading, analysing and writing the articles, then
resolving them all.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/reuters21578.jsonl.gz"
DEFAULT_SIZES = (2_000, 10_000, 19_043)
BEFORE_RESOLVE = "peak before resolve kB:"


def _peak_kb() -> int:
    """This process's peak resident memory so far (``VmHWM``), in kB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run_child(argv: list[str]) -> None:
    """``wirewatch`` with ``argv``, noting the peak on stderr when resolution starts."""
    import wirewatch.engines.local as local
    from wirewatch.cli import app

    resolve = local.resolve

    def noted(conn):
        print(BEFORE_RESOLVE, _peak_kb(), file=sys.stderr, flush=True)
        return resolve(conn)

    local.resolve = noted
    app(argv, prog_name="wirewatch")


def write_sample(corpus: Path, n: int, out: Path) -> int:
    """The first ``n`` lines of ``corpus`` into ``out``; returns how many there were."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines, out.open("w") as sample:
        taken = list(itertools.islice(lines, n))
        sample.writelines(taken)
    return len(taken)


def ingest_peak(sample: Path, db: Path, engine: str) -> tuple[float, float | None, float, str]:
    """(peak RSS in MB, that before resolution, seconds, summary) of one ingest child process."""
    command = [sys.executable, __file__, "--child", "ingest", str(sample), "--db", str(db)]
    command += ["-q", "--engine", engine]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # reaped here, with its own rusage
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0), err.seek(0)
        summary = out.read().decode().strip()
        problem = err.read().decode()
        if child.returncode != 0:
            raise SystemExit(f"wirewatch ingest failed (exit {child.returncode}):\n{problem}")
    noted = [line for line in problem.splitlines() if line.startswith(BEFORE_RESOLVE)]
    before = int(noted[-1].split(":")[1]) / 1024 if noted else None
    return usage.ru_maxrss / 1024, before, seconds, summary


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        return run_child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    args = parser.parse_args()

    print(f"corpus: {args.corpus.name}; engine: {args.engine}")
    print(
        f"{'articles':>9}  {'peak RSS':>9}  {'before resolve':>14}  {'seconds':>8}"
        f"  {'articles/s':>10}  summary"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sample = Path(tmp) / "sample.jsonl"
            n = write_sample(args.corpus, size, sample)
            peak, before, seconds, summary = ingest_peak(
                sample, Path(tmp) / "fresh.db", args.engine
            )
        noted = f"{before:>11,.0f} MB" if before is not None else f"{'-':>14}"
        print(
            f"{n:>9,}  {peak:>6,.0f} MB  {noted}  {seconds:>8.1f}  {n / seconds:>10.1f}  {summary}"
        )


if __name__ == "__main__":
    main()
