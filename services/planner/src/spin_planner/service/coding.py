"""Two independent codings of one footage and their agreement.

The apprentice's coding is the case's moments on the footage; the supervisor codes into their
own table, hidden from the apprentice until both declared their coding done, while the
apprentice's moments are hidden from the supervisor (see `blind`). The second "done" computes
the agreement and publishes it (`agreement.computed`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID, uuid4

from spin_contracts.events.coaching import AgreementComputed, PrincipleFigure

from spin_planner.domain import agreement as kappa
from spin_planner.domain import timeline
from spin_planner.domain.commands.coaching import CodingDone, NewCodedMoment
from spin_planner.domain.errors import Conflict, Forbidden, NotFound
from spin_planner.domain.principles import canonical_tags
from spin_planner.domain.records import Agreement, CodedMoment, CodingState
from spin_planner.service import blind
from spin_planner.service.access import tenant_of
from spin_planner.service.coaching import APPRENTICE, SUPERVISOR, Pair, coaching_pair
from spin_planner.service.work import Work

SEEN = "moments_seen"  # the supervisor saw the apprentice's moments (no blind coding then)


async def _done_at(work: Work, pair: Pair) -> dict[str, datetime | None]:
    """When each of the two finished coding; under `SEEN`, when the supervisor chose to see
    the apprentice's moments instead."""
    codings = await work.coding.codings(pair.footage_id, [pair.practitioner_id, pair.supervisor_id])
    done: dict[str, datetime | None] = {SUPERVISOR: None, APPRENTICE: None, SEEN: None}
    for coding in codings:
        done[coding.role] = coding.done_at
        if coding.role == SUPERVISOR:
            done[SEEN] = coding.moments_seen_at
    return done


async def _supervisor_moments(work: Work, pair: Pair) -> list[CodedMoment]:
    return await work.coding.supervisor_moments(pair.footage_id, pair.supervisor_id)


async def coding_state(work: Work, case_id: UUID, footage_id: UUID) -> CodingState:
    pair = await coaching_pair(work, case_id, footage_id)
    return await _state(work, pair)


async def _state(work: Work, pair: Pair) -> CodingState:
    done = await _done_at(work, pair)
    both = bool(done[SUPERVISOR] and done[APPRENTICE])
    hidden = pair.role == APPRENTICE and not both
    moments = [] if hidden else await _supervisor_moments(work, pair)
    return CodingState(
        footage_id=pair.footage_id,
        practitioner_id=pair.practitioner_id,
        supervisor_id=pair.supervisor_id,
        my_role=pair.role,
        supervisor_done_at=done[SUPERVISOR],
        apprentice_done_at=done[APPRENTICE],
        supervisor_moments=moments,
        supervisor_moments_hidden=hidden,
        apprentice_moments_hidden=pair.role == SUPERVISOR and not (both or done[SEEN]),
        moments_seen_at=done[SEEN],
    )


async def _supervisor_coding(work: Work, case_id: UUID, footage_id: UUID) -> Pair:
    pair = await coaching_pair(work, case_id, footage_id)
    if pair.role != SUPERVISOR:
        raise Forbidden("only the supervisor codes here: the apprentice's coding is their moments")
    done = await _done_at(work, pair)
    if done[SUPERVISOR] is not None:
        raise Conflict("you finished coding this footage: the agreement stands as computed")
    if done[SEEN] is not None:
        raise Conflict(blind.SEEN)
    return pair


async def code_moment(
    work: Work, case_id: UUID, footage_id: UUID, new: NewCodedMoment
) -> CodedMoment:
    pair = await _supervisor_coding(work, case_id, footage_id)
    timeline.moment_within_footage(new.start_s, new.end_s, pair.duration_s)
    values = {
        "id": uuid4(),
        "footage_id": footage_id,
        "coder_id": pair.supervisor_id,
        "start_s": new.start_s,
        "end_s": new.end_s,
        "principles": canonical_tags(new.principles, field="principles"),
    }
    return await work.coding.code(values)


async def uncode_moment(work: Work, case_id: UUID, footage_id: UUID, moment_id: UUID) -> None:
    pair = await _supervisor_coding(work, case_id, footage_id)
    if not await work.coding.uncode(moment_id, pair.supervisor_id):
        raise NotFound("no such moment in your coding of this footage")


