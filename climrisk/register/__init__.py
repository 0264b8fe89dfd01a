"""The risk and opportunity register: models, loading and checks.

The names below load on first use, so a command that only reads a YAML file with its
positions (``climrisk.register.yamlsource``, as scenario-set files do) does not import the
models, the checks and their unit registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from climrisk.register.loader import default_register_dir, load_register
    from climrisk.register.models import Asset, Item, Register

__all__ = ["Asset", "Item", "Register", "default_register_dir", "load_register"]

_HOMES = {
    "Asset": "climrisk.register.models",
    "Item": "climrisk.register.models",
    "Register": "climrisk.register.models",
    "default_register_dir": "climrisk.register.loader",
    "load_register": "climrisk.register.loader",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(name)
