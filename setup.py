"""The one thing pyproject.toml can't say: ship the checkout's top-level ``assets/`` (DESIGN.md's
layout; Community Cloud runs the app from the checkout) inside the installed package as
``bertvis/assets/``, where :mod:`bertvis.resources` looks first. Everything else about the
package is in pyproject.toml."""

from pathlib import Path

from setuptools import find_packages, setup

#: assets/ and each folder under it, as (data-only) packages under bertvis.assets.
ASSET_PACKAGES = ["bertvis.assets"] + [
    ".".join(("bertvis.assets", *folder.relative_to("assets").parts))
    for folder in sorted(Path("assets").rglob("*")) if folder.is_dir()
]

setup(
    packages=find_packages(include=["bertvis", "bertvis.*"]) + ASSET_PACKAGES,
    package_dir={"bertvis.assets": "assets"},
    package_data={package: ["*"] for package in ASSET_PACKAGES},
)
