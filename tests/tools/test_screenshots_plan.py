"""`make screenshots` takes what issue 18 asks for: every page in light and in dark, in
English and Dutch, the main dialogs, a narrow window; and the user guide shows only
pictures that are taken. The plan is read without rendering anything (the tool checks at
the end of a run that it took every planned file)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from app.ui.main_window import SIDEBAR

REPO_ROOT = Path(__file__).resolve().parents[2]
GUIDE = REPO_ROOT / "docs" / "user-guide.md"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screenshots", REPO_ROOT / "tools" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


screenshots = _load_tool()
FILES = [shot.file_name for shot in screenshots.plan()]


def test_the_tool_shoots_the_pages_the_sidebar_lists() -> None:
    assert screenshots.PAGES == SIDEBAR


def test_every_page_is_shot_in_light_in_both_languages_under_the_names_the_guide_uses() -> None:
    for language in ("en", "nl"):
        for page in SIDEBAR:
            assert f"{language}-{page}.png" in FILES


def test_every_page_is_shot_in_dark_in_both_languages() -> None:
    for language in ("en", "nl"):
        for page in SIDEBAR:
            assert f"{language}-dark-{page}.png" in FILES
    dark = [s for s in screenshots.plan() if s.theme == "dark"]
    assert all("-dark-" in s.file_name for s in dark)
    assert all(s.theme == "dark" for s in screenshots.plan() if "-dark-" in s.file_name)


def test_the_main_dialogs_are_shot_in_both_languages() -> None:
    dialogs = (
        "dialog-sign-in",
        "dialog-access-request",
        "dialog-deletion-request",
        "dialog-receipt",
        "dialog-forget-device",
        "certificate-refused",
        "complaint-dialog",
        "agent-dialog",
    )
    for language in ("en", "nl"):
        for dialog in dialogs:
            assert f"{language}-{dialog}.png" in FILES


def test_a_narrow_window_is_shot_in_both_languages_at_about_800_by_600() -> None:
    width, height = screenshots.NARROW_SIZE
    assert width <= 800 and height <= 600
    # Narrower than the sidebar's titles allow: the sidebar shows its icons only.
    from app.ui.main_window import SIDEBAR_COMPACT_BELOW

    assert width < SIDEBAR_COMPACT_BELOW
    for language in ("en", "nl"):
        narrow = [f for f in FILES if f.startswith(f"{language}-narrow-")]
        assert narrow, f"no narrow window in {language}"
        assert all(f.removeprefix(f"{language}-narrow-")[:-4] in SIDEBAR for f in narrow)


def test_every_file_name_is_taken_once() -> None:
    assert len(FILES) == len(set(FILES))
    assert all(re.fullmatch(r"(en|nl)-[a-z0-9-]+\.png", f) for f in FILES)


def test_only_takes_the_files_whose_names_match() -> None:
    chosen = screenshots.select(screenshots.plan(), ["en-dark-*", "nl-dialog-receipt.png"])
    assert [s.file_name for s in chosen] == [f"en-dark-{page}.png" for page in SIDEBAR] + [
        "nl-dialog-receipt.png"
    ]
    assert screenshots.select(screenshots.plan(), []) == screenshots.plan()


def test_one_language_plans_only_that_language() -> None:
    assert {s.language for s in screenshots.plan(("nl",))} == {"nl"}


def test_the_user_guide_shows_only_pictures_that_are_taken() -> None:
    """Made by this tool, or by another one (the browser's pages, the installed app)."""
    shown = re.findall(r"\(screenshots/([^)]+\.png)\)", GUIDE.read_text(encoding="utf-8"))
    from_other_tools = [f for f in shown if "-browser-" in f or f == "installed-app.png"]
    assert [f for f in shown if f not in FILES and f not in from_other_tools] == []


def test_the_user_guide_shows_dark_mode_a_narrow_window_and_the_new_dialogs() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert re.search(r"screenshots/en-dark-[a-z]+\.png", guide)
    assert re.search(r"screenshots/en-narrow-[a-z]+\.png", guide)
    for dialog in ("sign-in", "access-request", "deletion-request", "receipt", "forget-device"):
        assert f"screenshots/en-dialog-{dialog}.png" in guide
