"""Qt-free storage layer of taizhang: models, engine and sessions, migrations, services."""
