<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AgentAuthorisationsModel</name>
    <message>
        <source>Agent</source>
        <translation>Gemachtigde</translation>
    </message>
    <message>
        <source>May ask for</source>
        <translation>Mag vragen om</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Tot en met</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>a copy of your data</source>
        <translation>een kopie van je gegevens</translation>
    </message>
    <message>
        <source>the deletion of your account</source>
        <translation>het verwijderen van je account</translation>
    </message>
    <message>
        <source>a correction</source>
        <translation>een correctie</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>Revoked on %1</source>
        <translation>Ingetrokken op %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Verlopen</translation>
    </message>
    <message>
        <source>Replaced by a newer one</source>
        <translation>Vervangen door een nieuwere</translation>
    </message>
    <message>
        <source>Given on %1, valid until %2.</source>
        <translation>Gegeven op %1, geldig tot en met %2.</translation>
    </message>
</context>
<context>
    <name>AgentDialog</name>
    <message>
        <source>An authorised agent is an app or service that files privacy requests in your name. It may act for you only with this permission, only for what you tick, and only until the date you pick.</source>
        <translation>Een gemachtigde is een app of dienst die privacyverzoeken namens jou indient. Die mag alleen met deze toestemming voor je optreden, alleen voor wat je aanvinkt en alleen tot en met de datum die je kiest.</translation>
    </message>
    <message>
        <source>Choose an agent</source>
        <translation>Kies een gemachtigde</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Gemachtigde</translation>
    </message>
    <message>
        <source>About the agent</source>
        <translation>Over de gemachtigde</translation>
    </message>
    <message>
        <source>Ask for a copy of my data</source>
        <translation>Een kopie van mijn gegevens vragen</translation>
    </message>
    <message>
        <source>Ask for my account to be deleted</source>
        <translation>Vragen om mijn account te verwijderen</translation>
    </message>
    <message>
        <source>Allowing this asks for your password: your browser opens the service&apos;s page, where you confirm it is you. Privacy Desk never sees it.</source>
        <translation>Hiervoor is je wachtwoord nodig: je browser opent de pagina van de dienst, waar je bevestigt dat jij het bent. Privacy Desk ziet het nooit.</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Tot en met</translation>
    </message>
    <message>
        <source>At most one year from today.</source>
        <translation>Hoogstens een jaar vanaf vandaag.</translation>
    </message>
    <message>
        <source>It may</source>
        <translation>Die mag</translation>
    </message>
    <message>
        <source>What this means</source>
        <translation>Wat dit betekent</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Toestaan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Close without allowing anything</source>
        <translation>Sluiten zonder iets toe te staan</translation>
    </message>
    <message>
        <source>Stop waiting for the browser</source>
        <translation>Stoppen met wachten op de browser</translation>
    </message>
    <message>
        <source>Let an agent file requests for me</source>
        <translation>Een gemachtigde verzoeken voor mij laten indienen</translation>
    </message>
    <message>
        <source>Let %1 file requests for me</source>
        <translation>%1 verzoeken voor mij laten indienen</translation>
    </message>
    <message>
        <source>This agent cannot ask for this.</source>
        <translation>Deze gemachtigde kan hier niet om vragen.</translation>
    </message>
    <message>
        <source>Choose an agent and what it may ask for.</source>
        <translation>Kies een gemachtigde en waar die om mag vragen.</translation>
    </message>
    <message>
        <source>Tick at least one thing the agent may ask for.</source>
        <translation>Vink minstens één ding aan waar de gemachtigde om mag vragen.</translation>
    </message>
    <message>
        <source>Until %1, %2 may ask the service for %3 in your name; each request shows under Requests, where you can cancel it, and you can revoke this at any time in Settings.</source>
        <translation>Tot en met %1 mag %2 de dienst namens jou vragen om %3; elk verzoek staat onder Verzoeken, waar je het kunt intrekken, en je kunt deze toestemming altijd intrekken in Instellingen.</translation>
    </message>
    <message>
        <source>It replaces what %1 may do now.</source>
        <translation>Dit vervangt wat %1 nu mag.</translation>
    </message>
    <message>
        <source>Confirm in your browser and allow</source>
        <translation>Bevestigen in je browser en toestaan</translation>
    </message>
    <message>
        <source>Sending your permission to the service…</source>
        <translation>Je toestemming wordt naar de dienst gestuurd…</translation>
    </message>
    <message>
        <source>The service needs a more recent confirmation. Press the button again and confirm in your browser.</source>
        <translation>De dienst heeft een recentere bevestiging nodig. Druk nog eens op de knop en bevestig in je browser.</translation>
    </message>
</context>
<context>
    <name>BrowserSignInTask</name>
    <message>
        <source>Confirmed</source>
        <translation>Bevestigd</translation>
    </message>
    <message>
        <source>You can close this tab. Privacy Desk goes on with your request.</source>
        <translation>Je kunt dit tabblad sluiten. Privacy Desk gaat verder met je verzoek.</translation>
    </message>
    <message>
        <source>You are signed in</source>
        <translation>Je bent ingelogd</translation>
    </message>
    <message>
        <source>You can close this tab and go back to Privacy Desk.</source>
        <translation>Je kunt dit tabblad sluiten en teruggaan naar Privacy Desk.</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>%1: holds nothing by design</source>
        <translation>%1: bevat bewust niets</translation>
    </message>
</context>
<context>
    <name>CategoryDetails</name>
    <message>
        <source>Where it comes from</source>
        <translation>Waar het vandaan komt</translation>
    </message>
    <message>
        <source>Why it is kept</source>
        <translation>Waarom het wordt bewaard</translation>
    </message>
    <message>
        <source>Who receives it</source>
        <translation>Wie het ontvangt</translation>
    </message>
    <message>
        <source>How long it is kept</source>
        <translation>Hoe lang het wordt bewaard</translation>
    </message>
    <message>
        <source>CCPA categories</source>
        <translation>CCPA-categorieën</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Verzameld</translation>
    </message>
    <message>
        <source>Nothing collected so far</source>
        <translation>Nog niets verzameld</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Van %1 tot %2</translation>
    </message>
</context>
<context>
    <name>CategoryRecords</name>
    <message>
        <source>Filter the loaded records</source>
        <translation>De geladen records filteren</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>Rij kopiëren</translation>
    </message>
    <message>
        <source>Copy the selected record</source>
        <translation>Het geselecteerde record kopiëren</translation>
    </message>
    <message>
        <source>Which records of this category to show</source>
        <translation>Welke gegevens van deze categorie je ziet</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Try loading the records again</source>
        <translation>De records opnieuw laden</translation>
    </message>
    <message>
        <source>No records</source>
        <translation>Geen records</translation>
    </message>
    <message>
        <source>The service holds no records of this kind about you.</source>
        <translation>De privacydienst heeft geen records van deze soort over je.</translation>
    </message>
    <message>
        <source>The records can&apos;t be shown</source>
        <translation>De records kunnen niet worden getoond</translation>
    </message>
    <message>
        <source>Loading records…</source>
        <translation>Records laden…</translation>
    </message>
    <message>
        <source>%1 · %2 loaded so far</source>
        <translation>%1 · %2 tot nu toe geladen</translation>
    </message>
    <message>
        <source>the filter searches the records loaded so far</source>
        <translation>het filter zoekt in de records die tot nu toe zijn geladen</translation>
    </message>
    <message>
        <source>loading more…</source>
        <translation>meer laden…</translation>
    </message>
</context>
<context>
    <name>CertificateMessages</name>
    <message>
        <source>The service&apos;s certificate is for another name than %1, so nothing was sent. Check the service address; if it is right, tell the service&apos;s operator.</source>
        <translation>Het certificaat van de dienst staat op een andere naam dan %1, dus er is niets verstuurd. Controleer het adres van de dienst; klopt het, meld het dan aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is for %1, not for %2, so nothing was sent. Check the service address; if it is right, tell the service&apos;s operator.</source>
        <translation>Het certificaat van de dienst staat op %1, niet op %2, dus er is niets verstuurd. Controleer het adres van de dienst; klopt het, meld het dan aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate has expired, so nothing was sent. The service&apos;s operator needs to renew it; if you think it is still valid, check this computer&apos;s date and time.</source>
        <translation>Het certificaat van de dienst is verlopen, dus er is niets verstuurd. De beheerder van de dienst moet het vernieuwen; denk je dat het nog geldig is, controleer dan de datum en tijd van deze computer.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate expired on %1, so nothing was sent. The service&apos;s operator needs to renew it; if that date has not passed yet, check this computer&apos;s date and time.</source>
        <translation>Het certificaat van de dienst is op %1 verlopen, dus er is niets verstuurd. De beheerder van de dienst moet het vernieuwen; is die datum nog niet voorbij, controleer dan de datum en tijd van deze computer.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is not valid yet, so nothing was sent. Check this computer&apos;s date and time; if they are right, tell the service&apos;s operator.</source>
        <translation>Het certificaat van de dienst is nog niet geldig, dus er is niets verstuurd. Controleer de datum en tijd van deze computer; kloppen die, meld het dan aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is only valid from %1, so nothing was sent. Check this computer&apos;s date and time; if they are right, tell the service&apos;s operator.</source>
        <translation>Het certificaat van de dienst is pas geldig vanaf %1, dus er is niets verstuurd. Controleer de datum en tijd van deze computer; kloppen die, meld het dan aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The app could not set up a secure connection with the service, so nothing was sent. Check the service address; if it is right, tell the service&apos;s operator.</source>
        <translation>De app kon geen beveiligde verbinding met de dienst opzetten, dus er is niets verstuurd. Controleer het adres van de dienst; klopt het, meld het dan aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is self-signed: no authority vouches for it, so this computer does not trust it and nothing was sent. Check the certificate below with the service&apos;s operator.</source>
        <translation>De dienst heeft zijn certificaat zelf ondertekend: geen certificaatautoriteit staat ervoor in, dus deze computer vertrouwt het niet en er is niets verstuurd. Controleer het certificaat hieronder samen met de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>This computer does not trust the service&apos;s certificate, so nothing was sent. Check the certificate below with the service&apos;s operator; if it is theirs, they can tell you how to make this computer trust the authority that issued it.</source>
        <translation>Deze computer vertrouwt het certificaat van de dienst niet, dus er is niets verstuurd. Controleer het certificaat hieronder samen met de beheerder van de dienst; is het van hen, dan kunnen zij uitleggen hoe deze computer de certificaatautoriteit gaat vertrouwen die het heeft uitgegeven.</translation>
    </message>
    <message>
        <source>Issued to: %1</source>
        <translation>Uitgegeven aan: %1</translation>
    </message>
    <message>
        <source>Issued by: %1</source>
        <translation>Uitgegeven door: %1</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-vingerafdruk:</translation>
    </message>
    <message>
        <source>The service sent the app on to another address, which the app does not follow, so nothing was sent there. Tell the service&apos;s operator.</source>
        <translation>De dienst verwees de app door naar een ander adres. De app volgt zo&apos;n doorverwijzing niet, dus daar is niets naartoe gestuurd. Meld het aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The service tried to send the app on to %1, an address without encryption. The app did not go there, so nothing was sent. Tell the service&apos;s operator.</source>
        <translation>De dienst probeerde de app door te verwijzen naar %1, een adres zonder versleuteling. De app is daar niet heen gegaan, dus er is niets verstuurd. Meld het aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The service sent the app on to %1. The app does not follow such a referral, so nothing was sent there. If the service has moved, sign in again with its new address.</source>
        <translation>De dienst verwees de app door naar %1. De app volgt zo&apos;n doorverwijzing niet, dus daar is niets naartoe gestuurd. Is de dienst verhuisd, log dan opnieuw in met het nieuwe adres.</translation>
    </message>
