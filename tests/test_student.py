"""The student copies work without running them (issue 28): `make test` runs every notebook once, under nbval, and
checks the copies statically instead of running them a second time (that took ~15 minutes on a slow machine).

What a run of a student copy could break, and the static check that catches it here:
- a cell that no longer parses (a stub written wrong, an answer block cut badly): every code cell of every copy
  compiles, IPython syntax (magics, `!`) translated first, as the kernel does;
- a later cell that needs what only a solution defined (the stub does not define it): no name bound in a solution
  cell is read by a later cell other than its checker, unless an earlier non-solution cell binds it too;
- a checker that tests a function the stub does not declare: each checker's function is defined by the stub;
- an import that fails: every module a copy imports exists, and every name taken `from` one of the course's own
  modules is there.
The copy is otherwise the solution notebook's cells verbatim (test_readable.py checks that), which nbval runs.
"""
import ast
import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from course import notebooks, read, source, tags  # noqa: E402
from student import student_copy  # noqa: E402

NOTEBOOKS = notebooks()


def python(cell_source: str) -> ast.Module:
    """The cell as the kernel compiles it: IPython syntax (magics, shell escapes) translated to Python first."""
    from IPython.core.inputtransformer2 import TransformerManager

    return ast.parse(TransformerManager().transform_cell(cell_source))


def bound(tree: ast.AST) -> set[str]:
    """Names a cell binds at top level: assignments, defs, classes, imports, for-targets, with-as."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def read_names(tree: ast.AST) -> set[str]:
    """Names a cell reads."""
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def copy(request):
    full = read(request.param)
    return full, student_copy(full)


def test_every_code_cell_of_a_student_copy_compiles(copy):
    _, student = copy
    for i, cell in enumerate(student["cells"]):
        if cell["cell_type"] == "code":
            try:
                compile(python(source(cell)), f"cell {i}", "exec")
            except SyntaxError as err:
                pytest.fail(f"cell {i} of the student copy does not compile: {err}")


def test_no_later_cell_needs_what_only_a_solution_defines(copy):
    full, _ = copy
    from_solutions: dict[str, int] = {}          # name -> the solution cell that binds it
    elsewhere: set[str] = set()                  # names bound by cells a student copy keeps
    for i, cell in enumerate(full["cells"]):
        if cell["cell_type"] != "code":
            continue
        tree = python(source(cell))
        if "solution" in tags(cell):
            for name in bound(tree) - elsewhere:
                from_solutions.setdefault(name, i)
            continue
        if "checker" not in tags(cell):
            needs = {n: from_solutions[n] for n in read_names(tree) - bound(tree) if n in from_solutions}
            assert not needs, f"cell {i} reads names only a solution cell defines (name: solution cell): {needs}"
        elsewhere |= bound(tree)


def test_each_checker_tests_a_function_its_stub_declares(copy):
    full, student = copy
    stubs: set[str] = set()
    for mine, theirs in zip(full["cells"], student["cells"]):
        if mine["cell_type"] != "code":
            continue
        if "solution" in tags(mine):
            stubs |= {n.name for n in ast.walk(python(source(theirs))) if isinstance(n, ast.FunctionDef)}
        elif "checker" in tags(mine):
            declared = read_names(python(source(mine))) & stubs
            assert declared, f"a checker reads none of the functions the stubs declare ({sorted(stubs)})"


def test_every_import_of_a_student_copy_resolves(copy):
    _, student = copy
    for cell in student["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(python(source(cell))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert importlib.util.find_spec(alias.name) is not None, f"no module {alias.name}"
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert importlib.util.find_spec(node.module) is not None, f"no module {node.module}"
                if node.module.split(".")[0] == "sslcourse":
                    module = importlib.import_module(node.module)
                    for alias in node.names:
                        assert hasattr(module, alias.name) or importlib.util.find_spec(
                            f"{node.module}.{alias.name}") is not None, f"{node.module} has no {alias.name}"
