"""climrisk: a climate risk register and IFRS S2 / HKEX Part D scenario modeller."""

__version__ = "0.1.0"
