"""Files over 300 lines and functions over 50, outside bench/ and migrations (issue 15).

uv run python tools/sizes.py        # lists them; exits 1 if there are any
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 50
CHECKED = (".py", ".js", ".html", ".css", ".sh")


def exempt(path: Path) -> bool:
    return path.parts[0] == "bench" or "migrations" in path.parts or "vendor" in path.parts


def tracked() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [Path(p) for p in listed if p.endswith(CHECKED) and Path(p).is_file()]


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path}:{node.lineno} {node.name}: {length} lines")
    return found


def oversized() -> list[str]:
    found = []
    for path in tracked():
        if exempt(path):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_FILE_LINES:
            found.append(f"{path}: {lines} lines")
        if path.suffix == ".py":
            found += long_functions(path)
    return found


def main() -> None:
    found = oversized()
    print("\n".join(found) or "no file over 300 lines, no function over 50")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