</context>
<context>
    <name>ChoiceCard</name>
    <message>
        <source>About:</source>
        <translation>Over:</translation>
    </message>
    <message>
        <source>Show “%1” in Your data</source>
        <translation>“%1” tonen in Je gegevens</translation>
    </message>
    <message>
        <source>What this sends</source>
        <translation>Wat dit verstuurt</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Toestemmingsbewijs</translation>
    </message>
    <message>
        <source>Consent receipt for “%1”</source>
        <translation>Toestemmingsbewijs voor “%1”</translation>
    </message>
    <message>
        <source>Open the signed consent receipt of the last change.</source>
        <translation>Open het ondertekende toestemmingsbewijs van de laatste wijziging.</translation>
    </message>
    <message>
        <source>Until the service confirms this change, it is lost if the app closes.</source>
        <translation>Zolang de dienst deze wijziging niet heeft bevestigd, gaat ze verloren als de app sluit.</translation>
    </message>
    <message>
        <source>Not confirmed yet: your session ended. The change is kept on this computer and is sent once you sign in again.</source>
        <translation>Nog niet bevestigd: je sessie is verlopen. De wijziging blijft op deze computer bewaard en wordt verstuurd zodra je weer inlogt.</translation>
    </message>
    <message>
        <source>The service did not accept this change.</source>
        <translation>De dienst heeft deze wijziging niet aangenomen.</translation>
    </message>
    <message>
        <source>As the service confirmed it last time (not connected now)</source>
        <translation>Zoals de dienst het de vorige keer bevestigde (nu geen verbinding)</translation>
    </message>
    <message>
        <source>Saved. The service confirmed this change.</source>
        <translation>Opgeslagen. De dienst heeft deze wijziging bevestigd.</translation>
    </message>
    <message>
        <source>Last changed %1</source>
        <translation>Laatst gewijzigd op %1</translation>
    </message>
    <message>
        <source>Default setting, never changed</source>
        <translation>Standaardinstelling, nooit gewijzigd</translation>
    </message>
    <message>
        <source>Switched off by a Global Privacy Control signal from %1 on %2</source>
        <translation>Uitgezet door een Global Privacy Control-signaal van %1 op %2</translation>
    </message>
    <message>
        <source>Switched off by a Global Privacy Control signal from %1</source>
        <translation>Uitgezet door een Global Privacy Control-signaal van %1</translation>
    </message>
    <message>
        <source>Switched off by a Global Privacy Control signal on %1</source>
        <translation>Uitgezet door een Global Privacy Control-signaal op %1</translation>
    </message>
    <message>
        <source>Switched off by a Global Privacy Control signal</source>
        <translation>Uitgezet door een Global Privacy Control-signaal</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Opslaan…</translation>
    </message>
    <message>
        <source>What this sends: %1</source>
        <translation>Wat dit verstuurt: %1</translation>
    </message>
    <message>
        <source>The latest records the service stored because of this choice.</source>
        <translation>De laatste gegevens die de dienst door deze keuze heeft opgeslagen.</translation>
    </message>
    <message>
        <source>Not confirmed yet: the change is kept on this computer and will be sent automatically.</source>
        <translation>Nog niet bevestigd: de wijziging staat op deze computer en wordt vanzelf verstuurd.</translation>
    </message>
</context>
<context>
    <name>ChoicesPage</name>
    <message>
        <source>Privacy choices</source>
        <translation>Privacykeuzes</translation>
    </message>
    <message>
        <source>Each switch takes effect as soon as the service confirms it. You can change your mind at any time.</source>
        <translation>Elke schakelaar werkt zodra de dienst hem bevestigt. Je kunt altijd van gedachten veranderen.</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>Begrepen</translation>
    </message>
    <message>
        <source>Dismiss the notice about changes made elsewhere</source>
        <translation>Melding over wijzigingen elders sluiten</translation>
    </message>
    <message>
        <source>No privacy choices</source>
        <translation>Geen privacykeuzes</translation>
    </message>
    <message>
        <source>Loading your choices…</source>
        <translation>Je keuzes worden geladen…</translation>
    </message>
    <message>
        <source>Your choices can&apos;t be loaded</source>
        <translation>Je keuzes kunnen niet worden geladen</translation>
    </message>
    <message>
        <source>The service offers no choices to change.</source>
        <translation>De dienst biedt geen keuzes om te wijzigen.</translation>
    </message>
    <message>
        <source>Not connected: the switches show what the service confirmed last time. A change you make now is kept on this computer and sent as soon as the service can be reached.</source>
        <translation>Geen verbinding: de schakelaars tonen wat de dienst de vorige keer bevestigde. Een wijziging die je nu maakt, blijft op deze computer bewaard en wordt verstuurd zodra de dienst bereikbaar is.</translation>
    </message>
    <message>
        <source>“%1” is new, and is on.</source>
        <translation>“%1” is nieuw en staat aan.</translation>
    </message>
    <message>
        <source>“%1” is new, and is off.</source>
        <translation>“%1” is nieuw en staat uit.</translation>
    </message>
    <message>
        <source>“%1” was turned on.</source>
        <translation>“%1” is aangezet.</translation>
    </message>
    <message>
        <source>“%1” was turned off.</source>
        <translation>“%1” is uitgezet.</translation>
    </message>
    <message>
        <source>Changed since you last looked</source>
        <translation>Gewijzigd sinds je laatst keek</translation>
    </message>
    <message>
        <source>This happened on another device or on the service. Check that it is what you want.</source>
        <translation>Dit gebeurde op een ander apparaat of bij de dienst. Controleer of het is wat je wilt.</translation>
    </message>
</context>
<context>
    <name>CollectionChart</name>
    <message>
        <source>Records collected per month</source>
        <translation>Verzamelde records per maand</translation>
    </message>
    <message>
        <source>Nothing was collected in this category in the last two years.</source>
        <translation>In deze categorie is de afgelopen twee jaar niets verzameld.</translation>
    </message>
    <message>
        <source>Most in a month: %1</source>
        <translation>Meeste in een maand: %1</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Complain to a data-protection authority</source>
        <translation>Klacht indienen bij een privacytoezichthouder</translation>
    </message>
    <message>
        <source>The service did not answer this request in time. Privacy Desk writes a complaint to your data-protection authority from the service&apos;s own signed records, and saves it as a PDF together with the evidence. Nothing is sent: you send it to the authority yourself, on its website.</source>
        <translation>De dienst heeft dit verzoek niet op tijd beantwoord. Privacy Desk schrijft een klacht aan je privacytoezichthouder op basis van de eigen ondertekende gegevens van de dienst, en bewaart die als pdf samen met het bewijsmateriaal. Er wordt niets verstuurd: je dient de klacht zelf in, op de website van de toezichthouder.</translation>
    </message>
    <message>
        <source>Your data-protection authority</source>
        <translation>Je privacytoezichthouder</translation>
    </message>
    <message>
        <source>Language of the complaint</source>
        <translation>Taal van de klacht</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Je naam</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Kiezen…</translation>
    </message>
    <message>
        <source>Choose where to save the complaint</source>
        <translation>Kies waar de klacht wordt bewaard</translation>
    </message>
    <message>
        <source>Authority</source>
        <translation>Toezichthouder</translation>
    </message>
    <message>
        <source>Language of the letter</source>
        <translation>Taal van de brief</translation>
    </message>
    <message>
        <source>Sign with the name</source>
        <translation>Ondertekenen met de naam</translation>
    </message>
    <message>
        <source>Save in</source>
        <translation>Bewaren in</translation>
    </message>
    <message>
        <source>Write the complaint</source>
        <translation>Klacht schrijven</translation>
    </message>
    <message>
        <source>Show the files</source>
        <translation>Bestanden tonen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Where to save the complaint</source>
        <translation>Waar de klacht bewaard wordt</translation>
    </message>
    <message>
        <source>Writing the complaint…</source>
        <translation>De klacht wordt geschreven…</translation>
    </message>
    <message>
        <source>Saved in %1. The authority&apos;s complaint page opens in your browser: attach complaint.pdf and the other files there.</source>
        <translation>Bewaard in %1. De klachtenpagina van de toezichthouder opent in je browser: voeg daar complaint.pdf en de andere bestanden toe.</translation>
    </message>
    <message>
        <source>The service&apos;s statement about this request did not pass the signature check, so it cannot serve as evidence. Nothing was saved.</source>
        <translation>De verklaring van de dienst over dit verzoek kwam niet door de controle van de handtekening en kan dus niet als bewijsmateriaal dienen. Er is niets bewaard.</translation>
    </message>
    <message>
        <source>The complaint could not be saved in %1: %2</source>
        <translation>De klacht kon niet worden bewaard in %1: %2</translation>
    </message>
</context>
<context>
    <name>CopyRecords</name>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Velden</translation>
    </message>
    <message>
        <source>Select all records</source>
        <translation>Alle gegevens selecteren</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Zoekresultaten</translation>
    </message>
    <message>
        <source>The copy has no records of this kind.</source>
        <translation>De kopie bevat geen gegevens van deze soort.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <source>Nothing found for “%1”.</source>
        <translation>Niets gevonden voor “%1”.</translation>
    </message>
    <message>
        <source>The first %1 places where “%2” appears:</source>
        <translation>De eerste %1 plekken waar “%2” voorkomt:</translation>
    </message>
    <message>
        <source>Found in %1 places:</source>
        <translation>Gevonden op %1 plekken:</translation>
    </message>
    <message>
        <source>Found once:</source>
        <translation>Eén keer gevonden:</translation>
    </message>
    <message>
        <source>%1 · record %2 · %3: %4</source>
        <translation>%1 · record %2 · %3: %4</translation>
    </message>
</context>
<context>
    <name>CopyViewerPage</name>
    <message>
        <source>Open a copy of your data</source>
        <translation>Een kopie van je gegevens openen</translation>
    </message>
    <message>
        <source>ZIP archives (*.zip)</source>
        <translation>ZIP-archieven (*.zip)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>a category&apos;s title, then its part&apos;s</comment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Copy of your data</source>
        <translation>Kopie van je gegevens</translation>
    </message>
    <message>
        <source>Open a copy of your data you downloaded, to read and search it here and check that it is complete. Nothing leaves this computer.</source>
        <translation>Open een gedownloade kopie van je gegevens om die hier te lezen, te doorzoeken en te controleren of ze compleet is. Er verlaat niets deze computer.</translation>
    </message>
    <message>
        <source>Open a copy…</source>
        <translation>Kopie openen…</translation>
    </message>
    <message>
        <source>Search all categories</source>
        <translation>Zoeken in alle categorieën</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>Search the copy</source>
        <translation>De kopie doorzoeken</translation>
    </message>
    <message>
        <source>Integrity of the copy</source>
        <translation>Integriteit van de kopie</translation>
    </message>
    <message>
        <source>No copy open yet</source>
        <translation>Nog geen kopie geopend</translation>
    </message>
    <message>
        <source>Download one under Requests, or choose Open a copy… to pick a file.</source>
        <translation>Download er een bij Verzoeken, of kies Kopie openen… om een bestand te kiezen.</translation>
    </message>
    <message>
        <source>Categories in the copy</source>
        <translation>Categorieën in de kopie</translation>
    </message>
    <message>
        <source>%1 (nothing kept)</source>
        <translation>%1 (niets bewaard)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (category %2)</source>
        <translation>%1 (categorie %2)</translation>
    </message>
    <message>
        <source>This copy can&apos;t be checked</source>
        <translation>Deze kopie kan niet worden gecontroleerd</translation>
    </message>
    <message>
        <source>This copy can&apos;t be searched</source>
        <translation>Deze kopie kan niet worden doorzocht</translation>
    </message>
    <message>
        <source>Part of this copy can&apos;t be read</source>
        <translation>Een deel van deze kopie kan niet worden gelezen</translation>
    </message>
    <message>
        <source>Opening the copy…</source>
        <translation>De kopie wordt geopend…</translation>
    </message>
    <message>
        <source>Checking every file against the manifest…</source>
        <translation>Elk bestand wordt gecontroleerd met het manifest…</translation>
    </message>
    <message>
        <source>This copy can&apos;t be opened</source>
        <translation>Deze kopie kan niet worden geopend</translation>
    </message>
    <message>
        <source>These files do not match the manifest, so they were changed or damaged after the service made the copy: %1</source>
        <translation>Deze bestanden kloppen niet met het manifest, dus ze zijn veranderd of beschadigd nadat de dienst de kopie maakte: %1</translation>
    </message>
    <message>
        <source>The one file in the copy matches the manifest.</source>
        <translation>Het enige bestand in de kopie klopt met het manifest.</translation>
    </message>
    <message>
        <source>All %1 files match the manifest.</source>
        <translation>Alle %1 bestanden kloppen met het manifest.</translation>
    </message>
