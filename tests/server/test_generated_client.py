"""The contract is usable by others, not only by our app: a client generated from the live
`/openapi.json` by openapi-python-client (offline, into the test's folder) builds without
a warning, signs in and reads the choices over real HTTP, and its signatures carry what the
contract requires (If-Match, Idempotency-Key, a signed-in client for secured operations).
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from server.config import Settings
from server.embedded import EmbeddedService
from tests.server.helpers import Account

PACKAGE = "privacy_desk_client"
GENERATOR_CONFIG = f"""\
package_name_override: {PACKAGE}
post_hooks: []
# The access copy is a ZIP: the generator knows binary bodies as octet-stream.
content_type_overrides:
  application/zip: application/octet-stream
  # The Data Rights Protocol's signed messages: base64 text, sent as bytes.
  text/plain: application/octet-stream
"""


def _generator() -> str:
    beside_python = Path(sys.executable).with_name("openapi-python-client")
    found = str(beside_python) if beside_python.exists() else shutil.which("openapi-python-client")
    if found is None:
        pytest.fail(
            "openapi-python-client is needed (a dev dependency): "
            ".venv/bin/pip install openapi-python-client"
        )
    return found


@pytest.fixture
def service(settings: Settings) -> Iterator[str]:
    embedded = EmbeddedService(settings)
    try:
        yield embedded.start()
    finally:
        embedded.stop()


def generate_client(base_url: str, folder: Path) -> ModuleType:
    """Generate the client from the running service's contract and import it."""
    spec = folder / "openapi.json"
    spec.write_bytes(httpx.get(f"{base_url}/openapi.json", timeout=10).content)
    config = folder / "generator.yaml"
    config.write_text(GENERATOR_CONFIG)
    generated = subprocess.run(
        [
            _generator(),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = generated.stdout + generated.stderr
    assert generated.returncode == 0, output
    # Every operation and every answer made it into the client.
    assert "Warning" not in output and "WARNING" not in output, output
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))


@pytest.fixture
def client_package(service: str, tmp_path: Path) -> Iterator[ModuleType]:
    package = generate_client(service, tmp_path)
    try:
        yield package
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _module(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def test_a_generated_client_signs_in_and_reads_the_choices(
    client_package: ModuleType, service: str, ada: Account
) -> None:
    token = _module(client_package, "api.auth.token")
    get_choices = _module(client_package, "api.choices.get_choices")
    models = _module(client_package, "models")

    anonymous = client_package.Client(base_url=service)
    grant = token.sync(
        client=anonymous,
        body=models.BodyToken(
            grant_type=models.BodyTokenGrantType.PASSWORD,
            username=ada.email,
            password=ada.password,
        ),
    )
    assert isinstance(grant, models.TokenResponse), grant
    assert grant.user.email == ada.email

    signed_in = client_package.AuthenticatedClient(base_url=service, token=grant.access_token)
    answer = get_choices.sync_detailed(client=signed_in)
    assert answer.status_code == 200
    assert isinstance(answer.parsed, models.ChoicesResponse)
    assert [choice.id for choice in answer.parsed.choices] == [f"X{n}" for n in range(1, 10)]
    assert answer.headers["ETag"] == f'"{answer.parsed.version}"'


def test_a_refusal_reaches_a_generated_client_as_a_problem(
    client_package: ModuleType, service: str
) -> None:
    get_choices = _module(client_package, "api.choices.get_choices")
    models = _module(client_package, "models")

    stranger = client_package.AuthenticatedClient(base_url=service, token="not-a-token")
    answer = get_choices.sync_detailed(client=stranger)
    assert answer.status_code == 401
    assert isinstance(answer.parsed, models.Problem)
    assert answer.parsed.code == "invalid_token"


def test_required_headers_and_credentials_are_in_the_generated_signatures(
    client_package: ModuleType,
) -> None:
    def parameters(module: str) -> dict[str, inspect.Parameter]:
        return dict(inspect.signature(_module(client_package, module).sync).parameters)

    patch = parameters("api.choices.patch_choices")
    assert patch["if_match"].annotation in (str, "str")
    assert patch["if_match"].default is inspect.Parameter.empty
    filing = parameters("api.requests.file_request")
    assert filing["idempotency_key"].annotation in (str, "str")
    assert filing["idempotency_key"].default is inspect.Parameter.empty
    # Secured operations take a signed-in client; the sign-in itself does not.
    assert "AuthenticatedClient" in str(patch["client"].annotation)
    assert "| Client" not in str(patch["client"].annotation)
    assert "Client" in str(parameters("api.auth.token")["client"].annotation)
