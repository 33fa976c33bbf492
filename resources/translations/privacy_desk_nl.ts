<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Ingelogd als %1</translation>
    </message>
    <message>
        <source>Service: %1</source>
        <translation>Dienst: %1</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Uitloggen</translation>
    </message>
    <message>
        <source>Ends the session on the service and removes it from this computer&apos;s keyring.</source>
        <translation>Beëindigt de sessie bij de dienst en verwijdert de aanmelding uit de sleutelbos van deze computer.</translation>
    </message>
    <message>
        <source>Your sign-in is kept in this computer&apos;s keyring, so you stay signed in next time.</source>
        <translation>Je aanmelding staat in de sleutelbos van deze computer, dus de volgende keer ben je meteen ingelogd.</translation>
    </message>
    <message>
        <source>Signed in for this session only: nothing was saved, so you will sign in again next time.</source>
        <translation>Alleen voor deze sessie ingelogd: er is niets bewaard, dus de volgende keer log je opnieuw in.</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Uitloggen…</translation>
    </message>
</context>
<context>
    <name>ChoiceCard</name>
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
        <source>Saving…</source>
        <translation>Opslaan…</translation>
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
        <source>Loading your choices…</source>
        <translation>Je keuzes worden geladen…</translation>
    </message>
    <message>
        <source>The service offers no choices to change.</source>
        <translation>De dienst biedt geen keuzes om te wijzigen.</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>Signing you in…</source>
        <translation>Je wordt ingelogd…</translation>
    </message>
    <message>
        <source>Your settings could not be saved. Check that the disk is not full.</source>
        <translation>Je instellingen konden niet worden opgeslagen. Controleer of de schijf niet vol is.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Je sessie is verlopen. Log opnieuw in.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Privacy Desk</source>
        <translation>Privacy Desk</translation>
    </message>
    <message>
        <source>Privacy choices</source>
        <translation>Privacykeuzes</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pagina&apos;s</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Can&apos;t reach the privacy service. Check your connection and the service address, then try again.</source>
        <translation>De privacydienst is niet bereikbaar. Controleer je verbinding en het adres van de dienst en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The privacy service took too long to answer. Try again in a moment.</source>
        <translation>De privacydienst deed er te lang over om te antwoorden. Probeer het zo opnieuw.</translation>
    </message>
    <message>
        <source>The service&apos;s security certificate is not trusted, so nothing was sent. Check the service address.</source>
        <translation>Het beveiligingscertificaat van de dienst wordt niet vertrouwd, dus er is niets verstuurd. Controleer het adres van de dienst.</translation>
    </message>
    <message>
        <source>The privacy service ran into a problem on its side. Try again later.</source>
        <translation>De privacydienst heeft aan zijn kant een probleem. Probeer het later opnieuw.</translation>
    </message>
    <message>
        <source>The privacy service sent an answer the app doesn&apos;t understand. Check the service address, or update the app.</source>
        <translation>De privacydienst stuurde een antwoord dat de app niet begrijpt. Controleer het adres van de dienst of werk de app bij.</translation>
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
        <source>Your choices were changed somewhere else in the meantime. The app reloaded them; please check and try again.</source>
        <translation>Je keuzes zijn intussen ergens anders gewijzigd. De app heeft ze opnieuw geladen; controleer ze en probeer het nog eens.</translation>
    </message>
    <message>
        <source>Too many attempts in a short time. Wait a minute, then try again.</source>
        <translation>Te veel pogingen in korte tijd. Wacht een minuut en probeer het dan opnieuw.</translation>
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
        <source>Your system keyring is locked. Unlock it and try again, or stay signed in for this session only.</source>
        <translation>De sleutelbos van je systeem is vergrendeld. Ontgrendel hem en probeer het opnieuw, of blijf alleen voor deze sessie ingelogd.</translation>
    </message>
    <message>
        <source>This system has no keyring the app can use, so you will have to sign in again next time. You are signed in for this session only.</source>
        <translation>Dit systeem heeft geen sleutelbos die de app kan gebruiken, dus de volgende keer moet je opnieuw inloggen. Je bent alleen voor deze sessie ingelogd.</translation>
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
    <name>PageState</name>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
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
        <source>Use the account of your media service. Your password is sent to the service only and never stored.</source>
        <translation>Gebruik het account van je mediadienst. Je wachtwoord gaat alleen naar de dienst en wordt nergens bewaard.</translation>
    </message>
    <message>
        <source>Service address</source>
        <translation>Adres van de dienst</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-mailadres</translation>
    </message>
    <message>
        <source>you@example.org</source>
        <translation>jij@voorbeeld.nl</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Melding bij inloggen</translation>
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
        <source>Enter your e-mail address and your password.</source>
        <translation>Vul je e-mailadres en je wachtwoord in.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Inloggen…</translation>
    </message>
</context>
</TS>