</context>
<context>
    <name>CrashReportDialog</name>
    <message>
        <source>Crash report</source>
        <translation>Crashrapport</translation>
    </message>
    <message>
        <source>Privacy Desk ran into a problem</source>
        <translation>Privacy Desk liep tegen een probleem aan</translation>
    </message>
    <message>
        <source>Privacy Desk ran into an error and saved a report about it on this computer. Below is exactly what the report says: it holds no e-mail address, password or token.</source>
        <translation>Privacy Desk liep tegen een fout aan en heeft daar een rapport over op deze computer bewaard. Hieronder staat precies wat erin staat: er zit geen e-mailadres, wachtwoord of token in.</translation>
    </message>
    <message>
        <source>Sending it helps fix the problem. If you keep it instead, it is deleted from this computer after 90 days.</source>
        <translation>Als je het verstuurt, help je het probleem op te lossen. Bewaar je het liever, dan wordt het na 90 dagen van deze computer verwijderd.</translation>
    </message>
    <message>
        <source>Crash reporting is off in your privacy choices, so this report stays on this computer and is deleted after 90 days.</source>
        <translation>Crashrapporten versturen staat uit in je privacykeuzes, dus dit rapport blijft op deze computer en wordt na 90 dagen verwijderd.</translation>
    </message>
    <message>
        <source>Crash report text</source>
        <translation>Tekst van het crashrapport</translation>
    </message>
    <message>
        <source>Crash report message</source>
        <translation>Melding over het crashrapport</translation>
    </message>
    <message>
        <source>Delete now</source>
        <translation>Nu verwijderen</translation>
    </message>
    <message>
        <source>Delete the crash report now</source>
        <translation>Het crashrapport nu verwijderen</translation>
    </message>
    <message>
        <source>Keep on this computer</source>
        <translation>Op deze computer bewaren</translation>
    </message>
    <message>
        <source>Keep the crash report on this computer</source>
        <translation>Het crashrapport op deze computer bewaren</translation>
    </message>
    <message>
        <source>Send report</source>
        <translation>Rapport versturen</translation>
    </message>
    <message>
        <source>Send reports</source>
        <translation>Rapporten versturen</translation>
    </message>
    <message>
        <source>Send the crash report</source>
        <translation>Het crashrapport versturen</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Versturen…</translation>
    </message>
    <message>
        <source>Crash reporting was switched off in your privacy choices, so the report was not sent. It stays on this computer and is deleted after 90 days.</source>
        <translation>Crashrapporten versturen staat uit in je privacykeuzes, dus het rapport is niet verstuurd. Het blijft op deze computer en wordt na 90 dagen verwijderd.</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Your data</source>
        <translation>Je gegevens</translation>
    </message>
    <message>
        <source>Request a copy of all my data</source>
        <translation>Vraag een kopie van al mijn gegevens</translation>
    </message>
    <message>
        <source>Opens Requests to ask the service for a copy of everything it holds.</source>
        <translation>Opent Verzoeken om de privacydienst een kopie te vragen van alles wat hij over je heeft.</translation>
    </message>
    <message>
        <source>What the service holds about you, where it came from, why it is kept and for how long. Pick a category to see its records.</source>
        <translation>Wat de privacydienst over je heeft, waar het vandaan komt, waarom het wordt bewaard en hoe lang. Kies een categorie om de records te zien.</translation>
    </message>
    <message>
        <source>Data categories</source>
        <translation>Gegevenscategorieën</translation>
    </message>
    <message>
        <source>Category details</source>
        <translation>Details van de categorie</translation>
    </message>
    <message>
        <source>No data categories</source>
        <translation>Geen gegevenscategorieën</translation>
    </message>
    <message>
        <source>Loading what the service holds about you…</source>
        <translation>Laden wat de privacydienst over je heeft…</translation>
    </message>
    <message>
        <source>Your data can&apos;t be shown</source>
        <translation>Je gegevens kunnen niet worden getoond</translation>
    </message>
    <message>
        <source>The service lists no data categories.</source>
        <translation>De privacydienst noemt geen gegevenscategorieën.</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>Forget this device?</source>
        <translation>Dit apparaat vergeten?</translation>
    </message>
    <message>
        <source>You will be signed out, and everything Privacy Desk keeps on this computer is deleted: your sign-in, unsent changes, saved receipts, crash reports and logs. This cannot be undone.

Your account and your data on the service stay as they are, and so do files you saved elsewhere, such as an exported copy or an evidence bundle.</source>
        <translation>Je wordt uitgelogd en alles wat Privacy Desk op deze computer bewaart, wordt verwijderd: je aanmelding, niet-verstuurde wijzigingen, bewaarde toestemmingsbewijzen, crashrapporten en logboeken. Dit kan niet ongedaan worden gemaakt.

Je account en je gegevens bij de dienst blijven zoals ze zijn, net als bestanden die je ergens anders hebt opgeslagen, zoals een geëxporteerde kopie of een bewijsbundel.</translation>
    </message>
    <message>
        <source>Forget this device</source>
        <translation>Dit apparaat vergeten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Keep my language and theme on this computer</source>
        <translation>Mijn taal en thema op deze computer bewaren</translation>
    </message>
    <message>
        <source>Signing you in…</source>
        <translation>Je wordt ingelogd…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Trying again now…</source>
        <translation>Nu opnieuw proberen…</translation>
    </message>
    <message>
        <source>Starting the demo service…</source>
        <translation>De demodienst wordt gestart…</translation>
    </message>
    <message>
        <source>The demo service could not be started. See the log for why.</source>
        <translation>De demodienst kon niet worden gestart. In het logboek staat waarom.</translation>
    </message>
    <message>
        <source>Your settings could not be saved. Check that the disk is not full.</source>
        <translation>Je instellingen konden niet worden opgeslagen. Controleer of de schijf niet vol is.</translation>
    </message>
    <message>
        <source>This device has been forgotten.</source>
        <translation>Dit apparaat is vergeten.</translation>
    </message>
    <message>
        <source>You are signed out, but some of Privacy Desk&apos;s files could not be deleted. Close the app and delete them from the folders listed in Settings.</source>
        <translation>Je bent uitgelogd, maar sommige bestanden van Privacy Desk konden niet worden verwijderd. Sluit de app en verwijder ze uit de mappen die bij Instellingen staan.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Je sessie is verlopen. Log opnieuw in.</translation>
    </message>
    <message>
        <source>Open Privacy Desk</source>
        <translation>Privacy Desk openen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
</context>
<context>
    <name>DownloadPanel</name>
    <message>
        <source>Save the copy of your data</source>
        <translation>De kopie van je gegevens opslaan</translation>
    </message>
    <message>
        <source>ZIP archives (*.zip)</source>
        <translation>ZIP-archieven (*.zip)</translation>
    </message>
    <message>
        <source>Your copy</source>
        <translation>Je kopie</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>Voortgang van de download</translation>
    </message>
    <message>
        <source>Downloaded so far</source>
        <translation>Tot nu toe gedownload</translation>
    </message>
    <message>
        <source>Download result</source>
        <translation>Resultaat van de download</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Downloaden</translation>
    </message>
    <message>
        <source>Download the copy of your data</source>
        <translation>De kopie van je gegevens downloaden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Stop the download</source>
        <translation>De download stoppen</translation>
    </message>
    <message>
        <source>What arrived is kept; Download continues from there.</source>
        <translation>Wat binnen is blijft bewaard; Downloaden gaat vanaf daar verder.</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Opslaan als…</translation>
    </message>
    <message>
        <source>Save the copy somewhere else</source>
        <translation>De kopie ergens anders opslaan</translation>
    </message>
    <message>
        <source>Open in Privacy Desk</source>
        <translation>Openen in Privacy Desk</translation>
    </message>
    <message>
        <source>Open the copy in Privacy Desk</source>
        <translation>De kopie openen in Privacy Desk</translation>
    </message>
    <message>
        <source>The copy is not available.</source>
        <translation>De kopie is niet beschikbaar.</translation>
    </message>
    <message>
        <source>This copy could be downloaded until %1. Ask for a new copy if you still need it.</source>
        <translation>Deze kopie kon worden gedownload tot %1. Vraag een nieuwe kopie als je haar nog nodig hebt.</translation>
    </message>
    <message>
        <source>A ZIP file of %1, ready to download until %2.</source>
        <translation>Een ZIP-bestand van %1, te downloaden tot %2.</translation>
    </message>
    <message>
        <source>Starting the download…</source>
        <translation>De download begint…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stoppen…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 van %2</translation>
    </message>
    <message>
        <source>%1 · %2/s</source>
        <translation>%1 · %2/s</translation>
    </message>
    <message>
        <source>The download is complete, but these files in it do not match its manifest: %1. Ask for a new copy.</source>
        <translation>De download is compleet, maar deze bestanden erin kloppen niet met het manifest: %1. Vraag een nieuwe kopie.</translation>
    </message>
    <message>
        <source>Verified: the copy is exactly the one the service made, and all %1 files in it match its manifest. Saved as %2.</source>
        <translation>Gecontroleerd: de kopie is precies de kopie die de dienst maakte, en alle %1 bestanden erin kloppen met het manifest. Opgeslagen als %2.</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>Opnieuw downloaden</translation>
    </message>
    <message>
        <source>Continue download</source>
        <translation>Download hervatten</translation>
    </message>
    <message>
        <source>Stopped. What arrived is kept; Continue download picks up from there.</source>
        <translation>Gestopt. Wat binnen is blijft bewaard; Download hervatten gaat vanaf daar verder.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Verified copy saved as %1.</source>
        <translation>Gecontroleerde kopie opgeslagen als %1.</translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message>
        <source>Recorded</source>
        <translation>Vastgelegd</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Handtekening</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Keten</translation>
    </message>
    <message>
        <source>by a Global Privacy Control signal from %1</source>
        <translation>door een Global Privacy Control-signaal van %1</translation>
    </message>
    <message>
        <source>by a Global Privacy Control signal</source>
        <translation>door een Global Privacy Control-signaal</translation>
    </message>
    <message>
        <source>by you, over an earlier Global Privacy Control signal</source>
        <translation>door jou, in plaats van een eerder Global Privacy Control-signaal</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>geldig</translation>
    </message>
    <message>
        <source>not valid</source>
        <translation>niet geldig</translation>
    </message>
    <message>
        <source>Consent receipt</source>
        <translation>Toestemmingsbewijs</translation>
    </message>
    <message>
        <source>Request acknowledgement</source>
        <translation>Ontvangstbevestiging van verzoek</translation>
    </message>
    <message>
        <source>%1: on</source>
        <translation>%1: aan</translation>
    </message>
    <message>
        <source>%1: off</source>
        <translation>%1: uit</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>in orde</translation>
    </message>
    <message>
        <source>broken from here</source>
        <translation>vanaf hier verbroken</translation>
    </message>
    <message>
        <source>Kept on this computer at %1 (UTC).</source>
        <translation>Op deze computer bewaard op %1 (UTC).</translation>
    </message>
    <message>
        <source>Receipt %1, signed with key %2.</source>
        <translation>Toestemmingsbewijs %1, ondertekend met sleutel %2.</translation>
    </message>
    <message>
        <source>Request %1.</source>
        <translation>Verzoek %1.</translation>
    </message>
    <message>
        <source>Issued by the service on %1.</source>
        <translation>Door de privacydienst uitgegeven op %1.</translation>
    </message>
    <message>
        <source>Received on %1, due by %2.</source>
        <translation>Ontvangen op %1, uiterlijk af op %2.</translation>
    </message>
    <message>
        <source>Request acknowledgements carry no signature.</source>
        <translation>Ontvangstbevestigingen van verzoeken hebben geen handtekening.</translation>
    </message>
    <message>
        <source>Not checked yet. Choose Verify everything.</source>
        <translation>Nog niet gecontroleerd. Kies Alles controleren.</translation>
    </message>
    <message>
        <source>The service&apos;s signature over this receipt is valid.</source>
        <translation>De handtekening van de privacydienst op dit toestemmingsbewijs is geldig.</translation>
    </message>
    <message>
        <source>The signature does not match this receipt, or the key that made it is unknown.</source>
        <translation>De handtekening past niet bij dit toestemmingsbewijs, of de sleutel waarmee ze is gezet is onbekend.</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Nog niet gecontroleerd.</translation>
    </message>
    <message>
        <source>This entry is linked to the one before it and unchanged.</source>
        <translation>Dit item sluit aan op het vorige en is niet veranderd.</translation>
    </message>
    <message>
        <source>This entry was changed, removed or moved after it was kept: its link to the one before does not match.</source>
        <translation>Dit item is na het bewaren veranderd, verwijderd of verplaatst: de koppeling met het vorige klopt niet.</translation>
    </message>
    <message>
        <source>This entry comes after a break, so the chain can&apos;t vouch for it.</source>
        <translation>Dit item komt na een breuk, dus de keten kan er niet voor instaan.</translation>
    </message>
</context>
<context>
    <name>EvidenceActions</name>
    <message>
        <source>Sync receipts from the service</source>
        <translation>Toestemmingsbewijzen ophalen bij de privacydienst</translation>
    </message>
    <message>
        <source>Fetches receipts and request updates you don&apos;t have yet and keeps them.</source>
        <translation>Haalt toestemmingsbewijzen en updates van verzoeken op die je nog niet hebt, en bewaart ze.</translation>
    </message>
    <message>
        <source>Verify everything</source>
        <translation>Alles controleren</translation>
    </message>
    <message>
        <source>Checks the chain and every receipt&apos;s signature with the service&apos;s public key.</source>
        <translation>Controleert de keten en de handtekening van elk toestemmingsbewijs met de openbare sleutel van de privacydienst.</translation>
    </message>
    <message>
        <source>Export evidence…</source>
        <translation>Bewijsmateriaal exporteren…</translation>
    </message>
    <message>
        <source>Export evidence</source>
        <translation>Bewijsmateriaal exporteren</translation>
    </message>
    <message>
        <source>Saves the log, the public keys and instructions to check them as a ZIP file.</source>
        <translation>Slaat het logboek, de openbare sleutels en uitleg om ze te controleren op als ZIP-bestand.</translation>
    </message>
    <message>
        <source>Set the damaged file aside and start anew</source>
        <translation>Beschadigd bestand apart zetten en opnieuw beginnen</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
