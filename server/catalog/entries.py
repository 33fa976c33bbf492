"""The catalog data: every choice (X1-X9) and data category (C1-C16), ids from policy-facts.md,
and where each category's data goes: the purposes (U) and recipients it flows to."""

from __future__ import annotations

from server.catalog.model import (
    CategoryEntry,
    ChoiceEntry,
    FlowEntry,
    PurposeEntry,
    RecipientEntry,
    Text,
)

CHOICES: tuple[ChoiceEntry, ...] = (
    # X1: playback statistics of personal media (C5)
    ChoiceEntry(
        id="X1",
        title=Text(en="Share playback statistics", nl="Afspeelstatistieken delen"),
        explanation=Text(
            en="Your apps report how your own media plays, such as device, duration and "
            "resolution, but never titles or file names. "
            "When this is off, no playback statistics are sent or kept.",
            nl="Je apps melden hoe je eigen media wordt afgespeeld, zoals apparaat, duur en "
            "resolutie, maar nooit titels of bestandsnamen. "
            "Staat dit uit, dan worden er geen afspeelstatistieken verstuurd of bewaard.",
        ),
        default=True,
        categories=("C5",),
    ),
    # X2: personalised advertising (C6, U5)
    ChoiceEntry(
        id="X2",
        title=Text(en="Personalised ads", nl="Gepersonaliseerde advertenties"),
        explanation=Text(
            en="The service picks ads that suit you, based on the partner films and shows "
            "you watch. "
            "When this is off, no ad profile is built or kept about you.",
            nl="De dienst kiest advertenties die bij je passen, op basis van de films en "
            "programma's van partners die je bekijkt. "
            "Staat dit uit, dan wordt er geen advertentieprofiel van je opgebouwd of bewaard.",
        ),
        default=True,
        categories=("C6",),
        # GPC: "do not use my data for targeted ads"
        gpc_opts_out=True,
    ),
    # X3: crash reports (C10)
    ChoiceEntry(
        id="X3",
        title=Text(en="Send crash reports", nl="Crashrapporten versturen"),
        explanation=Text(
            en="When an app crashes, it sends a report so the problem can be found and fixed. "
            "When this is off, your apps send no crash reports and the service accepts none.",
            nl="Als een app crasht, stuurt die een rapport zodat het probleem kan worden "
            "gevonden en opgelost. "
            "Staat dit uit, dan sturen je apps geen crashrapporten en neemt de dienst er "
            "ook geen aan.",
        ),
        default=True,
        categories=("C10",),
    ),
    # X4: promotional e-mail and newsletter (U3)
    ChoiceEntry(
        id="X4",
        title=Text(en="Newsletter and promotional e-mail", nl="Nieuwsbrief en promotiemails"),
        explanation=Text(
            en="You receive the newsletter and the occasional e-mail about new features and "
            "news. "
            "When this is off, administrative and legal messages about your account still "
            "reach you.",
            nl="Je krijgt de nieuwsbrief en af en toe een e-mail over nieuwe functies en "
            "nieuws. "
            "Staat dit uit, dan ontvang je nog wel administratieve en juridische berichten "
            "over je account.",
        ),
        default=True,
        categories=("C1",),
    ),
    # X5: share what I watch with content partners (C6, C7); explicit consent
    ChoiceEntry(
        id="X5",
        title=Text(
            en="Share what you watch with content partners",
            nl="Kijkgedrag delen met contentpartners",
        ),
        explanation=Text(
            en="The partners who supply films and TV see what you watched from them, together "
            "with your account details. "
            "When this is off, they get nothing that can be traced back to you.",
            nl="De partners die films en tv leveren, zien wat je van hen hebt bekeken, samen "
            "met je accountgegevens. "
            "Staat dit uit, dan krijgen ze niets wat naar jou te herleiden is.",
        ),
        default=False,
        categories=("C6", "C7"),
        # GPC: "do not share my data with others"
        gpc_opts_out=True,
    ),
    # X6: metadata matching for personal media (C3)
    ChoiceEntry(
        id="X6",
        title=Text(en="Look up details for your media", nl="Gegevens over je media opzoeken"),
        explanation=Text(
            en="Your media server sends file names without your identity and gets covers, "
            "descriptions and other details back. "
            "When this is off, your server sends no file names and receives no details.",
            nl="Je mediaserver stuurt anoniem bestandsnamen op en krijgt er afbeeldingen, "
            "beschrijvingen en andere details voor terug. "
            "Staat dit uit, dan stuurt je server geen bestandsnamen en komen er geen "
            "gegevens terug.",
        ),
        default=True,
        categories=("C3",),
    ),
    # X7: personalised recommendations; objection to automated decisions (U7)
    ChoiceEntry(
        id="X7",
        title=Text(en="Personal recommendations", nl="Persoonlijke aanbevelingen"),
        explanation=Text(
            en="The service suggests films and shows automatically, based on what you watch. "
            "When this is off, your viewing is not used for automatic suggestions.",
            nl="De dienst raadt automatisch films en series aan op basis van wat je kijkt. "
            "Staat dit uit, dan wordt je kijkgedrag niet gebruikt voor automatische "
            "aanbevelingen.",
        ),
        default=True,
        categories=("C6", "C5"),
    ),
    # X8: library statistics (C5)
    ChoiceEntry(
        id="X8",
        title=Text(en="Share library statistics", nl="Bibliotheekstatistieken delen"),
        explanation=Text(
            en="Your media server reports general figures about your library, such as how "
            "much music, video and photos it holds, never titles or file names. "
            "When this is off, no library statistics are sent or kept.",
            nl="Je mediaserver meldt algemene cijfers over je bibliotheek, zoals hoeveel "
            "muziek, video's en foto's erin staan, maar nooit titels of bestandsnamen. "
            "Staat dit uit, dan worden er geen bibliotheekstatistieken verstuurd of bewaard.",
        ),
        default=True,
        categories=("C5",),
    ),
    # X9: remote access relay (C13)
    ChoiceEntry(
        id="X9",
        title=Text(en="Remote access through the relay", nl="Toegang op afstand via de relay"),
        explanation=Text(
            en="Your media can reach your devices elsewhere through the service's relay, "
            "encrypted end to end so the service cannot read it. "
            "When this is off, none of your media passes through the relay.",
            nl="Je media kan je apparaten elders bereiken via de relay van de dienst, "
            "end-to-end versleuteld zodat de dienst er niets van kan lezen. "
            "Staat dit uit, dan gaat er geen media van jou via de relay.",
        ),
        default=True,
        categories=("C13",),
    ),
)


