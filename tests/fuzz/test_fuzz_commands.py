"""Every command with random and malicious values holds to CLI.md's contract.

Exit 0, 1 or 2 (3 only with --exit-code), never a traceback; a refusal is one line on
stderr (an import adds indented row lines) and leaves the ledger as it was, dump for
dump; a successful write is audited and leaves `db check` clean. The inputs and the
profiles are described in fuzz_kit.py and conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fuzz_kit import FUZZ_SETTINGS, SPECS, Harness, Spec
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_hostile_input(spec: Spec, harness: Callable[[], Harness]) -> None:
    h = harness()

    @FUZZ_SETTINGS
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        h.check(spec, h.draw(data, spec))

    one()
    h.finish()
