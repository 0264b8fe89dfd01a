"""Package names that load their module on first use.

Importing a package (``climrisk.grids``, ``climrisk.engine``, ``climrisk.register``) then
costs nothing until a name is used, so a command imports only the libraries it needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``homes[name]`` and returns its ``name``."""

    def __getattr__(name: str) -> Any:
        if name in homes:
            return getattr(importlib.import_module(homes[name]), name)
        raise AttributeError(name)

    return __getattr__
