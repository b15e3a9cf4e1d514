"""Front-end packages from the npm registry without Node.js: download the pinned tarballs of
assets.toml, check their integrity hash, extract only the listed files (decision 0016).

Plain Python and the standard library, so setup.py can load this file by its path while the
package is being built, before Django or the package itself can be imported."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import tempfile
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "assets.toml"
# Served by WhiteNoise as /static/vendor/...; gitignored, filled when the package is built.
VENDOR_ROOT = HERE / "static" / "vendor"
NOTICE = "NOTICE"
DOWNLOAD_TIMEOUT = 60  # seconds


class AssetError(Exception):
    """A package that cannot be fetched or fails its checks; the message says what to do."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    tarball: str
    integrity: str
    licence: str
    files: tuple[str, ...]
    test_only: bool = False

    @property
    def folder(self) -> PurePosixPath:
        """Where the package's files go under the vendor folder: its npm name without the
        leading @ (`@utrecht/component-library-css` → `utrecht/component-library-css`)."""
        return PurePosixPath(self.name.removeprefix("@"))

    @property
    def archive_name(self) -> str:
        """The tarball's file name in the cache: name and version, so two versions never meet."""
        return f"{str(self.folder).replace('/', '-')}-{self.version}.tgz"


def load_packages(manifest: Path = MANIFEST) -> list[Package]:
    with manifest.open("rb") as file:
        entries = tomllib.load(file).get("package", [])
    packages = []
    for entry in entries:
        package = Package(
            name=entry["name"],
            version=entry["version"],
            tarball=entry["tarball"],
            integrity=entry["integrity"],
            licence=entry["licence"],
            files=tuple(entry["files"]),
            test_only=bool(entry.get("test_only", False)),
        )
        for path in (str(package.folder), *package.files):
            _check_relative(path, package.name)
        packages.append(package)
    return packages


def cache_dir() -> Path:
    """The user's cache folder (`~/.cache/impactinkoop/npm` on Linux), or IMPACTINKOOP_ASSET_CACHE.
    Downloaded once, a tarball serves every later build and install without a network."""
    configured = os.environ.get("IMPACTINKOOP_ASSET_CACHE")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("impactinkoop")) / "npm"


def _check_relative(path: str, package: str) -> PurePosixPath:
    """A path that stays inside the folder it is joined to: relative, no `..`, no backslash."""
    pure = PurePosixPath(path)
    if not path or "\\" in path or pure.is_absolute() or ".." in pure.parts or "." in pure.parts:
        raise AssetError(f"{package}: unsafe path {path!r} (absolute or leaving its folder).")
    return pure


def integrity_of(data: bytes, algorithm: str = "sha512") -> str:
    """A Subresource Integrity string (`sha512-<base64>`), as the npm registry publishes it."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def verify(package: Package, data: bytes) -> None:
    algorithm = package.integrity.split("-", 1)[0]
    if algorithm not in ("sha256", "sha384", "sha512"):
        raise AssetError(f"{package.name}: unknown integrity algorithm in {package.integrity!r}.")
    actual = integrity_of(data, algorithm)
    if actual != package.integrity:
        raise AssetError(
            f"{package.name} {package.version}: the tarball's integrity hash does not match.\n"
            f"  expected (assets.toml): {package.integrity}\n"
            f"  downloaded:             {actual}\n"
            "Nothing was extracted. If the version in assets.toml changed, copy the `integrity` "
            "of `npm view NAME@VERSION dist` (or the registry's JSON) beside it."
        )


def _download(url: str) -> bytes:
    # The URL comes from assets.toml, never from a user; file:// serves the tests' tarballs.
    request = urllib.request.Request(url, headers={"User-Agent": "impactinkoop-assets"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310
        return response.read()


def tarball(package: Package, cache: Path | None = None) -> bytes:
    """The package's verified tarball: from the cache when it holds a good copy, else downloaded
    (and then kept). A download that fails its hash is refused and not kept."""
    cache = cache or cache_dir()
    cached = cache / "tarballs" / package.archive_name
    if cached.is_file():
        data = cached.read_bytes()
        try:
            verify(package, data)
            return data
        except AssetError:
            cached.unlink()  # a damaged or stale copy; fetch it again below
    try:
        data = _download(package.tarball)
    except (urllib.error.URLError, OSError) as error:
        raise AssetError(
            f"{package.name} {package.version} is not in the cache ({cached}) and could not be "
            f"downloaded from {package.tarball}: {getattr(error, 'reason', error)}.\n"
            "Impactinkoop fetches its front-end packages from the npm registry once, when it is "
            "built or installed. Connect this machine to the internet and try again, or copy the "
            "tarball to the path above (its integrity hash is checked)."
        ) from error
    verify(package, data)
    cached.parent.mkdir(parents=True, exist_ok=True)
    # A file of its own, renamed into place: two builds at once never read a half-written copy.
    with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".partial", delete=False) as file:
        file.write(data)
    Path(file.name).replace(cached)
    return data


def _read_members(package: Package, data: bytes) -> dict[str, bytes]:
    """The listed files of the tarball, by their path in the package. Every member name is
    checked first: a tarball with an absolute path or a `..` in it is refused whole, and a listed
    file must be a regular file (no link, device or folder)."""
    for path in package.files:
        _check_relative(path, package.name)
    wanted: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = archive.getmembers()
        for member in members:
            _check_relative(member.name, package.name)
        # npm packs everything under one top folder, usually `package/`.
        tops = {PurePosixPath(member.name).parts[0] for member in members}
        if len(tops) != 1:
            raise AssetError(f"{package.name}: expected one top folder in the tarball, not {tops}.")
        top = tops.pop()
        by_name = {str(PurePosixPath(member.name)): member for member in members}
        for path in package.files:
            member = by_name.get(f"{top}/{path}")
            if member is None:
                raise AssetError(f"{package.name} {package.version} has no file {path!r}.")
            if not member.isreg():
                raise AssetError(f"{package.name}: {path!r} is not a regular file (a link?).")
            extracted = archive.extractfile(member)
            assert extracted is not None  # a regular file always has contents
            wanted[path] = extracted.read()
    return wanted


def notice_text(package: Package) -> str:
    kept = "".join(f"  {path}\n" for path in package.files)
    return (
        f"{package.name} {package.version}\n"
        f"Licence: {package.licence} (the package's own licence file is beside this one where it "
        f"has one)\n"
        f"Source: {package.tarball}\n"
        f"Integrity: {package.integrity}\n"
        f"Files kept from the package:\n{kept}"
        "Fetched by impactinkoop.core.assets from src/impactinkoop/core/assets.toml; "
        "not part of Impactinkoop's own source.\n"
    )


def _write_package(package: Package, files: dict[str, bytes], destination: Path) -> None:
    """Write the files into a temporary folder beside `destination`, then swap it in: a failure
    half-way leaves the previous files (or none), never a mix."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
    try:
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (staging / NOTICE).write_text(notice_text(package), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if destination.exists():
        old = destination.with_name(f".{destination.name}-old-{os.getpid()}")
        destination.rename(old)
    try:
        staging.rename(destination)
    except BaseException:
        if old is not None:
            old.rename(destination)  # the previous files stay in place
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old)


