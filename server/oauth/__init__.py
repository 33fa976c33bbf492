"""Browser and device sign-in (OAuth 2.0): the rules the OAuth routes apply.

`clients` (registered clients and their redirects, as data), `pkce`, `codes` (authorization
codes), `device` (RFC 8628 device authorizations), `form_tokens` (CSRF) and `pages` (the
sign-in pages, from Jinja2 templates, in English and Dutch). The routes are in
server/api/oauth.py (the pages, the metadata, device authorization) and server/api/auth.py
(the token endpoint, which redeems codes and device codes).
"""
