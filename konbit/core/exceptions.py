"""The errors that services raise and that pages and the API turn into answers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the mission refused the write. Pages show it; the API answers 400.

    ``errors`` maps field names to messages, for errors that belong to a field.
    """

    def __init__(self, message: object = None, *, errors: dict[str, list[str]] | None = None):
        self.message = message if message is not None else _("The request is not valid.")
        self.errors = errors or {}
        super().__init__(str(self.message))


class StaleVersion(DomainError):
    """The record changed since the caller read it: the API answers 409."""

    def __init__(self, *, current: int, sent: int | None):
        self.current = current
        self.sent = sent
        super().__init__(
            _(
                "This record was changed by someone else (version %(current)s; you sent "
                "%(sent)s). Reload it and apply your change again."
            )
            % {"current": current, "sent": sent if sent is not None else "-"},
            errors={"version": [str(_("Stale version."))]},
        )
