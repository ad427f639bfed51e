"""Dask clusters for the engine tests: a LocalCluster started by newslab, and a `dask scheduler` plus
`dask worker` started as processes on 127.0.0.1 (stopped at the end, waits bounded)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import ROOT

START_TIMEOUT_S = 240  # generous: the test machine may be busy
TCP_WORKERS = 2  # two processes, as on a real cluster: work must cross process boundaries


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def local_engine():
    """A LocalCluster sized to this machine, started and closed by newslab.engine.connect()."""
    from newslab.engine import connect

    with connect() as engine:
        yield engine


def _stop(processes: list[subprocess.Popen], *, grace_s: float = 5) -> None:
    """Terminate every process, then kill what is still running after `grace_s` in all (a worker holding a model
    can take tens of seconds to shut down politely, and nothing of it is needed any more)."""
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + grace_s
    for proc in processes:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def tcp_scheduler(tmp_path_factory):
    """Address of a scheduler with two single-threaded workers, each its own `dask worker` process."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "lib"), os.environ.get("PYTHONPATH", "")])}
    log = open(folder / "cluster.log", "wb")
    processes = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                   str(port), "--no-dashboard"], stdout=log, stderr=log, env=env)]
    try:
        for _ in range(TCP_WORKERS):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                 "--local-directory", str(folder), "--memory-limit", "4GiB"], stdout=log, stderr=log, env=env))
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:  # the scheduler needs a moment to listen
            try:
                with Client(address, timeout=5, set_as_default=False) as client:
                    client.wait_for_workers(TCP_WORKERS, timeout=max(1, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline or processes[0].poll() is not None:
                    raise RuntimeError(f"dask scheduler did not start: {(folder / 'cluster.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield address
    finally:
        _stop(processes[::-1])
        log.close()
