"""The risk and opportunity register: models, loading and checks.

The models load with the package, first: ``models`` completes ``Register`` with the
measures and comparatives files, and that works only when it is imported before them. The
loader loads on first use, so a command that only reads a YAML file with its positions
(``climrisk.register.yamlsource``, as scenario-set files do) does not import the checks and
their unit registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from climrisk.lazy import exports
from climrisk.register.models import Asset, Item, Register

if TYPE_CHECKING:
    from climrisk.register.loader import default_register_dir, load_register

__all__ = ["Asset", "Item", "Register", "default_register_dir", "load_register"]

_HOMES = {
    "default_register_dir": "climrisk.register.loader",
    "load_register": "climrisk.register.loader",
}

__getattr__ = exports(_HOMES)