</context>
<context>
    <name>FlowPictureWidget</name>
    <message>
        <source>Picture of who receives your data</source>
        <translation>Overzicht van wie je gegevens krijgt</translation>
    </message>
    <message>
        <source>The list beside the picture holds the same flows, for the keyboard.</source>
        <translation>De lijst naast het overzicht bevat dezelfde stromen, te gebruiken met het toetsenbord.</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Je gegevens</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>Gebruikt voor</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>Ontvangen door</translation>
    </message>
    <message>
        <source>Nothing flows here now: a switch that is off stops it.</source>
        <translation>Hier stroomt nu niets heen: een schakelaar die uit staat, houdt het tegen.</translation>
    </message>
    <message>
        <source>Click to see only what goes through here; click again to see everything.</source>
        <translation>Klik om alleen te zien wat hierlangs gaat; klik nog eens om alles te zien.</translation>
    </message>
    <message>
        <source>This data flows now.</source>
        <translation>Deze gegevens stromen nu.</translation>
    </message>
    <message>
        <source>Stopped, because this switch is off: %1</source>
        <translation>Gestopt, omdat deze schakelaar uit staat: %1</translation>
    </message>
    <message>
        <source>Part of it is stopped, because this switch is off: %1</source>
        <translation>Een deel is gestopt, omdat deze schakelaar uit staat: %1</translation>
    </message>
    <message>
        <source>Part of it stops when you switch off: %1</source>
        <translation>Een deel stopt als je dit uitzet: %1</translation>
    </message>
