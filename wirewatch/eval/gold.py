"""Reading gold files of ``../shared/eval``: one JSON document per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class GoldFileError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


def read_gold(path: str | Path) -> Iterator[dict[str, Any]]:
    path = Path(path)
    if not path.is_file():
        raise GoldFileError(f"{path}: no such gold file")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldFileError(f"{path}:{number}: invalid JSON ({error.msg})") from None
            if not isinstance(doc, dict) or "text" not in doc:
                raise GoldFileError(f'{path}:{number}: gold document has no "text"')
            yield doc
