"""A crash report and how it is made: facts about the code, never the data it was handling.

Per frame only the file's base name, the line number and the function; the exception's
message and the frames' local variables are left out on purpose: they are where e-mail
addresses, tokens and records end up. A hard crash leaves a `faulthandler` trace instead,
read here the same way (the error's name, redacted, and the crashing thread's frames).
"""

from __future__ import annotations

import platform
import re
import sys
import traceback
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from app.local.logs import redact

MAX_FRAMES = 50


@dataclass(frozen=True)
class CrashFrame:
    file: str  # base name only: a full path names the user's home and folders
    line: int
    function: str


@dataclass(frozen=True)
class CrashReport:
    id: str
    created_at: str  # ISO 8601, UTC
    app_version: str
    python: str
    qt: str
    platform: str
    exception_type: str
    traceback: tuple[CrashFrame, ...]  # outermost call first, as Python prints it
    summary: str

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at.replace("Z", "+00:00"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "python": self.python,
            "qt": self.qt,
            "platform": self.platform,
            "exception_type": self.exception_type,
            "traceback": [
                {"file": frame.file, "line": frame.line, "function": frame.function}
                for frame in self.traceback
            ],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: Any) -> CrashReport:
        """Raises ValueError for anything that is not a report this app wrote."""
        if not isinstance(data, dict):
            raise ValueError("not a crash report")
        frames = data.get("traceback")
        if not isinstance(frames, list):
            raise ValueError("not a crash report")
        report = cls(
            id=_text(data, "id"),
            created_at=_text(data, "created_at"),
            app_version=_text(data, "app_version"),
            python=_text(data, "python"),
            qt=_text(data, "qt"),
            platform=_text(data, "platform"),
            exception_type=_text(data, "exception_type"),
            traceback=tuple(_frame(frame) for frame in frames),
            summary=_text(data, "summary"),
        )
        report.created  # noqa: B018 - a date that does not parse makes a bad report
        return report


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise ValueError(f"crash report without {name}")
    return value


def _frame(data: Any) -> CrashFrame:
    if not isinstance(data, dict):
        raise ValueError("crash report with a bad frame")
    line = data.get("line")
    if not isinstance(line, int):
        raise ValueError("crash report with a bad frame")
    return CrashFrame(_text(data, "file"), line, _text(data, "function"))


def report_from_exception(
    exc_type: type[BaseException],
    tb: TracebackType | None,
    *,
    app_version: str,
    now: datetime | None = None,
) -> CrashReport:
    """The exception's type and frames; its message and the frames' locals stay out."""
    frames = [
        CrashFrame(
            file=_base_name(frame.f_code.co_filename),
            line=lineno or 0,
            function=frame.f_code.co_qualname,
        )
        for frame, lineno in traceback.walk_tb(tb)
    ]
    return _new_report(_type_name(exc_type), frames, app_version=app_version, now=now)


_FAULT_ERROR = re.compile(r"^(?:Fatal Python error|Windows fatal exception): *(.+?)\s*$", re.M)
_FAULT_FRAME = re.compile(r'^\s+File "(.*)", line (\d+) in (.+?)\s*$')


def report_from_fault_trace(
    text: str, *, app_version: str, created_at: datetime
) -> CrashReport | None:
    """Parse what `faulthandler` wrote; only the error name and the frames are kept."""
    error = _FAULT_ERROR.search(text)
    if error is None:
        return None
    frames_newest_first: list[CrashFrame] = []
    in_thread = False
    for line in text.splitlines():
        if line.startswith(("Current thread", "Thread 0x", "Stack (most recent")):
            if frames_newest_first:
                break  # the crashing thread comes first; the others are not needed
            in_thread = line.startswith(("Current thread", "Stack"))
            continue
        frame = _FAULT_FRAME.match(line) if in_thread else None
        if frame is not None:
            frames_newest_first.append(
                CrashFrame(_base_name(frame.group(1)), int(frame.group(2)), frame.group(3))
            )
    kind = redact(error.group(1))[:100]
    frames = list(reversed(frames_newest_first))
    return _new_report(kind, frames, app_version=app_version, now=created_at)


def _new_report(
    exception_type: str,
    frames: list[CrashFrame],
    *,
    app_version: str,
    now: datetime | None,
) -> CrashReport:
    frames = frames[-MAX_FRAMES:]
    summary = exception_type
    if frames:
        last = frames[-1]
        summary = f"{exception_type} in {last.function} ({last.file}:{last.line})"
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return CrashReport(
        id=str(uuid.uuid4()),
        created_at=moment.isoformat().replace("+00:00", "Z"),
        app_version=app_version,
        python=f"{platform.python_implementation()} {platform.python_version()}",
        qt=_qt_version(),
        platform=platform.platform(),
        exception_type=exception_type,
        traceback=tuple(frames),
        summary=summary,
    )


def _type_name(exc_type: type[BaseException]) -> str:
    if exc_type.__module__ == "builtins":
        return exc_type.__qualname__
    return f"{exc_type.__module__}.{exc_type.__qualname__}"


def _base_name(file_name: str) -> str:
    return re.split(r"[\\/]", file_name)[-1] or file_name


def _qt_version() -> str:
    """Qt's version if the app has loaded it; this module never imports Qt itself."""
    qt_core = sys.modules.get("PySide6.QtCore")
    version = getattr(qt_core, "qVersion", None)
    return str(version()) if callable(version) else ""
