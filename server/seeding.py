"""Months of believable history for one account, in every category that holds records.

The demo account has to look like a real person's: four devices at home, two media
servers, playback mostly in the evenings, partner films and ads, a consent history. It
also has to be big on request (a million playback events) so paging and exports are
tried at scale, so rows go in through Core `insert()` in chunks of ten thousand — no ORM
object per row — and every value comes from one seeded `random.Random`, so two runs with
the same seed and clock write the same data.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate, islice
from typing import Any

from sqlalchemy import Connection, insert

from server.ad_profile import AD_WEIGHT_BY_KIND, ad_segment_for
from server.catalog.entries import CHOICES_BY_ID
from server.db import models

CHUNK_ROWS = 10_000
# About six months of history, ending at the clock's "now".
HISTORY = timedelta(days=182)
SECONDS_PER_DAY = 86_400

# How busy each hour of the day is (local time is taken as UTC for simplicity): quiet at
# night, some music in the morning, most playback in the evening.
_HOURLY_ACTIVITY = (
    1, 0.5, 0.2, 0.1, 0.1, 0.2, 1, 3, 4, 3, 2, 2,
    3, 3, 2, 2, 3, 4, 6, 8, 10, 10, 8, 4,
)  # fmt: skip
_ACTIVITY_CDF = [0.0, *accumulate(_HOURLY_ACTIVITY)]


@dataclass(frozen=True)
class DemoDevice:
    name: str
    os: str
    os_version: str
    browser: str
    app: str
    platform: str
    app_version: str
    ip_address: str
    location: str
    postal_code: str
    # Relative weight of music, photo and video played on this device.
    media_mix: tuple[int, int, int]


# Addresses from the documentation ranges (RFC 5737): they belong to nobody.
DEVICES: tuple[DemoDevice, ...] = (
    DemoDevice(
        "Living room TV", "Android TV", "12", "", "Media app for Android TV", "android-tv",
        "8.31.1", "203.0.113.24", "Utrecht, NL", "3511 AB", (10, 5, 85),
    ),
    DemoDevice(
        "Pixel 8", "Android", "14", "", "Media app for Android", "android",
        "10.12.0", "198.51.100.77", "Utrecht, NL", "3511 AB", (70, 20, 10),
    ),
    DemoDevice(
        "MacBook Air", "macOS", "14.4", "Firefox 124", "Media app for macOS", "macos",
        "1.91.2", "203.0.113.24", "Utrecht, NL", "3511 AB", (55, 10, 35),
    ),
    DemoDevice(
        "iPad", "iPadOS", "17.4", "Safari 17", "Media app for iPadOS", "ios",
        "8.30.0", "203.0.113.25", "Utrecht, NL", "3511 AB", (15, 35, 50),
    ),
)  # fmt: skip

_MEDIA_KINDS = ("music", "photo", "video")
_MUSIC_FORMATS = (("flac", 1411), ("mp3", 320), ("aac", 256), ("mp3", 192))
_VIDEO_FORMATS = (("720p", 3_000), ("1080p", 8_000), ("1080p", 12_000), ("2160p", 25_000))
_VIDEO_FORMAT_WEIGHTS = (1, 5, 3, 2)
_PHOTO_FORMATS = (("4032x3024", "heic"), ("4000x3000", "jpeg"), ("6000x4000", "jpeg"))

# Invented partner programmes and ad campaigns; the words feed the ad segments.
_PARTNER_TITLES = (
    "Trailer: The Lighthouse Keepers",
    "Trailer: Harbour of Glass",
    "Free film: The Long Road Trip",
    "Free film: A Detective in Delft",
    "Free film: Planet of Tides (documentary)",
    "Live TV: Evening news",
    "Live TV: Cycling, stage 12",
    "Live TV: Football league highlights",
    "Free film: Kitchen Heroes",
    "Free film: Cartoon Island",
)
_AD_TITLES = (
    "Ad: Sparkling water",
    "Ad: Electric city cars",
    "Ad: Weekend island travel",
    "Ad: New phone, better camera",
    "Ad: Meal kits from a chef",
    "Ad: Family theme park",
    "Ad: Running shoes for every sport",
)
_ACTIVITY_KINDS = ("watched", "ad_impression", "ad_click")
_ACTIVITY_KIND_WEIGHTS = (40, 50, 10)

_CRASHES = (
    ("Media app for Android TV", "8.31.1", "Living room TV", "Player stopped: decoder error"),
    ("Media app for Android", "10.12.0", "Pixel 8", "App closed while resuming playback"),
    ("Media app for macOS", "1.91.2", "MacBook Air", "Window froze after sleep"),
    ("Media app for iPadOS", "8.30.0", "iPad", "Crash when rotating during a photo slideshow"),
)
# Days before now; the older ones are past the 90-day limit (T2) and due for the sweep.
_CRASH_AGES_DAYS = (2, 11, 37, 64, 120, 150)

# The consent history: (days before now, choice, new value, app that made the change).
CONSENT_HISTORY: tuple[tuple[int, str, bool, str], ...] = (
    (170, "X5", True, "Media app for Android TV 8.20"),
    (150, "X4", False, "Privacy Desk 0.1"),
    (95, "X7", False, "Privacy Desk 0.1"),
    (60, "X7", True, "Privacy Desk 0.1"),
    (30, "X5", False, "Privacy Desk 0.1"),
)


@dataclass(frozen=True)
class ConsentChange:
    changed_at: datetime
    choice_id: str
    old_value: bool
    new_value: bool
    client: str


def chunks(
    rows: Iterable[dict[str, Any]], size: int = CHUNK_ROWS
) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert_rows(
    connection: Connection, model: type[models.Base], rows: Iterable[dict[str, Any]]
) -> int:
    """executemany per chunk: memory stays flat however many rows there are."""
    total = 0
    for chunk in chunks(rows):
        connection.execute(insert(model), chunk)
        total += len(chunk)
    return total


def _moment_in_day(fraction: float) -> float:
    """Seconds into the day for a uniform fraction, following the hourly activity curve."""
    target = fraction * _ACTIVITY_CDF[-1]
    hour = min(bisect.bisect_right(_ACTIVITY_CDF, target) - 1, 23)
    within = (target - _ACTIVITY_CDF[hour]) / _HOURLY_ACTIVITY[hour]
    return (hour + within) * 3600


def spread_times(
    count: int, start: datetime, end: datetime, rng: random.Random
) -> Iterator[datetime]:
    """`count` whole-second times from start to end, in order, busier in the evening.

    Stratified: the i-th time falls in the i-th slice of the span, so the order is
    chronological by construction (as events arrive) and no sorting of a million
    values is needed. Each slice is then bent along the hourly activity curve, which
    keeps the order. Whole seconds make ties, as real clocks do.
    """
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    first = (start - midnight).total_seconds()
    last = (end - midnight).total_seconds() - 1
    span_days = (last - first) / SECONDS_PER_DAY
    for index in range(count):
        position = first / SECONDS_PER_DAY + span_days * (index + rng.random()) / count
        day = math.floor(position)
        offset = day * SECONDS_PER_DAY + _moment_in_day(position - day)
        yield midnight + timedelta(seconds=int(min(max(offset, first), last)))


def _playback_rows(
    user_id: str, count: int, now: datetime, rng: random.Random
) -> Iterator[dict[str, Any]]:
    device = DEVICES[0]
    for occurred_at in spread_times(count, now - HISTORY, now, rng):
        # People keep using one device for a while before switching.
        if rng.random() < 0.15:
            device = rng.choice(DEVICES)
        kind = rng.choices(_MEDIA_KINDS, device.media_mix)[0]
        if kind == "music":
            file_type, bitrate = rng.choice(_MUSIC_FORMATS)
            resolution, duration = "", rng.randint(140, 420)
        elif kind == "video":
            resolution, bitrate = rng.choices(_VIDEO_FORMATS, _VIDEO_FORMAT_WEIGHTS)[0]
            file_type, duration = rng.choice(("mkv", "mp4")), rng.randint(600, 8_400)
        else:
            resolution, file_type = rng.choice(_PHOTO_FORMATS)
            bitrate, duration = 0, rng.randint(3, 20)
        yield {
            "user_id": user_id,
            "occurred_at": occurred_at,
            "device": device.name,
            "media_kind": kind,
            "duration_seconds": duration,
            "bitrate_kbps": bitrate,
            "resolution": resolution,
            "file_type": file_type,
            "ip_address": device.ip_address,
        }


def _activity_rows(
    user_id: str, count: int, now: datetime, rng: random.Random, ad_scores: Counter[str]
) -> Iterator[dict[str, Any]]:
    """Partner programmes and ads; fills `ad_scores` as an ingest with X2 on would."""
    segments = {title: ad_segment_for(title) for title in (*_PARTNER_TITLES, *_AD_TITLES)}
    for occurred_at in spread_times(count, now - HISTORY, now, rng):
        kind = rng.choices(_ACTIVITY_KINDS, _ACTIVITY_KIND_WEIGHTS)[0]
        title = rng.choice(_PARTNER_TITLES if kind == "watched" else _AD_TITLES)
        device = rng.choice(DEVICES)
        ad_scores[segments[title]] += AD_WEIGHT_BY_KIND[kind]
        yield {
            "user_id": user_id,
            "occurred_at": occurred_at,
            "kind": kind,
            "title": title,
            "device": device.name,
            "ip_address": device.ip_address,
            "postal_code": device.postal_code,
        }


def _partner_report_rows(
    user_id: str, now: datetime, rng: random.Random
) -> Iterator[dict[str, Any]]:
    """Monthly counts per partner, the way fees are worked out (C7)."""
    partners = (
        ("Trailer partner", "trailers_viewed", (5, 40)),
        ("Free film partner", "films_started", (2, 15)),
        ("Ad network", "ads_shown", (100, 900)),
    )
    for months_back in range(6, 0, -1):
        reported_at = now - timedelta(days=30 * months_back - 1)
        for partner, metric, (low, high) in partners:
            yield {
                "user_id": user_id,
                "reported_at": reported_at,
                "partner": partner,
                "metric": metric,
                "count": rng.randint(low, high),
            }


def consent_changes(now: datetime) -> list[ConsentChange]:
    """The seeded consent history, each change starting from the value before it."""
    values = {choice_id: choice.default for choice_id, choice in CHOICES_BY_ID.items()}
    changes = []
    for days_back, choice_id, new_value, client in CONSENT_HISTORY:
        changes.append(
            ConsentChange(
                now - timedelta(days=days_back), choice_id, values[choice_id], new_value, client
            )
        )
        values[choice_id] = new_value
    return changes


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def seed_account_history(
    connection: Connection, user_id: str, now: datetime, *, events: int, seed: int
) -> dict[str, int]:
    """Write the history; returns how many rows went into each category (C-id -> rows).

    The consent history goes into choice_values and choice_changes only; receipts (C15)
    are signed by the caller, which holds an ORM session.
    """
    rng = random.Random(seed)
    day = timedelta(days=1)
    written: dict[str, int] = {}

    written["C2"] = insert_rows(
        connection,
        models.ConnectedAccount,
        [
            {
                "user_id": user_id,
                "provider": provider,
                "external_name": name,
                "external_email": email,
                "connected_at": now - days_back * day,
            }
            for provider, name, email, days_back in (
                ("Mastodon", "@demo@social.example", "demo@social.example", 160),
                ("ListenBrainz", "demo-listens", "demo@listens.example", 90),
            )
        ],
    )
    written["C4"] = insert_rows(
        connection,
        models.Integration,
        [
            {
                "user_id": user_id,
                "kind": kind,
                "name": name,
                "enabled_at": now - days_back * day,
                "last_request": last_request,
            }
            for kind, name, last_request, days_back in (
                ("voice_assistant", "Kitchen speaker", "play some jazz in the kitchen", 140),
                ("smart_home", "Home automation hub", "dim the lights when a film starts", 100),
                ("webhook", "Now-playing webhook", "POST https://hooks.example/now-playing", 45),
            )
        ],
    )
    written["C5"] = insert_rows(
        connection, models.PlaybackEvent, _playback_rows(user_id, events, now, rng)
    )
    ad_scores: Counter[str] = Counter()
    written["C6"] = insert_rows(
        connection,
        models.ContentActivity,
        _activity_rows(user_id, max(events // 10, 20), now, rng, ad_scores),
    )
    written["C7"] = insert_rows(
        connection, models.PartnerReport, _partner_report_rows(user_id, now, rng)
    )
    written["C8"] = insert_rows(
        connection,
        models.MediaServer,
        [
            {
                "user_id": user_id,
                "name": name,
                "ip_address": ip_address,
                "port": port,
                "created_at": now - days_back * day,
                "last_seen_at": now - timedelta(minutes=seen_minutes_ago),
            }
            for name, ip_address, port, days_back, seen_minutes_ago in (
                ("Home NAS", "203.0.113.24", 32400, 190, 4),
                ("Holiday cottage", "198.51.100.12", 32401, 75, 60 * 26),
            )
        ],
    )
    written["C10"] = insert_rows(
        connection,
        models.CrashReport,
        [
            {
                "user_id": user_id,
                "received_at": now - days_back * day - timedelta(minutes=rng.randint(0, 600)),
                "app": app,
                "app_version": version,
                "device": device,
                "summary": summary,
                "body": f"{summary}\n  at player.core (frame 0)\n  at app.main (frame 1)\n"
                f"build {version}, uptime {rng.randint(10, 5000)} s",
            }
            for days_back in _CRASH_AGES_DAYS
            for app, version, device, summary in [rng.choice(_CRASHES)]
        ],
    )
    written["C11"] = insert_rows(
        connection,
        models.Device,
        [
            {
                "user_id": user_id,
                "ip_address": device.ip_address,
                "os": device.os,
                "os_version": device.os_version,
                "browser": device.browser,
                "app_version": device.app_version,
                "location": device.location,
                "last_seen_at": now - timedelta(hours=rng.randint(1, 72)),
            }
            for device in DEVICES
        ],
    )
    written["C12"] = insert_rows(
        connection,
        models.ApplicationId,
        [
            {
                "id": _hex_id(rng),
                "user_id": user_id,
                "app": device.app,
                "platform": device.platform,
                "installed_at": now - days_back * day,
                # The secret itself is not kept anywhere: the demo apps are imaginary.
                "secret_hash": hashlib.sha256(_hex_id(rng).encode("ascii")).hexdigest(),
            }
            for device, days_back in zip(DEVICES[:3], (180, 120, 40), strict=True)
        ],
    )
    written["C14"] = insert_rows(
        connection,
        models.Cookie,
        [
            {"user_id": user_id, "name": name, "purpose": purpose, "set_at": now - days_back * day}
            for name, purpose, days_back in (
                ("session", "keeps you signed in on the website", 1),
                ("consent_prefs", "remembers your cookie choices", 6),
                ("_site_stats", "website analytics", 9),
                ("_ad_measure", "measures ad campaigns", 12),
            )
        ],
    )
    # The ad profile (X2 is on for the demo): what the activity above would have built.
    connection.execute(
        insert(models.AdSegment),
        [
            {"user_id": user_id, "segment": segment, "score": score, "updated_at": now}
            for segment, score in sorted(ad_scores.items())
        ],
    )
    changes = consent_changes(now)
    connection.execute(
        insert(models.ChoiceChange),
        [
            {
                "user_id": user_id,
                "choice_id": change.choice_id,
                "old_value": change.old_value,
                "new_value": change.new_value,
                "changed_at": change.changed_at,
                "client": change.client,
            }
            for change in changes
        ],
    )
    latest = {change.choice_id: change for change in changes}
    connection.execute(
        insert(models.ChoiceValue),
        [
            {
                "user_id": user_id,
                "choice_id": choice_id,
                "value": change.new_value,
                "updated_at": change.changed_at,
            }
            for choice_id, change in sorted(latest.items())
        ],
    )
    return written
