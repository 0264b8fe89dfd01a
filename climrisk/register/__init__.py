"""The risk and opportunity register: models, loading and checks."""

from climrisk.register.loader import default_register_dir, load_register
from climrisk.register.models import Asset, Item, Register

__all__ = ["Asset", "Item", "Register", "default_register_dir", "load_register"]
