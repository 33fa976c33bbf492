"""The notice about choices changed elsewhere, in words: on Privacy choices and on Overview.

Its sentences keep the Privacy choices page's translation context, where they began.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from app.core.catalog import Catalog
from app.core.drift import DriftItem


def describe_drift(drift: Sequence[DriftItem], catalog: Catalog) -> tuple[str, str]:
    """The notice about changes made elsewhere: its title and its lines (also on Overview)."""
    lines = []
    for item in drift:
        choice = catalog.choice(item.choice_id)
        title = choice.title if choice else item.choice_id
        # One whole sentence per case: Dutch joins the state to the verb ("aangezet"), so
        # an "on" or "off" put into one sentence would read wrong.
        if item.before is None and item.now:
            line = QCoreApplication.translate("ChoicesPage", "“%1” is new, and is on.")
        elif item.before is None:
            line = QCoreApplication.translate("ChoicesPage", "“%1” is new, and is off.")
        elif item.now:
            line = QCoreApplication.translate("ChoicesPage", "“%1” was turned on.")
        else:
            line = QCoreApplication.translate("ChoicesPage", "“%1” was turned off.")
        lines.append(line.replace("%1", title))
    lines.append(
        QCoreApplication.translate(
            "ChoicesPage",
            "This happened on another device or on the service. Check that it is what you want.",
        )
    )
    title = QCoreApplication.translate("ChoicesPage", "Changed since you last looked")
    return title, "\n".join(lines)
