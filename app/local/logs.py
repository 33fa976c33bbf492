"""The app's log file: rotating, kept 90 days (T2), and never holding a secret.

Everything that reaches the file passes `RedactingFilter` first, because a log is the
place a token or an e-mail address leaks by accident: a request body in a debug line, an
exception message quoting a header, a library's repr of its arguments. The filter works
on the final text (message with its arguments merged in, exception text, stack), so it
does not matter how the secret got into the record.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from datetime import UTC, datetime, timedelta
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "privacy-desk.log"
MAX_LOG_BYTES = 1024 * 1024
LOG_BACKUP_COUNT = 5
LOG_RETENTION = timedelta(days=90)  # T2: logs and debugging data are deleted after 90 days
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

REDACTED = "[redacted]"
EMAIL_REDACTED = "[e-mail]"

# `Authorization: Bearer abc`, `'Authorization': 'AppId id.secret'`, `authorization=Basic x`
_AUTHORIZATION = re.compile(
    r"""(?ix)
    (\b(?:proxy-)?authorization\b["']?\s*[:=]\s*["']?)
    (?:(?:bearer|basic|digest|appid|token)\s+)?
    [^\s"',;}\]]+
    """
)
# A bearer credential on its own, wherever it turns up.
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
# JSON Web Tokens are recognisable by their first bytes, whatever surrounds them.
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# Bounded, so that a long run of word characters costs linear time, not quadratic.
_SECRET_NAME = r"[\w-]{0,40}?(?:token|password|passwd|passphrase|secret|api[_-]?key|cookie)"
_SECRET_NAME_WORDS = ("token", "passw", "passphrase", "secret", "api", "cookie")
# `key=value` (forms, query strings, prose), `"key": "value"` (JSON), `'key': 'value'` (repr)
_KEY_VALUE = re.compile(
    rf"""(?ix)
    (?P<key>["']?\b{_SECRET_NAME}["']?)
    (?P<sep>\s*[:=]\s*)
    (?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&,;)}}\]"']+)
    """
)
# `('password', 'value')`: form data given to `requests` as a list of pairs
_KEY_VALUE_PAIR = re.compile(
    rf"""(?ix)
    (?P<key>(?P<q>["']){_SECRET_NAME}(?P=q)\s*,\s*)
    (?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    """
)
# Plain and URL-encoded (`ada%40example.org`, as in a form body) addresses.
_EMAIL = re.compile(
    r"(?i)(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}(?:@|%40)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}"
)
# An opaque base64url or hex run long enough to be a credential...
_OPAQUE_RUN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}={0,2}(?![A-Za-z0-9_-])")
# ...is removed when a word like these stands close to it.
_TOKENISH_WORD = re.compile(
    r"(?i)token|bearer|secret|passw|session|refresh|auth|credential|cookie|api[_ -]?key|grant"
)
_NEAR_BEFORE = 48
_NEAR_AFTER = 24


def redact(text: str) -> str:
    """`text` without tokens, passwords, Authorization values, e-mail addresses or home dir."""
    text = _AUTHORIZATION.sub(lambda match: match.group(1) + REDACTED, text)
    text = _BEARER.sub(lambda match: f"{match.group(1)} {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    lowered = text.lower()
    if any(word in lowered for word in _SECRET_NAME_WORDS):
        text = _KEY_VALUE.sub(_redact_value, text)
        text = _KEY_VALUE_PAIR.sub(_redact_value, text)
    if "@" in text or "%40" in text:
        text = _EMAIL.sub(EMAIL_REDACTED, text)
    text = _OPAQUE_RUN.sub(lambda match: _redact_if_tokenish(match, text), text)
    return replace_home_dir(text)


def replace_home_dir(text: str) -> str:
    """The user's home directory becomes `~`: its name is often the person's name."""
    home = os.path.expanduser("~")
    if len(home) <= 1 or (home not in text and home.lower() not in text.lower()):
        return text
    flags = re.IGNORECASE if os.name == "nt" else 0
    return re.sub(re.escape(home) + r"(?![\w.-])", "~", text, flags=flags)


def _redact_value(match: re.Match[str]) -> str:
    value = match.group("value")
    quote = value[0] if value[:1] in ("'", '"') else ""
    return f"{match.group('key')}{match.groupdict().get('sep') or ''}{quote}{REDACTED}{quote}"


def _redact_if_tokenish(match: re.Match[str], text: str) -> str:
    start, end = match.span()
    nearby = text[max(0, start - _NEAR_BEFORE) : start] + " " + text[end : end + _NEAR_AFTER]
    return REDACTED if _TOKENISH_WORD.search(nearby) else match.group(0)


class RedactingFilter(logging.Filter):
    """Rewrites each record in place: whatever handler sees it next sees it redacted."""

    _exception_formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line, nor leak the args
            message = f"{record.msg!s} [arguments left out: they did not fit the message]"
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = self._exception_formatter.formatException(record.exc_info)
            # Formatters use exc_text when it is set; dropping exc_info keeps any other
            # formatter from rendering the raw exception again.
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _AppLogHandler(RotatingFileHandler):
    """Our handler, recognisable so that configuring twice replaces rather than doubles.

    It can be paused: forgetting the device deletes the log, and a line logged a moment
    later must not create it again. Paused, it holds no open file and drops records.
    """

    paused = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.paused:  # `handle` calls emit under the handler's lock, as pause does
            return
        super().emit(record)

    def _open(self) -> io.TextIOWrapper:
        # After a pause the folder may be gone (forgotten): make it again, private.
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        stream = super()._open()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)  # also when reopened after a pause
        return stream

    def pause(self) -> None:
        with self.lock or contextlib.nullcontext():
            self.paused = True
            stream, self.stream = self.stream, None
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
                    stream.close()

    def resume(self) -> None:
        with self.lock or contextlib.nullcontext():
            self.paused = False  # the file is opened again by the next record


def configure_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the root logger (ours and every library's) to the rotating, redacted log file.

    Removes log files older than 90 days first. Returns the log file's path.
    """
    log_file = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _AppLogHandler):
            if Path(handler.baseFilename) == log_file.absolute():
                handler.setLevel(level)
                _let_through(root, level)
                return log_file
            root.removeHandler(handler)
            handler.close()

    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    remove_old_logs(log_dir)
    handler = _AppLogHandler(
        log_file, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUP_COUNT, encoding="utf-8"
    )
    with contextlib.suppress(OSError):
        os.chmod(log_file, 0o600)  # the log is the user's business only
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    _let_through(root, level)
    return log_file


def pause_log_file(log_dir: Path) -> None:
    """Close the app's log file in `log_dir` and write nothing to it until `resume_log_file`."""
    for handler in _handlers_writing_in(log_dir):
        handler.pause()


def resume_log_file(log_dir: Path) -> None:
    for handler in _handlers_writing_in(log_dir):
        handler.resume()


def _handlers_writing_in(log_dir: Path) -> list[_AppLogHandler]:
    folder = log_dir.absolute()
    return [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, _AppLogHandler) and Path(handler.baseFilename).parent == folder
    ]


def _let_through(root: logging.Logger, level: int) -> None:
    # Lower the root's threshold when it would drop what the file should get; never raise it.
    if root.level > level:
        root.setLevel(level)


def remove_old_logs(
    log_dir: Path, now: datetime | None = None, *, max_age: timedelta = LOG_RETENTION
) -> list[Path]:
    """Delete our log files (current and rotated) last written before `now - max_age`."""
    cutoff = ((now or datetime.now(UTC)) - max_age).timestamp()
    removed: list[Path] = []
    try:
        candidates = list(log_dir.glob(LOG_FILE_NAME + "*"))
    except OSError:
        return removed
    for path in candidates:
        if not _is_log_file(path.name):
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed


def _is_log_file(name: str) -> bool:
    if name == LOG_FILE_NAME:
        return True
    suffix = name.removeprefix(LOG_FILE_NAME + ".")
    return suffix != name and suffix.isdigit()