# --- where data goes: purposes (U) and recipients (the CCPA paragraph's list) ---------------

PURPOSES: tuple[PurposeEntry, ...] = (
    # U2: running the service, syncing watch state across devices
    PurposeEntry(
        id="running",
        title=Text(en="Running the service", nl="De dienst laten werken"),
        explanation=Text(
            en="Making the service work for you: your account, your servers and apps, and "
            "carrying on watching on another device.",
            nl="Zorgen dat de dienst voor je werkt: je account, je servers en apps, en verder "
            "kijken op een ander apparaat.",
        ),
    ),
    # U2: improving the service
    PurposeEntry(
        id="improving",
        title=Text(en="Improving the service", nl="De dienst verbeteren"),
        explanation=Text(
            en="Working out what to improve from figures about how the service is used.",
            nl="Uitzoeken wat er beter kan aan de hand van cijfers over hoe de dienst wordt "
            "gebruikt.",
        ),
    ),
    # C10 with X3: debugging
    PurposeEntry(
        id="fixing",
        title=Text(en="Fixing problems", nl="Problemen oplossen"),
        explanation=Text(
            en="Finding out why an app crashed or went wrong, so it can be fixed.",
            nl="Uitzoeken waarom een app crashte of iets fout deed, zodat het opgelost kan worden.",
        ),
    ),
    # U3: administrative and legal messages (cannot be switched off, X4's note)
    PurposeEntry(
        id="account_mail",
        title=Text(en="Messages about your account", nl="Berichten over je account"),
        explanation=Text(
            en="Administrative and legal messages, which you always receive.",
            nl="Administratieve en juridische berichten, die je altijd krijgt.",
        ),
    ),
    # U3 with X4: newsletter and promotional e-mail
    PurposeEntry(
        id="newsletter",
        title=Text(en="Newsletter and news", nl="Nieuwsbrief en nieuws"),
        explanation=Text(
            en="E-mail about new features and news, only while you want it.",
            nl="E-mail over nieuwe functies en nieuws, alleen zolang je dat wilt.",
        ),
    ),
    # U6, P3: payments through a payment processor
    PurposeEntry(
        id="payments",
        title=Text(en="Handling payments", nl="Betalingen afhandelen"),
        explanation=Text(
            en="Paying for a paid plan through a payment processor. Your card details never "
            "reach the service.",
            nl="Een betaald abonnement afrekenen via een betaalverwerker. Je kaartgegevens "
            "komen nooit bij de dienst.",
        ),
    ),
    # U4, C4: what linked accounts and integrations are for
    PurposeEntry(
        id="linked_features",
        title=Text(en="Features you linked", nl="Functies die je hebt gekoppeld"),
        explanation=Text(
            en="Doing what you linked another account or integration for, such as posting, "
            "sending your listening history or playing what you ask a voice assistant for.",
            nl="Doen waarvoor je een ander account of een koppeling hebt verbonden, zoals "
            "berichten plaatsen, je luistergeschiedenis doorsturen of afspelen wat je aan een "
            "spraakassistent vraagt.",
        ),
    ),
    # C3 with X6: metadata matching, without the user's identity
    PurposeEntry(
        id="media_details",
        title=Text(en="Details for your media", nl="Details voor je media"),
        explanation=Text(
            en="Looking up covers and descriptions for the files on your media server, "
            "without your identity.",
            nl="Afbeeldingen en beschrijvingen opzoeken voor de bestanden op je mediaserver, "
            "zonder dat jouw naam erbij hoort.",
        ),
    ),
    # C13 with X9: the remote access relay
    PurposeEntry(
        id="remote_access",
        title=Text(en="Remote access", nl="Toegang op afstand"),
        explanation=Text(
            en="Getting your media to your devices when you are away from home.",
            nl="Je media bij je apparaten krijgen als je niet thuis bent.",
        ),
    ),
    # U7 with X7: automated recommendations
    PurposeEntry(
        id="recommendations",
        title=Text(en="Recommendations", nl="Aanbevelingen"),
        explanation=Text(
            en="Suggesting films and shows automatically, based on what you watch.",
            nl="Automatisch films en series voorstellen, op basis van wat je kijkt.",
        ),
    ),
    # U5 (X2 for the personal part), C7: ads with partner content
    PurposeEntry(
        id="ads",
        title=Text(en="Showing ads", nl="Advertenties tonen"),
        explanation=Text(
            en="Showing ads with partner films and TV. They are picked for you only while "
            "personalised ads are on.",
            nl="Advertenties tonen bij films en tv van partners. Die worden alleen op jou "
            "afgestemd zolang gepersonaliseerde advertenties aanstaan.",
        ),
    ),
    # C7: counts reported to partners to work out their fees
    PurposeEntry(
        id="partner_fees",
        title=Text(en="Paying partners", nl="Partners betalen"),
        explanation=Text(
            en="Reporting counts, such as how many trailers were watched, so partners are "
            "paid what they are owed.",
            nl="Aantallen doorgeven, zoals hoeveel trailers er zijn bekeken, zodat partners "
            "krijgen wat hun toekomt.",
        ),
    ),
    # C6 with X5: explicit consent to share viewing with content partners
    PurposeEntry(
        id="partner_sharing",
        title=Text(en="Sharing with content partners", nl="Delen met contentpartners"),
        explanation=Text(
            en="Letting the partners who supply films and TV see what you watched from them. "
            "Only with your consent.",
            nl="De partners die films en tv leveren laten zien wat je van hen hebt bekeken. "
            "Alleen met je toestemming.",
        ),
    ),
    # C14: the website, promoting the service
    PurposeEntry(
        id="promotion",
        title=Text(en="Promoting the service", nl="De dienst promoten"),
        explanation=Text(
            en="Telling people about the service, through its website and ads elsewhere.",
            nl="Mensen op de dienst wijzen, via de website en advertenties elders.",
        ),
    ),
    # U1 (law and consent), C15: duties the law sets
    PurposeEntry(
        id="legal",
        title=Text(en="Meeting legal duties", nl="Wettelijke plichten nakomen"),
        explanation=Text(
            en="Keeping proof of what you agreed to, and answering a government body when the "
            "law requires it.",
            nl="Bewijs bewaren van waarmee je hebt ingestemd, en een overheidsinstantie "
            "antwoorden als de wet dat eist.",
        ),
    ),
)

