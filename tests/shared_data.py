"""The workspace's shared data (`../shared/data`), which the repository does not hold: the
folder beside the checkout (or beside the folder of worktrees), and a skip that says which file
is missing and where it was looked for."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACES = [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
SHARED = next((place for place in PLACES if place.is_dir()), PLACES[0])


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip unless `path` (inside SHARED) exists, saying why."""
    looked = " and ".join(str(place) for place in PLACES)
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"needs ../shared/data/{path.relative_to(SHARED)}, which is not in the repository "
        f"and was not found (looked in {looked})",
    )
