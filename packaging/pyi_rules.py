"""What every Privacy Desk PyInstaller build leaves out, shared by the app's spec and the
hello-world bundle the size benchmark builds beside it (same excludes, same Qt trimming).

Imported from a .spec file (PyInstaller runs specs with `exec`), so plain Python only.
"""

from __future__ import annotations

import re
import sys

# The reference service and everything only it (or the tests) uses. The app imports
# `server` lazily for `--demo` only; the frozen app has no demo service.
EXCLUDED_MODULES = [
    "server",
    "tests",
    "benchmarks",
    "tools",
    "fastapi",
    "starlette",
    "sqlalchemy",
    "uvicorn",
    "psycopg",
    "psycopg_binary",
    "psycopg_pool",
    "asyncpg",
    "alembic",
    "mako",
    "pydantic",
    "pydantic_core",
    "argon2",
    "multipart",
    "python_multipart",
    "httpx",
    "httpcore",
    "anyio",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_benchmark",
    "hypothesis",
    "schemathesis",
    "authlib",
    "openapi_python_client",
    "mypy",
    "ruff",
    "setuptools",
    "pkg_resources",
    "pip",
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc",
    "IPython",
    # requests takes chardet when it is there, else its declared charset_normalizer.
    "chardet",
    # urllib3's SOCKS proxy support, present in the build's venv only because selenium (a
    # test tool) wants PySocks; the app does not offer SOCKS proxies.
    "socks",
    # keyring's own Secret Service backend needs secretstorage, which needs cryptography
    # (11.6 MB with its own OpenSSL) for one AES call. The app speaks the Secret Service
    # itself (app/auth/secret_service) with CPython's libcrypto, and checks receipts with
    # app/core/ed25519.py: none of these is imported by the frozen app.
    "secretstorage",
    "cryptography",
    "cffi",
    "_cffi_backend",
    # The XML parser (pyexpat carries its own copy of libexpat, which lintian refuses as an
    # embedded library) and what reaches it: jeepney's threaded D-Bus connection (the
    # notifications) imports concurrent.futures, whose process pool would import
    # multiprocessing, whose XML-RPC listener would import the parser. The app uses none
    # of them: futures from threads only, no XML anywhere (the LaunchAgent plist is
    # written out by app/local/autostart.py).
    "xmlrpc",
    "xml.sax",
    "xml.parsers.expat",
    "pyexpat",
    # Imported only under `if TYPE_CHECKING` (requests, truststore, jaraco).
    "typing_extensions",
    # Qt modules the app does not import (it uses QtCore, QtGui and QtWidgets only).
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtXml",
    "PySide6.QtDBus",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtPrintSupport",
    "PySide6.QtConcurrent",
]

# Qt plugins kept, per plugin directory; a directory not named here is dropped whole.
# Platforms: the desktop ones of each OS, plus offscreen and minimal for headless runs.
_KEPT_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {
        "qxcb",
        "qwayland",
        "qwayland-generic",
        "qwayland-egl",
        "qoffscreen",
        "qminimal",
        "qwindows",
        "qcocoa",
    },
    "platformthemes": None,  # GTK 3 and the XDG portal: native dialogs and the dark-mode hint
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl", "shm-emulation-server"},
    "wayland-shell-integration": {"xdg-shell"},
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg", "qico"},
    "styles": None,  # qmodernwindowsstyle on Windows, the native look
}

# Qt libraries that only modules we do not use (or dropped plugins) need.
_DROPPED_QT_LIBRARIES = re.compile(
    r"Qt6?(Qml|Quick|Pdf|Network|Sql|Designer|Help|Test|Lottie|Labs|VirtualKeyboard"
    r"|OpenGLWidgets|PrintSupport|Concurrent|Xml|ShaderTools|EglFS|EglFs|WlShellIntegration"
    r"|Wayland(Compositor|EglCompositor))",
)

_KEPT_QT_TRANSLATIONS = re.compile(r"qt(base)?_(en|nl)\.qm$")


def _plugin_name(file_name: str) -> str:
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest_name: str) -> bool:
    """Whether a file PyInstaller collected belongs in the bundle (by its bundle path)."""
    parts = dest_name.replace("\\", "/").split("/")
    if "Qt" in parts or "PySide6" in parts[:1]:
        if "translations" in parts:
            return bool(_KEPT_QT_TRANSLATIONS.search(parts[-1]))
        if "plugins" in parts:
            index = parts.index("plugins")
            if len(parts) <= index + 2:
                return True
            kind, file_name = parts[index + 1], parts[-1]
            if kind not in _KEPT_PLUGINS:
                return False
            wanted = _KEPT_PLUGINS[kind]
            return wanted is None or _plugin_name(file_name) in wanted
        if "qml" in parts or ("resources" in parts and "qtwebengine" in dest_name):
            return False
    if _DROPPED_QT_LIBRARIES.search(parts[-1]):
        return False
    return parts[0] not in {"server", "tests"}


def trim(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The TOC entries `keep` accepts (works on Analysis.binaries and Analysis.datas)."""
    return [entry for entry in toc if keep(entry[0])]


# Linux: the Python runtime travels with the bundle (libpython and the OpenSSL its ssl
# module was built against: a distribution may have neither Python 3.11 nor the same
# OpenSSL); every other shared library PyInstaller found on the build system (X11, xcb,
# GTK, GLib, D-Bus, fontconfig, zlib, libffi, ...) is left to the distribution and declared
# as a package dependency (packaging/linux/find_depends.py), so the app uses the user's
# own patched copies and they match the desktop's themes and configuration.
_PYTHON_RUNTIME = re.compile(r"^lib(python3|ssl|crypto|mpdec)\b[.\w-]*\.so")
_SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")


def drop_system_libraries(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """On Linux, the binaries that are not system libraries or are the Python runtime."""
    if not sys.platform.startswith("linux"):
        return toc
    kept = []
    for dest_name, src_name, typecode in toc:
        base = dest_name.replace("\\", "/").split("/")[-1]
        from_system = (src_name or "").startswith(_SYSTEM_LIBRARY_DIRS)
        if from_system and "/" not in dest_name and not _PYTHON_RUNTIME.match(base):
            continue
        kept.append((dest_name, src_name, typecode))
    return kept


def is_windows() -> bool:
    return sys.platform == "win32"


def is_macos() -> bool:
    return sys.platform == "darwin"
