"""Reading OCDS packages as a stream, and compiling the releases of one ocid: the plain-JSON half
of `ocds`, with no records of ours.

`releases_in(file)` walks a release package, a record package or a bare JSON list of releases
with ijson, building one release at a time, so memory holds one release and not the text or the
whole document; a counting reader refuses a file past its byte cap even when it cannot be
measured beforehand (a pipe). Numbers come as int or Decimal, never float."""

import copy
import os
from collections.abc import Iterator
from dataclasses import dataclass

import ijson

# Lists the OCDS schema marks `wholeListMerge`: a newer release replaces them whole.
WHOLE_LIST = frozenset(
    {
        "additionalClassifications",
        "additionalIdentifiers",
        "classifications",
        "deliveryAddresses",
        "deliveryLocations",
        "identifiers",
        "locations",
        "mviThemes",  # our extension
    }
)
# Fields of a release that say which release it is, not what it says (`omitWhenMerged`).
OMIT_WHEN_MERGED = frozenset({"id", "date", "tag", "publisher", "links"})


class NotJson(ValueError):
    def __init__(self, offset: int, detail: str):
        self.offset, self.detail = offset, detail
        super().__init__(f"not JSON near byte {offset}: {detail}")


class NotOcds(ValueError):
    """`reason`: no_list, not_object, no_ocid or linked_only; `pointer` says where."""

    def __init__(self, pointer: str, reason: str):
        self.pointer, self.reason = pointer, reason
        super().__init__(f"{pointer or '/'}: {reason}")


class TooLarge(ValueError):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"larger than {limit} bytes")


class _Capped:
    """A binary file that counts what is read from it and stops past `limit` bytes."""

    def __init__(self, file, limit: int):
        self.file, self.limit, self.count = file, limit, 0

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing first, to learn whether the file gives bytes
            return b""
        chunk = self.file.read(size if size > 0 else 65536)
        if isinstance(chunk, str):  # a text file handed in by mistake still reads
            chunk = chunk.encode("utf-8")
        self.count += len(chunk)
        if self.count > self.limit:
            raise TooLarge(self.limit)
        return chunk


def size_of(file) -> int | None:
    """The file's size in bytes without reading it, when it can be told."""
    try:
        return os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        pass
    size = getattr(file, "size", None)  # Django's UploadedFile
    if isinstance(size, int):
        return size
    try:
        here = file.tell()
        file.seek(0, os.SEEK_END)
        end = file.tell()
        file.seek(here)
        return end - here
    except (AttributeError, OSError, ValueError):
        return None


@dataclass(frozen=True)
class Found:
    """One release read from a file: where it is (a JSON pointer) and what it says."""

    pointer: str
    release: dict


def releases_in(file, *, max_bytes: int) -> Iterator[Found]:
    """Every release in `file`. For a record package: each record's full releases, or its
    compiled release when it has only linked ones. Raises NotJson, NotOcds or TooLarge."""
    size = size_of(file)
    if size is not None and size > max_bytes:
        raise TooLarge(max_bytes)
    reader = _Capped(file, max_bytes)
    events = ijson.parse(reader, use_float=False)
    try:
        yield from _walk(events)
    except ijson.JSONError as error:
        raise NotJson(reader.count, str(error).splitlines()[0][:200]) from error
    except UnicodeDecodeError as error:
        raise NotJson(reader.count, "not UTF-8 text") from error


def _walk(events) -> Iterator[Found]:
    top = next(events, None)
    if top is None:
        raise ijson.JSONError("empty file")
    _, event, _ = top
    if event == "start_array":
        yield from _items(events, "item", "/", _release_at)
        return
    if event != "start_map":
        raise NotOcds("", "no_list")
    found_list = False
    for prefix, event, value in events:
        if prefix == "" and event == "map_key" and value in ("releases", "records"):
            key = value
            prefix, event, _ = next(events)
            if event != "start_array":
                raise NotOcds(f"/{key}", "no_list")
            found_list = True
            handler = _release_at if key == "releases" else _record_at
            yield from _items(events, f"{key}.item", f"/{key}/", handler)
    if not found_list:
        raise NotOcds("", "no_list")


def _items(events, item_prefix: str, pointer: str, handler) -> Iterator[Found]:
    """Build each object of the list at `item_prefix` and hand it to `handler`; stops at the
    list's end."""
    list_prefix = item_prefix.rsplit(".", 1)[0] if "." in item_prefix else ""
    index = 0
    for prefix, event, value in events:
        if prefix == list_prefix and event == "end_array":
            return
        if prefix != item_prefix:
            continue
        if event != "start_map":
            raise NotOcds(f"{pointer}{index}", "not_object")
        builder = ijson.ObjectBuilder()
        builder.event(event, value)
        depth = 1
        for _, inner, inner_value in events:
            builder.event(inner, inner_value)
            if inner in ("start_map", "start_array"):
                depth += 1
            elif inner in ("end_map", "end_array"):
                depth -= 1
                if depth == 0:
                    break
        yield from handler(f"{pointer}{index}", builder.value)
        index += 1


def _release_at(pointer: str, release: dict) -> Iterator[Found]:
    if "ocid" not in release:
        raise NotOcds(pointer, "no_ocid")
    yield Found(pointer, release)


def _record_at(pointer: str, record: dict) -> Iterator[Found]:
    if "ocid" not in record:
        raise NotOcds(pointer, "no_ocid")
    full = [
        (index, release)
        for index, release in enumerate(record.get("releases") or [])
        if isinstance(release, dict)
        and "ocid" in release
        and "date" in release
        and set(release) - {"url", "date", "tag"}  # a linked release names a URL and no more
    ]
    if full:
        for index, release in full:
            yield Found(f"{pointer}/releases/{index}", release)
    elif isinstance(record.get("compiledRelease"), dict):
        yield Found(f"{pointer}/compiledRelease", record["compiledRelease"])
    else:
        raise NotOcds(pointer, "linked_only")


def compile_releases(releases: list[dict]) -> dict:
    """The compiled release of one ocid: its releases merged oldest first, so the newest value
    of each field wins; a null removes a field; lists of objects with ids merge per id, other
    lists are replaced whole (OCDS 1.1's merge routine)."""
    ordered = sorted(
        enumerate(releases), key=lambda pair: (str(pair[1].get("date") or ""), pair[0])
    )
    compiled: dict = {}
    for _, release in ordered:
        _merge(compiled, release, top=True)
    dates = [str(release.get("date")) for release in releases if release.get("date")]
    if dates:
        compiled["date"] = max(dates)
    compiled["tag"] = ["compiled"]
    return compiled


def _merge(target: dict, source: dict, *, top: bool = False) -> None:
    for key, value in source.items():
        if top and key in OMIT_WHEN_MERGED:
            continue
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            existing = target.get(key)
            if not isinstance(existing, dict):
                existing = target[key] = {}
            _merge(existing, value)
        elif isinstance(value, list) and key not in WHOLE_LIST and _identified(value):
            existing = target.get(key)
            if not isinstance(existing, list) or not _identified(existing):
                existing = target[key] = []
            by_id = {str(item["id"]): item for item in existing}
            for item in value:
                current = by_id.get(str(item["id"]))
                if current is None:
                    current = {}
                    existing.append(current)
                    by_id[str(item["id"])] = current
                _merge(current, item)
        else:
            target[key] = copy.deepcopy(value)


def _identified(items: list) -> bool:
    return bool(items) and all(isinstance(item, dict) and "id" in item for item in items)