</context>
<context>
    <name>FlowsPage</name>
    <message>
        <source>Who receives your data</source>
        <translation>Wie je gegevens krijgt</translation>
    </message>
    <message>
        <source>Where each kind of data goes, and why. A switch that is off stops the flows it governs: they show as dashed outlines.</source>
        <translation>Waar elk soort gegevens heen gaat, en waarom. Een schakelaar die uit staat, stopt de stromen die erbij horen: die zie je als gestippelde lijnen.</translation>
    </message>
    <message>
        <source>Show everything</source>
        <translation>Alles tonen</translation>
    </message>
    <message>
        <source>Show the flows of all your data again</source>
        <translation>Toon weer de stromen van al je gegevens</translation>
    </message>
    <message>
        <source>Hover over a box or a band to read what it means. Click a box to see only its flows; click it again or press Escape to see everything.</source>
        <translation>Wijs een vak of een band aan om te lezen wat het betekent. Klik op een vak om alleen de stromen daarvan te zien; klik er nog eens op of druk op Escape om alles te zien.</translation>
    </message>
    <message>
        <source>Who receives your data, as a list</source>
        <translation>Wie je gegevens krijgt, als lijst</translation>
    </message>
    <message>
        <source>Each kind of data, what it is used for and who receives it. Press Enter on a row to see only its flows.</source>
        <translation>Elk soort gegevens, waarvoor het wordt gebruikt en wie het krijgt. Druk op Enter bij een regel om alleen de stromen daarvan te zien.</translation>
    </message>
    <message>
        <source>No recipients listed yet</source>
        <translation>Nog geen ontvangers vermeld</translation>
    </message>
    <message>
        <source>This service does not say yet who receives your data. Once it does, the picture appears here.</source>
        <translation>Deze dienst vertelt nog niet wie je gegevens krijgt. Zodra dat wel zo is, verschijnt hier het overzicht.</translation>
    </message>
    <message>
        <source>Loading who receives your data…</source>
        <translation>Laden wie je gegevens krijgt…</translation>
    </message>
    <message>
        <source>Not connected: the picture of who receives your data appears as soon as the service can be reached.</source>
        <translation>Geen verbinding: het overzicht van wie je gegevens krijgt, verschijnt zodra de dienst bereikbaar is.</translation>
    </message>
    <message>
        <source>Where your data goes can&apos;t be shown</source>
        <translation>Waar je gegevens naartoe gaan, kan niet worden getoond</translation>
    </message>
    <message>
        <source>Showing only the flows through “%1”.</source>
        <translation>Alleen de stromen via “%1” worden getoond.</translation>
    </message>
    <message>
        <source>Where it goes</source>
        <translation>Waar het heen gaat</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Aan</translation>
    </message>
    <message>
        <source>This data goes there now.</source>
        <translation>Deze gegevens gaan daar nu heen.</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Uit</translation>
    </message>
    <message>
        <source>Partly</source>
        <translation>Deels</translation>
    </message>
    <message>
        <source>Stopped by a switch that is off: %1</source>
        <translation>Gestopt door een schakelaar die uit staat: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>Export evidence</source>
        <translation>Bewijsmateriaal exporteren</translation>
    </message>
    <message>
        <source>ZIP archives (*.zip)</source>
        <translation>ZIP-archieven (*.zip)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
    <message>
        <source>Every consent receipt and request acknowledgement the service gave you, kept on this computer. Check that nothing was changed, and export it as evidence whenever you need it.</source>
        <translation>Elk toestemmingsbewijs en elke ontvangstbevestiging van een verzoek die je van de privacydienst kreeg, bewaard op deze computer. Controleer dat er niets is veranderd, en exporteer het als bewijsmateriaal wanneer je het nodig hebt.</translation>
    </message>
    <message>
        <source>Kept evidence</source>
        <translation>Bewaard bewijsmateriaal</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Kolommen</translation>
    </message>
    <message>
        <source>Entry numbers</source>
        <translation>Itemnummers</translation>
    </message>
    <message>
        <source>Select all entries</source>
        <translation>Alle items selecteren</translation>
    </message>
    <message>
        <source>No receipts yet</source>
        <translation>Nog geen toestemmingsbewijzen</translation>
    </message>
    <message>
        <source>Each time you change a choice or file a request, the service sends a signed receipt, and it is kept here. Sync to fetch the ones you don&apos;t have yet.</source>
        <translation>Elke keer dat je een keuze wijzigt of een verzoek indient, stuurt de dienst een ondertekend toestemmingsbewijs, en dat wordt hier bewaard. Haal met Toestemmingsbewijzen ophalen op wat je nog niet hebt.</translation>
    </message>
    <message>
        <source>Reading your evidence…</source>
        <translation>Je bewijsmateriaal wordt gelezen…</translation>
    </message>
    <message>
        <source>Your evidence can&apos;t be read</source>
        <translation>Je bewijsmateriaal kan niet worden gelezen</translation>
    </message>
    <message>
        <source>Fetching your receipts…</source>
        <translation>Je toestemmingsbewijzen worden opgehaald…</translation>
    </message>
    <message>
        <source>New entries kept: %1.</source>
        <translation>Nieuwe items bewaard: %1.</translation>
    </message>
    <message>
        <source>Nothing new: everything the service sent is already kept.</source>
        <translation>Niets nieuws: alles wat de privacydienst stuurde, is al bewaard.</translation>
    </message>
    <message>
        <source>Checking every entry…</source>
        <translation>Elk item wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Saving your evidence…</source>
        <translation>Je bewijsmateriaal wordt opgeslagen…</translation>
    </message>
    <message>
        <source>Evidence saved to %1</source>
        <translation>Bewijsmateriaal opgeslagen in %1</translation>
    </message>
    <message>
        <source>Setting the damaged file aside…</source>
        <translation>Het beschadigde bestand wordt apart gezet…</translation>
    </message>
    <message>
        <source>The damaged file was kept as %1. New entries go into a fresh log.</source>
        <translation>Het beschadigde bestand is bewaard als %1. Nieuwe items komen in een nieuw logboek.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Privacy Desk</source>
        <translation>Privacy Desk</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Je gegevens</translation>
    </message>
    <message>
        <source>Who receives your data</source>
        <translation>Wie je gegevens krijgt</translation>
    </message>
    <message>
        <source>Privacy choices</source>
        <translation>Privacykeuzes</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Verzoeken</translation>
    </message>
    <message>
        <source>Copy of your data</source>
        <translation>Kopie van je gegevens</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pagina&apos;s</translation>
    </message>
    <message>
        <source>Try now</source>
        <translation>Nu proberen</translation>
    </message>
    <message>
        <source>Try to reach the privacy service now</source>
        <translation>Nu proberen de privacydienst te bereiken</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The service&apos;s security certificate is not trusted, so nothing was sent. Check the service address.</source>
        <translation>Het beveiligingscertificaat van de dienst wordt niet vertrouwd, dus er is niets verstuurd. Controleer het adres van de dienst.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Je sessie is verlopen. Log opnieuw in.</translation>
    </message>
    <message>
        <source>That e-mail address and password don&apos;t match an account. Check them and try again.</source>
        <translation>Dit e-mailadres en wachtwoord horen niet bij een account. Controleer ze en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>This account was deleted at your request, so it can no longer sign in. Nothing more is kept about it beyond the proof of its deletion.</source>
        <translation>Dit account is op jouw verzoek verwijderd, dus er kan niet meer mee worden ingelogd. Er wordt niets meer over bewaard behalve het bewijs dat het is verwijderd.</translation>
    </message>
    <message>
        <source>Your choices were changed somewhere else in the meantime. The app reloaded them; please check and try again.</source>
        <translation>Je keuzes zijn intussen ergens anders gewijzigd. De app heeft ze opnieuw geladen; controleer ze en probeer het nog eens.</translation>
    </message>
    <message>
        <source>Try again in a moment.</source>
        <translation>Probeer het zo meteen opnieuw.</translation>
    </message>
    <message>
        <source>The app tries again by itself in a moment.</source>
        <translation>De app probeert het zo meteen zelf opnieuw.</translation>
    </message>
    <message>
        <source>Wait a minute, then try again.</source>
        <translation>Wacht een minuut en probeer het dan opnieuw.</translation>
    </message>
    <message>
        <source>Can&apos;t reach the privacy service, so nothing was sent.</source>
        <translation>De privacydienst is niet bereikbaar, dus er is niets verstuurd.</translation>
    </message>
    <message>
        <source>Check your connection and the service address, then try again.</source>
        <translation>Controleer je verbinding en het adres van de dienst, en probeer het dan opnieuw.</translation>
    </message>
    <message>
        <source>The app tries again by itself once the connection is back.</source>
        <translation>De app probeert het zelf opnieuw zodra de verbinding terug is.</translation>
    </message>
    <message>
        <source>The connection to the privacy service broke before its answer arrived.</source>
        <translation>De verbinding met de privacydienst werd verbroken voordat het antwoord binnen was.</translation>
    </message>
    <message>
        <source>The privacy service took too long to answer.</source>
        <translation>De privacydienst deed er te lang over om te antwoorden.</translation>
    </message>
    <message>
        <source>The privacy service is busy or restarting at the moment.</source>
        <translation>De privacydienst heeft het op dit moment druk of start opnieuw op.</translation>
    </message>
    <message>
        <source>The privacy service ran into a problem on its side.</source>
        <translation>De privacydienst liep aan zijn kant tegen een probleem aan.</translation>
    </message>
    <message>
        <source>Try again later; if it keeps happening, tell the service&apos;s operator.</source>
        <translation>Probeer het later opnieuw; blijft het gebeuren, meld het dan aan de beheerder van de dienst.</translation>
    </message>
    <message>
        <source>The privacy service&apos;s answer was cut off on the way.</source>
        <translation>Het antwoord van de privacydienst is onderweg afgebroken.</translation>
    </message>
    <message>
        <source>Check the service address; if it is right, a newer version of Privacy Desk may be needed for this service.</source>
        <translation>Controleer het adres van de dienst; klopt het, dan is er voor deze dienst misschien een nieuwere versie van Privacy Desk nodig.</translation>
    </message>
    <message>
        <source>The privacy service answered, but in a form this version of the app doesn&apos;t understand.</source>
        <translation>De privacydienst antwoordde, maar in een vorm die deze versie van de app niet begrijpt.</translation>
    </message>
    <message>
        <source>Too many attempts in a short time.</source>
        <translation>Te veel pogingen in korte tijd.</translation>
    </message>
    <message>
        <source>The app tries again by itself in a minute.</source>
        <translation>De app probeert het over een minuut zelf opnieuw.</translation>
    </message>
    <message>
        <source>Your account is already scheduled for deletion. You find that request in the list.</source>
        <translation>Je account staat al gepland om te worden verwijderd. Dat verzoek vind je in de lijst.</translation>
    </message>
    <message>
        <source>This request can no longer be cancelled.</source>
        <translation>Dit verzoek kan niet meer worden ingetrokken.</translation>
    </message>
    <message>
        <source>This copy is no longer available. Ask for a new copy.</source>
        <translation>Deze kopie is niet meer beschikbaar. Vraag een nieuwe kopie.</translation>
    </message>
    <message>
        <source>The downloaded copy does not match the checksum the service announced, so it was thrown away. Try again.</source>
        <translation>De gedownloade kopie klopt niet met de controlesom die de dienst opgaf, dus ze is weggegooid. Probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The privacy service did not accept this request.</source>
        <translation>De privacydienst heeft dit verzoek niet aangenomen.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Try again; if it keeps happening, restart the app.</source>
        <translation>Er ging iets onverwachts mis. Probeer het opnieuw; blijft het gebeuren, start de app dan opnieuw.</translation>
    </message>
    <message>
        <source>Enter the address of your privacy service.</source>
        <translation>Vul het adres van je privacydienst in.</translation>
    </message>
    <message>
        <source>The address must start with https://. Plain http:// is only allowed on this computer.</source>
        <translation>Het adres moet met https:// beginnen. Gewoon http:// mag alleen op deze computer.</translation>
    </message>
    <message>
        <source>That address has no server name in it.</source>
        <translation>In dit adres staat geen servernaam.</translation>
    </message>
    <message>
        <source>That is not a web address the app can use.</source>
        <translation>Dit is geen webadres dat de app kan gebruiken.</translation>
    </message>
    <message>
        <source>You are signed in, but your system keyring is locked, so the sign-in can&apos;t be kept for next time yet. Unlock the keyring and choose Try the keyring again, or stay signed in for this session only.</source>
        <translation>Je bent ingelogd, maar de sleutelbos van je systeem is vergrendeld, dus je aanmelding kan nog niet worden bewaard voor de volgende keer. Ontgrendel de sleutelbos en kies Sleutelbos opnieuw proberen, of blijf alleen voor deze sessie ingelogd.</translation>
    </message>
    <message>
        <source>This computer has no keyring the app can use, so you are signed in for this session only and will sign in again next time.</source>
        <translation>Deze computer heeft geen sleutelbos die de app kan gebruiken, dus je bent alleen voor deze sessie ingelogd en logt de volgende keer opnieuw in.</translation>
    </message>
    <message>
        <source>Your system keyring is locked, so the app can&apos;t read your saved sign-in. Nothing has ended: unlock the keyring, then choose Try again.</source>
        <translation>De sleutelbos van je systeem is vergrendeld, dus de app kan je bewaarde aanmelding niet lezen. Er is niets verlopen: ontgrendel de sleutelbos en kies dan Opnieuw proberen.</translation>
    </message>
    <message>
        <source>This computer has no keyring the app can use at the moment, so your saved sign-in can&apos;t be read. Sign in with your password to continue.</source>
        <translation>Deze computer heeft op dit moment geen sleutelbos die de app kan gebruiken, dus je bewaarde aanmelding kan niet worden gelezen. Log in met je wachtwoord om verder te gaan.</translation>
    </message>
    <message>
        <source>Your system keyring could not be read, so the app can&apos;t use your saved sign-in yet. Try again, or sign in with your password.</source>
        <translation>De sleutelbos van je systeem kon niet worden gelezen, dus de app kan je bewaarde aanmelding nog niet gebruiken. Probeer het opnieuw, of log in met je wachtwoord.</translation>
    </message>
    <message>
        <source>Your sign-in is still kept on this computer. Choose Try again once this is sorted out.</source>
        <translation>Je aanmelding blijft op deze computer bewaard. Kies Opnieuw proberen zodra dit is opgelost.</translation>
    </message>
    <message>
        <source>Demo account</source>
        <translation>Demo-account</translation>
    </message>
    <message>
        <source>The demo keeps nothing on this computer: its account and what you do with it are gone when you close the app.</source>
        <translation>De demo bewaart niets op deze computer: het account en wat je ermee doet zijn weg zodra je de app sluit.</translation>
    </message>
    <message>
        <source>Signed in for this session only</source>
        <translation>Alleen voor deze sessie ingelogd</translation>
    </message>
    <message>
        <source>Your sign-in could not be kept in the system keyring. Unlock or set up a keyring, then sign in again to stay signed in.</source>
        <translation>Je aanmelding kon niet in de sleutelbos van het systeem worden bewaard. Ontgrendel of stel een sleutelbos in en log dan opnieuw in om ingelogd te blijven.</translation>
    </message>
    <message>
        <source>No answer came from the browser in time. Try again when you are ready.</source>
        <translation>Er kwam niet op tijd een antwoord uit de browser. Probeer het opnieuw als je klaar bent.</translation>
    </message>
    <message>
        <source>You stopped waiting.</source>
        <translation>Je bent gestopt met wachten.</translation>
    </message>
    <message>
        <source>You chose Cancel on the service&apos;s page, so nothing changed.</source>
        <translation>Je koos Annuleren op de pagina van de dienst, dus er is niets veranderd.</translation>
    </message>
    <message>
        <source>The code ran out before it was used. Ask for a new code.</source>
        <translation>De code is verlopen voordat hij werd gebruikt. Vraag een nieuwe code aan.</translation>
    </message>
    <message>
        <source>The service&apos;s page did not sign you in. Try again.</source>
        <translation>De pagina van de dienst heeft je niet ingelogd. Probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The answer came from another service than yours, so the app ignored it. Try again.</source>
        <translation>Het antwoord kwam van een andere dienst dan de jouwe, dus de app heeft het genegeerd. Probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The app could not open a web browser. Use Sign in on another device instead.</source>
        <translation>De app kon geen webbrowser openen. Kies in plaats daarvan Inloggen op een ander apparaat.</translation>
    </message>
    <message>
        <source>You confirmed with another account than the one signed in here. Confirm with your own account.</source>
        <translation>Je hebt bevestigd met een ander account dan het account dat hier is ingelogd. Bevestig met je eigen account.</translation>
    </message>
    <message>
        <source>The file can&apos;t be found or read. Choose the copy again.</source>
        <translation>Het bestand is niet te vinden of niet te lezen. Kies de kopie opnieuw.</translation>
    </message>
    <message>
        <source>This is not a ZIP file, or it was cut short. Download the copy again.</source>
        <translation>Dit is geen ZIP-bestand, of het is afgebroken. Download de kopie opnieuw.</translation>
    </message>
    <message>
        <source>This ZIP file is not a copy of your data from the privacy service: it has no manifest.</source>
        <translation>Dit ZIP-bestand is geen kopie van je gegevens van de privacydienst: er zit geen manifest in.</translation>
    </message>
    <message>
        <source>The copy&apos;s manifest is damaged, so the copy can&apos;t be read. Download it again.</source>
        <translation>Het manifest van de kopie is beschadigd, dus de kopie is niet te lezen. Download haar opnieuw.</translation>
    </message>
    <message>
        <source>A file in the copy is damaged (%1). Download the copy again.</source>
        <translation>Een bestand in de kopie is beschadigd (%1). Download de kopie opnieuw.</translation>
    </message>
    <message>
        <source>The copy arrived, but it can&apos;t be opened as a ZIP file. Try again, or ask for a new copy.</source>
        <translation>De kopie is binnen, maar kan niet als ZIP-bestand worden geopend. Probeer het opnieuw, of vraag een nieuwe kopie.</translation>
    </message>
    <message>
        <source>The copy of your data was not saved.</source>
        <translation>De kopie van je gegevens is niet opgeslagen.</translation>
    </message>
    <message>
        <source>The copy could not be written to %1. Check that there is enough free space.</source>
        <translation>De kopie kon niet worden weggeschreven naar %1. Controleer of er genoeg vrije ruimte is.</translation>
    </message>
    <message>
        <source>The copy could not be saved there. Choose another place.</source>
        <translation>De kopie kon daar niet worden opgeslagen. Kies een andere plek.</translation>
    </message>
    <message>
        <source>Your evidence file is damaged at line %1. The app leaves it exactly as it is and adds nothing to it until you set it aside.</source>
        <translation>Je bewijsbestand is beschadigd op regel %1. De app laat het precies zoals het is en voegt er niets aan toe tot je het apart zet.</translation>
    </message>
    <message>
        <source>Your evidence log was not changed.</source>
        <translation>Je bewijslog is niet gewijzigd.</translation>
    </message>
    <message>
        <source>The evidence file could not be read or written. Check that the disk has space and the folder is yours, then try again.</source>
        <translation>Het bewijsbestand kon niet worden gelezen of geschreven. Controleer of de schijf ruimte heeft en de map van jou is, en probeer het dan opnieuw.</translation>
    </message>
    <message>
        <source>The disk that holds %1 is full.</source>
        <translation>De schijf waarop %1 staat is vol.</translation>
    </message>
    <message>
        <source>Free some space on it, then try again.</source>
        <translation>Maak er wat ruimte vrij en probeer het dan opnieuw.</translation>
    </message>
    <message>
        <source>The folder %1 is read-only.</source>
        <translation>De map %1 is alleen-lezen.</translation>
    </message>
    <message>
        <source>Make it writable, then try again.</source>
        <translation>Maak de map beschrijfbaar en probeer het dan opnieuw.</translation>
    </message>
    <message>
        <source>Privacy Desk is not allowed to write in the folder %1.</source>
        <translation>Privacy Desk mag niet schrijven in de map %1.</translation>
    </message>
    <message>
        <source>Check who may write in that folder, then try again.</source>
        <translation>Controleer wie er in die map mag schrijven en probeer het dan opnieuw.</translation>
    </message>
    <message>
        <source>Privacy Desk could not write in the folder %1.</source>
        <translation>Privacy Desk kon niet schrijven in de map %1.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, check the disk.</source>
        <translation>Probeer het opnieuw; blijft het gebeuren, controleer dan de schijf.</translation>
    </message>
    <message>
        <source>Your privacy choice change was not saved on this computer.</source>
        <translation>De wijziging van je privacykeuze is niet op deze computer opgeslagen.</translation>
    </message>
    <message>
        <source>The service&apos;s latest confirmation was not added to your evidence log.</source>
        <translation>De laatste bevestiging van de dienst is niet aan je bewijslog toegevoegd.</translation>
    </message>
    <message>
        <source>Your settings were not saved.</source>
        <translation>Je instellingen zijn niet opgeslagen.</translation>
    </message>
    <message>
        <source>The app&apos;s note of your current choices was not saved.</source>
        <translation>Wat de app over je huidige keuzes noteerde, is niet opgeslagen.</translation>
    </message>
    <message>
        <source>The file was not saved.</source>
        <translation>Het bestand is niet opgeslagen.</translation>
    </message>
    <message>
        <source>Nothing saved earlier was lost.</source>
        <translation>Wat eerder was opgeslagen, is niet verloren gegaan.</translation>
    </message>
    <message>
        <source>Signed in (not connected yet)</source>
        <translation>Ingelogd (nog geen verbinding)</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Ingelogd als %1</translation>
    </message>
    <message>
        <source>Entry %1 was changed, removed or moved after it was kept, so the entries from there on can&apos;t be vouched for.</source>
        <translation>Item %1 is na het bewaren veranderd, verwijderd of verplaatst, dus voor de items vanaf daar kan niet worden ingestaan.</translation>
    </message>
    <message>
        <source>There is nothing to verify yet.</source>
        <translation>Er is nog niets om te controleren.</translation>
    </message>
    <message>
        <source>The one entry is intact and every signature is valid.</source>
        <translation>Het enige item is intact en elke handtekening is geldig.</translation>
    </message>
    <message>
        <source>All %1 entries are intact and every signature is valid.</source>
        <translation>Alle %1 items zijn intact en elke handtekening is geldig.</translation>
    </message>
    <message>
        <source>Receipts with a signature that is not valid: %1 of %2 (rows %3).</source>
        <translation>Toestemmingsbewijzen met een ongeldige handtekening: %1 van %2 (rijen %3).</translation>
    </message>
    <message>
        <source>Your system keyring refused to save the sign-in. Try again, or stay signed in for this session only.</source>
        <translation>De sleutelbos van je systeem weigerde de aanmelding op te slaan. Probeer het opnieuw, of blijf alleen voor deze sessie ingelogd.</translation>
    </message>
    <message>
        <source>Your system keyring could not be used. Try again, or stay signed in for this session only.</source>
        <translation>De sleutelbos van je systeem kon niet worden gebruikt. Probeer het opnieuw, of blijf alleen voor deze sessie ingelogd.</translation>
    </message>
