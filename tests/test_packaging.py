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


def test_ranges_admit_the_torch_on_this_machine():
    reqs = _pyproject_requirements()
    torch = next(r for r in reqs if r.startswith("torch>") or r == "torch")
    vision = next(r for r in reqs if r.startswith("torchvision"))
    assert torch == "torch>=2.4" and vision == "torchvision>=0.19", (torch, vision)


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and re.search(r"^make test$", ci, re.M)
