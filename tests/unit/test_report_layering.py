"""exports/ must not pull in Qt (desktop -> exports -> db, never back)."""
import subprocess
import sys


def test_exports_import_without_qt():
    code = ("import sys, exports.report, exports.pdf, exports.xlsx, exports.fonts, "
            "exports.atomic; assert not any(m.startswith('PySide6') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
