"""The code's shape holds: both apps have the same folders, and no module grows past what a reader takes in."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
APPS = ["supervision", "mappa"]
# Every app has these; each concern has one named home (README.md, "Where things live").
SHARED_SHAPE = {"models", "services", "forms", "views", "admin", "case_record", "reference_data", "demo", "tests"}
SHARED_MODULES = {"permissions.py", "tasks.py", "schedules.py", "urls.py", "apps.py"}
MAX_MODULE_LINES = 400


def _source_files():
    for app in ["caseworks", *APPS]:
        for path in (BASE_DIR / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_both_apps_have_the_same_folders_and_modules():
    for app in APPS:
        packages = {p.name for p in (BASE_DIR / app).iterdir() if (p / "__init__.py").exists()}
        # A module past MAX_MODULE_LINES becomes a package of the same name: `permissions/` stands for `permissions.py`.
        modules = {p.name for p in (BASE_DIR / app).glob("*.py")} | {f"{name}.py" for name in packages}
        assert packages >= SHARED_SHAPE, f"{app} lacks {sorted(SHARED_SHAPE - packages)}"
        assert modules >= SHARED_MODULES, f"{app} lacks {sorted(SHARED_MODULES - modules)}"


def test_no_module_is_longer_than_a_reader_takes_in():
    too_long = {
        str(path.relative_to(BASE_DIR)): lines
        for path in _source_files()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}, f"split these into a package: {too_long}"
