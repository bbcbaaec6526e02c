"""Issue 15: `make run` checks what pip and npm will need before they start, and says in one line what to
install; on a machine without PostgreSQL's headers it used to fail inside pip with pages of compiler output.

Each test runs the check with a PATH holding only stand-ins for the tools it looks for, leaving one out."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check_prerequisites.sh"
TOOLS = ("npm", "pg_config", "cc", "gcc")


@pytest.fixture
def bin_dir(tmp_path):
    """A PATH with Python 3.11+, uname and stand-ins for npm, pg_config and a C compiler."""
    path = tmp_path / "bin"
    path.mkdir()
    (path / "python3").symlink_to(sys.executable)
    (path / "uname").symlink_to(shutil.which("uname"))
    for tool in TOOLS:
        stub = path / tool
        stub.write_text("#!/bin/sh\nexit 0\n")
        stub.chmod(0o755)
    return path


def check(path: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/bash", str(CHECK)], env={"PATH": str(path), **env}, capture_output=True, text=True, timeout=30
    )


def test_with_everything_present_it_passes_silently(bin_dir):
    result = check(bin_dir)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_missing_pg_config_gives_one_line_saying_what_to_install(bin_dir):
    (bin_dir / "pg_config").unlink()
    result = check(bin_dir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "make run needs PostgreSQL's client headers (pg_config) to build psycopg2: "
        "apt-get install libpq-dev build-essential (Fedora: dnf install libpq-devel gcc)"
    ]


def test_a_missing_compiler_gives_one_line(bin_dir):
    for compiler in ("cc", "gcc"):
        (bin_dir / compiler).unlink()
    result = check(bin_dir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "make run needs a C compiler to build psycopg2: apt-get install build-essential (Fedora: dnf install gcc)"
    ]


def test_a_missing_npm_and_an_old_python_each_get_their_line(bin_dir):
    (bin_dir / "npm").unlink()
    (bin_dir / "python3").unlink()
    old = bin_dir / "python3"
    old.write_text('#!/bin/sh\n[ "$1" = -V ] && echo "Python 3.9.2"\nexit 1\n')
    old.chmod(0o755)
    lines = check(bin_dir).stderr.splitlines()
    assert lines == [
        "make run needs Python 3.11 or later (found Python 3.9.2): "
        "apt-get install python3 python3-venv (Python 3.11 or later)",
        "make run needs Node.js with npm: apt-get install npm (or Node.js with npm from nodejs.org)",
    ]


def test_make_run_stops_at_the_check_before_pip_starts(bin_dir, tmp_path):
    # A checkout with no virtualenv yet: the first thing `make run` would do is create one and pip install.
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", checkout)
    shutil.copy(CHECK, checkout / "scripts")
    for name in ("requirements.txt", "requirements-dev.txt", "package.json", "package-lock.json"):
        (checkout / name).write_text("")
    for tool in ("make", "bash"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "pg_config").unlink()
    result = subprocess.run(
        ["make", "run"], cwd=checkout, env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0
    assert "make run needs PostgreSQL's client headers (pg_config)" in result.stderr
    assert "pip" not in result.stdout + result.stderr.replace("psycopg2", "")
    assert not (checkout / ".venv").exists()
