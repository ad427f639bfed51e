"""Where analyses run: in this process ("local") or on a Dask cluster ("dask") — one started here and
closed afterwards, or an existing one reached by its scheduler address, which newslab never shuts down."""
from __future__ import annotations

import contextlib
import logging
import math
import os
import socket
import time

from .checks import ENGINES, check_choice, check_int
from .errors import NewslabError, ParameterError

CONNECT_TIMEOUT_S = 10


def check_engine(engine: str, scheduler: str | None) -> str:
    """Validate the `engine` / `scheduler` pair at a library boundary; return the engine."""
    check_choice("engine", engine, ENGINES)
    if scheduler is not None:
        if engine != "dask":
            raise ParameterError(f"scheduler={scheduler!r} is only used with engine='dask', got engine={engine!r}")
        if not isinstance(scheduler, str) or not scheduler.strip():
            raise ParameterError(f"scheduler must be an address like 'tcp://host:8786' or None, got {scheduler!r}")
    return engine


def machine_workers() -> int:
    """Cores this process may use: a LocalCluster gets one single-threaded worker process per core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class DaskEngine:
    """A Dask client plus, when newslab started it, the LocalCluster behind it (closed with the engine)."""

    def __init__(self, client, cluster=None, *, owned: bool = True):
        self.client = client
        self.cluster = cluster
        self.owned = owned  # False: someone else's client or cluster, left running on close()

    @property
    def address(self) -> str:
        return self.client.scheduler.address

    @property
    def dashboard_link(self) -> str | None:
        """URL of the Dask dashboard (None when the scheduler serves none, e.g. without bokeh)."""
        info = self.client.scheduler_info()
        if not info.get("services", {}).get("dashboard"):
            return None
        return self.client.dashboard_link

    @property
    def n_workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def close(self) -> None:
        """Disconnect; shut the cluster down only if newslab started it."""
        if not self.owned:
            return
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = "LocalCluster" if self.cluster is not None else "cluster"
        return f"<DaskEngine {kind} at {self.address}, {self.n_workers} workers, dashboard: {self.dashboard_link}>"

    def _repr_html_(self) -> str:
        link = self.dashboard_link
        shown = f'<a href="{link}" target="_blank">{link}</a>' if link else "not served (install bokeh)"
        return f"Dask {'LocalCluster' if self.cluster is not None else 'cluster'} at <code>{self.address}</code>, " \
               f"{self.n_workers} workers; dashboard: {shown}"


def _check_reachable(scheduler: str, timeout: float) -> None:
    """Fail fast (refused, unknown host) or within `timeout` seconds (no answer) on a TCP address."""
    from distributed.comm import parse_address, parse_host_port

    try:
        scheme, location = parse_address(scheduler)
    except ValueError as exc:
        raise ParameterError(f"scheduler {scheduler!r} is not an address like 'tcp://host:8786' ({exc})") from None
    if scheme not in ("tcp", "tls"):
        return
    try:
        host, port = parse_host_port(location, default_port=8786)
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except (OSError, ValueError) as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise NewslabError(f"cannot reach the Dask scheduler at {scheduler}: {reason} "
                           f"(is `dask scheduler` running there, and the port open?)") from None


def _check_speaks_dask(scheduler: str, timeout: float) -> None:
    """Open and close one Dask connection, bounded by `timeout` (distributed's own timeout does not cover a
    server that accepts and stays silent). Runs in a thread, so it also works under Jupyter's event loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as FutureTimeout

    from distributed.comm import connect as open_comm

    async def handshake():
        comm = await open_comm(scheduler, timeout=timeout)
        await comm.close()

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslab-probe")
    try:
        pool.submit(asyncio.run, asyncio.wait_for(handshake(), timeout)).result(timeout=timeout + 1)
    except (TimeoutError, FutureTimeout, OSError):
        raise NewslabError(f"cannot reach the Dask scheduler at {scheduler}: no Dask answer within {timeout:.0f} s") from None
    except Exception as exc:  # something answered, but not the Dask protocol (e.g. a web server or proxy)
        raise NewslabError(f"{scheduler} answered, but not as a Dask scheduler ({type(exc).__name__})") from None
    finally:
        pool.shutdown(wait=False)


def connect(scheduler: str | None = None, *, n_workers: int | None = None, threads_per_worker: int = 1,
            timeout: float = CONNECT_TIMEOUT_S) -> DaskEngine:
    """A client on the cluster at `scheduler`, or on a new LocalCluster sized to this machine when None.

    Use it as a context manager (or call close()): a LocalCluster started here is shut down then; a cluster
    reached by address is only disconnected from. An unreachable address is a NewslabError within `timeout` s.
    """
    check_engine("dask", scheduler)
    check_int("threads_per_worker", threads_per_worker, minimum=1)
    from distributed import Client, LocalCluster

    if scheduler is None:
        n = machine_workers() if n_workers is None else check_int("n_workers", n_workers, minimum=1)
        cluster = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                               dashboard_address=":0" if _has_bokeh() else None, silence_logs=logging.ERROR)
        return DaskEngine(Client(cluster), cluster)
    if n_workers is not None:
        raise ParameterError("n_workers sizes a LocalCluster; an existing cluster at scheduler= has its own workers")
    deadline = time.monotonic() + timeout
    _check_reachable(scheduler, timeout)
    _check_speaks_dask(scheduler, max(1.0, deadline - time.monotonic()))
    try:
        client = Client(scheduler, timeout=max(1.0, deadline - time.monotonic()))
    except (OSError, TimeoutError) as exc:
        raise NewslabError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                           f"({(str(exc).splitlines() or [type(exc).__name__])[0][:120]})") from None
    return DaskEngine(client, owned=True)


def _has_bokeh() -> bool:
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


@contextlib.contextmanager
def session(scheduler: str | None = None):
    """The DaskEngine an analysis runs on: the client already open in this process (e.g. from connect() in a
    notebook) when it fits `scheduler`, left open afterwards; else a new connection, closed afterwards."""
    from distributed import default_client

    with contextlib.suppress(ValueError):
        client = default_client()
        if client.status == "running" and (scheduler is None or _same_address(client.scheduler.address, scheduler)):
            yield DaskEngine(client, owned=False)
            return
    with connect(scheduler) as engine:
        yield engine


def _same_address(a: str, b: str) -> bool:
    from distributed.comm import resolve_address

    with contextlib.suppress(Exception):
        return resolve_address(a) == resolve_address(b)
    return a == b


def partitions_for(n_rows: int, n_workers: int, *, max_rows: int = 5000) -> int:
    """How many partitions to cut `n_rows` into: a few per worker (to balance), none over `max_rows`."""
    if n_rows == 0:
        return 1
    return max(1, min(n_rows, max(4 * max(n_workers, 1), math.ceil(n_rows / max_rows))))
