"""The skip scan finds every key of every target, in few listings, whatever the neighbours."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st
from spin_transcode.adapters import skip_scan
from spin_transcode.adapters.skip_scan import Target, scan


class Folder:
    """A sorted store with ListObjectsV2's start-after, counting the pages fetched."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = sorted(set(keys))
        self.pages = 0

    def listing(self, folder: str, start_after: str) -> Iterator[tuple[str, int]]:
        at = bisect.bisect_right(self.keys, start_after)
        while True:
            page = [k for k in self.keys[at : at + skip_scan.PAGE] if k.startswith(folder)]
            if not page:
                return
            self.pages += 1
            yield from ((key, len(key)) for key in page)
            at += skip_scan.PAGE


def footage(n: int, per: int) -> list[str]:
    return [f"clips/{n:06d}/{i:03d}.mp4" for i in range(per)]


def test_due_footage_side_by_side_share_pages() -> None:
    store = Folder([key for n in range(200) for key in footage(n, 14)])
    targets = [Target(f"clips/{n:06d}/") for n in range(200)]
    found = scan("", targets, store.listing)
    assert all(len(found[t]) == 14 for t in targets)
    assert store.pages == 3  # 2,800 keys, a thousand a page


def test_footage_far_apart_cost_a_listing_each_and_skip_the_rest() -> None:
    store = Folder([key for n in range(3000) for key in footage(n, 3)])
    wanted = [7, 1500, 2999]
    found = scan("", [Target(f"clips/{n:06d}/") for n in wanted], store.listing)
    assert sorted(len(v) for v in found.values()) == [3, 3, 3]
    assert store.pages == 3


def test_exact_keys_and_nothing_left() -> None:
    store = Folder(["raw/a/s/1", "raw/a/s/10", "raw/a/s/2", "raw/a/t/1"])
    found = scan(
        "", [Target("raw/a/s/1", exact=True), Target("raw/a/s/3", exact=True)], store.listing
    )
    assert found == {Target("raw/a/s/1", True): [("raw/a/s/1", 9)], Target("raw/a/s/3", True): []}


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.integers(0, 400), max_size=400),
    st.sets(st.integers(0, 400), min_size=1, max_size=60),
    st.integers(1, 9),
)
def test_every_key_of_every_target(present: set[int], wanted: set[int], per: int) -> None:
    keys = [key for n in present for key in footage(n, per)]
    keys += [f"clips/{n:06d}.stray" for n in present]  # sorts between folders' keys
    store = Folder(keys)
    found = scan("", [Target(f"clips/{n:06d}/") for n in wanted], store.listing)
    for n in wanted:
        expected = [(k, len(k)) for k in footage(n, per)] if n in present else []
        assert found[Target(f"clips/{n:06d}/")] == expected
