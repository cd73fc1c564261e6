"""From the paths a user typed to the files to read, and from a file to its bytes.

Expansion is deterministic: arguments in the order given; the files of a folder (recursively)
and the matches of a glob sorted by path, component by component. In folders and globs only
files with an ingestible extension are taken, hidden files and folders skipped; a file named
explicitly is read whatever its name, its format sniffed when the name does not tell it.
A file reached twice in one call (named, and inside a named folder) is read once.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from wirewatch.ingest.common import Unreadable, fail, over_limit
from wirewatch.ingest.sniff import INGESTIBLE, is_ingestible
from wirewatch.records import IngestError

STDIN = "-"
NO_SUCH = "no such file or directory"
NOTHING_INGESTIBLE = f"holds no ingestible files ({', '.join(INGESTIBLE)})"
_GLOB_CHARS = frozenset("*?[")


def expand_paths(paths: Iterable[str | os.PathLike[str]] | str) -> Iterator[str | IngestError]:
    """Each file to read (``-`` for stdin), or an error for an argument that names none."""
    if isinstance(paths, str):
        paths = [paths]  # one path, not an iterable of one-letter paths
    seen: set[str] = set()
    for arg in paths:
        for item in _expand_one(os.fspath(arg)):
            if isinstance(item, IngestError):
                yield item
                continue
            key = item if item == STDIN else os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                yield item


def _expand_one(arg: str) -> Iterator[str | IngestError]:
    """The files one argument stands for."""
    if arg == STDIN:
        yield STDIN
    elif os.path.isdir(arg):
        yield from _folder(arg)
    elif os.path.lexists(arg):
        yield arg  # a file, or a link or device: reading it says what is wrong
    elif _GLOB_CHARS & set(arg):
        yield from _pattern(arg)
    else:
        yield fail(arg, NO_SUCH)


def _folder(folder: str) -> Iterator[str | IngestError]:
    """The ingestible files under ``folder``, or one error when there are none."""
    files = sorted(_walk(folder), key=_sort_key)
    if not files:
        yield fail(folder, f"folder {NOTHING_INGESTIBLE}")
    yield from files


def _walk(folder: str) -> Iterator[str]:
    """Every ingestible, non-hidden file below ``folder``; links to folders are not followed."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (os.path.join(root, name) for name in names if is_ingestible(name))


def _pattern(pattern: str) -> Iterator[str | IngestError]:
    """The ingestible files a glob pattern matches (``**`` spans folders)."""
    matches = sorted(glob.glob(pattern, recursive=True), key=_sort_key)
    if not matches:
        yield fail(pattern, f"{NO_SUCH} (the pattern matches nothing)")
        return
    files: list[str] = []
    for match in matches:
        if os.path.isdir(match):
            files.extend(sorted(_walk(match), key=_sort_key))
        elif is_ingestible(match):
            files.append(match)
    if not files:
        yield fail(pattern, f"pattern {NOTHING_INGESTIBLE}")
    yield from files


def _sort_key(path: str) -> tuple[str, ...]:
    """Sort by path components, so ``a/b.txt`` and ``a.txt`` order the same on every OS."""
    return tuple(os.path.normpath(path).split(os.sep))


def read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of ``path``; raises ``Unreadable`` when it is missing, too big or unreadable.

    A regular file's size is checked before it is opened, so an over-size file is never
    read; anything else (a pipe, a device) is read up to one byte past the limit.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("is a folder")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise Unreadable(f"file is {info.st_size:,} bytes, over {over_limit(max_bytes)}")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise Unreadable(NO_SUCH) from None
    except PermissionError:
        raise Unreadable("permission denied") from None
    except OSError as exc:
        raise Unreadable(f"cannot read it ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise Unreadable(f"file is over {over_limit(max_bytes)}")
    return data


def read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """All of a binary stream (stdin), refused when it holds more than ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    try:
        # A loop, because a raw pipe may return less than asked before its end.
        while size <= max_bytes and (chunk := stream.read(max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot read it ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise Unreadable(f"input is over {over_limit(max_bytes)}")
    return b"".join(chunks)
