"""Every sentence of the sign-in pages, in English and in Dutch, by key.

Both languages hold the same keys (tests/server/test_oauth_pages.py checks it); `{client}`,
`{seconds}` and `{email}` are filled in when the page is rendered.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "site": "Privacy Desk",
        "language_nav": "Language",
        "other_language": "Nederlands",
        "error_prefix": "Error:",
        "sign_in_title": "Sign in",
        "sign_in_intro": (
            "{client} wants to use your account. Sign in here, on the service's own page: "
            "the app never sees your password."
        ),
        "step_up_title": "Confirm it is you",
        "step_up_intro": (
            "You asked {client} to delete your account. Type your password once more to "
            "confirm it; the app gets a confirmation, never your password."
        ),
        "email_label": "E-mail address",
        "password_label": "Password",
        "sign_in_button": "Sign in",
        "confirm_button": "Confirm",
        "cancel_button": "Cancel",
        "wrong_password": "The e-mail address or the password is not right. Check both and try again.",
        "form_expired": (
            "This form was sent without the page's security code, or with an old one. It has "
            "been made again: please fill it in once more."
        ),
        "too_many": "Too many attempts. Wait {seconds} seconds, then try again.",
        "stopped_title": "This sign-in cannot go on",
        "unknown_client": (
            "The app that sent you here is not known to this service, so this page will not "
            "send you back to it. Close this tab and start again from the app."
        ),
        "bad_redirect": (
            "The address this sign-in would return to was not registered for the app, so "
            "this page will not send you there. Close this tab and start again from the app."
        ),
        "device_title": "Sign in a device",
        "device_intro": (
            "Type the code the other device shows, then sign in to let it use your account."
        ),
        "user_code_label": "Code shown on the device",
        "user_code_hint": "Eight letters, for example BCDF-GHJK.",
        "allow_button": "Sign in and allow",
        "deny_button": "Deny",
        "unknown_user_code": (
            "This code is not known, or it is no longer valid. Check it on the device, or "
            "start again there."
        ),
        "device_allowed_title": "The device is signed in",
        "device_allowed": (
            "The device is now signed in as {email}. You can close this page and go back to it."
        ),
        "device_denied_title": "Sign-in denied",
        "device_denied": "The device was not let in. You can close this page.",
    },
    "nl": {
        "site": "Privacy Desk",
        "language_nav": "Taal",
        "other_language": "English",
        "error_prefix": "Fout:",
        "sign_in_title": "Inloggen",
        "sign_in_intro": (
            "{client} wil uw account gebruiken. Log hier in, op de eigen pagina van de "
            "dienst: de app krijgt uw wachtwoord nooit te zien."
        ),
        "step_up_title": "Bevestig dat u het bent",
        "step_up_intro": (
            "U heeft {client} gevraagd uw account te verwijderen. Typ uw wachtwoord nog een "
            "keer om dat te bevestigen; de app krijgt een bevestiging, nooit uw wachtwoord."
        ),
        "email_label": "E-mailadres",
        "password_label": "Wachtwoord",
        "sign_in_button": "Inloggen",
        "confirm_button": "Bevestigen",
        "cancel_button": "Annuleren",
        "wrong_password": (
            "Het e-mailadres of het wachtwoord klopt niet. Controleer beide en probeer het opnieuw."
        ),
        "form_expired": (
            "Dit formulier kwam zonder de beveiligingscode van de pagina binnen, of met een "
            "oude. Het is opnieuw gemaakt: vul het nog een keer in."
        ),
        "too_many": "Te veel pogingen. Wacht {seconds} seconden en probeer het dan opnieuw.",
        "stopped_title": "Dit inloggen kan niet verder",
        "unknown_client": (
            "De app die u hierheen stuurde is bij deze dienst niet bekend, dus deze pagina "
            "stuurt u er niet naar terug. Sluit dit tabblad en begin opnieuw vanuit de app."
        ),
        "bad_redirect": (
            "Het adres waar dit inloggen naar terug zou gaan, is niet voor de app "
            "geregistreerd, dus deze pagina stuurt u daar niet heen. Sluit dit tabblad en "
            "begin opnieuw vanuit de app."
        ),
        "device_title": "Een apparaat laten inloggen",
        "device_intro": (
            "Typ de code die het andere apparaat laat zien en log daarna in om het uw "
            "account te laten gebruiken."
        ),
        "user_code_label": "Code op het apparaat",
        "user_code_hint": "Acht letters, bijvoorbeeld BCDF-GHJK.",
        "allow_button": "Inloggen en toestaan",
        "deny_button": "Weigeren",
        "unknown_user_code": (
            "Deze code is niet bekend of niet meer geldig. Controleer hem op het apparaat, "
            "of begin daar opnieuw."
        ),
        "device_allowed_title": "Het apparaat is ingelogd",
        "device_allowed": (
            "Het apparaat is nu ingelogd als {email}. U kunt deze pagina sluiten en ernaar "
            "teruggaan."
        ),
        "device_denied_title": "Inloggen geweigerd",
        "device_denied": "Het apparaat is niet binnengelaten. U kunt deze pagina sluiten.",
    },
}
