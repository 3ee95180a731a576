"""`spin-transcode-admin`: legal holds on a case's footage, and erasures run by hand.

    spin-transcode-admin hold CASE --reason "court order 2026/114" [--by ACCOUNT]
    spin-transcode-admin release CASE [--by ACCOUNT]
    spin-transcode-admin status CASE
    spin-transcode-admin erase-due

A hold suspends every erasure of the case (none is lost: they run once it is lifted). The
reason stays in the transcode database for the audit; it never goes into an event or a log.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from spin_transcode.settings import TranscodeSettings

MIN_REASON = 3
MAX_REASON = 500


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spin-transcode-admin", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    hold = commands.add_parser("hold", help="suspend erasure of a case's footage")
    hold.add_argument("case_code")
    hold.add_argument("--reason", required=True, help="why (kept for the audit, never logged)")
    hold.add_argument("--by", default="ops-cli", help="the account placing the hold")
    release = commands.add_parser("release", help="lift the holds of a case")
    release.add_argument("case_code")
    release.add_argument("--by", default="ops-cli")
    status = commands.add_parser("status", help="holds and erasures of a case")
    status.add_argument("case_code")
    commands.add_parser("erase-due", help="run every due erasure now, then exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "hold":
        reason = args.reason.strip()
        if not MIN_REASON <= len(reason) <= MAX_REASON:
            print(
                f"a hold needs a reason of {MIN_REASON} to {MAX_REASON} characters "
                "(say why the footage must be kept)",
                file=sys.stderr,
            )
            return 2
        args.reason = reason
    # Imported here: a refused command answers at once, without loading the service.
    from spincore.logging import configure_logging  # noqa: PLC0415

    from spin_transcode.settings import TranscodeSettings  # noqa: PLC0415

    settings = TranscodeSettings()
    configure_logging(settings.service_name, settings.log_level)
    return asyncio.run(_run(settings, args))


async def _run(settings: TranscodeSettings, args: argparse.Namespace) -> int:
    from spincore.runtime import Runtime  # noqa: PLC0415

    from spin_transcode.adapters.erasing import StorageEraser  # noqa: PLC0415
    from spin_transcode.adapters.storage import FootageStore  # noqa: PLC0415
    from spin_transcode.service import erasure  # noqa: PLC0415
    from spin_transcode.service.context import TranscodeContext  # noqa: PLC0415

    runtime = Runtime.build(settings)
    ctx = TranscodeContext(runtime, settings, FootageStore(runtime.s3, 60))
    try:
        if args.command == "erase-due":
            eraser = StorageEraser(runtime.s3)
            try:
                print(f"{await erasure.erase_due(ctx, eraser)} erasures finished")
            finally:
                eraser.close()
            return 0
        async with runtime.sessions.begin() as session:
            return await _case_command(session, args)
    finally:
        await runtime.engine.dispose()


async def _case_command(session: AsyncSession, args: argparse.Namespace) -> int:
    from spin_transcode.adapters import lifecycle  # noqa: PLC0415

    case_code, now = args.case_code, datetime.now(UTC)
    if args.command == "hold":
        hold_id = await lifecycle.place_hold(session, case_code, args.reason, args.by, now)
        print(f"hold {hold_id} placed on {case_code}: its footage is not erased until released")
    elif args.command == "release":
        lifted = await lifecycle.lift_holds(session, case_code, args.by, now)
        if not lifted:
            print(f"case {case_code} has no hold to release", file=sys.stderr)
            return 1
        print(f"{lifted} hold(s) on {case_code} released; due erasures run at the next pass")
    else:
        for hold in await lifecycle.active_holds(session, case_code):
            print(f"hold {hold.hold_id} by {hold.placed_by} since {hold.placed_at:%Y-%m-%d %H:%M}")
        for job in await lifecycle.jobs_of_case(session, case_code):
            when = job.erased_at or job.due_at
            print(f"{job.footage_id} {job.scope:<3} {job.reason:<18} {job.status:<10} {when:%F %R}")
    return 0


def run() -> None:
    sys.exit(main())