RECIPIENTS: tuple[RecipientEntry, ...] = (
    RecipientEntry(
        id="service",
        title=Text(en="The service itself", nl="De dienst zelf"),
        explanation=Text(
            en="The service and the people who run it. The data does not leave it.",
            nl="De dienst en de mensen die hem draaien. De gegevens gaan niet naar buiten.",
        ),
    ),
    # C13: relayed, end-to-end encrypted
    RecipientEntry(
        id="own_devices",
        title=Text(en="Your own devices", nl="Je eigen apparaten"),
        explanation=Text(
            en="Only your devices, encrypted end to end so the service cannot read it.",
            nl="Alleen je eigen apparaten, end-to-end versleuteld zodat de dienst er niets "
            "van kan lezen.",
        ),
    ),
    # CCPA: payment processors; U6, P3
    RecipientEntry(
        id="payment_processor",
        title=Text(en="Payment processor", nl="Betaalverwerker"),
        explanation=Text(
            en="The company that handles payments for paid plans and holds your card details.",
            nl="Het bedrijf dat betalingen voor betaalde abonnementen afhandelt en je "
            "kaartgegevens bewaart.",
        ),
    ),
    # CCPA: connected social networks; U4, C2, C4
    RecipientEntry(
        id="linked_services",
        title=Text(en="Accounts you linked", nl="Gekoppelde accounts"),
        explanation=Text(
            en="Social networks, voice assistants and other services you connected yourself. "
            "Each gets only what its feature needs.",
            nl="Sociale netwerken, spraakassistenten en andere diensten die je zelf hebt "
            "gekoppeld. Elk krijgt alleen wat die functie nodig heeft.",
        ),
    ),
    # CCPA: content providers; C6, C7, X5
    RecipientEntry(
        id="content_partners",
        title=Text(en="Content partners", nl="Contentpartners"),
        explanation=Text(
            en="The companies that supply the trailers, films and live TV the service streams.",
            nl="De bedrijven die de trailers, films en live-tv leveren die de dienst streamt.",
        ),
    ),
    # U5: ad partners; C6, C7, C14
    RecipientEntry(
        id="ad_partners",
        title=Text(en="Ad partners", nl="Advertentiepartners"),
        explanation=Text(
            en="The companies that place ads in partner content and on the website.",
            nl="De bedrijven die advertenties plaatsen bij content van partners en op de website.",
        ),
    ),
    # CCPA: analytics providers; C6 (anonymous or combined), C11, C14
    RecipientEntry(
        id="analytics",
        title=Text(en="Analytics providers", nl="Analysediensten"),
        explanation=Text(
            en="Companies that help measure how the service and its website are used, so "
            "they can be improved.",
            nl="Bedrijven die helpen meten hoe de dienst en de website worden gebruikt, zodat "
            "ze beter kunnen worden.",
        ),
    ),
    # CCPA: service providers and vendors
    RecipientEntry(
        id="vendors",
        title=Text(en="Service providers", nl="Dienstverleners"),
        explanation=Text(
            en="Companies that do work for the service under contract, such as delivering its "
            "e-mail. They may use the data only for that work.",
            nl="Bedrijven die in opdracht werk voor de dienst doen, zoals de e-mail bezorgen. "
            "Ze mogen de gegevens alleen voor dat werk gebruiken.",
        ),
    ),
    # CCPA: government bodies; U1 (law)
    RecipientEntry(
        id="government",
        title=Text(en="Government bodies", nl="Overheidsinstanties"),
        explanation=Text(
            en="Authorities such as courts or the police, only when the law obliges the "
            "service to hand data over.",
            nl="Instanties zoals rechtbanken of de politie, alleen als de wet de dienst "
            "verplicht gegevens af te geven.",
        ),
    ),
)

