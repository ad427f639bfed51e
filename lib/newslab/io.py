"""Atomic writes: every file newslab produces appears whole or not at all, and a command's tables appear as a set;
GEXF is written line by line (the bytes networkx writes, without its XML tree in memory).
Output paths are checked before any work starts, so a bad --out fails at once with one line naming it."""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import io
import os
import re
import secrets
import shutil
from pathlib import Path

import pandas as pd

from .errors import ParameterError


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path beside `target`; rename it onto `target` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    # Created exclusively with mode 0666: the kernel applies the process umask, as for any other new file.
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write `text` to `path` atomically (UTF-8)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_table(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a DataFrame atomically as CSV, TSV or Parquet, chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif suffix == ".tsv":
            df.to_csv(tmp, sep="\t", index=False)
        elif suffix == ".csv":
            df.to_csv(tmp, index=False)
        else:
            raise ParameterError(f"{path}: output must end in .csv, .tsv or .parquet")
    return path


def write_tables(out_dir: str | os.PathLike, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write each named table as `<name>.csv` in `out_dir` (atomically); return the paths."""
    return [write_table(frame, Path(out_dir) / f"{name}.csv") for name, frame in tables.items()]


def write_graph(graph, out_dir: str | os.PathLike, *, name: str = "graph") -> list[Path]:
    """`name`.gexf (Gephi) and `name`.graphml of a networkx graph in `out_dir`, each written atomically; the GEXF
    carries no date of writing, so the same graph gives the same bytes on any day."""
    import networkx as nx

    out = Path(out_dir)
    with atomic_path(out / f"{name}.gexf") as tmp:
        write_gexf(graph, tmp)
    with atomic_path(out / f"{name}.graphml") as tmp:
        nx.write_graphml(graph, str(tmp))
    return [out / f"{name}.gexf", out / f"{name}.graphml"]


_RENAME_EXCHANGE = 2  # renameat2 flag (Linux): swap two paths in one step


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot (not Linux, old kernel, other filesystem)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir(staged: Path, target: Path) -> None:
    """Move a fully written folder onto `target`: the old folder stays in place until the new one takes its name."""
    staged, target = Path(staged), Path(target)
    if not target.exists():
        os.replace(staged, target)
        return
    if _exchange(staged, target):  # target is now the new folder, staged holds the old one
        shutil.rmtree(staged, ignore_errors=True)
        return
    old = target.with_name(f".{target.name}.old-{secrets.token_hex(6)}")  # fallback: a moment without target
    os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_output_dir(path: str | os.PathLike, *, option: str = "--out", corpus: str | os.PathLike | None = None) -> Path:
    """`path` as a folder newslab can write (its nearest existing folder is tried; nothing is created), else a
    ParameterError naming it (a file, a path under a file, not writable). With `corpus`, a folder inside the corpus is refused: its tables would be read
    back as documents."""
    path = Path(path).expanduser()
    if corpus is not None and Path(corpus).expanduser().is_dir():
        root, target = Path(corpus).expanduser().resolve(), path.resolve()
        if target == root or root in target.parents:
            raise ParameterError(f"{option} {path}: is inside the corpus folder {corpus}; newslab would read its own "
                                 "outputs as documents: choose a folder outside the corpus")
    for parent in [path, *path.parents]:
        if parent.exists() and not parent.is_dir():
            what = "exists and is a file" if parent == path else f"{parent} is a file"
            raise ParameterError(f"{option} {path}: {what}; give a folder")
    existing = next(p for p in [path, *path.parents] if p.exists())  # created when the outputs are written
    try:
        with atomic_path(existing / ".newslab-write-probe"):
            pass
        (existing / ".newslab-write-probe").unlink(missing_ok=True)
    except OSError as exc:
        raise ParameterError(f"{option} {path}: cannot be written ({_reason(exc)})") from None
    return path


def check_output_file(path: str | os.PathLike, *, option: str = "--out") -> Path:
    """`path` as a file newslab can write (its folder checked as check_output_dir does)."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ParameterError(f"{option} {path}: is a folder; give a file name")
    check_output_dir(path.parent, option=option)
    return path


@contextlib.contextmanager
def output_set(out_dir: str | os.PathLike):
    """Yield a stage folder for a command's outputs; on success it replaces `out_dir` in one step, so readers
    see all the old tables or all the new ones, never a mix. Files already in `out_dir` that the command does
    not write again are kept (linked into the stage first); on failure `out_dir` is left as it was."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = out_dir.parent / f".{out_dir.name}.stage-{secrets.token_hex(6)}"
    stage.mkdir()
    try:
        for entry in out_dir.iterdir():
            if entry.name.startswith(".newslab-write-probe"):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, stage / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry, stage / entry.name)
        yield stage
        replace_dir(stage, out_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


# GEXF written line by line: the bytes networkx's `write_gexf` gives (GEXF 1.2draft, pretty-printed, UTF-8) minus
# the date of writing, without first building the whole XML tree, which for a million articles' co-occurrence graph
# (about a million edges of nine XML elements each) costs gigabytes. Graphs that use GEXF features newslab does not
# write (multigraphs, dynamic or viz data, parents, edge ids or labels, default values, list values) go through
# networkx's own writer.
GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}  # as networkx names python types
GEXF_NODE_OWN = ("id", "label")  # node keys that become XML attributes of <node>, not attvalues
GEXF_NODE_UNSUPPORTED = {"pid", "start", "end", "parents", "spells", "slices", "viz"}
GEXF_EDGE_UNSUPPORTED = {"id", "label", "type", "start", "end", "spells", "slices", "viz"}
GEXF_NS = ('xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2"')


XML_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
                                       "\n": "&#10;", "\t": "&#09;"})


def xml_escape(text: str) -> str:
    """An XML attribute value escaped as ElementTree escapes it (so the bytes match networkx's writer)."""
    return text.translate(XML_ATTRIBUTE_ESCAPES)


def gexf_value(value) -> str:
    """An attvalue as networkx writes it: booleans in lower case, infinite and missing floats as INF, -INF, NaN."""
    if type(value) is bool:
        return str(value).lower()
    text = str(value)
    if type(value) is float:
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return xml_escape(text)


def gexf_plan(graph) -> dict | None:
    """Attribute ids and types per class in networkx's order (nodes first, each typed by its first value), or None
    when the graph needs networkx's own writer."""
    if (graph.is_multigraph() or graph.graph.get("mode") == "dynamic" or "node_default" in graph.graph
            or "edge_default" in graph.graph or not isinstance(graph.graph.get("name", ""), str)
            or graph.number_of_nodes() == 0 or graph.number_of_edges() == 0):
        return None
    plan, order, count = {"node": {}, "edge": {}}, [], 0
    for kind, rows, skip, unsupported in (("node", graph.nodes(data=True), GEXF_NODE_OWN, GEXF_NODE_UNSUPPORTED),
                                          ("edge", ((u, d) for _, u, d in graph.edges(data=True)), ("weight",),
                                           GEXF_EDGE_UNSUPPORTED)):
        known = plan[kind]
        for _, data in rows:
            for key, value in data.items():
                if key in skip:
                    continue
                if key in unsupported or type(value) not in GEXF_TYPES:
                    return None
                title = "networkx_key" if key == "key" else str(key)
                if title not in known:
                    known[title] = (str(count), GEXF_TYPES[type(value)])
                    count += 1
                    if kind not in order:
                        order.append(kind)
    return {**plan, "order": order}


def gexf_attvalues(data: dict, ids: dict, skip: tuple) -> list[str]:
    """The <attvalues> block of one node or edge (empty when it has no attributes)."""
    values = [(k, v) for k, v in data.items() if k not in skip]
    if not values:
        return []
    return (["        <attvalues>\n"]
            + [f'          <attvalue for="{ids["networkx_key" if k == "key" else str(k)][0]}" value="{gexf_value(v)}" />\n'
               for k, v in values]
            + ["        </attvalues>\n"])


def gexf_lines(graph, plan: dict, *, version: str):
    """The GEXF document as lines of text, node by node and edge by edge."""
    kind = "directed" if graph.is_directed() else "undirected"
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield f"<gexf {GEXF_NS}>\n  <meta>\n    <creator>NetworkX {version}</creator>\n  </meta>\n"
    yield f'  <graph defaultedgetype="{kind}" mode="static" name="{xml_escape(graph.graph.get("name", ""))}">\n'
    for cls in reversed(plan["order"]):  # networkx inserts each class's block first: the last created comes first
        yield f'    <attributes mode="static" class="{cls}">\n'
        for title, (attr_id, xml_type) in plan[cls].items():
            yield f'      <attribute id="{attr_id}" title="{xml_escape(title)}" type="{xml_type}" />\n'
        yield "    </attributes>\n"
    yield "    <nodes>\n"
    for node, data in graph.nodes(data=True):
        head = f'      <node id="{xml_escape(str(data.get("id", node)))}" label="{xml_escape(str(data.get("label", node)))}"'
        body = gexf_attvalues(data, plan["node"], GEXF_NODE_OWN)
        yield "".join([head, ">\n", *body, "      </node>\n"]) if body else head + " />\n"
    yield "    </nodes>\n    <edges>\n"
    nodes = graph.nodes
    for edge_id, (u, v, data) in enumerate(graph.edges(data=True)):
        head = (f'      <edge source="{xml_escape(str(nodes[u].get("id", u)))}" '
                f'target="{xml_escape(str(nodes[v].get("id", v)))}" id="{edge_id}"')
        if "weight" in data:
            head += f' weight="{xml_escape(str(data["weight"]))}"'
        body = gexf_attvalues(data, plan["edge"], ("weight",))
        yield "".join([head, ">\n", *body, "      </edge>\n"]) if body else head + " />\n"
    yield "    </edges>\n  </graph>\n</gexf>\n"


def write_gexf(graph, path: str | os.PathLike) -> None:
    """`graph` as GEXF at `path`: the bytes of networkx's `write_gexf` without the date of writing, streamed."""
    import networkx as nx

    plan = gexf_plan(graph)
    if plan is None:
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer)
        with open(path, "wb") as fh:
            fh.write(re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1))
        return
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="\n") as fh:
        batch = []
        for line in gexf_lines(graph, plan, version=nx.__version__):
            batch.append(line)
            if len(batch) >= 4096:
                fh.write("".join(batch))
                batch = []
        fh.write("".join(batch))
