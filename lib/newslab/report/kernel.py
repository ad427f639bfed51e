"""Running one notebook on a Jupyter kernel with papermill: local IPC sockets in a private folder, the kernel's
own output in a log beside them, failures as one line."""
from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..errors import NewslabError

DEFAULT_KERNEL = "newslab"


def kernel_uses_this_python(kernel_name: str) -> bool:
    """False when `kernel_name` is a registered kernel; True when it is the default `newslab` kernel and missing,
    so the notebooks run on the interpreter running the report (e.g. after a plain `pip install`)."""
    from jupyter_client.kernelspec import KernelSpecManager

    if kernel_name in KernelSpecManager().find_kernel_specs():
        return False
    if kernel_name == DEFAULT_KERNEL:
        return True
    raise NewslabError(f"Jupyter kernel {kernel_name!r} is not installed (see `jupyter kernelspec list`)")


def execute_notebook(path: Path, output: Path, parameters: dict, *, kernel_name: str, timeout: float | None,
             this_python: bool = False) -> str | None:
    """Run one notebook with papermill; return None on success, else a one-line error."""
    quiet = NoUnknownParameterWarnings()  # papermill cannot read `int | str` annotations; our check can
    logging.getLogger("papermill").addFilter(quiet)
    try:
        return execute_quietly(path, output, parameters, kernel_name=kernel_name, timeout=timeout, this_python=this_python)
    finally:
        logging.getLogger("papermill").removeFilter(quiet)


class NoUnknownParameterWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Passed unknown parameter")


def ipc_kernel_manager(socket_dir: Path, this_python: bool = False):
    """A kernel manager that talks to the kernel over local IPC sockets in `socket_dir` (private to this run:
    without it jupyter_client puts them in the kernel's working folder, where concurrent runs would share
    them), not plain-text TCP on localhost; with `this_python`, the kernel is ipykernel on the interpreter
    running the report, whatever its name."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IpcKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):
            return str(socket_dir / "kernel")

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # the kernel's own output goes to a log beside its sockets, not to the user's terminal: a run stopped
            # with Ctrl-C says so in one line, without a kernel's traceback after it
            with open(socket_dir / "kernel.log", "ab") as log:
                kw.setdefault("stdout", log)
                kw.setdefault("stderr", log)
                return await super()._async_launch_kernel(kernel_cmd, **kw)

        @property
        def kernel_spec(self):
            if this_python and self._kernel_spec is None:
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    display_name=f"Python ({sys.executable})", language="python",
                )
            return super().kernel_spec

    return IpcKernelManager


def first_line(text: object) -> str:
    return next((line.strip() for line in str(text or "").splitlines() if line.strip()), "")


def one_line(exc: BaseException) -> str:
    text = first_line(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def execute_quietly(path: Path, output: Path, parameters: dict, *, kernel_name: str, timeout: float | None,
                     this_python: bool) -> str | None:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    deadline = time.monotonic() + timeout if timeout else None
    extra = {"timeout_func": lambda cell: max(1, int(deadline - time.monotonic()))} if deadline else {}
    socket_dir = Path(tempfile.mkdtemp(prefix="newslab-kernel-"))
    extra["kernel_manager_class"] = ipc_kernel_manager(socket_dir, this_python)
    try:
        pm.execute_notebook(
            str(path), str(output), parameters=parameters, kernel_name=kernel_name, cwd=str(path.parent),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, **extra,
        )
        return None
    except PapermillExecutionError as exc:
        return f"{exc.ename}: {first_line(exc.evalue)}".strip()
    except TimeoutError:  # nbclient's CellTimeoutError and its iopub timeout are both TimeoutErrors
        return f"timed out after {timeout:g} s (--timeout)" if timeout else "timed out waiting for the kernel"
    except Exception as exc:  # a dead kernel, a kernel that would not start: this notebook fails, not the run
        return one_line(exc)
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
