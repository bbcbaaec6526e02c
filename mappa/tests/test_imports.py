"""The app's layering, read from its source: services never import tasks (they enqueue by name, after
commit), models never import permissions or services, and no two mappa modules import each other in a ring."""

import ast
from pathlib import Path

import mappa

ROOT = Path(mappa.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


SOURCES = {
    _module_name(path): _imports(path)
    for path in ROOT.rglob("*.py")
    if "tests" not in path.parts and "migrations" not in path.parts
}


def _importers_of(prefix: str, *, within: str) -> list[str]:
    return sorted(
        module
        for module, imports in SOURCES.items()
        if module.startswith(within) and any(i == prefix or i.startswith(prefix + ".") for i in imports)
    )


def test_services_never_import_tasks():
    assert _importers_of("mappa.tasks", within="mappa.services") == []


def test_models_never_import_permissions_or_services():
    assert _importers_of("mappa.permissions", within="mappa.models") == []
    assert _importers_of("mappa.services", within="mappa.models") == []


def test_no_import_cycles_inside_mappa():
    graph = {module: {i for i in imports if i in SOURCES and i != module} for module, imports in SOURCES.items()}
    for module in SOURCES:  # a package's submodules import through it: its own __init__ is not an edge back
        graph[module] = {i for i in graph[module] if not module.startswith(i + ".")}
    visiting, done, cycles = set(), set(), []

    def visit(module, path):
        visiting.add(module)
        for target in graph[module]:
            if target in visiting:
                cycles.append([*path, target])
            elif target not in done:
                visit(target, [*path, target])
        visiting.discard(module)
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert cycles == []
