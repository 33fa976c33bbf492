"""Texts that count something ("1 day left", "12 days left").

They live on one QObject because lupdate records plural forms only for `tr()` calls,
not for `QCoreApplication.translate()`. English plural forms come from privacy_desk_en.ts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class Plurals(QObject):
    def days_left(self, days: int) -> str:
        return self.tr("%n day(s) left", "", days)

    def days_overdue(self, days: int) -> str:
        return self.tr("%n day(s) overdue", "", days)

    def deadline_extended(self, months: int, due: str, reason: str) -> str:
        """A request's history line for an extension: "%1" the new due date, "%2" why."""
        return (
            self.tr("Deadline extended by %n month(s) to %1: %2", "", months)
            .replace("%1", due)
            .replace("%2", reason)
        )

    def records(self, count: int) -> str:
        return self.tr("%n record(s)", "", count)

    def most_collected_in(self, month: str, count: int) -> str:
        """ "Most collected in May 2026: 1 record." (%Ln: the number in the user's locale)."""
        return self.tr("Most collected in %1: %Ln record(s).", "", count).replace("%1", month)

    def collected_in_all(self, first_month: str, last_month: str, total: int) -> str:
        return (
            self.tr("From %1 to %2: %Ln record(s) in all.", "", total)
            .replace("%1", first_month)
            .replace("%2", last_month)
        )

    def next_sign_in_try(self, seconds: int) -> str:
        return self.tr(
            "Your sign-in is still kept on this computer. The next try is in %n second(s).",
            "",
            seconds,
        )


PLURALS = Plurals()