_RUNNING = FlowEntry("running", "service")

_AS_LONG_AS_ACCOUNT = Text(
    en="Kept as long as your account exists.",
    nl="Bewaard zolang je account bestaat.",
)
_UNTIL_30_DAYS_AFTER_DELETION = Text(
    en="Kept while your account exists, and deleted within 30 days after you delete it.",
    nl="Bewaard zolang je account bestaat, en binnen 30 dagen na het verwijderen ervan gewist.",
)
_NOBODY_OUTSIDE = Text(
    en="Nobody outside the service.",
    nl="Niemand buiten de dienst.",
)

CATEGORIES: tuple[CategoryEntry, ...] = (
    # C1: profile
    CategoryEntry(
        id="C1",
        title=Text(en="Profile", nl="Profiel"),
        explanation=Text(
            en="Your e-mail address, username, profile picture and password, which is only "
            "stored in scrambled (hashed) form. "
            "Payment details for a paid plan are held by the payment processor, not by the "
            "service.",
            nl="Je e-mailadres, gebruikersnaam, profielfoto en wachtwoord, dat alleen "
            "onleesbaar gemaakt (gehasht) wordt opgeslagen. "
            "Betaalgegevens voor een betaald abonnement liggen bij de betaalverwerker, niet "
            "bij de dienst.",
        ),
        sources=Text(
            en="You, when you create or edit your account.",
            nl="Jijzelf, als je je account aanmaakt of aanpast.",
        ),
        purposes=Text(
            en="To run your account, to contact you about it and about news and features, "
            "and to handle payment for a paid plan.",
            nl="Om je account te laten werken, om je te mailen over je account, nieuws en "
            "functies, en om de betaling van een betaald abonnement te regelen.",
        ),
        recipients=Text(
            en="The payment processor, only to handle your payments; the companies that "
            "deliver the service's e-mail; government bodies, only when the law requires it.",
            nl="De betaalverwerker, alleen voor je betalingen; de bedrijven die de e-mail van "
            "de dienst bezorgen; overheidsinstanties, alleen als de wet dat eist.",
        ),
        retention=_AS_LONG_AS_ACCOUNT,
        retention_rule="T1",
        holds_records=True,
        flows=(
            _RUNNING,
            FlowEntry("account_mail", "vendors"),  # U3
            FlowEntry("newsletter", "vendors", "X4"),  # U3, X4
            FlowEntry("payments", "payment_processor"),  # U6
            FlowEntry("legal", "government"),  # U1, CCPA: identifiers, customer records
        ),
    ),
    # C2: connected external accounts
    CategoryEntry(
        id="C2",
        title=Text(en="Linked accounts", nl="Gekoppelde accounts"),
        explanation=Text(
            en="The name, e-mail address and connection details of other accounts you linked, "
            "such as a social network.",
            nl="De naam, het e-mailadres en de verbindingsgegevens van andere accounts die je "
            "hebt gekoppeld, zoals een sociaal netwerk.",
        ),
        sources=Text(
            en="The other service, after you allowed the link.",
            nl="De andere dienst, nadat jij de koppeling hebt toegestaan.",
        ),
        purposes=Text(
            en="To do what you asked the link for, such as posting for you, sending your "
            "listening history or fetching recommendations.",
            nl="Om te doen waarvoor je de koppeling hebt gemaakt, zoals namens jou berichten "
            "plaatsen, je luistergeschiedenis doorsturen of aanbevelingen ophalen.",
        ),
        recipients=Text(
            en="The linked accounts themselves, and only what each feature needs.",
            nl="De gekoppelde accounts zelf, en alleen wat elke functie nodig heeft.",
        ),
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(FlowEntry("linked_features", "linked_services"),),  # U4
    ),
    # C3: metadata of personal media (normally not collected)
    CategoryEntry(
        id="C3",
        title=Text(en="Details of your own media", nl="Gegevens over je eigen media"),
        explanation=Text(
            en="Titles, covers, subtitles and other details of the media on your own server. "
            "The service normally does not collect these, apart from integrations and photo "
            "analysis you turned on yourself.",
            nl="Titels, afbeeldingen, ondertitels en andere details van de media op je eigen "
            "server. De dienst verzamelt die normaal niet, behalve voor koppelingen en "
            "foto-analyse die je zelf hebt aangezet.",
        ),
        sources=Text(
            en="Your media server, which can send file names without your identity to look "
            "up details.",
            nl="Je mediaserver, die anoniem bestandsnamen kan opsturen om details op te zoeken.",
        ),
        purposes=Text(
            en="To send covers, descriptions and other details back to your media server. "
            "Information about your own media is never sold or shared for others' use.",
            nl="Om afbeeldingen, beschrijvingen en andere details terug te sturen naar je "
            "mediaserver. Informatie over je eigen media wordt nooit verkocht of voor "
            "anderen gedeeld.",
        ),
        recipients=Text(en="Nobody.", nl="Niemand."),
        retention=Text(
            en="Not kept with your account.",
            nl="Wordt niet bij je account bewaard.",
        ),
        retention_rule=None,
        holds_records=False,
        empty_reason=Text(
            en="The service keeps no details of your own media under your account. Looking up "
            "details happens without your identity, so it leaves no records about you.",
            nl="De dienst bewaart geen gegevens over je eigen media bij je account. Details "
            "worden anoniem opgezocht, dus daar blijft niets over jou van achter.",
        ),
        flows=(FlowEntry("media_details", "service", "X6"),),  # C3, X6
    ),
    # C4: metadata for third-party control and playback integrations
    CategoryEntry(
        id="C4",
        title=Text(en="Playback integrations", nl="Koppelingen voor afspelen"),
        explanation=Text(
            en="What the service needs to find and play a song or film you ask for through a "
            "voice assistant, smart-home system, automation service or webhook.",
            nl="Wat de dienst nodig heeft om een nummer of film te vinden en af te spelen als "
            "je daarom vraagt via een spraakassistent, slim huis, automatiseringsdienst of "
            "webhook.",
        ),
        sources=Text(
            en="The integrations you turned on.",
            nl="De koppelingen die je zelf hebt aangezet.",
        ),
        purposes=Text(
            en="To play what you ask for through those integrations.",
            nl="Om af te spelen wat je via die koppelingen vraagt.",
        ),
        recipients=Text(
            en="Only the integration you used, and only for your request.",
            nl="Alleen de koppeling die je gebruikte, en alleen voor jouw verzoek.",
        ),
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(FlowEntry("linked_features", "linked_services"),),  # C4
    ),
    # C5: usage statistics of personal media
    CategoryEntry(
        id="C5",
        title=Text(en="How your media is played", nl="Hoe je media wordt afgespeeld"),
        explanation=Text(
            en="General facts such as device, duration, bitrate, file type, resolution and "
            "kind of media (music, photo, video). Never titles or file names.",
            nl="Algemene gegevens zoals apparaat, duur, bitrate, bestandstype, resolutie en "
            "soort media (muziek, foto, video). Nooit titels of bestandsnamen.",
        ),
        sources=Text(
            en="Your apps and your media server.",
            nl="Je apps en je mediaserver.",
        ),
        purposes=Text(
            en="To run and improve the service and to tailor what it offers you. Never sold "
            "or shared for others' use.",
            nl="Om de dienst te laten werken en te verbeteren, en om het aanbod op jou af te "
            "stemmen. Nooit verkocht of voor anderen gedeeld.",
        ),
        recipients=_NOBODY_OUTSIDE,
        retention=Text(
            en="Deleted within 30 days after your account is deleted. Some statistics, "
            "including IP addresses, may stay afterwards, but no longer linked to you.",
            nl="Binnen 30 dagen na het verwijderen van je account gewist. Sommige statistieken, "
            "ook IP-adressen, kunnen daarna blijven, maar niet meer gekoppeld aan jou.",
        ),
        retention_rule="T5",
        holds_records=True,
        flows=(
            FlowEntry("improving", "service", "X1"),  # playback statistics
            FlowEntry("improving", "service", "X8"),  # library statistics
            FlowEntry("recommendations", "service", "X7"),  # U7
        ),
    ),
    # C6: third-party content activity
    CategoryEntry(
        id="C6",
        title=Text(en="What you watch from partners", nl="Wat je bij partners bekijkt"),
        explanation=Text(
            en="Which partner films and programmes you watched and when, how you responded to "
            "ads, and your device and rough location (IP address or postcode). "
            "While personalised ads are on, it also holds your ad profile: the interests "
            "worked out from this activity, each with a score.",
            nl="Welke films en programma's van partners je hebt bekeken en wanneer, hoe je op "
            "advertenties reageerde, en je apparaat en globale locatie (IP-adres of postcode). "
            "Zolang gepersonaliseerde advertenties aan staan, hoort hier ook je "
            "advertentieprofiel bij: de interesses die uit deze activiteit zijn afgeleid, elk "
            "met een score.",
        ),
        sources=Text(
            en="Your apps, when you watch trailers, free films or live TV.",
            nl="Je apps, als je trailers, gratis films of live-tv kijkt.",
        ),
        purposes=Text(
            en="To let you carry on watching on another device, to improve the service, and "
            "to tailor ads and recommendations if you allow it.",
            nl="Om je op een ander apparaat verder te laten kijken, om de dienst te verbeteren, "
            "en om advertenties en aanbevelingen af te stemmen als je dat toestaat.",
        ),
        recipients=Text(
            en="Ad partners, to show ads; content partners only with your consent; analytics "
            "providers only in anonymous or combined form.",
            nl="Advertentiepartners, om advertenties te tonen; contentpartners alleen met je "
            "toestemming; analysediensten alleen anoniem of samengevoegd.",
        ),
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(
            _RUNNING,  # U2: carry on watching on another device
            FlowEntry("improving", "analytics"),  # only anonymous or combined
            FlowEntry("ads", "ad_partners", "X2"),  # U5: the ad profile
            FlowEntry("partner_sharing", "content_partners", "X5"),  # explicit consent
            FlowEntry("recommendations", "service", "X7"),  # U7
        ),
    ),
    # C7: integrated third-party services
    CategoryEntry(
        id="C7",
        title=Text(en="Partner reporting", nl="Rapportage aan partners"),
        explanation=Text(
            en="Counts the service reports to partners to work out what it owes them, such as "
            "how many trailers were watched, plus the details needed to show ads.",
            nl="Aantallen die de dienst aan partners doorgeeft om te berekenen wat ze hun "
            "verschuldigd is, zoals hoeveel trailers er zijn bekeken, plus de gegevens die "
            "nodig zijn om advertenties te tonen.",
        ),
        sources=Text(en="The service itself.", nl="De dienst zelf."),
        purposes=Text(
            en="To pay partners what they are owed and to show videos and ads that come from "
            "partners.",
            nl="Om partners te betalen wat hun toekomt en om video's en advertenties van "
            "partners te tonen.",
        ),
        recipients=Text(
            en="Content partners, who get counts; ad partners, who get what they need to show ads.",
            nl="Contentpartners, die aantallen krijgen; advertentiepartners, die krijgen wat ze "
            "nodig hebben om advertenties te tonen.",
        ),
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(
            FlowEntry("partner_fees", "content_partners"),  # counts for fees
            FlowEntry("ads", "ad_partners"),  # what is needed to serve ads
        ),
    ),
    # C8: service configuration
    CategoryEntry(
        id="C8",
        title=Text(en="Servers and connections", nl="Servers en verbindingen"),
        explanation=Text(
            en="The media servers you set up or connect to: IP address, ports, server name and "
            "the details that keep access secure.",
            nl="De mediaservers die je instelt of waarmee je verbindt: IP-adres, poorten, "
            "servernaam en de gegevens die de toegang beveiligen.",
        ),
        sources=Text(
            en="Your media server and your apps.",
            nl="Je mediaserver en je apps.",
        ),
        purposes=Text(
            en="To connect your apps to your servers and keep that access safe.",
            nl="Om je apps met je servers te verbinden en die toegang veilig te houden.",
        ),
        recipients=_NOBODY_OUTSIDE,
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(_RUNNING,),
    ),
    # C9: interfacing software (software, not personal records)
    CategoryEntry(
        id="C9",
        title=Text(en="Add-on software", nl="Aanvullende software"),
        explanation=Text(
            en="Copies of plug-ins, metadata agents and apps that work with the service, when "
            "they are handed to it.",
            nl="Kopieën van plug-ins, metadata-agents en apps die met de dienst samenwerken, "
            "als die aan de dienst worden aangeleverd.",
        ),
        sources=Text(
            en="You, or the developers who made the software.",
            nl="Jijzelf, of de ontwikkelaars die de software hebben gemaakt.",
        ),
        purposes=Text(
            en="To run and check software that works with the service.",
            nl="Om software die met de dienst samenwerkt te laten draaien en te controleren.",
        ),
        recipients=_NOBODY_OUTSIDE,
        retention=Text(
            en="Not kept as records about you.",
            nl="Wordt niet bewaard als gegevens over jou.",
        ),
        retention_rule=None,
        holds_records=False,
        empty_reason=Text(
            en="This is software, not information about you, so there are no personal "
            "records to show.",
            nl="Dit is software, geen informatie over jou, dus er zijn geen persoonlijke "
            "gegevens om te tonen.",
        ),
    ),
    # C10: debugging information
    CategoryEntry(
        id="C10",
        title=Text(en="Logs and crash reports", nl="Logs en crashrapporten"),
        explanation=Text(
            en="Logs, crash reports and device details sent to get a problem fixed.",
            nl="Logs, crashrapporten en apparaatgegevens die zijn verstuurd om een probleem "
            "op te lossen.",
        ),
        sources=Text(
            en="Your apps, when you send a report or when crash reports are switched on.",
            nl="Je apps, als je een rapport stuurt of als crashrapporten aanstaan.",
        ),
        purposes=Text(
            en="Only to fix your problem and improve the service.",
            nl="Alleen om je probleem op te lossen en de dienst te verbeteren.",
        ),
        recipients=_NOBODY_OUTSIDE,
        retention=Text(en="Deleted after 90 days.", nl="Na 90 dagen gewist."),
        retention_rule="T2",
        holds_records=True,
        flows=(FlowEntry("fixing", "service", "X3"),),  # X3
    ),
    # C11: device data
    CategoryEntry(
        id="C11",
        title=Text(en="Device details", nl="Apparaatgegevens"),
        explanation=Text(
            en="The IP address, operating system and version, browser and location of your "
            "devices, and which versions of the service's software they run.",
            nl="Het IP-adres, besturingssysteem en de versie, browser en locatie van je "
            "apparaten, en welke versies van de software van de dienst ze gebruiken.",
        ),
        sources=Text(
            en="Every request your devices make to the service.",
            nl="Elk verzoek dat je apparaten naar de dienst sturen.",
        ),
        purposes=Text(
            en="To run the service, keep it secure and improve it.",
            nl="Om de dienst te laten werken, veilig te houden en te verbeteren.",
        ),
        recipients=Text(
            en="Analytics providers that help improve the service; government bodies, only "
            "when the law requires it.",
            nl="Analysediensten die helpen de dienst te verbeteren; overheidsinstanties, alleen "
            "als de wet dat eist.",
        ),
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(
            _RUNNING,
            FlowEntry("improving", "analytics"),
            FlowEntry("legal", "government"),  # U1, CCPA: identifiers, geolocation
        ),
    ),
    # C12: application ids
    CategoryEntry(
        id="C12",
        title=Text(en="App IDs", nl="App-ID's"),
        explanation=Text(
            en="A unique code for each copy of an app you installed. Removing an app "
            "completely and installing it again gives it a new code.",
            nl="Een unieke code voor elke geïnstalleerde kopie van een app. Verwijder je een "
            "app helemaal en installeer je hem opnieuw, dan krijgt hij een nieuwe code.",
        ),
        sources=Text(en="Your apps.", nl="Je apps."),
        purposes=Text(
            en="To tell your apps apart and match each request to the right one.",
            nl="Om je apps uit elkaar te houden en elk verzoek aan de juiste app te koppelen.",
        ),
        recipients=_NOBODY_OUTSIDE,
        retention=_UNTIL_30_DAYS_AFTER_DELETION,
        retention_rule="T4",
        holds_records=True,
        flows=(_RUNNING,),
    ),
    # C13: relay traffic (relayed, never stored beyond short buffering)
    CategoryEntry(
        id="C13",
        title=Text(en="Relay traffic", nl="Verkeer via de relay"),
        explanation=Text(
            en="Your media travelling between your devices through the relay, encrypted end "
            "to end so the service cannot read it.",
            nl="Je media die via de relay tussen je apparaten reist, end-to-end versleuteld "
            "zodat de dienst er niets van kan lezen.",
        ),
        sources=Text(
            en="The relay, while remote access is on.",
            nl="De relay, zolang toegang op afstand aanstaat.",
        ),
        purposes=Text(
            en="To let you reach your media when you are away from home.",
            nl="Zodat je ook buitenshuis bij je media kunt.",
        ),
        recipients=Text(en="Only your own devices.", nl="Alleen je eigen apparaten."),
        retention=Text(
            en="Never stored; only held for a moment to keep the stream smooth.",
            nl="Nooit opgeslagen; alleen heel even vastgehouden zodat het afspelen soepel loopt.",
        ),
        retention_rule=None,
        holds_records=False,
        empty_reason=Text(
            en="Relay traffic passes straight through and is never stored beyond a brief "
            "buffer, so there is nothing to show.",
            nl="Verkeer via de relay gaat er direct doorheen en wordt nooit langer dan heel "
            "even gebufferd, dus er is niets om te tonen.",
        ),
        flows=(FlowEntry("remote_access", "own_devices", "X9"),),  # X9
    ),
    # C14: cookies and tracking
    CategoryEntry(
        id="C14",
        title=Text(en="Cookies and tracking", nl="Cookies en tracking"),
        explanation=Text(
            en="Cookies, tracking pixels and similar tools on the service's website.",
            nl="Cookies, trackingpixels en vergelijkbare technieken op de website van de dienst.",
        ),
        sources=Text(en="The service's website.", nl="De website van de dienst."),
        purposes=Text(
            en="To make the website work for you and to promote the service.",
            nl="Om de website voor je te laten werken en de dienst onder de aandacht te brengen.",
        ),
        recipients=Text(
            en="Analytics providers and ad partners that help run and promote the website.",
            nl="Analysediensten en advertentiepartners die helpen de website te laten werken "
            "en te promoten.",
        ),
        retention=Text(en="Reset after 14 days.", nl="Na 14 dagen opnieuw ingesteld."),
        retention_rule="T3",
        holds_records=True,
        flows=(
            _RUNNING,  # the website working for you
            FlowEntry("improving", "analytics"),
            FlowEntry("promotion", "ad_partners"),
        ),
    ),
    # C15: consent records
    CategoryEntry(
        id="C15",
        title=Text(en="Your consents", nl="Je toestemmingen"),
        explanation=Text(
            en="A record of each time you gave or withdrew consent, including when the service "
            "asked before changing how it collects or uses data.",
            nl="Een overzicht van elke keer dat je toestemming gaf of introk, ook wanneer de "
            "dienst het je vroeg voordat hij anders met gegevens ging omgaan.",
        ),
        sources=Text(
            en="The service, when you answer a consent question or flip a switch.",
            nl="De dienst, als je een toestemmingsvraag beantwoordt of een schakelaar omzet.",
        ),
        purposes=Text(
            en="To show what you agreed to, and to respect it.",
            nl="Om aan te tonen waarmee je hebt ingestemd, en je keuze te respecteren.",
        ),
        recipients=_NOBODY_OUTSIDE,
        retention=_AS_LONG_AS_ACCOUNT,
        retention_rule="T1",
        holds_records=True,
        flows=(FlowEntry("legal", "service"),),  # U1: consent, withdrawable
    ),
    # C16: access to all of the above (a right, not data)
    CategoryEntry(
        id="C16",
        title=Text(en="Seeing and changing your data", nl="Je gegevens inzien en aanpassen"),
        explanation=Text(
            en="You can view, change, correct or erase everything listed here. Every request "
            "is answered within one month.",
            nl="Je kunt alles wat hier staat bekijken, aanpassen, corrigeren of laten wissen. "
            "Elk verzoek krijgt binnen een maand antwoord.",
        ),
        sources=Text(
            en="Nothing is collected for this: it is your right.",
            nl="Hiervoor wordt niets verzameld: het is jouw recht.",
        ),
        purposes=Text(
            en="To keep you in control of your data.",
            nl="Zodat jij de baas blijft over je gegevens.",
        ),
        recipients=Text(en="Only you.", nl="Alleen jij."),
        retention=Text(
            en="Nothing is kept for this.",
            nl="Hiervoor wordt niets bewaard.",
        ),
        retention_rule=None,
        holds_records=False,
        empty_reason=Text(
            en="This is a right you have, not data the service keeps, so there are no records. "
            "Use Requests to ask for a copy, a correction or deletion.",
            nl="Dit is een recht dat je hebt, geen gegevens die de dienst bewaart, dus er zijn "
            "geen gegevens om te tonen. Via Verzoeken vraag je een kopie, een correctie of "
            "verwijdering aan.",
        ),
    ),
)

CHOICES_BY_ID: dict[str, ChoiceEntry] = {choice.id: choice for choice in CHOICES}
CATEGORIES_BY_ID: dict[str, CategoryEntry] = {category.id: category for category in CATEGORIES}
PURPOSES_BY_ID: dict[str, PurposeEntry] = {purpose.id: purpose for purpose in PURPOSES}
RECIPIENTS_BY_ID: dict[str, RecipientEntry] = {entry.id: entry for entry in RECIPIENTS}
