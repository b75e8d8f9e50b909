"""Messages of Django, DRF and django-otp that Konbit's pages and API show.

Django 5.2 and DRF have no Haitian Creole catalogue: listing the messages here puts
them in Konbit's own catalogues (``make messages``), which take precedence, so they
can be translated. Nothing imports this module at run time. Each msgid must match the
framework's byte for byte (DRF uses straight quotes), and a message the framework
looks up with ``ngettext`` must be listed with its plural here too.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

FRAMEWORK_MESSAGES = [
    # django.contrib.auth.forms.AuthenticationForm
    _(
        "Please enter a correct %(username)s and password. Note that both "
        "fields may be case-sensitive."
    ),
    _("This account is inactive."),
    _("Username"),
    _("Password"),
    # django.forms
    _("This field is required."),
    _("Enter a valid date."),
    _("Enter a valid date/time."),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    # django.core.validators.MaxLengthValidator
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # rest_framework
    _("Authentication credentials were not provided."),
    _("Invalid token."),
    _("Invalid token header. No credentials provided."),
    _("Not found."),
    _("You do not have permission to perform this action."),
    _('Method "{method}" not allowed.'),
    _("Invalid page."),
    _("A valid integer is required."),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("Ensure this field has no more than {max_length} characters."),
    _("Invalid input."),
    _("This field may not be blank."),
    _("This field may not be null."),
    _('"{input}" is not a valid choice.'),
    _("Must be a valid UUID."),
    _("Request was throttled."),
    _('Unsupported media type "{media_type}" in request.'),
    _("JSON parse error - {detail}"),
    # django.utils.dates: the names that Django's localized date formats print (the
    # Creole formats are konbit/formats/ht/formats.py). Literal calls, so that
    # makemessages finds them.
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]
