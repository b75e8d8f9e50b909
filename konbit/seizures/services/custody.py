"""Writes of the chain of custody: every entry is appended, never changed.

Each service locks the item, checks that the entry fits the item's state and that
the actor may make it, appends the entry (hash-chained to the one before, see
``chain``), brings the item's holder, place and status up to date and records the
entry in the audit trail, all in one transaction.

Who: the item's holder hands it on (transfer, hand-over, return, disposal); the
holder or a writer of its seizure records seals, storage, examinations and
corrections; the receiver of a transfer confirms or refuses it, as themself, and its
sender never can; a hand-over to the HNP or the DCPJ is confirmed by an HNP liaison.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction
from konbit.core.services import validate
from konbit.seizures import chain, policies
from konbit.seizures.models import (
    CLOSED_STATUSES,
    HNP_AGENCIES,
    Agency,
    CustodyEvent,
    CustodyStatus,
    EventKind,
    SeizedItem,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User

# The fields an entry of each kind may carry beyond when it happened and notes.
ENTRY_FIELDS = (
    "location",
    "seal_number",
    "examiner",
    "result",
    "weight_g",
    "agency",
    "receiving_official",
    "document_reference",
    "method",
    "authority",
    "witnesses",
    "to_user",
)


def _refuse(message: str, field: str | None = None) -> DomainError:
    return DomainError(message, errors={field: [message]} if field else None)


def _lock(item: SeizedItem) -> SeizedItem:
    return SeizedItem.objects.select_for_update().select_related("seizure").get(pk=item.pk)


def _when(occurred_at: dt.datetime | None, item: SeizedItem) -> dt.datetime:
    now = timezone.now()
    when = occurred_at or now
    if when > now + dt.timedelta(minutes=5):
        raise _refuse(_("An entry cannot be dated in the future."), "occurred_at")
    if when < item.seizure.seized_at:
        raise _refuse(_("An entry cannot be dated before the seizure."), "occurred_at")
    return when


def _append(
    *,
    actor: User,
    item: SeizedItem,
    kind: str,
    occurred_at: dt.datetime,
    **fields: Any,
) -> CustodyEvent:
    """Append one entry to ``item``'s log (locked by the caller) and audit it. The
    caller then updates the item's derived state and calls ``_save_item``."""
    event = CustodyEvent(
        item=item,
        sequence=item.chain_length + 1,
        kind=kind,
        occurred_at=occurred_at,
        recorded_at=timezone.now(),
        recorded_by=actor,
        previous_hash=item.chain_hash,
        **fields,
    )
    validate(event, exclude=["hash"])
    chain.seal(event)
    event.save(force_insert=True)
    item.chain_hash = event.hash
    item.chain_length = event.sequence
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=event,
        target_repr=f"{item.exhibit_number} #{event.sequence} {event.kind}",
        changes=audit.diff(
            {},
            {
                k: v
                for k, v in audit.snapshot(event).items()
                if v not in (None, "") and k not in {"hash", "previous_hash"}
            },
        ),
    )
    return event


def _save_item(item: SeizedItem) -> None:
    item.save(
        update_fields=[
            "custody_status",
            "holder",
            "holder_outside",
            "location_now",
            "pending",
            "chain_hash",
            "chain_length",
            "seal_number",
        ]
    )


def append_seized(*, actor: User, item: SeizedItem, occurred_at: dt.datetime) -> CustodyEvent:
    """The first entry of a new item: seized, held by ``actor`` where it was seized."""
    item = _lock(item)
    if item.chain_length:
        raise _refuse(_("This item's custody log has begun already."))
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.SEIZED,
        occurred_at=occurred_at,
        to_user=actor,
        location=item.seizure.location,
        seal_number=item.seal_number,
    )
    item.holder = actor
    item.custody_status = CustodyStatus.IN_CUSTODY
    item.location_now = item.seizure.location
    _save_item(item)
    return event


def _open(item: SeizedItem) -> None:
    if item.custody_status in CLOSED_STATUSES:
        raise _refuse(
            _("This item left the mission's custody (%(s)s): only corrections can be added.")
            % {"s": item.get_custody_status_display()}
        )
    if item.pending_id is not None:
        raise _refuse(
            _("This item waits for the answer to its last transfer or hand-over."), "kind"
        )


