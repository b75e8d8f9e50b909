"""What every statement of fact about an armed group carries: its source, its grade
on the NATO admiralty scale, and the date by which someone should look at it again.

The admiralty scale grades two things apart: how reliable the source has been (A to
F) and how credible this piece of information is (1 to 6). "B2" reads "usually
reliable source, probably true".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel


class Reliability(models.TextChoices):
    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class Credibility(models.IntegerChoices):
    CONFIRMED = 1, _("1: confirmed by other sources")
    PROBABLE = 2, _("2: probably true")
    POSSIBLE = 3, _("3: possibly true")
    DOUBTFUL = 4, _("4: doubtful")
    IMPROBABLE = 5, _("5: improbable")
    UNKNOWN = 6, _("6: truth cannot be judged")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year (approximate)")


class Graded(TrackedModel):
    """A sourced statement: where it comes from, how far to trust it, when to review it."""

    source = models.TextField(
        _("source"), help_text=_("Where this comes from: a citation or an address.")
    )
    reliability = models.CharField(
        _("source reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    credibility = models.PositiveSmallIntegerField(
        _("information credibility"), choices=Credibility.choices, default=Credibility.UNKNOWN
    )
    review_on = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("The date by which this statement should be checked again."),
    )

    class Meta:
        abstract = True

    @property
    def grade(self) -> str:
        """The admiralty grade as analysts write it: "B2"."""
        return f"{self.reliability}{self.credibility}"
