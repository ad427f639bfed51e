"""The package keeps the shape of the product: one sub-package per analysis, data flowing one way."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "lib" / "newslab"
WINGS = ("corpus", "reuse", "entities", "network", "topics", "report")
# what each part of the package may import from newslab (besides itself and the shared base: errors, checks, io,
# and show, which presents tables, figures and texts and imports no analysis)
ALLOWED = {
    "base": set(),
    "corpus": set(),
    "engine": {"corpus"},  # where analyses run (Dask); the analyses dispatch to it
    "reuse": {"corpus", "engine"},
    "entities": {"corpus", "reuse", "engine"},
    "network": {"corpus", "reuse", "entities", "engine"},
    "topics": {"corpus", "reuse", "engine"},
    "report": {"corpus", "reuse", "entities", "network", "topics", "engine"},
    "cli": {"corpus", "reuse", "entities", "network", "topics", "report", "engine"},
}
BASE = {"errors", "checks", "io", "show"}


def _part(module: str) -> str:
    """'newslab.reuse.passages' -> 'reuse'; 'newslab.io' -> 'base'."""
    top = module.split(".")[1] if module.count(".") else ""
    return top if top in WINGS or top in ("cli", "engine") else "base" if top in BASE or top == "" else top


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """newslab modules a file imports, resolved to absolute names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("newslab"):
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names
                             if (PACKAGE.parent / f"{target}.{a.name}".replace(".", "/")).exists())
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("newslab"))
    return found


def test_one_sub_package_per_analysis_and_few_loose_modules():
    for wing in (*WINGS, "show"):
        assert (PACKAGE / wing / "__init__.py").is_file(), f"newslab/{wing}/ is missing"
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert len(loose) <= 6, loose


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long


def test_data_flows_one_way():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        here = _part(_module_name(path))
        if _module_name(path) == "newslab":
            continue  # the root re-exports lazily from every wing
        for target in _imports(path):
            there = _part(target)
            if target == "newslab" or there in (here, "base"):
                continue
            if there not in ALLOWED.get(here, set()):
                wrong.append(f"{_module_name(path)} imports {target}")
    assert not wrong, wrong


def test_the_base_modules_import_no_analysis():
    for name in BASE:
        files = sorted((PACKAGE / name).rglob("*.py")) if (PACKAGE / name).is_dir() else [PACKAGE / f"{name}.py"]
        for path in files:
            targets = {_part(t) for t in _imports(path)}
            assert targets <= {"base"}, (_module_name(path), targets)


def _import_graph() -> dict[str, set[str]]:
    """newslab module -> the newslab modules it imports (at the top or inside a function), by file."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {t for t in _imports(path) if t in modules and t != name} for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle once, as the modules on it (Tarjan's strongly connected components of size > 1)."""
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_no_import_cycle_anywhere():
    # the root re-exports lazily (PEP 562), so importing `newslab` itself closes no cycle
    graph = {m: {t for t in targets if t != "newslab"} for m, targets in _import_graph().items() if m != "newslab"}
    assert find_cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_private_name_is_imported_from_another_module():
    private = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("newslab")):
                private += [f"{_module_name(path)} imports {a.name} from {'.' * node.level}{node.module or ''}"
                            for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    assert not private, private


def test_root_exports_what_notebooks_call():
    from newslab import annotate, find_duplicates, fit_topics, load_corpus

    assert load_corpus.__module__ == "newslab.corpus.load"
    assert annotate.__module__ == "newslab.entities.annotate"
    assert fit_topics.__module__ == "newslab.topics.model"
    assert find_duplicates.__module__ == "newslab.reuse.duplicates"
    import newslab

    with pytest.raises(AttributeError):
        newslab.no_such_thing  # noqa: B018


def test_import_newslab_loads_no_heavy_library():
    code = "import sys, newslab; print(' '.join(sorted(m for m in ('spacy', 'sklearn', 'papermill', 'nbconvert') if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"import newslab loaded {out}"
