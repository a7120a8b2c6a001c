"""Every CLI feature module, imported by name so a freezer (PyInstaller) can follow them.

Each module registers its subcommands with ``@desktop.command_registry.command`` when imported. Add one
line per new module. Keep the modules cheap to import: heavy imports (Qt, reportlab, openpyxl,
SQLAlchemy models) belong inside the run functions, since every ``taizhang`` call imports them all.
"""
from __future__ import annotations

import desktop.cli_progress  # noqa: F401  summary
import desktop.cli_reports  # noqa: F401  export
import desktop.cli_imports  # noqa: F401  import, returns
import desktop.cli_briefing  # noqa: F401  briefing, remind
import desktop.cli_backup  # noqa: F401  backup, backups, restore
import desktop.cli_evidence  # noqa: F401  evidence, deadline, closeout
