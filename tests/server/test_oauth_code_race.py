"""Two exchanges of one code at the same moment, over real connections, on both databases:
exactly one gets tokens, and the other is a replay, which ends them (RFC 6749 section
4.1.2: a code used twice was seen by someone else)."""

from __future__ import annotations

import httpx

from server.config import Settings
from tests.server.helpers import Account
from tests.server.live import all_at_once, post_form, running_service
from tests.server.oauth_flow import CLIENT_ID, REDIRECT_URI, TOKEN, code_for, new_pkce


def test_a_code_exchanged_twice_at_once_gives_one_pair_which_the_replay_ends(
    settings: Settings, ada: Account
) -> None:
    with running_service(settings) as service, httpx.Client(base_url=service.base_url) as browser:
        pkce = new_pkce()
        code = code_for(browser, ada, pkce)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": CLIENT_ID,
            "code_verifier": pkce.verifier,
        }
        answers = all_at_once([post_form(service.base_url, TOKEN, form) for _ in range(2)])
        assert sorted(answer.status_code for answer in answers) == [200, 400]
        winner = next(answer for answer in answers if answer.status_code == 200).json()
        loser = next(answer for answer in answers if answer.status_code == 400).json()
        assert loser["error"] == "invalid_grant"
        profile = browser.get(
            "/v1/me", headers={"Authorization": f"Bearer {winner['access_token']}"}
        )
        assert profile.status_code == 401
