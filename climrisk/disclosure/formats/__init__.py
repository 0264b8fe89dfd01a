"""Renderers of the disclosure document: Markdown, HTML, SVG, CSV, XLSX and JSON."""
