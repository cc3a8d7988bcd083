"""A Spark standalone cluster on this machine: one master and N workers, from pyspark's own
``spark-class`` launcher, each a subprocess of the caller (tests and the scale benchmark)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import doorstep


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as r:
            state = json.loads(r.read())
    except OSError:
        return 0
    return sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")


@contextmanager
def standalone_cluster(work: Path, workers: int = 2, cores: int = 1,
                       memory: str = "1500m", timeout: float = 120) -> Iterator[str]:
    """Start a master and ``workers`` workers; yield the ``spark://`` URL; stop them all.

    The workers' executors run this interpreter with this checkout's ``doorstep`` on their
    path (``PYSPARK_PYTHON``, ``PYTHONPATH``), as a real cluster would have it installed.
    """
    home = spark_home()
    src = str(Path(doorstep.__file__).resolve().parents[1])
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
           "PYSPARK_PYTHON": sys.executable,
           "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p),
           "SPARK_LOG_DIR": str(work / "logs"), "SPARK_WORKER_DIR": str(work / "worker")}
    port, ui = _free_port(), _free_port()
    url = f"spark://127.0.0.1:{port}"
    spark_class = str(home / "bin" / "spark-class")
    work.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen[bytes]] = []
    logs = []
    try:
        log = open(work / "master.log", "wb")  # noqa: SIM115 - closed in finally
        logs.append(log)
        procs.append(subprocess.Popen(
            [spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
             "--port", str(port), "--webui-port", str(ui)], env=env, stdout=log, stderr=log))
        for i in range(workers):
            log = open(work / f"worker{i}.log", "wb")  # noqa: SIM115 - closed in finally
            logs.append(log)
            procs.append(subprocess.Popen(
                [spark_class, "org.apache.spark.deploy.worker.Worker", url, "--host",
                 "127.0.0.1", "--cores", str(cores), "--memory", memory, "--webui-port",
                 str(_free_port()), "--work-dir", str(work / f"worker{i}")],
                env=env, stdout=log, stderr=log))
        deadline = time.monotonic() + timeout
        while _alive_workers(ui) < workers:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                tail = (work / "master.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Spark standalone cluster did not start:\n{tail}")
            time.sleep(0.5)
        yield url
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in logs:
            log.close()
