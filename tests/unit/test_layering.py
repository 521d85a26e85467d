"""The package layout is the architecture: imports only run down the declared layers.

Every ``import`` in ``toolkit/`` (also the ones inside functions) is read with :mod:`ast`. A
module belongs to its package (``toolkit.reframe.analysis`` -> ``reframe``); the top-level
modules (messages, errors, platforms, ...) form ``core``. An import from one package into
another must go to a *lower* layer: no arrow back up, and so no circle between packages of
different responsibility. Circles inside one package are its own business.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TOOLKIT = Path(__file__).resolve().parents[2] / "toolkit"

#: Lowest first. Packages in one layer must not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),                   # messages, errors, atomic, resources, cpu_budget, platforms, ...
    ("media", "storyboard"),     # the ffmpeg engine; the template schema
    ("reframe",),                # analysis, people, shots, camera path, its ffmpeg chain
    ("captions", "project"),     # speech -> text -> ASS; project data only
    ("coaching", "showcase", "takes"),  # shooting plans and PDFs; the static site; a take's
                                        # transcript, glossary and text cuts
    ("edit",),                   # timeline, plan, graph, run, report
    ("products",),               # export, reformat, previews, a take's export, subtitles
    ("jobs",),                   # job adapters beside the registry, queue, workers
    ("cli",),                    # the command line
)
RANK = {pkg: rank for rank, pkgs in enumerate(LAYERS) for pkg in pkgs}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(TOOLKIT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and (TOOLKIT / parts[1]).is_dir():
        return parts[1]
    return "core"


def _submodule(target: str, name: str) -> str:
    """``from toolkit.media import runner`` imports the module ``toolkit.media.runner``."""
    candidate = TOOLKIT.parent / Path(*f"{target}.{name}".split("."))
    if candidate.is_dir() or candidate.with_suffix(".py").is_file():
        return f"{target}.{name}"
    return target


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported toolkit module) of every import statement in ``path``."""
    module = _module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[:len(base) - node.level + (path.name == "__init__.py")]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found += [(node.lineno, _submodule(target, a.name)) for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "toolkit"]


def _edges() -> list[tuple[str, str, str]]:
    """(importing package, imported package, "file:line imported") across packages."""
    edges = []
    for path in sorted(TOOLKIT.rglob("*.py")):
        source = _package(_module_name(path))
        for line, name in _imports(path):
            target = _package(name)
            if target != source:
                edges.append((source, target, f"{path.relative_to(TOOLKIT.parent)}:{line} "
                                              f"imports {name}"))
    return edges


def test_every_package_has_a_layer():
    packages = {p.name for p in TOOLKIT.iterdir()
                if p.is_dir() and (p / "__init__.py").is_file()}
    assert packages - set(RANK) == set(), "place the new package in LAYERS"
    assert set(RANK) - packages - {"core"} == set(), "LAYERS names a package that is gone"


def test_imports_only_run_down_the_layers():
    wrong = [where for source, target, where in _edges() if RANK[source] <= RANK[target]]
    assert wrong == []


def test_the_checker_sees_lazy_and_relative_imports(tmp_path, monkeypatch):
    pkg = tmp_path / "toolkit" / "media"
    pkg.mkdir(parents=True)
    (tmp_path / "toolkit" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (tmp_path / "toolkit" / "edit").mkdir()
    (tmp_path / "toolkit" / "edit" / "__init__.py").write_text("")
    (tmp_path / "toolkit" / "edit" / "plan.py").write_text("")
    (pkg / "runner.py").write_text(
        "def f():\n    from toolkit.edit.plan import x\n    from . import probe\n")
    monkeypatch.setattr(f"{__name__}.TOOLKIT", tmp_path / "toolkit")
    edges = _edges()
    assert [(s, t) for s, t, _ in edges] == [("media", "edit")]
    assert RANK["media"] <= RANK["edit"]


@pytest.mark.parametrize("lower, higher", [("media", "reframe"), ("project", "edit"),
                                           ("captions", "products"), ("core", "captions")])
def test_the_declared_order_matches_the_architecture(lower, higher):
    assert RANK[lower] < RANK[higher]


def test_job_adapters_live_beside_the_registry():
    from toolkit.jobs.kinds import KINDS

    elsewhere = {kind: where for kind, where in KINDS.items()
                 if not where.startswith("toolkit.jobs.")}
    assert elsewhere == {}
