"""Every public name exists and is documented (httpx's test_exported_members)."""

from __future__ import annotations

import extractor


def test_all_names_exist_and_are_documented() -> None:
    for name in extractor.__all__:
        assert hasattr(extractor, name), name
        if name != "__version__":
            assert getattr(extractor, name).__doc__, f"{name} has no docstring"


def test_all_is_sorted_and_unique() -> None:
    assert list(extractor.__all__) == sorted(set(extractor.__all__))