</context>
<context>
    <name>NewRequestDialog</name>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Send request</source>
        <translation>Verzoek versturen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Close without sending</source>
        <translation>Sluiten zonder te versturen</translation>
    </message>
    <message>
        <source>Stop waiting for the browser</source>
        <translation>Stoppen met wachten op de browser</translation>
    </message>
    <message>
        <source>Request sent</source>
        <translation>Verzoek verstuurd</translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>Wat er nu gebeurt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>You get one ZIP file with everything the service keeps about you: each category as JSON and as CSV, and a page that explains it in plain words. The service has one month to prepare it; then you can download it for 7 days.</source>
        <translation>Je krijgt één ZIP-bestand met alles wat de dienst over je bewaart: elke categorie als JSON en als CSV, en een pagina die het in gewone woorden uitlegt. De dienst heeft een maand om het klaar te maken; daarna kun je het 7 dagen downloaden.</translation>
    </message>
    <message>
        <source>Tell the service which part of your profile is wrong and what it should be. It checks the new value and tells you whether it was changed.</source>
        <translation>Vertel de dienst welk deel van je profiel niet klopt en wat het moet zijn. De dienst controleert de nieuwe waarde en laat je weten of die is aangepast.</translation>
    </message>
    <message>
        <source>What to correct</source>
        <translation>Wat moet er gecorrigeerd worden</translation>
    </message>
    <message>
        <source>Correct value</source>
        <translation>Juiste waarde</translation>
    </message>
    <message>
        <source>Why it is wrong</source>
        <translation>Waarom het niet klopt</translation>
    </message>
    <message>
        <source>Type your e-mail address</source>
        <translation>Typ je e-mailadres</translation>
    </message>
    <message>
        <source>Then your browser opens the service&apos;s page, where you confirm it is you with your password. Privacy Desk never sees it.</source>
        <translation>Daarna opent je browser de pagina van de dienst, waar je met je wachtwoord bevestigt dat jij het bent. Privacy Desk ziet het nooit.</translation>
    </message>
    <message>
        <source>Confirm in your browser and delete</source>
        <translation>Bevestigen in je browser en verwijderen</translation>
    </message>
    <message>
        <source>The service needs a more recent confirmation. Press the button again and confirm in your browser.</source>
        <translation>De dienst heeft een recentere bevestiging nodig. Druk nog eens op de knop en bevestig in je browser.</translation>
    </message>
    <message>
        <source>Type %1 to confirm</source>
        <translation>Typ %1 om te bevestigen</translation>
    </message>
    <message>
        <source>Ask for a copy of your data (right of access)</source>
        <translation>Vraag een kopie van je gegevens (recht op inzage)</translation>
    </message>
    <message>
        <source>Correct something (right to rectification)</source>
        <translation>Iets laten corrigeren (recht op rectificatie)</translation>
    </message>
    <message>
        <source>Delete your account (right to erasure)</source>
        <translation>Je account verwijderen (recht op gegevenswissing)</translation>
    </message>
    <message numerus="yes">
        <source>Your account, your profile, your choices and every record linked to you are deleted, and every app signed in to it is signed out. Some usage statistics, IP addresses included, are kept, but no longer linked to you. You have %n day(s) to change your mind and cancel; after that nothing can be undone.</source>
        <translation>
            <numerusform>Je account, je profiel, je keuzes en alle gegevens die aan jou gekoppeld zijn worden verwijderd, en elke app die ermee is ingelogd wordt uitgelogd. Sommige gebruiksstatistieken, ook IP-adressen, blijven bewaard, maar niet meer gekoppeld aan jou. Je hebt %n dag om je te bedenken en het verzoek in te trekken; daarna kan niets meer ongedaan worden gemaakt.</numerusform>
            <numerusform>Je account, je profiel, je keuzes en alle gegevens die aan jou gekoppeld zijn worden verwijderd, en elke app die ermee is ingelogd wordt uitgelogd. Sommige gebruiksstatistieken, ook IP-adressen, blijven bewaard, maar niet meer gekoppeld aan jou. Je hebt %n dagen om je te bedenken en het verzoek in te trekken; daarna kan niets meer ongedaan worden gemaakt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending your request…</source>
        <translation>Je verzoek wordt verstuurd…</translation>
    </message>
    <message>
        <source>The service has had this request since %1; it was filed only once.</source>
        <translation>De dienst heeft dit verzoek al sinds %1; het is maar één keer ingediend.</translation>
    </message>
    <message>
        <source>Your account will be deleted on %1. Until then you can change your mind: open Requests, select this deletion and choose Cancel deletion.</source>
        <translation>Je account wordt verwijderd op %1. Tot die tijd kun je je bedenken: open Verzoeken, selecteer dit verwijderverzoek en kies Verwijdering intrekken.</translation>
    </message>
    <message>
        <source>The service checks the new value and must answer by %1. Follow it under Requests.</source>
        <translation>De dienst controleert de nieuwe waarde en moet uiterlijk %1 antwoorden. Volg het bij Verzoeken.</translation>
    </message>
    <message>
        <source>The service must have your copy ready by %1. When it is, download it under Requests.</source>
        <translation>De dienst moet je kopie uiterlijk %1 klaar hebben. Zodra die klaar is, download je haar bij Verzoeken.</translation>
    </message>
    <message>
        <source>The app asked the service again but got no clear answer, so it does not know yet whether your request was filed. Send it again in a while: the service recognises it, so it is never filed twice.</source>
        <translation>De app heeft het de dienst nog eens gevraagd, maar kreeg geen duidelijk antwoord, dus het is nog niet bekend of je verzoek is ingediend. Verstuur het over een tijdje opnieuw: de dienst herkent het, dus het wordt nooit twee keer ingediend.</translation>
    </message>
</context>
<context>
    <name>NotificationPlurals</name>
    <message numerus="yes">
        <source>%1: the service must answer by %2, in %n day(s).</source>
        <translation>
            <numerusform>%1: de dienst moet uiterlijk %2 antwoorden, over %n dag.</numerusform>
            <numerusform>%1: de dienst moet uiterlijk %2 antwoorden, over %n dagen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>A request moved on</source>
        <translation>Er is iets veranderd aan een verzoek</translation>
    </message>
    <message>
        <source>When the service starts on a request, answers it or turns it down.</source>
        <translation>Als de dienst met een verzoek begint, het beantwoordt of het afwijst.</translation>
    </message>
    <message>
        <source>Your copy is ready</source>
        <translation>Je kopie staat klaar</translation>
    </message>
    <message>
        <source>When a copy of your data can be downloaded, and a day before the download ends.</source>
        <translation>Als je een kopie van je gegevens kunt downloaden, en een dag voordat dat niet meer kan.</translation>
    </message>
    <message>
        <source>A deadline is close</source>
        <translation>Een termijn loopt bijna af</translation>
    </message>
    <message>
        <source>A week and a day before the service must have answered a request.</source>
        <translation>Een week en een dag voordat de dienst een verzoek beantwoord moet hebben.</translation>
    </message>
    <message>
        <source>A deadline has passed</source>
        <translation>Een termijn is verlopen</translation>
    </message>
    <message>
        <source>When the service has not answered a request in time.</source>
        <translation>Als de dienst een verzoek niet op tijd heeft beantwoord.</translation>
    </message>
    <message>
        <source>More time was taken</source>
        <translation>De dienst neemt meer tijd</translation>
    </message>
    <message>
        <source>When the service moves a deadline back, with the reason it gave.</source>
        <translation>Als de dienst een termijn verlengt, met de reden die hij geeft.</translation>
    </message>
    <message>
        <source>A choice changed elsewhere</source>
        <translation>Een keuze is ergens anders gewijzigd</translation>
    </message>
    <message>
        <source>When a privacy choice was changed on another device or by the service.</source>
        <translation>Als een privacykeuze op een ander apparaat of door de dienst is gewijzigd.</translation>
    </message>
    <message>
        <source>A new choice</source>
        <translation>Een nieuwe keuze</translation>
    </message>
    <message>
        <source>When the service starts offering a privacy choice you have not seen yet.</source>
        <translation>Als de dienst een privacykeuze aanbiedt die je nog niet hebt gezien.</translation>
    </message>
    <message>
        <source>%1: the status is now “%2”.</source>
        <translation>%1: de status is nu “%2”.</translation>
    </message>
    <message>
        <source>The reason given: %1</source>
        <translation>De opgegeven reden: %1</translation>
    </message>
    <message>
        <source>Download your copy soon</source>
        <translation>Download je kopie snel</translation>
    </message>
    <message>
        <source>The copy of your data can be downloaded until %1. After that you need to ask again.</source>
        <translation>Je kunt de kopie van je gegevens downloaden tot %1. Daarna moet je er opnieuw om vragen.</translation>
    </message>
    <message>
        <source>The copy of your data can be downloaded until %1.</source>
        <translation>Je kunt de kopie van je gegevens downloaden tot %1.</translation>
    </message>
    <message>
        <source>%1: the service should have answered by %2 and has not. Open the request to see what you can do.</source>
        <translation>%1: de dienst had uiterlijk %2 moeten antwoorden en heeft dat niet gedaan. Open het verzoek om te zien wat je kunt doen.</translation>
    </message>
    <message>
        <source>%1: the service now has until %2.</source>
        <translation>%1: de dienst heeft nu tot %2.</translation>
    </message>
    <message>
        <source>“%1” was switched off by a Global Privacy Control signal from %2.</source>
        <translation>“%1” is uitgezet door een Global Privacy Control-signaal van %2.</translation>
    </message>
    <message>
        <source>“%1” was switched off by a Global Privacy Control signal.</source>
        <translation>“%1” is uitgezet door een Global Privacy Control-signaal.</translation>
    </message>
    <message>
        <source>“%1” was switched on elsewhere.</source>
        <translation>“%1” is ergens anders aangezet.</translation>
    </message>
    <message>
        <source>“%1” was switched off elsewhere.</source>
        <translation>“%1” is ergens anders uitgezet.</translation>
    </message>
    <message>
        <source>The service now offers “%1”. Have a look at whether you want it on.</source>
        <translation>De dienst biedt nu “%1” aan. Kijk even of je dit aan wilt hebben.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>Change choices</source>
        <translation>Keuzes wijzigen</translation>
    </message>
    <message>
        <source>Your choices</source>
        <translation>Je keuzes</translation>
    </message>
    <message>
        <source>What you currently allow the service to do.</source>
        <translation>Wat je de dienst nu toestaat.</translation>
    </message>
    <message>
        <source>Open requests</source>
        <comment>button: show the Requests page</comment>
        <translation>Verzoeken bekijken</translation>
    </message>
    <message>
        <source>Open requests</source>
        <comment>heading: the requests not yet finished</comment>
        <translation>Openstaande verzoeken</translation>
    </message>
    <message>
        <source>The service must answer each request within one month.</source>
        <translation>De dienst moet elk verzoek binnen een maand beantwoorden.</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>Begrepen</translation>
    </message>
    <message>
        <source>Dismiss the notice about changes made elsewhere</source>
        <translation>De melding over wijzigingen elders sluiten</translation>
    </message>
    <message>
        <source>Loading your overview…</source>
        <translation>Je overzicht wordt geladen…</translation>
    </message>
    <message>
        <source>Your overview can&apos;t be shown</source>
        <translation>Je overzicht kan niet worden getoond</translation>
    </message>
    <message>
        <source>Not up to date</source>
        <translation>Niet bijgewerkt</translation>
    </message>
    <message>
        <source>Service: %1</source>
        <translation>Dienst: %1</translation>
    </message>
    <message>
        <source>Last synced %1</source>
        <translation>Laatst bijgewerkt op %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not confirmed yet</source>
        <translation>
            <numerusform>%n wijziging nog niet bevestigd</numerusform>
            <numerusform>%n wijzigingen nog niet bevestigd</numerusform>
        </translation>
    </message>
    <message>
        <source>They are kept on this computer and sent automatically when the service can be reached.</source>
        <translation>Ze staan op deze computer en worden vanzelf verstuurd zodra de dienst bereikbaar is.</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Aan</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Uit</translation>
    </message>
    <message>
        <source>%1 (waiting to be sent)</source>
        <translation>%1 (wacht op verzenden)</translation>
    </message>
    <message>
        <source>No open requests.</source>
        <translation>Geen openstaande verzoeken.</translation>
    </message>
</context>
<context>
    <name>PageState</name>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
