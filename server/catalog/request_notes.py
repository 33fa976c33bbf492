"""The service's own sentences in a request's history, in the caller's language.

The history stores what happened in English (the service's working language, and what
an auditor reads in the database); answers to the app are given in the language of its
Accept-Language. Text an operator typed (an extension reason) is shown as written.
"""

from __future__ import annotations

import re

_FIELDS_NL = {"username": "gebruikersnaam", "email": "e-mailadres"}
_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# A date (and time) as the English sentences write it: 2026-12-06, or 2026-12-06 18:00.
_ISO_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?")

# (English sentence as a pattern, Dutch sentence with the same named parts)
_DUTCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"^{pattern}$"), dutch)
    for pattern, dutch in (
        (r"Filed from your signed-in account\.", "Ingediend vanuit je ingelogde account."),
        (
            r"Filed by an authorised agent, from the account holder's signed-in account\.",
            "Ingediend door een gemachtigde, vanuit het ingelogde account van de accounthouder.",
        ),
        (
            r"Identity check: signed in as the account holder\.",
            "Identiteitscontrole: ingelogd als de accounthouder.",
        ),
        (
            r"Identity check: signed in as the account holder, password re-checked within the last 5 minutes\.",
            "Identiteitscontrole: ingelogd als de accounthouder, wachtwoord in de laatste 5 minuten opnieuw gecontroleerd.",
        ),
        (
            r"Scheduled: the account will be deleted on (?P<when>.+) UTC\. Until then you can cancel this request\.",
            "Gepland: het account wordt verwijderd op {when} (UTC). Tot dan kun je dit verzoek intrekken.",
        ),
        (
            r"Identity confirmed: filed by the signed-in account holder\. Work has started\.",
            "Identiteit bevestigd: ingediend door de ingelogde accounthouder. Het werk is begonnen.",
        ),
        (
            r"Your copy is ready to download for 7 days\.",
            "Je kopie staat 7 dagen klaar om te downloaden.",
        ),
        (
            r"Your (?P<field>username|email) was corrected; the request shows the old and the new value\.",
            "Je {field} is gecorrigeerd; het verzoek toont de oude en de nieuwe waarde.",
        ),
        (
            r"Reminder from the account holder: the answer was due on (?P<due>\d{4}-\d{2}-\d{2}) and has not come\.",
            "Herinnering van de accounthouder: het antwoord had er op {due} moeten zijn en is er nog niet.",
        ),
        (
            r"Filed by (?P<agent>.+) on the account holder's behalf\.",
            "Ingediend door {agent} namens de accounthouder.",
        ),
        (
            r"Identity check: authorised agent (?P<agent>.+), authorisation (?P<id>\w+) given by the account holder on (?P<day>\d{4}-\d{2}-\d{2})\.",
            "Identiteitscontrole: gemachtigde {agent}, machtiging {id} gegeven door de accounthouder op {day}.",
        ),
        (
            r"Identity confirmed: filed by (?P<agent>.+) with the account holder's authorisation\. Work has started\.",
            "Identiteit bevestigd: ingediend door {agent} met machtiging van de accounthouder. Het werk is begonnen.",
        ),
        (
            r"Withdrawn by (?P<agent>.+) on the account holder's behalf: (?P<reason>.+)",
            "Ingetrokken door {agent} namens de accounthouder: {reason}",
        ),
        (
            r"Withdrawn by (?P<agent>.+) on the account holder's behalf\.",
            "Ingetrokken door {agent} namens de accounthouder.",
        ),
        (r"The account was already gone\.", "Het account bestond al niet meer."),
        (r"The account no longer exists\.", "Het account bestaat niet meer."),
        (
            r"The account and its personal data were deleted; playback statistics were kept without any link to you\.",
            "Het account en de persoonsgegevens zijn verwijderd; afspeelstatistieken zijn bewaard zonder enige koppeling met jou.",
        ),
        (
            r"The account that filed this request no longer exists\.",
            "Het account dat dit verzoek indiende bestaat niet meer.",
        ),
        (
            r"The 7-day download window is over; the copy was removed\.",
            "De 7 dagen om te downloaden zijn voorbij; de kopie is verwijderd.",
        ),
        (r"Cancelled by you\.", "Door jou ingetrokken."),
        (
            r"The proposed e-mail address is not a valid address\.",
            "Het voorgestelde e-mailadres is geen geldig adres.",
        ),
        (
            r"The proposed e-mail address is already the one on your account\.",
            "Het voorgestelde e-mailadres staat al op je account.",
        ),
        (
            r"The proposed e-mail address is already used by another account\.",
            "Het voorgestelde e-mailadres wordt al door een ander account gebruikt.",
        ),
        (
            r"A username needs between 1 and (?P<most>\d+) characters\.",
            "Een gebruikersnaam heeft tussen 1 en {most} tekens nodig.",
        ),
        (
            r"A username cannot contain control characters\.",
            "Een gebruikersnaam mag geen stuurtekens bevatten.",
        ),
        (
            r"The proposed username is already the one on your account\.",
            "De voorgestelde gebruikersnaam staat al op je account.",
        ),
        (
            r"This part of the profile cannot be corrected through a request\.",
            "Dit deel van het profiel kan niet via een verzoek worden gecorrigeerd.",
        ),
    )
)


def localise_note(text: str | None, language: str) -> str | None:
    """`text` in `language` when it is one of the service's own sentences; else unchanged."""
    if text is None or language != "nl":
        return text
    for pattern, dutch in _DUTCH:
        match = pattern.match(text)
        if match is not None:
            parts = {
                key: _dutch_moment(_FIELDS_NL.get(value, value))
                for key, value in match.groupdict().items()
            }
            return dutch.format(**parts)
    return text


def _dutch_moment(value: str) -> str:
    """A date as Dutch writes it ("6 december 2026", "6 december 2026 om 18:00"); any
    other part of a sentence unchanged."""
    match = _ISO_MOMENT.fullmatch(value)
    if match is None:
        return value
    year, month, day, time = match.groups()
    if not 1 <= int(month) <= 12:
        return value
    date = f"{int(day)} {_MONTHS_NL[int(month) - 1]} {year}"
    return f"{date} om {time}" if time else date