def _may_record(actor: User, item: SeizedItem) -> None:
    if not policies.can_record_custody(actor, item):
        raise _refuse(_("You may not record the custody of this item."))


def _holder_only(actor: User, item: SeizedItem) -> None:
    if item.holder_id != actor.pk:
        raise _refuse(
            _("Only the item's holder (%(h)s) can hand it on.")
            % {"h": item.holder.username if item.holder else "-"}
        )


@transaction.atomic
def custody_seal(
    *,
    actor: User,
    item: SeizedItem,
    seal_number: str,
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """A (new) seal on the item; the item shows the latest seal."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    if not seal_number.strip():
        raise _refuse(_("Give the seal number."), "seal_number")
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.SEALED,
        occurred_at=_when(occurred_at, item),
        seal_number=seal_number.strip(),
        notes=notes,
    )
    item.seal_number = event.seal_number
    _save_item(item)
    return event


@transaction.atomic
def custody_store(
    *,
    actor: User,
    item: SeizedItem,
    location: str,
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """The item is kept at ``location`` (an armoury, an evidence store)."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    if not location.strip():
        raise _refuse(_("Say where the item is stored."), "location")
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.STORED,
        occurred_at=_when(occurred_at, item),
        location=location.strip(),
        notes=notes,
    )
    item.location_now = event.location
    _save_item(item)
    return event


@transaction.atomic
def custody_examine(
    *,
    actor: User,
    item: SeizedItem,
    examiner: str,
    result: str,
    weight_g: Decimal | None = None,
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """An examination (by whom, with what result; a weighing where it applies)."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    errors = {}
    if not examiner.strip():
        errors["examiner"] = [_("Say who examined the item.")]
    if not result.strip():
        errors["result"] = [_("Give the result of the examination.")]
    if weight_g is not None and weight_g < 0:
        errors["weight_g"] = [_("Cannot be negative.")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.EXAMINED,
        occurred_at=_when(occurred_at, item),
        examiner=examiner.strip(),
        result=result.strip(),
        weight_g=weight_g,
        notes=notes,
    )
    _save_item(item)
    return event


@transaction.atomic
def custody_transfer(
    *,
    actor: User,
    item: SeizedItem,
    to_user: User,
    location: str = "",
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """The holder hands the item to another Konbit user, who must confirm or refuse
    it (until then the sender stays the holder)."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    _holder_only(actor, item)
    if to_user is None or to_user.pk == actor.pk:
        raise _refuse(_("Choose the person who receives the item (not yourself)."), "to_user")
    if not to_user.is_active:
        raise _refuse(_("%(u)s cannot sign in any more.") % {"u": to_user.username}, "to_user")
    if not policies.scope_items(to_user, SeizedItem.objects.filter(pk=item.pk)).exists():
        raise _refuse(
            _("%(u)s may not see this item and so cannot receive it.") % {"u": to_user.username},
            "to_user",
        )
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.TRANSFERRED,
        occurred_at=_when(occurred_at, item),
        from_user=actor,
        to_user=to_user,
        location=location.strip(),
        notes=notes,
    )
    item.custody_status = CustodyStatus.IN_TRANSFER
    item.pending = event
    _save_item(item)
    return event