</context>
<context>
    <name>PasswordConfirmation</name>
    <message>
        <source>Waiting for your browser… Confirm it is you on the service&apos;s page, then come back here.</source>
        <translation>Wachten op je browser… Bevestig op de pagina van de dienst dat jij het bent en kom dan hier terug.</translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>nog %n dag</numerusform>
            <numerusform>nog %n dagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n dag te laat</numerusform>
            <numerusform>%n dagen te laat</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deadline extended by %n month(s) to %1: %2</source>
        <translation>
            <numerusform>Termijn met %n maand verlengd tot %1: %2</numerusform>
            <numerusform>Termijn met %n maanden verlengd tot %1: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Most collected in %1: %Ln record(s).</source>
        <translation>
            <numerusform>Het meest verzameld in %1: %Ln record.</numerusform>
            <numerusform>Het meest verzameld in %1: %Ln records.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From %1 to %2: %Ln record(s) in all.</source>
        <translation>
            <numerusform>Van %1 tot %2: in totaal %Ln record.</numerusform>
            <numerusform>Van %1 tot %2: in totaal %Ln records.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your sign-in is still kept on this computer. The next try is in %n second(s).</source>
        <translation>
            <numerusform>Je aanmelding blijft op deze computer bewaard. De volgende poging is over %n seconde.</numerusform>
            <numerusform>Je aanmelding blijft op deze computer bewaard. De volgende poging is over %n seconden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Consent receipt</source>
        <translation>Toestemmingsbewijs</translation>
    </message>
    <message>
        <source>The service signed this receipt when you last changed “%1”. The app checks the signature with the service&apos;s public key.</source>
        <translation>De dienst heeft dit toestemmingsbewijs ondertekend toen je “%1” voor het laatst wijzigde. De app controleert de handtekening met de openbare sleutel van de dienst.</translation>
    </message>
    <message>
        <source>Receipt status</source>
        <translation>Status van het toestemmingsbewijs</translation>
    </message>
    <message>
        <source>Try again to fetch the receipt</source>
        <translation>Opnieuw proberen het toestemmingsbewijs op te halen</translation>
    </message>
    <message>
        <source>Signature check</source>
        <translation>Controle van de handtekening</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>Keuze</translation>
    </message>
    <message>
        <source>Recorded value</source>
        <translation>Vastgelegde waarde</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Gemaakt door</translation>
    </message>
    <message>
        <source>Receipt ID</source>
        <translation>Nummer van het toestemmingsbewijs</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Verwerkingsverantwoordelijke</translation>
    </message>
    <message>
        <source>Purposes</source>
        <translation>Doelen</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Privacyverklaring</translation>
    </message>
    <message>
        <source>Show the signed text</source>
        <translation>Ondertekende tekst tonen</translation>
    </message>
    <message>
        <source>The exact text the service signed</source>
        <translation>De precieze tekst die de dienst heeft ondertekend</translation>
    </message>
    <message>
        <source>Close the receipt</source>
        <translation>Toestemmingsbewijs sluiten</translation>
    </message>
    <message>
        <source>Fetching the receipt from the service…</source>
        <translation>Toestemmingsbewijs ophalen bij de dienst…</translation>
    </message>
    <message>
        <source>The service has no receipt for this choice yet. You get one when you change it.</source>
        <translation>De dienst heeft nog geen toestemmingsbewijs voor deze keuze. Je krijgt er een als je de keuze wijzigt.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>aan</translation>
    </message>
    <message>
        <source>off</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>Signature valid: signed by the service&apos;s key %1.</source>
        <translation>Handtekening geldig: ondertekend met sleutel %1 van de dienst.</translation>
    </message>
    <message>
        <source>Signature not valid: this receipt was not signed by any key the service publishes, or it was changed afterwards. Don&apos;t rely on it; ask the service about it.</source>
        <translation>Handtekening ongeldig: dit toestemmingsbewijs is niet ondertekend met een sleutel die de dienst publiceert, of het is achteraf veranderd. Vertrouw er niet op en vraag de dienst ernaar.</translation>
    </message>
    <message>
        <source>Signature not valid for this choice: the signed text names another choice or value than the service listed. Don&apos;t rely on it; ask the service about it.</source>
        <translation>Handtekening ongeldig voor deze keuze: de ondertekende tekst noemt een andere keuze of waarde dan de dienst aangaf. Vertrouw er niet op en vraag de dienst ernaar.</translation>
    </message>
    <message>
        <source>A Global Privacy Control signal from %1</source>
        <translation>Een Global Privacy Control-signaal van %1</translation>
    </message>
    <message>
        <source>A Global Privacy Control signal</source>
        <translation>Een Global Privacy Control-signaal</translation>
    </message>
    <message>
        <source>You, over an earlier Global Privacy Control signal</source>
        <translation>Jij, in plaats van een eerder Global Privacy Control-signaal</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Jij</translation>
    </message>
    <message>
        <source>Hide the signed text</source>
        <translation>Ondertekende tekst verbergen</translation>
    </message>
</context>
<context>
    <name>RecentRecordsDialog</name>
    <message>
        <source>What this sends</source>
        <translation>Wat dit verstuurt</translation>
    </message>
    <message>
        <source>What “%1” sends</source>
        <translation>Wat “%1” verstuurt</translation>
    </message>
    <message>
        <source>The latest records of “%1” the service stored.</source>
        <translation>De laatste gegevens van “%1” die de dienst heeft bewaard.</translation>
    </message>
    <message>
        <source>This choice is off, so nothing new of this kind is stored. Records shown here were stored while it was on.</source>
        <translation>Deze keuze staat uit, dus er wordt niets nieuws van deze soort bewaard. De gegevens hier zijn bewaard toen ze nog aan stond.</translation>
    </message>
    <message>
        <source>The service stored these most recently because this choice is on. Switch it off and nothing new of this kind is stored.</source>
        <translation>De dienst heeft deze gegevens als laatste bewaard omdat deze keuze aan staat. Zet je haar uit, dan wordt er niets nieuws van deze soort bewaard.</translation>
    </message>
    <message>
        <source>Records status</source>
        <translation>Status van de gegevens</translation>
    </message>
    <message>
        <source>Try again to fetch the records</source>
        <translation>Opnieuw proberen de gegevens op te halen</translation>
    </message>
    <message>
        <source>Latest records of “%1”</source>
        <translation>Laatste gegevens van “%1”</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Kolommen</translation>
    </message>
    <message>
        <source>Close the list of records</source>
        <translation>Lijst met gegevens sluiten</translation>
    </message>
    <message>
        <source>Fetching the latest records…</source>
        <translation>Laatste gegevens ophalen…</translation>
    </message>
    <message>
        <source>The service has stored nothing of this kind.</source>
        <translation>De dienst heeft niets van deze soort bewaard.</translation>
    </message>
</context>
<context>
    <name>Records</name>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Apparaat</translation>
    </message>
    <message>
        <source>Kind of media</source>
        <translation>Soort media</translation>
    </message>
    <message>
        <source>Duration (seconds)</source>
        <translation>Duur (seconden)</translation>
    </message>
    <message>
        <source>Bitrate (kbit/s)</source>
        <translation>Bitrate (kbit/s)</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Resolutie</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Bestandstype</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-adres</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-mailadres</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Aangemaakt</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Laatst gezien</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>App-versie</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Locatie</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Aanbieder</translation>
    </message>
    <message>
        <source>Name at the provider</source>
        <translation>Naam bij de aanbieder</translation>
    </message>
    <message>
        <source>E-mail address at the provider</source>
        <translation>E-mailadres bij de aanbieder</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Gekoppeld</translation>
    </message>
    <message>
        <source>Turned on</source>
        <translation>Aangezet</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Laatst gebruikt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Bijgewerkt</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>Interesse</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Gemeld</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>Statistiek</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Aantal</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Poort</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>Tekst van het rapport</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Besturingssysteem</translation>
    </message>
    <message>
        <source>System version</source>
        <translation>Versie van het besturingssysteem</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Geïnstalleerd</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Geplaatst</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Doel</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Uitgegeven</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>Keuze</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>Ondertekeningssleutel</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>RequestActions</name>
    <message>
        <source>Ask for a copy of my data</source>
        <translation>Vraag een kopie van mijn gegevens</translation>
    </message>
    <message>
        <source>Everything the service keeps about you, as a file you can download.</source>
        <translation>Alles wat de dienst over je bewaart, als bestand dat je kunt downloaden.</translation>
    </message>
    <message>
        <source>Correct something</source>
        <translation>Iets laten corrigeren</translation>
    </message>
    <message>
        <source>Ask the service to correct your username or e-mail address.</source>
        <translation>Vraag de dienst om je gebruikersnaam of e-mailadres te corrigeren.</translation>
    </message>
    <message>
        <source>Delete my account</source>
        <translation>Mijn account verwijderen</translation>
    </message>
    <message>
        <source>Explains what is deleted and lets you confirm with your password.</source>
        <translation>Legt uit wat er wordt verwijderd en laat je bevestigen met je wachtwoord.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Refresh the requests</source>
        <translation>De verzoeken vernieuwen</translation>
    </message>
    <message>
        <source>Asks the service for the latest status and due date of every request.</source>
        <translation>Vraagt de dienst om de laatste status en uiterste datum van elk verzoek.</translation>
    </message>
</context>
<context>
    <name>RequestDetail</name>
    <message>
        <source>About this request</source>
        <translation>Over dit verzoek</translation>
    </message>
    <message>
        <source>What you can do</source>
        <translation>Wat je kunt doen</translation>
    </message>
    <message>
        <source>Send a reminder</source>
        <translation>Herinnering sturen</translation>
    </message>
    <message>
        <source>Send the service a reminder</source>
        <translation>Stuur de dienst een herinnering</translation>
    </message>
    <message>
        <source>The service records it in the request&apos;s history. One a day at most.</source>
        <translation>De dienst legt hem vast in de geschiedenis van het verzoek. Hoogstens één per dag.</translation>
    </message>
    <message>
        <source>Complain to an authority…</source>
        <translation>Klagen bij een toezichthouder…</translation>
    </message>
    <message>
        <source>Complain to a data-protection authority</source>
        <translation>Klacht indienen bij een privacytoezichthouder</translation>
    </message>
    <message>
        <source>Writes the complaint with the service&apos;s signed records as evidence.</source>
        <translation>Schrijft de klacht, met de ondertekende gegevens van de dienst als bewijsmateriaal.</translation>
    </message>
    <message>
        <source>The service&apos;s reasons</source>
        <translation>De redenen van de dienst</translation>
    </message>
    <message>
        <source>Cancel this request</source>
        <translation>Dit verzoek intrekken</translation>
    </message>
    <message>
        <source>What happened so far</source>
        <translation>Wat er tot nu toe is gebeurd</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>Statusgeschiedenis</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>Details van het verzoek</translation>
    </message>
    <message>
        <source>Cancel deletion</source>
        <translation>Verwijdering intrekken</translation>
    </message>
    <message>
        <source>Keep your account?</source>
        <translation>Je account houden?</translation>
    </message>
    <message>
        <source>Your account will not be deleted, and everything stays as it is. You can ask again at any time.</source>
        <translation>Je account wordt niet verwijderd en alles blijft zoals het is. Je kunt het op elk moment opnieuw vragen.</translation>
    </message>
    <message>
        <source>Cancel this request?</source>
        <translation>Dit verzoek intrekken?</translation>
    </message>
    <message>
        <source>The service stops working on it. You can ask again at any time.</source>
        <translation>De dienst stopt ermee. Je kunt het op elk moment opnieuw vragen.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>Ingediend</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Uiterste datum</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwoord</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>Filed by %1 on your behalf</source>
        <translation>Namens jou ingediend door %1</translation>
    </message>
    <message>
        <source>Your account will be deleted on %1. Until then you can cancel.</source>
        <translation>Je account wordt verwijderd op %1. Tot die tijd kun je dit verzoek intrekken.</translation>
    </message>
    <message>
        <source>%1 · %2 — %3</source>
        <translation>%1 · %2 — %3</translation>
    </message>
    <message>
        <source>The service extended the deadline: %1</source>
        <translation>De dienst heeft de termijn verlengd: %1</translation>
    </message>
    <message>
        <source>The service refused: %1</source>
        <translation>De dienst heeft het verzoek afgewezen: %1</translation>
    </message>
