"""The compiled reader on a crafted answer that declares thousands of namespace prefixes
(32 per element, 150 levels deep) and then names elements by the outermost one, next to
lxml reading the same bytes into the same values. A reader that looks a prefix up by
scanning the declarations in scope takes time in proportion to their number per
element; ours looks it up in a table, so its time follows the document's size."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

LEVELS = 150
PREFIXES_PER_LEVEL = 32  # the reader's attribute limit per element
LEAVES = 200_000
REPEATS = 5


def crafted_answer() -> bytes:
    """About 4 MB: the many-namespace probe of issue #11."""
    opening, closing = [], []
    for level in range(LEVELS):
        declarations = "".join(
            f" xmlns:p{level}_{k}='urn:n{level}.{k}'" for k in range(PREFIXES_PER_LEVEL)
        )
        opening.append(f"<p0_0:e{level}{declarations}>")
        closing.append(f"</p0_0:e{level}>")
    leaves = "".join(f"<p0_0:v>{i % 97}</p0_0:v>" for i in range(LEAVES))
    return (
        "".join(opening) + "<p0_0:list>" + leaves + "</p0_0:list>" + "".join(reversed(closing))
    ).encode()


def median_seconds(read: Callable[[bytes], object], data: bytes) -> float:
    durations = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        read(data)
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def main() -> int:
    from lxml import etree

    from kassalink.mplus import tree
    from kassalink.mplus.envelope import _PARSER

    data = crafted_answer()

    def with_lxml(body: bytes) -> object:
        root = etree.fromstring(body, _PARSER)
        return root.tag, tree.content_of(root)

    if tree.read_tree is None:
        print("many namespaces: the compiled reader is not built; nothing to compare")
        return 0
    if tree.read_tree(data) != with_lxml(data):
        raise SystemExit("many namespaces: the reader and lxml disagree on the crafted answer")
    ours = median_seconds(tree.read_tree, data)
    theirs = median_seconds(with_lxml, data)
    print(
        f"many namespaces ({LEVELS * PREFIXES_PER_LEVEL:,} prefixes in scope, "
        f"{LEAVES:,} elements, {len(data) / 1e6:.1f} MB): compiled reader {ours * 1000:.0f} ms  "
        f"lxml {theirs * 1000:.0f} ms  ratio {theirs / ours:.1f}x faster"
    )
    return 0
