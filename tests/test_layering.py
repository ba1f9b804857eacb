"""The import graph follows the flow: readers → index → answer → (cli, web), evaluation beside.

Every `import` in rag/ (also those inside functions, which the CLI uses to start fast) is checked
against the layer of the module it names: a module may import its own layer and the ones below.
"""

from __future__ import annotations

import ast
from pathlib import Path

RAG = Path(__file__).resolve().parents[1] / "rag"

# Lowest first. Shared records and settings are below everything; the front ends are on top.
LAYERS = [
    {"rag.models", "rag.settings", "rag.text", "rag.links", "rag.loanwords"},
    {"rag.readers"},
    {"rag.index"},
    {"rag.answer"},
    {"rag.evaluation", "rag.langchain"},
    {"rag.web", "rag.cli", "rag.__main__", "rag"},
]


def layer(module: str) -> int:
    for depth in (3, 2, 1):
        prefix = ".".join(module.split(".")[:depth])
        for level, names in enumerate(LAYERS):
            if prefix in names:
                return level
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def module_name(path: Path) -> str:
    parts = path.relative_to(RAG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{alias.name}" if node.module == "rag" else node.module for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name == "rag" or name.startswith("rag.")}


def test_no_module_imports_a_higher_layer():
    upward = []
    for path in sorted(RAG.rglob("*.py")):
        importer = module_name(path)
        for imported in imports(path):
            if layer(imported) > layer(importer):
                upward.append(f"{importer} imports {imported}")
    assert upward == []


def test_only_the_index_touches_sqlite_and_chroma():
    for path in sorted(RAG.rglob("*.py")):
        name = module_name(path)
        if name.startswith("rag.index"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "import sqlite3" not in source and "import chromadb" not in source and ".lexical.db" not in source, name


def test_the_public_api_is_importable_from_the_package_without_loading_it_all():
    import subprocess
    import sys

    code = "import sys, rag; assert 'rag.answer.pipeline' not in sys.modules; from rag import *; print(sorted(rag.__all__))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=RAG.parent)
    assert result.returncode == 0, result.stderr
    assert "Pipeline" in result.stdout and "ingest" in result.stdout
