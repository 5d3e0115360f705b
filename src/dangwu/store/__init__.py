"""Schema, engine, migrations and the queries reports need. Imported lazily by commands."""
