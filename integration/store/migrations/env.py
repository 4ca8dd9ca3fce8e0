"""Alembic environment: migrate the connection handed in by integration.store.migrate, or the configured URL."""

from __future__ import annotations

import importlib
import importlib.util

from alembic import context

from integration.store.base import Base
from integration.store.engine import make_engine

# Autogenerate compares against every table module that exists in this installation.
for module in ("integration.store.models", "integration.store.outcomes", "integration.store.schedule"):
    if importlib.util.find_spec(module) is not None:
        importlib.import_module(module)

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///problemframe.db")
    with engine.begin() as own_connection:
        context.configure(connection=own_connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
