"""Browser and device sign-in (OAuth 2.0): the service's own sign-in pages, its metadata and
device authorization. Codes and device codes are redeemed at the token endpoint
(server/api/auth.py); the rules both apply are in server/oauth/.

- `GET /.well-known/oauth-authorization-server`: RFC 8414 metadata.
- `GET|POST /v1/oauth/authorize`: the sign-in page of the authorization code flow with PKCE
  (RFC 6749 section 4.1, RFC 7636, RFC 8252 for the app's loopback redirect). With
  `prompt=login` or `max_age=0` it is the step-up before a deletion.
- `POST /v1/oauth/device_authorization`, `GET|POST /v1/oauth/device`: device sign-in
  (RFC 8628).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from server.accounts import find_user_by_email, normalise_email
from server.api.deps import SessionDep, SettingsDep
from server.config import Settings
from server.db.models import User
from server.oauth import device
from server.oauth.authorization import Authorization, request_fields, request_problem
from server.oauth.clients import registered_client
from server.oauth.codes import issue_code
from server.oauth.device import DEVICE_CODE_GRANT
from server.oauth.form_tokens import FIELD, form_secret, form_token, form_token_fits, keep_secret
from server.oauth.pages import page_language, render_page, text
from server.oauth.pkce import SUPPORTED_METHODS
from server.oauth_errors import OAuthEndpoint, oauth_refusal
from server.problems import Problem
from server.rate_limit import TOO_MANY_ATTEMPTS, check_password_attempt, limit_sign_in_attempts
from server.security import verify_password

router = APIRouter(tags=["oauth"])
endpoints = APIRouter(route_class=OAuthEndpoint, tags=["oauth"])

AUTHORIZE_PATH = "/v1/oauth/authorize"
DEVICE_PAGE_PATH = "/v1/oauth/device"


def issuer_of(request: Request) -> str:
    return str(request.base_url).rstrip("/")


# --- RFC 8414 metadata -----------------------------------------------------------------------


class AuthorizationServerMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    revocation_endpoint: str
    device_authorization_endpoint: str
    grant_types_supported: list[str]
    response_types_supported: list[str]
    code_challenge_methods_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]
    revocation_endpoint_auth_methods_supported: list[str]
    prompt_values_supported: list[str]
    authorization_response_iss_parameter_supported: bool
    ui_locales_supported: list[str]


@router.get("/.well-known/oauth-authorization-server", response_model=AuthorizationServerMetadata)
def authorization_server_metadata(
    request: Request, settings: SettingsDep
) -> AuthorizationServerMetadata:
    """Where the endpoints are and what they take, for any OAuth client (RFC 8414)."""
    issuer = issuer_of(request)
    grants = ["authorization_code", "refresh_token", DEVICE_CODE_GRANT]
    if settings.password_grant:
        grants.append("password")
    return AuthorizationServerMetadata(
        issuer=issuer,
        authorization_endpoint=issuer + AUTHORIZE_PATH,
        token_endpoint=issuer + "/v1/auth/token",
        revocation_endpoint=issuer + "/v1/auth/revoke",
        device_authorization_endpoint=issuer + "/v1/oauth/device_authorization",
        grant_types_supported=grants,
        response_types_supported=["code"],
        code_challenge_methods_supported=list(SUPPORTED_METHODS),
        token_endpoint_auth_methods_supported=["none"],
        revocation_endpoint_auth_methods_supported=["none"],
        prompt_values_supported=["login"],
        authorization_response_iss_parameter_supported=True,
        ui_locales_supported=["en", "nl"],
    )


# --- the authorization code flow's sign-in page ----------------------------------------------


class _Refused(Exception):
    """The page's sign-in was refused: a wrong password, or too many attempts."""

    def __init__(self, key: str, status: int, seconds: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.status = status
        self.headers = {"Retry-After": seconds} if seconds else {}

    def message(self, language: str) -> str:
        seconds = self.headers.get("Retry-After", "")
        return text(language, self.key, seconds=seconds) if seconds else text(language, self.key)


class PageAnswer(Exception):
    """Stop handling the request and answer with this page or redirect."""

    def __init__(self, response: Response) -> None:
        super().__init__("answered")
        self.response = response


async def _query(request: Request) -> dict[str, str]:
    return dict(request.query_params)


async def _form(request: Request) -> dict[str, str]:
    return {name: value for name, value in (await request.form()).items() if isinstance(value, str)}


QueryFields = Annotated[dict[str, str], Depends(_query)]
FormFields = Annotated[dict[str, str], Depends(_form)]


def _redirect(request: Request, authorization: Authorization, **answer: str) -> RedirectResponse:
    """Back to the client (RFC 6749 section 4.1.2), `state` as it came, `iss` per RFC 9207."""
    parameters = {**answer, "iss": issuer_of(request)}
    if "state" in authorization.fields:
        parameters["state"] = authorization.fields["state"]
    glue = "&" if "?" in authorization.redirect_uri else "?"
    return RedirectResponse(
        f"{authorization.redirect_uri}{glue}{urlencode(parameters)}",
        status_code=303,
        headers={"Referrer-Policy": "no-referrer"},
    )


def _stopped(request: Request, language: str, fields: dict[str, str], reason: str) -> PageAnswer:
    """A bad client or redirect: said on the page, never redirected (section 4.1.2.1)."""
    return PageAnswer(
        render_page(
            "notice.html",
            language=language,
            path=AUTHORIZE_PATH,
            query=fields,
            status=400,
            title=text(language, "stopped_title"),
            message=text(language, reason),
            error=None,
            stopped=True,
        )
    )


def _authorization(request: Request, given: dict[str, str], language: str) -> Authorization:
    """The request checked in RFC 6749's order: client and redirect first (shown on the
    page), then everything else (sent back to the redirect as an error)."""
    fields = request_fields(given)
    client = registered_client(fields.get("client_id"))
    if client is None:
        raise _stopped(request, language, fields, "unknown_client")
    redirect_uri = fields.get("redirect_uri", "")
    if not client.accepts_redirect(redirect_uri):
        raise _stopped(request, language, fields, "bad_redirect")
    authorization = Authorization(client, redirect_uri, fields)
    problem = request_problem(fields)
    if problem is not None:
        error, description = problem
        raise PageAnswer(
            _redirect(request, authorization, error=error, error_description=description)
        )
    return authorization


def _sign_in_page(
    request: Request,
    authorization: Authorization,
    language: str,
    *,
    email: str = "",
    refused: _Refused | None = None,
) -> HTMLResponse:
    secret = form_secret(request)
    client = authorization.client.name
    step_up = authorization.step_up
    response = render_page(
        "sign_in.html",
        language=language,
        path=AUTHORIZE_PATH,
        query=authorization.fields,
        status=refused.status if refused else 200,
        headers=refused.headers if refused else None,
        title=text(language, "step_up_title" if step_up else "sign_in_title"),
        intro=text(language, "step_up_intro" if step_up else "sign_in_intro", client=client),
        submit_label=text(language, "confirm_button" if step_up else "sign_in_button"),
        fields=authorization.fields,
        csrf_token=form_token(secret, "authorize", authorization.fields),
        email=email,
        error=refused.message(language) if refused else None,
    )
    keep_secret(response, request, secret)
    return response


@router.get(AUTHORIZE_PATH, include_in_schema=False)
def authorize_page(request: Request, query: QueryFields) -> Response:
    language = page_language(request, query.get("lang"))
    try:
        authorization = _authorization(request, query, language)
    except PageAnswer as answer:
        return answer.response
    return _sign_in_page(request, authorization, language, email=query.get("login_hint", ""))


@router.post(AUTHORIZE_PATH, include_in_schema=False)
def authorize(
    request: Request, form: FormFields, session: SessionDep, settings: SettingsDep
) -> Response:
    language = page_language(request, form.get("lang"))
    try:
        authorization = _authorization(request, form, language)
    except PageAnswer as answer:
        return answer.response
    email = form.get("email", "")
    if not form_token_fits(request, "authorize", authorization.fields, form.get(FIELD, "")):
        return _sign_in_page(
            request, authorization, language, email=email, refused=_Refused("form_expired", 400)
        )
    if form.get("action") == "cancel":
        return _redirect(
            request,
            authorization,
            error="access_denied",
            error_description="the user cancelled signing in",
        )
    try:
        user = _signed_in(request, session, settings, email, form.get("password", ""))
    except _Refused as refused:
        return _sign_in_page(request, authorization, language, email=email, refused=refused)
    code = issue_code(
        session,
        settings,
        client_id=authorization.client.client_id,
        redirect_uri=authorization.redirect_uri,
        code_challenge=authorization.fields["code_challenge"],
        user_id=user.id,
        step_up=authorization.step_up,
    )
    return _redirect(request, authorization, code=code)


def _count_attempt(request: Request, settings: Settings, account: str | None) -> None:
    try:
        check_password_attempt(request, settings, account)
    except Problem as problem:
        raise _Refused("too_many", 429, problem.headers.get("Retry-After", "1")) from None


def _signed_in(
    request: Request, session: Session, settings: Settings, email: str, password: str
) -> User:
    """The account whose e-mail and password these are, counted against the same limits as
    the token endpoint (server/rate_limit.py)."""
    _count_attempt(request, settings, normalise_email(email))
    user = find_user_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise _Refused("wrong_password", 400)
    return user


# --- device sign-in (RFC 8628) ---------------------------------------------------------------


class DeviceAuthorizationResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int


@endpoints.post(
    "/v1/oauth/device_authorization",
    response_model=DeviceAuthorizationResponse,
    dependencies=[Depends(limit_sign_in_attempts)],
    responses={
        400: {"description": "An unknown client (`invalid_client`)"},
        **TOO_MANY_ATTEMPTS,
    },
)
def device_authorization(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client_id: Annotated[str, Form()],
    scope: Annotated[str, Form()] = "",
) -> DeviceAuthorizationResponse:
    """Start a device sign-in: the device shows `user_code` and polls the token endpoint
    with `device_code` (grant type `urn:ietf:params:oauth:grant-type:device_code`)."""
    if registered_client(client_id) is None:
        raise oauth_refusal("invalid_client", "This client is not known to the service.")
    started = device.start_device_authorization(session, settings, client_id)
    page = issuer_of(request) + DEVICE_PAGE_PATH
    return DeviceAuthorizationResponse(
        device_code=started.device_code,
        user_code=started.user_code,
        verification_uri=page,
        verification_uri_complete=f"{page}?{urlencode({'user_code': started.user_code})}",
        expires_in=started.expires_in,
        interval=started.interval,
    )


def _device_page(
    request: Request,
    language: str,
    *,
    user_code: str = "",
    email: str = "",
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    secret = form_secret(request)
    response = render_page(
        "device.html",
        language=language,
        path=DEVICE_PAGE_PATH,
        query={"user_code": user_code} if user_code else {},
        status=status,
        headers=headers,
        title=text(language, "device_title"),
        csrf_token=form_token(secret, "device", {}),
        user_code=user_code,
        email=email,
        error=error,
    )
    keep_secret(response, request, secret)
    return response


@router.get(DEVICE_PAGE_PATH, include_in_schema=False)
def device_page(request: Request, query: QueryFields) -> Response:
    language = page_language(request, query.get("lang"))
    return _device_page(request, language, user_code=query.get("user_code", ""))


@router.post(DEVICE_PAGE_PATH, include_in_schema=False)
def device_decision(
    request: Request, form: FormFields, session: SessionDep, settings: SettingsDep
) -> Response:
    language = page_language(request, form.get("lang"))
    user_code, email = form.get("user_code", ""), form.get("email", "")

    def again(refused: _Refused) -> HTMLResponse:
        return _device_page(
            request,
            language,
            user_code=user_code,
            email=email,
            error=refused.message(language),
            status=refused.status,
            headers=refused.headers,
        )

    if not form_token_fits(request, "device", {}, form.get(FIELD, "")):
        return again(_Refused("form_expired", 400))
    try:
        if form.get("action") == "deny":
            # Counted like a sign-in, so that denying is no way to try user codes quickly.
            _count_attempt(request, settings, None)
            waiting = device.waiting_authorization(session, settings, user_code)
            if waiting is not None:
                device.decide(session, waiting, None)
            return _notice(language, "device_denied_title", "device_denied")
        user = _signed_in(request, session, settings, email, form.get("password", ""))
    except _Refused as refused:
        return again(refused)
    waiting = device.waiting_authorization(session, settings, user_code)
    if waiting is None or not device.decide(session, waiting, user.id):
        return again(_Refused("unknown_user_code", 400))
    return _notice(language, "device_allowed_title", "device_allowed", email=user.email)


def _notice(language: str, title: str, message: str, **values: str) -> HTMLResponse:
    return render_page(
        "notice.html",
        language=language,
        path=DEVICE_PAGE_PATH,
        query={},
        title=text(language, title),
        message=text(language, message, **values),
        error=None,
        stopped=False,
    )


# Last, once both routers hold their routes.
router.include_router(endpoints)
