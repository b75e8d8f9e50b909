"""English date formats for Konbit: the day before the month, as in the mission's
other languages ("12 March 1994", not "March 12, 1994"), so one date reads the same
way whatever the language; the rest is Django's."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