def is_installed(package: Package, destination: Path) -> bool:
    """The files are there and came from this version's tarball (the NOTICE names its hash)."""
    notice = destination / NOTICE
    return (
        notice.is_file()
        and f"Integrity: {package.integrity}\n" in notice.read_text(encoding="utf-8")
        and all((destination / path).is_file() for path in package.files)
    )


def install(
    package: Package, destination: Path, cache: Path | None = None, *, force: bool = False
) -> bool:
    """Put the package's listed files in `destination`; False when they were there already
    (`force` writes them again, from the cached tarball)."""
    if not force and is_installed(package, destination):
        return False
    files = _read_members(package, tarball(package, cache))
    _write_package(package, files, destination)
    return True


def install_assets(
    packages: list[Package] | None = None,
    *,
    vendor_root: Path | None = None,
    cache: Path | None = None,
    force: bool = False,
) -> list[Package]:
    """Install every served package under `vendor_root` (VENDOR_ROOT unless given); returns
    those that were (re)written."""
    packages = load_packages() if packages is None else packages
    vendor_root = vendor_root or VENDOR_ROOT
    return [
        package
        for package in packages
        if not package.test_only
        and install(package, vendor_root / package.folder, cache, force=force)
    ]


def missing_assets(
    packages: list[Package] | None = None, *, vendor_root: Path | None = None
) -> list[Package]:
    packages = load_packages() if packages is None else packages
    vendor_root = vendor_root or VENDOR_ROOT
    return [
        package
        for package in packages
        if not package.test_only and not is_installed(package, vendor_root / package.folder)
    ]


def test_asset_path(
    name: str, path: str, *, packages: list[Package] | None = None, cache: Path | None = None
) -> Path:
    """A test-only package's file (`test_asset_path("axe-core", "axe.min.js")`), kept in the
    cache outside the served static files; fetched first if it is not there yet."""
    packages = load_packages() if packages is None else packages
    cache = cache or cache_dir()
    for package in packages:
        if package.name == name and package.test_only:
            if path not in package.files:
                raise AssetError(f"{name}: {path!r} is not among the files of assets.toml.")
            destination = cache / "test-assets" / f"{package.folder}-{package.version}"
            install(package, destination, cache)
            return destination / path
    raise AssetError(f"No test-only package {name!r} in assets.toml.")


# Not a pytest test, though its name begins with "test".
test_asset_path.__test__ = False  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """`python src/impactinkoop/core/assets.py [--test]`, for setup.py and `make assets`."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        for package in install_assets():
            print(f"Installed {package.name} {package.version} in {VENDOR_ROOT / package.folder}")
        if "--test" in argv:
            for package in load_packages():
                if package.test_only:
                    for file in package.files:
                        print(f"Cached {test_asset_path(package.name, file)}")
    except AssetError as error:
        print(f"impactinkoop assets: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
