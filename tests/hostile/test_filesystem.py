"""File system and interruption: odd output paths, read-only and full disks, outputs inside the corpus, killed
runs. Each case fails with one line naming the path (exit 2), or works, never with a traceback."""
from __future__ import annotations

import nbformat
import pytest

from newslab.report import run_report

from conftest import SEEDS

TABLE_NOTEBOOK = '''
from newslab import show
import pandas as pd
out = show.setup(out_dir, "tables")
rows = pd.DataFrame({"n": range(30)})
rows.to_csv(out / "rows.csv", index=False)
show.table(rows, csv=out / "rows.csv", max_rows=5)
'''


def table_notebook(folder):
    """A notebook that shows a long table cut to 5 rows with a link to its CSV."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus: str = "x"  # corpus\nout_dir: str = "/tmp/x"  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(TABLE_NOTEBOOK)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "00-tables.ipynb")
    return folder


@pytest.mark.slow
def test_a_non_ascii_out_folder_keeps_every_link_working(tmp_path):
    import re
    from urllib.parse import unquote

    out = tmp_path / "Résumé über" / "ré"
    manifest = run_report(SEEDS, out, notebooks_dir=table_notebook(tmp_path / "nbs"), log=lambda *a: None)
    assert [r["status"] for r in manifest["notebooks"]] == ["ok"], manifest["notebooks"]
    page = (out / "00-tables.html").read_text(encoding="utf-8")
    links = [unquote(h) for h in re.findall(r'href="([^"#]+)"', page) if not h.startswith(("http", "data:"))]
    assert "data/tables/rows.csv" in links  # the "all of them are in rows.csv" link, relative to the page
    missing = [h for h in links if not (out / h).exists()]
    assert not missing, missing