@transaction.atomic
def custody_hand_over(
    *,
    actor: User,
    item: SeizedItem,
    agency: str,
    receiving_official: str,
    document_reference: str,
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """The holder hands the item to an authority outside the mission (the HNP, the
    DCPJ, a court), naming the receiving official and the document. A hand-over to
    the HNP or the DCPJ releases the seizure to the HNP and waits for an HNP liaison
    to confirm receipt; one to a court or another authority closes the log."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    _holder_only(actor, item)
    errors = {}
    if agency not in Agency.values:
        errors["agency"] = [_("Choose the receiving authority.")]
    if not receiving_official.strip():
        errors["receiving_official"] = [_("Name the official who receives the item.")]
    if not document_reference.strip():
        errors["document_reference"] = [_("Give the reference of the hand-over document.")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.HANDED_OVER,
        occurred_at=_when(occurred_at, item),
        from_user=actor,
        agency=agency,
        receiving_official=receiving_official.strip(),
        document_reference=document_reference.strip(),
        notes=notes,
    )
    if agency in HNP_AGENCIES:
        from konbit.seizures.services.seizures import release_for_handover

        release_for_handover(actor=actor, seizure=item.seizure)
        item.custody_status = CustodyStatus.HANDOVER_PENDING
        item.pending = event
    else:
        _left_mission(item, event)
    _save_item(item)
    return event


def _left_mission(item: SeizedItem, event: CustodyEvent) -> None:
    item.custody_status = CustodyStatus.HANDED_OVER
    item.holder = None
    item.holder_outside = f"{Agency(event.agency).label}: {event.receiving_official}"[:250]
    item.location_now = ""
    item.pending = None


@transaction.atomic
def custody_answer(
    *,
    actor: User,
    event: CustodyEvent,
    accept: bool,
    location: str = "",
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """Confirm (or refuse) the transfer or hand-over ``event``, as the receiver.
    Confirmed, the receiver holds the item (or the authority does); refused, the
    sender keeps it."""
    item = _lock(event.item)
    if item.pending_id != event.pk:
        raise _refuse(_("This transfer was answered already, or is not the item's last one."))
    if not policies.can_answer(actor, event):
        if event.from_user_id == actor.pk or event.recorded_by_id == actor.pk:
            raise _refuse(_("The sender cannot confirm their own transfer: the receiver does."))
        raise _refuse(_("Only the receiver can confirm or refuse this transfer."))
    if not accept and not notes.strip():
        raise _refuse(_("Say why you refuse the item."), "notes")
    answer = _append(
        actor=actor,
        item=item,
        kind=EventKind.CONFIRMED if accept else EventKind.REFUSED,
        occurred_at=_when(occurred_at, item),
        answers=event,
        location=location.strip(),
        notes=notes,
    )
    item.pending = None
    if not accept:
        item.custody_status = CustodyStatus.IN_CUSTODY
    elif event.kind == EventKind.TRANSFERRED:
        item.custody_status = CustodyStatus.IN_CUSTODY
        item.holder = event.to_user
        item.location_now = answer.location or event.location or item.location_now
    else:
        _left_mission(item, event)
    _save_item(item)
    return answer


@transaction.atomic
def custody_return(
    *,
    actor: User,
    item: SeizedItem,
    receiving_official: str,
    document_reference: str,
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """The item goes back to its owner (named, with the release document)."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    _holder_only(actor, item)
    if not receiving_official.strip() or not document_reference.strip():
        raise DomainError(
            _("Name who received the item and the release document."),
            errors={
                name: [_("This field is required.")]
                for name, value in (
                    ("receiving_official", receiving_official),
                    ("document_reference", document_reference),
                )
                if not value.strip()
            },
        )
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.RETURNED,
        occurred_at=_when(occurred_at, item),
        from_user=actor,
        receiving_official=receiving_official.strip(),
        document_reference=document_reference.strip(),
        notes=notes,
    )
    item.custody_status = CustodyStatus.RETURNED
    item.holder = None
    item.holder_outside = event.receiving_official
    item.location_now = ""
    _save_item(item)
    return event


@transaction.atomic
def custody_dispose(
    *,
    actor: User,
    item: SeizedItem,
    method: str,
    authority: str,
    witnesses: str,
    document_reference: str = "",
    occurred_at: dt.datetime | None = None,
    notes: str = "",
) -> CustodyEvent:
    """The item is destroyed (method, on whose authority, before which witnesses)."""
    item = _lock(item)
    _may_record(actor, item)
    _open(item)
    _holder_only(actor, item)
    errors = {
        name: [_("This field is required.")]
        for name, value in (("method", method), ("authority", authority), ("witnesses", witnesses))
        if not value.strip()
    }
    if errors:
        raise DomainError(_("Give the method, the authority and the witnesses."), errors=errors)
    event = _append(
        actor=actor,
        item=item,
        kind=EventKind.DISPOSED,
        occurred_at=_when(occurred_at, item),
        from_user=actor,
        method=method.strip(),
        authority=authority.strip(),
        witnesses=witnesses.strip(),
        document_reference=document_reference.strip(),
        notes=notes,
    )
    item.custody_status = CustodyStatus.DISPOSED
    item.holder = None
    item.holder_outside = ""
    item.location_now = ""
    _save_item(item)
    return event


