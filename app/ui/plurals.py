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

    def records(self, count: int) -> str:
        return self.tr("%n record(s)", "", count)

    def next_sign_in_try(self, seconds: int) -> str:
        return self.tr(
            "Your sign-in is still kept on this computer. The next try is in %n second(s).",
            "",
            seconds,
        )


PLURALS = Plurals()
