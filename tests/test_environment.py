"""The set-up files agree with each other: pyproject.toml, environment.yml and requirements.lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement string (PEP 503)."""
    name = re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {_name(r): r.replace(" ", "") for r in requirements}


def _conda_pip_requirements() -> dict[str, str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return {_name(r): r.replace(" ", "") for r in pip_section if not r.startswith("-e")}


def _lock() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pins[_name(line)] = line.split("==", 1)[1].strip()
    return pins


def test_environment_yml_names_the_same_packages_as_pyproject() -> None:
    pyproject, conda = _pyproject_requirements(), _conda_pip_requirements()
    assert sorted(pyproject) == sorted(conda)
    assert pyproject == conda, "the version constraints differ between pyproject.toml and environment.yml"


def test_environment_yml_pins_python_311() -> None:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]


def test_lock_file_pins_every_direct_dependency() -> None:
    pins = _lock()
    missing = [name for name in _pyproject_requirements() if name not in pins]
    assert not missing, f"requirements.lock lacks {missing}: run `make lock`"


def test_torch_is_pinned_to_the_cpu_build_on_disk() -> None:
    # An unpinned torch pulls a multi-GB CUDA build; 2.13.0 is the CPU wheel pip finds locally.
    assert _lock()["torch"] == "2.13.0"
    assert _pyproject_requirements()["torch"] == "torch==2.13.0"


def test_doccano_lock_keeps_server_and_client_apart() -> None:
    server = (REPO / "requirements-doccano.lock").read_text(encoding="utf-8")
    assert "doccano==1.8.4" in server and "doccano-client" not in server
    assert "doccano" not in _lock() and _lock()["doccano-client"] == "1.2.8"


def test_lock_file_pins_every_installed_distribution() -> None:
    # `make setup` installs the lock; whatever else the environment holds was pulled in unpinned
    # (plain `pip freeze` leaves setuptools out, though torch needs it at run time).
    from importlib.metadata import distributions

    pins = _lock()
    installed = {_name(d.metadata["Name"]): d.version.split("+")[0] for d in distributions()}
    unpinned = sorted(set(installed) - set(pins) - {"pip", "khabar"})
    assert not unpinned, f"installed but not in requirements.lock: {unpinned}: run `make lock`"
    differing = {name: (installed[name], pins[name]) for name in pins if name in installed and installed[name] != pins[name]}
    assert not differing, f"installed (first) and locked versions differ: {differing}"