</context>
<context>
    <name>RequestFacts</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Requests</name>
    <message>
        <source>Copy of my data</source>
        <translation>Kopie van mijn gegevens</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correctie</translation>
    </message>
    <message>
        <source>Account deletion</source>
        <translation>Account verwijderen</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <source>Verifying your identity</source>
        <translation>Je identiteit wordt gecontroleerd</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In behandeling</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Afgewezen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Ingetrokken</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Verlopen</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>Ingediend</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Uiterste datum</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Resterende tijd</translation>
    </message>
    <message>
        <source>Filed by %1 on your behalf</source>
        <translation>Namens jou ingediend door %1</translation>
    </message>
    <message>
        <source>Extended by the service: %1</source>
        <translation>Verlengd door de dienst: %1</translation>
    </message>
    <message>
        <source>%1 (by %2)</source>
        <translation>%1 (door %2)</translation>
    </message>
    <message>
        <source>The service has missed the legal deadline. You can send it a reminder, and complain to your data protection authority: Privacy Desk writes the complaint for you, with the service&apos;s own signed records as evidence.</source>
        <translation>De dienst heeft de wettelijke termijn laten verlopen. Je kunt de dienst een herinnering sturen en een klacht indienen bij je privacytoezichthouder: Privacy Desk schrijft de klacht voor je, met de eigen ondertekende gegevens van de dienst als bewijsmateriaal.</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Requests</source>
        <translation>Verzoeken</translation>
    </message>
    <message>
        <source>Ask the service for a copy of your data, a correction, or the deletion of your account. It must answer within one month, and you can follow every step here.</source>
        <translation>Vraag de privacydienst om een kopie van je gegevens, een correctie of het verwijderen van je account. De dienst moet binnen een maand antwoorden, en je volgt hier elke stap.</translation>
    </message>
    <message>
        <source>Your requests</source>
        <translation>Je verzoeken</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Kolommen</translation>
    </message>
    <message>
        <source>Select all requests</source>
        <translation>Alle verzoeken selecteren</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>Nog geen verzoeken</translation>
    </message>
    <message>
        <source>You haven&apos;t asked the service for anything yet. Use the buttons above to ask for a copy of your data, a correction, or the deletion of your account; each request then shows here with its deadline.</source>
        <translation>Je hebt de dienst nog niets gevraagd. Vraag met de knoppen hierboven om een kopie van je gegevens, een correctie of het verwijderen van je account; elk verzoek staat dan hier, met de uiterste datum.</translation>
    </message>
    <message>
        <source>Loading your requests…</source>
        <translation>Je verzoeken worden geladen…</translation>
    </message>
    <message>
        <source>Your requests can&apos;t be shown</source>
        <translation>Je verzoeken kunnen niet worden getoond</translation>
    </message>
    <message>
        <source>Reminder sent. The service has added it to the request&apos;s history.</source>
        <translation>Herinnering verstuurd. De dienst heeft hem aan de geschiedenis van het verzoek toegevoegd.</translation>
    </message>
    <message>
        <source>You sent a reminder less than a day ago. You can send the next one tomorrow.</source>
        <translation>Je hebt minder dan een dag geleden al een herinnering gestuurd. Morgen kun je de volgende sturen.</translation>
    </message>
    <message>
        <source>This request is no longer overdue.</source>
        <translation>Dit verzoek is niet meer te laat.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>The language of the app and of the service&apos;s explanations. It changes at once.</source>
        <translation>De taal van de app en van de uitleg van de dienst. Verandert meteen.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Weergave</translation>
    </message>
    <message>
        <source>Follow the desktop&apos;s light or dark style, or pick one.</source>
        <translation>Volg de lichte of donkere stijl van je bureaublad, of kies er zelf een.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Systeem volgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Licht</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Donker</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Laten staan</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Uitloggen</translation>
    </message>
    <message>
        <source>Your sign-in is kept in this computer&apos;s keyring, so you stay signed in next time.</source>
        <translation>Je aanmelding staat in de sleutelbos van deze computer, dus de volgende keer ben je meteen ingelogd.</translation>
    </message>
    <message>
        <source>This is the demo: it keeps nothing on this computer.</source>
        <translation>Dit is de demo: die bewaart niets op deze computer.</translation>
    </message>
    <message>
        <source>Signed in for this session only: nothing was saved, so you will sign in again next time.</source>
        <translation>Alleen voor deze sessie ingelogd: er is niets bewaard, dus de volgende keer log je opnieuw in.</translation>
    </message>
    <message>
        <source>Service: %1</source>
        <translation>Dienst: %1</translation>
    </message>
    <message>
        <source>Forget this device…</source>
        <translation>Dit apparaat vergeten…</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>Dit apparaat</translation>
    </message>
    <message>
        <source>Forget this device</source>
        <translation>Dit apparaat vergeten</translation>
    </message>
    <message>
        <source>Signs out and removes everything Privacy Desk keeps on this computer: the keyring entry, unsent changes, your saved receipts, crash reports and logs. Save your evidence first if you want to keep it.</source>
        <translation>Logt uit en verwijdert alles wat Privacy Desk op deze computer bewaart: de aanmelding in de sleutelbos, niet-verstuurde wijzigingen, je bewaarde toestemmingsbewijzen, crashrapporten en logboeken. Sla je bewijsmateriaal eerst op als je het wilt houden.</translation>
    </message>
    <message>
        <source>Your receipts and unsent changes</source>
        <translation>Je toestemmingsbewijzen en niet-verstuurde wijzigingen</translation>
    </message>
    <message>
        <source>Logs (deleted after 90 days)</source>
        <translation>Logbestanden (na 90 dagen verwijderd)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Map openen</translation>
    </message>
    <message>
        <source>Open folder: %1</source>
        <translation>Map openen: %1</translation>
    </message>
    <message>
        <source>Where local files live</source>
        <translation>Waar lokale bestanden staan</translation>
    </message>
    <message>
        <source>About Privacy Desk</source>
        <translation>Over Privacy Desk</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Meldingen</translation>
    </message>
    <message>
        <source>Authorised agents</source>
        <translation>Gemachtigden</translation>
    </message>
    <message>
        <source>Global Privacy Control</source>
        <translation>Global Privacy Control</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Language and appearance</source>
        <translation>Taal en weergave</translation>
    </message>
    <message>
        <source>In the background</source>
        <translation>Op de achtergrond</translation>
    </message>
    <message>
        <source>Agents you gave permission</source>
        <translation>Gemachtigden aan wie je toestemming gaf</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Kolommen</translation>
    </message>
    <message>
        <source>No agent may file requests for you.</source>
        <translation>Geen enkele gemachtigde mag verzoeken voor je indienen.</translation>
    </message>
    <message>
        <source>Message about agents</source>
        <translation>Melding over gemachtigden</translation>
    </message>
    <message>
        <source>Let an agent file requests for me…</source>
        <translation>Een gemachtigde verzoeken voor mij laten indienen…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Intrekken…</translation>
    </message>
    <message>
        <source>Revoke the selected permission</source>
        <translation>De gekozen toestemming intrekken</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Try again to read your agents</source>
        <translation>Je gemachtigden opnieuw ophalen</translation>
    </message>
    <message>
        <source>Agents that may file requests for you</source>
        <translation>Gemachtigden die verzoeken voor je mogen indienen</translation>
    </message>
    <message>
        <source>An authorised agent is an app or service that files privacy requests in your name, such as asking for a copy of your data. It may act only for what you allow and only until the date you pick, and you can revoke that at any time.</source>
        <translation>Een gemachtigde is een app of dienst die privacyverzoeken namens jou indient, bijvoorbeeld om een kopie van je gegevens vragen. Die mag alleen optreden voor wat je toestaat en alleen tot en met de datum die je kiest, en je kunt dat altijd intrekken.</translation>
    </message>
    <message>
        <source>The service lists no agents yet.</source>
        <translation>De dienst noemt nog geen gemachtigden.</translation>
    </message>
    <message>
        <source>Revoke the permission of %1</source>
        <translation>De toestemming van %1 intrekken</translation>
    </message>
    <message>
        <source>%1 may now file requests for you until %2.</source>
        <translation>%1 mag nu tot en met %2 verzoeken voor je indienen.</translation>
    </message>
    <message>
        <source>Stop %1 filing requests for you?</source>
        <translation>%1 geen verzoeken meer voor je laten indienen?</translation>
    </message>
    <message>
        <source>%1 can no longer file requests in your name. Requests it already filed stay, and you can cancel them under Requests.</source>
        <translation>%1 kan geen verzoeken meer namens jou indienen. Verzoeken die al zijn ingediend blijven staan; je kunt ze intrekken onder Verzoeken.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Intrekken</translation>
    </message>
    <message>
        <source>%1 can no longer file requests for you.</source>
        <translation>%1 kan geen verzoeken meer voor je indienen.</translation>
    </message>
    <message>
        <source>Honour Global Privacy Control from my browsers and other apps</source>
        <translation>Global Privacy Control van mijn browsers en andere apps volgen</translation>
    </message>
    <message>
        <source>Message about Global Privacy Control</source>
        <translation>Melding over Global Privacy Control</translation>
    </message>
    <message>
        <source>When a browser or app you use with this account sends the Global Privacy Control signal, the service switches off sharing and personalised advertising, unless you switched them on again yourself.</source>
        <translation>Als een browser of app die je met dit account gebruikt het Global Privacy Control-signaal stuurt, zet de dienst delen en gepersonaliseerde advertenties uit, tenzij je die zelf weer hebt aangezet.</translation>
    </message>
    <message>
        <source>When a browser or app you use with this account sends the Global Privacy Control signal, the service switches off %1, unless you switched them on again yourself.</source>
        <translation>Als een browser of app die je met dit account gebruikt het Global Privacy Control-signaal stuurt, zet de dienst %1 uit, tenzij je ze zelf weer hebt aangezet.</translation>
    </message>
    <message>
        <source>Your change was not saved, so the switch is back as it was.</source>
        <translation>Je wijziging is niet opgeslagen, dus de schakelaar staat weer zoals hij stond.</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window is closed</source>
        <translation>Blijf actief in het systeemvak als het venster dicht is</translation>
    </message>
    <message>
        <source>Privacy Desk then keeps an eye on your requests and choices and tells you when something happens. Quit it from the tray icon.</source>
        <translation>Privacy Desk houdt dan je verzoeken en keuzes in de gaten en laat je weten als er iets gebeurt. Sluit het af via het pictogram in het systeemvak.</translation>
    </message>
    <message>
        <source>Start Privacy Desk when I log in</source>
        <translation>Start Privacy Desk als ik inlog</translation>
    </message>
    <message>
        <source>Privacy Desk starts by itself when you log in to this computer. Switch this off to remove it from the start-up list again.</source>
        <translation>Privacy Desk start vanzelf als je op deze computer inlogt. Zet dit uit om het weer uit de lijst met opstartprogramma&apos;s te halen.</translation>
    </message>
    <message>
        <source>Built with Qt %1 and PySide6 %2.</source>
        <translation>Gemaakt met Qt %1 en PySide6 %2.</translation>
    </message>
    <message>
        <source>Not used: the demo keeps nothing on this computer.</source>
        <translation>Niet gebruikt: de demo bewaart niets op deze computer.</translation>
    </message>
    <message>
        <source>Looking up the keyring…</source>
        <translation>Sleutelbos opzoeken…</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Sleutelbos</translation>
    </message>
    <message>
        <source>Open licences folder</source>
        <translation>Map met licenties openen</translation>
    </message>
    <message>
        <source>Privacy Desk is built on free software. The licence texts of the libraries it includes are in this folder.</source>
        <translation>Privacy Desk is gebouwd op vrije software. De licentieteksten van de bibliotheken die erin zitten, staan in deze map.</translation>
    </message>
    <message>
        <source>The licence texts of the libraries Privacy Desk is built on are not part of this copy. An installed copy of Privacy Desk includes them.</source>
        <translation>De licentieteksten van de bibliotheken waarop Privacy Desk is gebouwd, zitten niet in deze kopie. Een geïnstalleerde Privacy Desk heeft ze wel.</translation>
    </message>
    <message>
        <source>Third-party licences</source>
        <translation>Licenties van derden</translation>
    </message>
    <message>
        <source>The keyring in use: %1</source>
        <translation>De gebruikte sleutelbos: %1</translation>
    </message>
    <message>
        <source>No usable keyring was found (%1), so nothing can be kept between sessions.</source>
        <translation>Er is geen bruikbare sleutelbos gevonden (%1), dus er kan niets tussen sessies worden bewaard.</translation>
    </message>
    <message>
        <source>Could not find out which keyring is in use.</source>
        <translation>Kon niet nagaan welke sleutelbos in gebruik is.</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Uitloggen…</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Privacy Desk</source>
        <translation>Inloggen bij Privacy Desk</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Inloggen</translation>
    </message>
    <message>
        <source>Service address</source>
        <translation>Adres van de dienst</translation>
    </message>
    <message>
        <source>You sign in on your service&apos;s own page, in your web browser. Privacy Desk never sees your password.</source>
        <translation>Je logt in op de eigen pagina van je dienst, in je webbrowser. Privacy Desk ziet je wachtwoord nooit.</translation>
    </message>
    <message>
        <source>https://privacy.example.org</source>
        <translation>https://privacy.example.org</translation>
    </message>
    <message>
        <source>Code to type on the other device</source>
        <translation>Code om op het andere apparaat in te typen</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Melding bij inloggen</translation>
    </message>
    <message>
        <source>Sign in with your browser</source>
        <translation>Inloggen met je browser</translation>
    </message>
    <message>
        <source>Sign in on another device</source>
        <translation>Inloggen op een ander apparaat</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Stop waiting for the sign-in</source>
        <translation>Stoppen met wachten op het inloggen</translation>
    </message>
    <message>
        <source>Try the keyring again</source>
        <translation>Sleutelbos opnieuw proberen</translation>
    </message>
    <message>
        <source>Stay signed in for this session only</source>
        <translation>Alleen voor deze sessie ingelogd blijven</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Opnieuw inloggen</translation>
    </message>
    <message>
        <source>Waiting for your browser… Finish signing in on your service&apos;s page there.</source>
        <translation>Wachten op je browser… Rond het inloggen daar af op de pagina van je dienst.</translation>
    </message>
    <message>
        <source>Asking your service for a code…</source>
        <translation>Je dienst wordt om een code gevraagd…</translation>
    </message>
    <message>
        <source>On a phone or computer with a browser, open {address} and type this code. This window goes on by itself once you have allowed it.</source>
        <translation>Open op een telefoon of computer met een browser {address} en typ deze code. Dit venster gaat vanzelf verder zodra je het hebt toegestaan.</translation>
    </message>
    <message>
        <source>Try now</source>
        <translation>Nu proberen</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Bezig met inloggen</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Inloggen…</translation>
    </message>
</context>
</TS>
