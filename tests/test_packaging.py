"""The conda route and pip route install the same things; the CI entry point runs the README's command."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["test"]
    return {r.replace(" ", "") for r in reqs}


def _environment_pip_requirements() -> set[str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    reqs = set()
    for line in lines[start + 1:]:
        m = re.match(r"\s+- (.+)", line)
        if not m:
            break
        reqs.add(m.group(1).strip().replace(" ", ""))
    return reqs


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    env = _environment_pip_requirements()
    assert "-e.[test]" in env, "environment.yml must install the package with its test extra"
    assert env - {"-e.[test]"} == _pyproject_requirements()


def test_environment_yml_pins_python_311():
    assert re.search(r"^\s+- python=3\.11\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_every_installed_dependency_is_in_its_declared_range():
    # The installed torch (2.14.1 here, pip's cap on this kind of machine) and every other dependency must
    # satisfy the ranges pyproject.toml declares, or `make setup` on a fresh machine would install other versions.
    from importlib.metadata import version

    from packaging.requirements import Requirement
    for text in _pyproject_requirements():
        req = Requirement(text)
        installed = version(req.name)
        assert req.specifier.contains(installed, prereleases=True), f"{req.name} {installed} is not in {text!r}"


def test_declared_ranges_admit_the_capped_torch():
    from packaging.requirements import Requirement
    ranges = {Requirement(r).name: Requirement(r).specifier for r in _pyproject_requirements()}
    assert ranges["torch"].contains("2.14.1") and ranges["torchvision"].contains("0.29.1")


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and re.search(r"^make test$", ci, re.M)