async def finish_coding(
    work: Work, case_id: UUID, footage_id: UUID, done: CodingDone
) -> CodingState:
    """Declare the caller's coding done; the second of the two computes the agreement."""
    pair = await coaching_pair(work, case_id, footage_id)
    # Both may finish at once: the footage's row lock lets exactly one see the other done.
    await work.coding.lock_footage(footage_id)
    if pair.role == SUPERVISOR and (await _done_at(work, pair))[SEEN] is not None:
        raise Conflict(blind.SEEN)
    await _mark(work, pair, done_at=work.now)
    finished = await _done_at(work, pair)
    if finished[SUPERVISOR] and finished[APPRENTICE]:
        await _record_agreement(work, pair, done.slice_s)
    return await _state(work, pair)


async def _mark(work: Work, pair: Pair, **when: datetime) -> None:
    """Record the caller's `done_at` or `moments_seen_at`; an earlier time stays."""
    coder = pair.supervisor_id if pair.role == SUPERVISOR else pair.practitioner_id
    fields = {
        "footage_id": pair.footage_id,
        "coder_id": coder,
        "case_id": pair.case.id,
        "role": pair.role,
    }
    await work.coding.mark(fields, when)


async def see_apprentice_moments(work: Work, case_id: UUID, footage_id: UUID) -> CodingState:
    """The supervisor chooses to see the apprentice's moments now rather than code the
    footage blind: their coding of it closes (what they coded so far is not compared)."""
    pair = await coaching_pair(work, case_id, footage_id)
    if pair.role != SUPERVISOR:
        raise Forbidden("only the supervisor codes blind: the apprentice sees their own moments")
    await work.coding.lock_footage(footage_id)
    if (await _done_at(work, pair))[SUPERVISOR] is not None:
        raise Conflict(
            "you finished coding this footage: the apprentice's moments show as soon as "
            "they finish theirs"
        )
    await _mark(work, pair, moments_seen_at=work.now)
    return await _state(work, pair)


async def _figures(
    work: Work, pair: Pair, slice_s: float
) -> tuple[list[PrincipleFigure], int, int]:
    apprentice = await work.coding.apprentice_moments(pair.case.id, pair.footage_id)
    supervisor = [
        kappa.Coded(m.start_s, m.end_s, tuple(m.principles))
        for m in await _supervisor_moments(work, pair)
    ]
    figures = [
        PrincipleFigure(
            principle=f.principle,
            kappa=None if f.kappa is None else round(f.kappa, 6),
            not_comparable=f.not_comparable,
            observed=round(f.observed, 6),
            overlap=None if f.overlap is None else round(f.overlap, 6),
            slices=f.slices,
        )
        for f in kappa.agreement(apprentice, supervisor, pair.duration_s, slice_s)
    ]
    return figures, len(apprentice), len(supervisor)


async def _record_agreement(work: Work, pair: Pair, slice_s: float) -> None:
    if await work.coding.agreement_recorded(pair.footage_id, pair.supervisor_id):
        return
    figures, apprentice_n, supervisor_n = await _figures(work, pair, slice_s)
    event = AgreementComputed(
        case_id=pair.case.id,
        case_code=pair.case.case_code,
        footage_id=pair.footage_id,
        practitioner_id=pair.practitioner_id,
        supervisor_id=pair.supervisor_id,
        slice_s=slice_s,
        computed_at=work.now,
        apprentice_moments=apprentice_n,
        supervisor_moments=supervisor_n,
        figures=figures,
    )
    values = {
        "id": uuid4(),
        "case_id": pair.case.id,
        "footage_id": pair.footage_id,
        "practitioner_id": pair.practitioner_id,
        "supervisor_id": pair.supervisor_id,
        "slice_s": slice_s,
        "apprentice_moments": apprentice_n,
        "supervisor_moments": supervisor_n,
        "figures": [f.model_dump(mode="json") for f in figures],
        "computed_at": work.now,
    }
    await work.coding.record_agreement(values, work.outgoing(event, tenant_of(pair.case)))


async def read_agreement(
    work: Work, case_id: UUID, footage_id: UUID, slice_s: float | None
) -> Agreement:
    """The agreement as recorded, or computed afresh at another slice length."""
    pair = await coaching_pair(work, case_id, footage_id)
    agreement = await work.coding.agreement(footage_id, pair.supervisor_id)
    if agreement is None:
        raise Conflict(
            "the agreement is shown once both the supervisor and the apprentice have "
            "finished coding this footage"
        )
    if slice_s is None or slice_s == agreement.slice_s:
        return agreement
    figures, apprentice_n, supervisor_n = await _figures(work, pair, slice_s)
    return replace(
        agreement,
        slice_s=slice_s,
        figures=figures,
        apprentice_moments=apprentice_n,
        supervisor_moments=supervisor_n,
        computed_at=work.now,
    )
