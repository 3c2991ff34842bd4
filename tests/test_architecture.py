"""The layers hold: lower apps never import higher ones, pure modules import no Django.

Walks every module's imports with `ast` (module-level and inside functions alike), so that an
import put back "just this once" inside a function fails here as surely as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each package may not import. coding is the base app: everything builds on it, and it
# learns of the others' existence only through the signals they connect to (coding/signals.py).
FORBIDDEN = {
    "coding": {"search", "analysis", "cases.views", "demo", "exchange", "accounts"},
    "cases": {"search", "analysis", "demo", "exchange", "accounts"},
    "search": {"analysis", "demo", "exchange"},
    "analysis": {"demo", "exchange"},
    "analysis/qca": {
        "django",
        "rest_framework",
        "coding",
        "cases",
        "search",
        "analysis.models",
        "analysis.studies",
        "analysis.matrices",
        "config",
    },
}
FILE_SIZE_LIMIT = 600  # lines, outside migrations: a newcomer reads a module in one sitting


def python_files(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:  # `from analysis import studies` imports analysis.studies
                yield node.lineno, f"{node.module}.{alias.name}"


def violations(package, forbidden):
    found = []
    for path in python_files(package):
        for lineno, module in imported_modules(path):
            for banned in forbidden:
                if module == banned or module.startswith(banned + "."):
                    found.append(f"{path.relative_to(ROOT)}:{lineno} imports {module}")
    return sorted(set(found))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_a_layer_above_it(package):
    if not (ROOT / package).is_dir():
        pytest.skip(f"{package} does not exist")
    assert violations(package, FORBIDDEN[package]) == []


def test_the_walk_catches_an_import_inside_a_function(tmp_path, monkeypatch):
    # The rule above is only as good as the walk: a function-level import must count.
    package = tmp_path / "fake"
    package.mkdir()
    (package / "mod.py").write_text("def f():\n    from search.services import document_index\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert violations("fake", {"search"}) == [
        "fake/mod.py:2 imports search.services",
        "fake/mod.py:2 imports search.services.document_index",
    ]


def test_no_module_is_too_long_to_read():
    long_files = []
    for package in ("coding", "cases", "search", "analysis", "config", "demo", "exchange", "accounts"):
        if not (ROOT / package).is_dir():
            continue
        for path in python_files(package):
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > FILE_SIZE_LIMIT:
                long_files.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert long_files == []


def test_the_coding_page_script_is_split_by_concern():
    modules = sorted((ROOT / "static/js/workspace").glob("*.js"))
    assert len(modules) >= 6
    assert not (ROOT / "static/js/workspace.js").exists()
    assert [m.name for m in modules if m.read_text(encoding="utf-8").count("\n") > 400] == []
