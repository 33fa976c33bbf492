"""A complaint to a data-protection authority about an unanswered request (issue 13).

Written from the service's own signed statement of the request (app/core/acknowledgements.py),
never from what the app remembers: who asked, what, when the service received it, when the
answer was due, the extension and its reason if any, and everything that happened since.
It cites the legal basis (the right exercised, the one-month rule of GDPR Art. 12(3), the
right to lodge a complaint of Art. 77) and lists the evidence that goes with it.

Qt-free and in two languages, English and Dutch, whatever language the app is shown in:
the user writes to their authority in the language it reads. The sentences are this
module's data; app/ui/complaint_pdf.py lays them out as a PDF. The service's notes are
quoted as it wrote them (in English).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.core.acknowledgements import AcknowledgedFacts
from app.core.authorities import Authority

LANGUAGES = ("en", "nl")
REMINDER_PREFIX = "Reminder from the account holder:"

_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ),
}  # fmt: skip

# The right each kind of request exercises, with its article of the GDPR.
_RIGHTS = {
    "en": {
        "access": "the right of access to my personal data (Article 15 GDPR)",
        "correction": "the right to have inaccurate personal data corrected (Article 16 GDPR)",
        "deletion": "the right to have my personal data erased (Article 17 GDPR)",
    },
    "nl": {
        "access": "het recht op inzage in mijn persoonsgegevens (artikel 15 AVG)",
        "correction": "het recht op rectificatie van onjuiste persoonsgegevens (artikel 16 AVG)",
        "deletion": "het recht op verwijdering van mijn persoonsgegevens (artikel 17 AVG)",
    },
}

_STATUS = {
    "en": {
        "received": "received",
        "verifying": "checking my identity",
        "in_progress": "in progress",
        "completed": "completed",
        "denied": "refused",
        "cancelled": "cancelled",
        "expired": "expired",
    },
    "nl": {
        "received": "ontvangen",
        "verifying": "mijn identiteit wordt gecontroleerd",
        "in_progress": "in behandeling",
        "completed": "afgerond",
        "denied": "geweigerd",
        "cancelled": "geannuleerd",
        "expired": "verlopen",
    },
}

_TEXT = {
    "en": {
        "title": "Complaint about an unanswered request about my personal data",
        "to": "To",
        "date": "Date",
        "from": "From",
        "about": "About",
        "account": "the holder of the account {email}",
        "controller": "{controller} ({email}), the organisation that runs the service at {service}",
        "facts": "What happened",
        "asked": "On {received} I used {right} and asked {controller} to act on it. The service received my request that day and gave it the number {id}.",
        "due": "By law it had to answer by {due}.",
        "extended": "It extended that deadline by {months} month(s), giving this reason: “{reason}”",
        "not_extended": "It did not extend that deadline.",
        "status": "On {today} the request is still open (status: {status}); I have had no answer.",
        "reminders": "I reminded the service of the request on {dates}.",
        "history": "The request's history, as the service itself records it:",
        "law": "The legal basis",
        "law_right": "My request exercised {right}.",
        "law_deadline": "Under Article 12(3) GDPR a controller must act on such a request without undue delay and in any event within one month of receiving it; it may extend this by two further months where necessary, telling the person within the first month and giving the reasons. That time has passed.",
        "law_complaint": "Under Article 77 GDPR I have the right to lodge a complaint with a supervisory authority.",
        "ask": "What I ask",
        "ask_text": "I ask you to look into this, and to order the controller to answer my request (Article 58(2)(c) GDPR).",
        "evidence": "Evidence",
        "evidence_intro": "The files below come with this letter. The service signed its statement of the request with its Ed25519 key; anyone can check the signature with the key in keys.json, which the service also publishes at {keys_url}. manifest.json lists the SHA-256 of every file.",
        "signed": "Signed statement checked: the service's key {key_id} signed it on {issued}.",
        "name_line": "{name}",
    },
    "nl": {
        "title": "Klacht over een onbeantwoord verzoek over mijn persoonsgegevens",
        "to": "Aan",
        "date": "Datum",
        "from": "Van",
        "about": "Over",
        "account": "de houder van het account {email}",
        "controller": "{controller} ({email}), de organisatie achter de dienst op {service}",
        "facts": "Wat er is gebeurd",
        "asked": "Op {received} heb ik gebruikgemaakt van {right} en {controller} gevraagd daarop te handelen. De dienst heeft mijn verzoek die dag ontvangen en het nummer {id} gegeven.",
        "due": "Volgens de wet moest de dienst uiterlijk op {due} antwoorden.",
        "extended": "De dienst heeft die termijn met {months} maand(en) verlengd, met deze reden: “{reason}”",
        "not_extended": "De dienst heeft die termijn niet verlengd.",
        "status": "Op {today} staat het verzoek nog open (status: {status}); ik heb geen antwoord gekregen.",
        "reminders": "Ik heb de dienst op {dates} aan het verzoek herinnerd.",
        "history": "Het verloop van het verzoek, zoals de dienst het zelf vastlegt:",
        "law": "De wettelijke grondslag",
        "law_right": "Met mijn verzoek maakte ik gebruik van {right}.",
        "law_deadline": "Volgens artikel 12, lid 3 AVG moet een verwerkingsverantwoordelijke zonder onredelijke vertraging en in elk geval binnen een maand na ontvangst op zo'n verzoek reageren; die termijn mag zo nodig met twee maanden worden verlengd, als de betrokkene daar binnen de eerste maand over wordt ingelicht, met de redenen. Die tijd is voorbij.",
        "law_complaint": "Volgens artikel 77 AVG heb ik het recht een klacht in te dienen bij een toezichthoudende autoriteit.",
        "ask": "Wat ik vraag",
        "ask_text": "Ik vraag u dit te onderzoeken en de verwerkingsverantwoordelijke te gelasten mijn verzoek te beantwoorden (artikel 58, lid 2, onder c AVG).",
        "evidence": "Bewijs",
        "evidence_intro": "De bestanden hieronder horen bij deze brief. De dienst heeft zijn verklaring over het verzoek ondertekend met zijn Ed25519-sleutel; iedereen kan die handtekening controleren met de sleutel in keys.json, die de dienst ook publiceert op {keys_url}. manifest.json bevat de SHA-256 van elk bestand.",
        "signed": "Ondertekende verklaring gecontroleerd: sleutel {key_id} van de dienst heeft haar op {issued} ondertekend.",
        "name_line": "{name}",
    },
}


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    sha256: str
    description: str


@dataclass(frozen=True)
class Section:
    heading: str  # empty for the letter's head
    paragraphs: tuple[str, ...]
    # Lines shown as a list under the paragraphs (the history, the evidence files).
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Complaint:
    language: str
    title: str
    sections: tuple[Section, ...]

    def plain_text(self) -> str:
        """Everything the complaint says, as text (what a reader of the PDF reads)."""
        lines = [self.title, ""]
        for section in self.sections:
            if section.heading:
                lines.append(section.heading)
            lines.extend(section.paragraphs)
            lines.extend(f"- {item}" for item in section.items)
            lines.append("")
        return "\n".join(lines)


def long_date(day: date | datetime, language: str) -> str:
    """1 December 2026 / 1 december 2026 (UTC dates, as the service keeps them)."""
    return f"{day.day} {_MONTHS[language][day.month - 1]} {day.year}"


def write_complaint(
    facts: AcknowledgedFacts,
    *,
    key_id: str,
    authority: Authority,
    language: str,
    email: str,
    name: str,
    service_url: str,
    today: date,
    evidence: Sequence[EvidenceFile],
) -> Complaint:
    if language not in LANGUAGES:
        raise ValueError(f"complaints are written in {LANGUAGES}, not {language!r}")
    text = _TEXT[language]
    right = _RIGHTS[language].get(facts.kind, facts.kind)

    def day(moment: date | datetime) -> str:
        return long_date(moment, language)

    head = Section(
        "",
        (
            f"{text['to']}: {authority.name} ({authority.english_name}), "
            f"{authority.country_name(language)}",
            f"{text['date']}: {day(today)}",
            f"{text['from']}: {name}, " + text["account"].format(email=email),
            f"{text['about']}: "
            + text["controller"].format(
                controller=facts.controller, email=facts.controller_email, service=service_url
            ),
        ),
    )
    happened = [
        text["asked"].format(
            received=day(facts.received_at),
            right=right,
            controller=facts.controller,
            id=facts.request_id,
        ),
        text["due"].format(due=day(facts.due_at)),
    ]
    if facts.extended_by_months and facts.extension_reason:
        reason = facts.extension_reason.strip()
        extended = text["extended"].format(months=facts.extended_by_months, reason=reason)
        happened.append(extended if reason.endswith((".", "!", "?")) else extended + ".")
    else:
        happened.append(text["not_extended"])
    happened.append(
        text["status"].format(
            today=day(today), status=_STATUS[language].get(facts.status, facts.status)
        )
    )
    reminders = [e.at for e in facts.history if e.note.startswith(REMINDER_PREFIX)]
    if reminders:
        happened.append(text["reminders"].format(dates=", ".join(day(at) for at in reminders)))
    happened.append(text["history"])
    history = tuple(
        f"{day(event.at)} {event.at:%H:%M} UTC — "
        f"{_STATUS[language].get(event.status, event.status)} — {event.note}"
        for event in facts.history
    )
    law = Section(
        text["law"],
        (
            text["law_right"].format(right=right),
            text["law_deadline"],
            text["law_complaint"],
        ),
    )
    keys_url = service_url.rstrip("/") + "/v1/keys"
    evidence_section = Section(
        text["evidence"],
        (
            text["evidence_intro"].format(keys_url=keys_url),
            text["signed"].format(key_id=key_id, issued=day(facts.issued_at)),
        ),
        tuple(f"{f.name} — {f.description} — SHA-256 {f.sha256}" for f in evidence),
    )
    return Complaint(
        language,
        text["title"],
        (
            head,
            Section(text["facts"], tuple(happened), history),
            law,
            Section(text["ask"], (text["ask_text"],)),
            evidence_section,
            Section("", (text["name_line"].format(name=name),)),
        ),
    )
