"""Listing many footage items' objects of one folder in few requests: a skip scan.

A folder (`renditions/`, `clips/`, a site's camera files) holds the objects of every footage,
of which a pass erases some. Listing each footage by its own prefix costs a request per footage
even when they sit side by side; listing the whole folder walks footage that is not due. The
scan starts a listing just before the first wanted target and reads on while the keys it gets
belong to wanted targets; when a page of the listing ends on a key nobody wants, it starts
again just before the next wanted target instead of fetching more pages of footage that is not
due. Due footage sitting close together shares a page (a thousand keys); footage far apart
costs a request each, as before.

Whatever the pages, every key of every target is found: a listing is sorted, starts before a
target and is only left for a later one once it has passed the target's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

PAGE = 1000  # keys a ListObjectsV2 page holds (the SDK asks for its maximum, 1,000)


@dataclass(frozen=True, order=True)
class Target:
    """A prefix (`renditions/<footage>/`) or, `exact`, one key (a camera file)."""

    text: str
    exact: bool = False

    def holds(self, key: str) -> bool:
        return key == self.text if self.exact else key.startswith(self.text)

    def passed_by(self, key: str) -> bool:
        """True once a sorted listing at `key` can hold no more keys of this target."""
        return key > self.text and not self.holds(key)

    @property
    def folder(self) -> str:
        """The folder a listing of this target walks: up to the last `/` of the text, the
        prefix's own trailing slash aside."""
        head, slash, _ = self.text.rstrip("/").rpartition("/")
        return head + slash

    @property
    def start_after(self) -> str:
        """A key just below every key of the target (the text itself is one of them)."""
        return self.text[:-1]


Listing = Callable[[str, str], Iterator[tuple[str, int]]]  # (prefix, start_after) -> keys


def scan(
    prefix: str, targets: Iterable[Target], listing: Listing
) -> dict[Target, list[tuple[str, int]]]:
    """Every (key, size) of every target, listing under `prefix`; the targets start with it
    and do not nest (a key has one target at most)."""
    ordered = sorted(set(targets))
    found: dict[Target, list[tuple[str, int]]] = {target: [] for target in ordered}
    at, last = 0, ""
    while at < len(ordered):
        read = 0
        for key, size in listing(prefix, max(ordered[at].start_after, last)):
            read, last = read + 1, key
            while at < len(ordered) and ordered[at].passed_by(key):
                at += 1
            if at == len(ordered):
                break
            if ordered[at].holds(key):
                found[ordered[at]].append((key, size))
            elif read % PAGE == 0:
                break  # the page ended between targets: start again at the next one
        else:
            at = len(ordered)  # the listing ran out: nothing after it
    return found


def by_prefix(targets: Iterable[Target]) -> dict[str, list[Target]]:
    """Targets by the prefix a scan of them lists: their folder and the first character after
    it. Footage ids are random, so a folder's targets fall in up to 16 (hexadecimal) groups,
    each scanned side by side with the others: MinIO walks a prefix's listing in one stream,
    so parts of one prefix would wait for each other, different prefixes do not."""
    grouped: dict[str, list[Target]] = {}
    for target in targets:
        folder = target.folder
        grouped.setdefault(target.text[: len(folder) + 1], []).append(target)
    return grouped
