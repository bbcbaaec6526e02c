"""Copy the compiled GOV.UK Frontend and MoJ Frontend files from node_modules into static/vendor/.

Run as `python -m caseworks.assets` after `npm ci`. The copies are git-ignored build output, never edited
by hand; running this again replaces them, so it is safe to repeat.

Both packages' CSS refers to its fonts and images as `url(/assets/...)`, which only works when the files are
served from the site root. Under Django they are served from /static/vendor/<package>/, so each reference is
rewritten to a path relative to the CSS file (`url(assets/...)`). Relative paths also let whitenoise's
manifest storage fingerprint the fonts and images during collectstatic. The `.map` files are copied too:
the manifest storage follows each `sourceMappingURL` comment and stops collectstatic when a map is missing.

axe-core (accessibility checks in the browser tests) is not copied: the tests inject it straight from
node_modules, so no copy can go stale.
"""

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"
VENDOR_DIR = BASE_DIR / "static" / "vendor"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"

# `url(/assets/...)`, optionally quoted; the quote (if any) is kept.
ABSOLUTE_ASSET_URL = re.compile(r"""url\(\s*(['"]?)/assets/""")


class AssetsError(Exception):
    """The front-end packages are missing or incomplete."""


@dataclass(frozen=True)
class Package:
    npm_name: str
    source: Path  # the folder holding the compiled files and their assets/
    target: Path
    basename: str  # govuk-frontend.min.css, .js and their .map files share it

    @property
    def compiled_files(self) -> list[str]:
        return [f"{self.basename}.{ext}" for ext in ("css", "css.map", "js", "js.map")]


PACKAGES = [
    Package(
        npm_name="govuk-frontend",
        source=NODE_MODULES / "govuk-frontend" / "dist" / "govuk",
        target=VENDOR_DIR / "govuk",
        basename="govuk-frontend.min",
    ),
    Package(
        npm_name="@ministryofjustice/frontend",
        source=NODE_MODULES / "@ministryofjustice" / "frontend" / "moj",
        target=VENDOR_DIR / "moj",
        basename="moj-frontend.min",
    ),
]


def rewrite_asset_urls(css: str) -> str:
    """Make `url(/assets/x)` relative to the CSS file, which sits next to its assets/ folder."""
    return ABSOLUTE_ASSET_URL.sub(lambda match: f"url({match.group(1)}assets/", css)


def _check_sources() -> None:
    if not NODE_MODULES.is_dir():
        raise AssetsError(f"{NODE_MODULES} does not exist: run npm ci first.")
    missing = [
        str(package.source / name)
        for package in PACKAGES
        for name in [*package.compiled_files, "assets"]
        if not (package.source / name).exists()
    ]
    if not AXE_SCRIPT.is_file():
        missing.append(str(AXE_SCRIPT))
    if missing:
        raise AssetsError(
            "Front-end packages are missing or incomplete: run npm ci. Not found:\n  " + "\n  ".join(missing)
        )


def copy_package(package: Package) -> Path:
    """Replace the package's folder under static/vendor/ with a fresh copy. Returns the CSS file's path."""
    if package.target.exists():
        shutil.rmtree(package.target)
    package.target.mkdir(parents=True)
    shutil.copytree(package.source / "assets", package.target / "assets")
    for name in package.compiled_files:
        shutil.copy2(package.source / name, package.target / name)
    css_path = package.target / f"{package.basename}.css"
    css_path.write_text(rewrite_asset_urls(css_path.read_text(encoding="utf-8")), encoding="utf-8")
    return css_path


def build() -> list[Path]:
    """Copy every package; return the rewritten CSS files."""
    _check_sources()
    css_paths = [copy_package(package) for package in PACKAGES]
    for css_path in css_paths:
        if "url(/assets" in css_path.read_text(encoding="utf-8"):
            raise AssetsError(f"{css_path} still refers to /assets/ after rewriting.")
    return css_paths


def main() -> int:
    try:
        css_paths = build()
    except AssetsError as error:
        print(f"caseworks.assets: {error}", file=sys.stderr)
        return 1
    for css_path in css_paths:
        print(f"Copied {css_path.parent.relative_to(BASE_DIR)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
