"""No import cycle among db modules (lazy imports count too): storage-error translation, backups
and year copying have their own modules, so session, migrate, plans and tasks stay untied."""
from tests.unit.test_desktop_imports import cycles, package_imports


def test_no_import_cycle_among_db_modules():
    assert cycles(package_imports("db")) == []
