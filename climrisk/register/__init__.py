"""The risk and opportunity register: models, loading and checks.

The names below load on first use, so a command that only reads a YAML file with its
positions (``climrisk.register.yamlsource``, as scenario-set files do) does not import the
models, the checks and their unit registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from climrisk.lazy import exports

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

__getattr__ = exports(_HOMES)
