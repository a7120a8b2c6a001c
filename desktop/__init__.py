"""The PySide6 desktop application and the command line (the only layer that imports Qt)."""
