"""Reading a history file (JSON lines) and importing it batch by batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from uuid import uuid4

from pydantic import ValidationError
from spincore.db import make_engine

from spin_planner.adapters.sql_history import SqlHistory
from spin_planner.domain.commands.history import PastCase, PastSupervision
from spin_planner.domain.errors import PlannerError
from spin_planner.domain.history import check_case
from spin_planner.models.history import HISTORY_LINE
from spin_planner.service.history import HistoryImport, Imported
from spin_planner.settings import PlannerSettings

Line = PastCase | PastSupervision
MOST_PROBLEMS_SHOWN = 10


class HistoryFileError(Exception):
    """Lines of the file that cannot be imported, each with its line number and reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_history(path: Path) -> list[Line]:
    """Every line of `path`, checked; raises HistoryFileError naming the first bad lines."""
    lines: list[Line] = []
    problems: list[str] = []
    for number, text in _numbered(path):
        try:
            line = HISTORY_LINE.validate_json(text).past()
            if isinstance(line, PastCase):
                check_case(line)
        except ValidationError as error:
            problems.extend(
                f"line {number}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                for e in error.errors()
            )
        except PlannerError as error:
            where = f"{error.field}: " if error.field else ""
            problems.append(f"line {number}: {where}{error.message}")
        else:
            lines.append(line)
        if len(problems) >= MOST_PROBLEMS_SHOWN:
            break
    if problems:
        raise HistoryFileError(problems[:MOST_PROBLEMS_SHOWN])
    return lines


def _numbered(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            if text.strip():
                yield number, text


async def import_lines(
    settings: PlannerSettings,
    lines: Sequence[Line],
    batch_size: int,
    report: Callable[[Imported], None] = lambda _: None,
) -> Imported:
    """Import `lines` in transactions of `batch_size` lines, reporting the running total."""
    total = Imported()
    engine = make_engine(settings, pool_size=1)
    correlation_id = f"history-import-{uuid4()}"
    try:
        for batch in (lines[n : n + batch_size] for n in range(0, len(lines), batch_size)):
            async with engine.begin() as conn:
                store = SqlHistory(conn, settings.topic_prefix)
                done = await HistoryImport(store, correlation_id).batch(batch)
            total.add(done)
            report(total)
    finally:
        await engine.dispose()
    return total
