"""The lean write path's list of columns (store/columns.py) is the models' own: a column
added to a model and not there would be written as NULL and missing from the audit trail."""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel

import dangwu.store.models  # noqa: F401  (registers the tables)
from dangwu.store.columns import TABLES, full_row


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_columns_and_defaults_are_the_models(table: str) -> None:
    model = SQLModel.metadata.tables[table]
    assert list(TABLES[table]) == [c.name for c in model.columns]
    defaults = {
        c.name: (c.default.arg if c.default is not None and not callable(c.default.arg) else None)
        for c in model.columns
    }
    assert TABLES[table] == defaults


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(KeyError):
        full_row("talk", {"person_id": 1, "whom": 2})
