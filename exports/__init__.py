"""Qt-free report tables, renderers (PDF, Excel) and importers."""
