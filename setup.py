"""Only the build step that fetches the front-end packages (decision 0016); everything else about
the package is in pyproject.toml."""

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSETS = Path(__file__).resolve().parent / "src" / "impactinkoop" / "core" / "assets.py"


class build_py_with_assets(build_py):  # noqa: N801 (setuptools' own command naming)
    """Fetch the pinned npm tarballs (or take them from the cache), check their hashes and put
    their files under core/static/vendor before the package data is copied, so `pip install`,
    `pip install -e .` and the wheel all carry them."""

    def run(self):
        # Loaded by its path: the package itself (and Django) cannot be imported while it builds.
        spec = importlib.util.spec_from_file_location("impactinkoop_build_assets", ASSETS)
        assets = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = assets  # its dataclasses look their module up there
        spec.loader.exec_module(assets)
        try:
            for package in assets.install_assets():
                print(f"impactinkoop: fetched {package.name} {package.version}")
        except assets.AssetError as error:
            message = f"impactinkoop: cannot build without the front-end packages.\n{error}"
            raise SystemExit(message) from error
        # The list of package data may have been read before the files existed.
        self.__dict__.pop("data_files", None)
        super().run()


setup(cmdclass={"build_py": build_py_with_assets})
