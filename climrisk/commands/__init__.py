"""CLI command groups, one module per layer."""