@transaction.atomic
def custody_correct(
    *,
    actor: User,
    event: CustodyEvent,
    notes: str,
    location: str = "",
    seal_number: str = "",
    occurred_at: dt.datetime | None = None,
) -> CustodyEvent:
    """Correct an entry with a new one that names it and says what was wrong (and,
    for a place or a seal, the right value). Nothing is edited or deleted."""
    item = _lock(event.item)
    if not policies.can_record_custody(actor, item) and event.recorded_by_id != actor.pk:
        raise _refuse(_("You may not record the custody of this item."))
    if event.kind == EventKind.CORRECTION:
        raise _refuse(_("Correct the original entry, not a correction."), "corrects")
    if not notes.strip():
        raise _refuse(_("Say what was wrong and what is right."), "notes")
    correction = _append(
        actor=actor,
        item=item,
        kind=EventKind.CORRECTION,
        occurred_at=occurred_at or timezone.now(),
        corrects=event,
        location=location.strip(),
        seal_number=seal_number.strip(),
        notes=notes,
    )
    if correction.location and item.custody_status not in CLOSED_STATUSES:
        item.location_now = correction.location
    if correction.seal_number:
        item.seal_number = correction.seal_number
    _save_item(item)
    return correction


def custody_record(
    *, actor: User, item: SeizedItem, kind: str, data: dict[str, Any]
) -> CustodyEvent:
    """One entry of ``kind`` from the fields of a form or an API body: the one way
    pages and the API append to a log."""
    when = data.get("occurred_at")
    notes = data.get("notes", "") or ""
    text = {
        name: (data.get(name) or "") for name in ENTRY_FIELDS if name not in {"weight_g", "to_user"}
    }
    if kind == EventKind.SEALED:
        return custody_seal(
            actor=actor, item=item, seal_number=text["seal_number"], occurred_at=when, notes=notes
        )
    if kind == EventKind.STORED:
        return custody_store(
            actor=actor, item=item, location=text["location"], occurred_at=when, notes=notes
        )
    if kind == EventKind.EXAMINED:
        return custody_examine(
            actor=actor,
            item=item,
            examiner=text["examiner"],
            result=text["result"],
            weight_g=data.get("weight_g"),
            occurred_at=when,
            notes=notes,
        )
    if kind == EventKind.TRANSFERRED:
        return custody_transfer(
            actor=actor,
            item=item,
            to_user=data.get("to_user"),  # type: ignore[arg-type]
            location=text["location"],
            occurred_at=when,
            notes=notes,
        )
    if kind == EventKind.HANDED_OVER:
        return custody_hand_over(
            actor=actor,
            item=item,
            agency=text["agency"],
            receiving_official=text["receiving_official"],
            document_reference=text["document_reference"],
            occurred_at=when,
            notes=notes,
        )
    if kind in (EventKind.CONFIRMED, EventKind.REFUSED):
        answered = data.get("answers") or item.pending
        if answered is None or answered.item_id != item.pk:
            raise _refuse(_("There is no transfer of this item waiting for an answer."), "answers")
        return custody_answer(
            actor=actor,
            event=answered,
            accept=kind == EventKind.CONFIRMED,
            location=text["location"],
            occurred_at=when,
            notes=notes,
        )
    if kind == EventKind.RETURNED:
        return custody_return(
            actor=actor,
            item=item,
            receiving_official=text["receiving_official"],
            document_reference=text["document_reference"],
            occurred_at=when,
            notes=notes,
        )
    if kind == EventKind.DISPOSED:
        return custody_dispose(
            actor=actor,
            item=item,
            method=text["method"],
            authority=text["authority"],
            witnesses=text["witnesses"],
            document_reference=text["document_reference"],
            occurred_at=when,
            notes=notes,
        )
    if kind == EventKind.CORRECTION:
        corrected = data.get("corrects")
        if corrected is None or corrected.item_id != item.pk:
            raise _refuse(_("Name the entry of this item that you correct."), "corrects")
        return custody_correct(
            actor=actor,
            event=corrected,
            notes=notes,
            location=text["location"],
            seal_number=text["seal_number"],
            occurred_at=when,
        )
    raise _refuse(_("Entries of this kind are made by Konbit itself."), "kind")
