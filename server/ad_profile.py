"""The ad profile (X2, C6's second part): interest segments scored from ad events.

The ingest route feeds it while X2 is on, and the demo data (server/seeding.py) is scored
by the same rule, so a seeded profile looks like one the service grew itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.db.models import AdSegment

# How much one event says about an interest: a click more than a programme watched to the
# end, that more than an ad merely shown.
AD_WEIGHT_BY_KIND = {"ad_impression": 1, "watched": 2, "ad_click": 3}

# Interest segments recognised from words in a title; anything else counts as "general".
_INTERESTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("documentary", ("documentary", "nature", "planet", "history", "ocean", "wild")),
    ("sports", ("sport", "football", "match", "league", "cycling", "tennis")),
    ("food", ("kitchen", "cook", "chef", "bake", "recipe", "food")),
    ("kids", ("kids", "cartoon", "animated", "family")),
    ("crime", ("crime", "detective", "murder", "mystery", "heist")),
    ("comedy", ("comedy", "laugh", "sitcom", "stand-up")),
    ("travel", ("travel", "journey", "road trip", "island", "city")),
    ("cars", ("car ", "cars", "motor", "racing", "drive")),
    ("tech", ("tech", "gadget", "phone", "laptop", "robot")),
)


def ad_segment_for(title: str) -> str:
    """The interest segment an ad event feeds: what a partner would target you by."""
    text = f" {title.lower()} "
    for interest, words in _INTERESTS:
        if any(word in text for word in words):
            return f"interest:{interest}"
    return "interest:general"


def ad_profile_scores(events: Sequence[tuple[str, str]]) -> Counter[str]:
    """Score per segment for (kind, title) pairs."""
    scores: Counter[str] = Counter()
    for kind, title in events:
        scores[ad_segment_for(title)] += AD_WEIGHT_BY_KIND[kind]
    return scores


def add_to_ad_profile(session: Session, user_id: str, scores: Counter[str], now: datetime) -> None:
    """Add to the user's segment scores; an upsert, so two batches at once both count."""
    if not scores:
        return
    rows = [
        {"user_id": user_id, "segment": segment, "score": score, "updated_at": now}
        for segment, score in sorted(scores.items())
    ]
    dialect = session.get_bind().dialect.name
    upsert = postgresql.insert(AdSegment) if dialect == "postgresql" else sqlite.insert(AdSegment)
    statement = upsert.values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[AdSegment.user_id, AdSegment.segment],
        set_={
            "score": AdSegment.score + statement.excluded.score,
            "updated_at": statement.excluded.updated_at,
        },
    )
    session.execute(statement)
