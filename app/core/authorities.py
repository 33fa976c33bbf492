"""The data-protection authorities of the EU and EEA countries (GDPR Art. 51 and 77): where
an account holder can lodge a complaint when a request goes unanswered.

Kept as data: one row per country (the 27 EU member states, and Iceland, Liechtenstein and
Norway, which apply the GDPR through the EEA agreement). `name` is the authority's own name
in its country's language, `english_name` how it names itself in English. `complaint_page`
is the page the app opens beside the written complaint; where no page for complaints is
known, it is the authority's home page, from which its complaint form is reached. The
addresses were written down from the authorities' own sites as known on 2026-12-01; this
machine cannot reach them, so they were not opened from here (tests/app/core/
test_authorities.py checks that every row is complete and every address is https on the
authority's own domain).

Germany has one authority per state besides the federal one; for a company the state where
it is established is competent. The federal commissioner is listed, and forwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Authority:
    country: str  # ISO 3166-1 alpha-2
    country_en: str
    country_nl: str
    name: str
    english_name: str
    website: str
    complaint_page: str

    def country_name(self, language: str) -> str:
        return self.country_nl if language == "nl" else self.country_en

    @property
    def host(self) -> str:
        return urlsplit(self.website).hostname or ""


AUTHORITIES: tuple[Authority, ...] = (
    Authority(
        "AT",
        "Austria",
        "Oostenrijk",
        "Österreichische Datenschutzbehörde",
        "Austrian Data Protection Authority",
        "https://www.dsb.gv.at/",
        "https://www.dsb.gv.at/",
    ),
    Authority(
        "BE",
        "Belgium",
        "België",
        "Gegevensbeschermingsautoriteit / Autorité de protection des données",
        "Belgian Data Protection Authority",
        "https://www.gegevensbeschermingsautoriteit.be/",
        "https://www.gegevensbeschermingsautoriteit.be/burger/acties/klacht-indienen",
    ),
    Authority(
        "BG",
        "Bulgaria",
        "Bulgarije",
        "Комисия за защита на личните данни",
        "Commission for Personal Data Protection",
        "https://www.cpdp.bg/",
        "https://www.cpdp.bg/",
    ),
    Authority(
        "HR",
        "Croatia",
        "Kroatië",
        "Agencija za zaštitu osobnih podataka",
        "Croatian Personal Data Protection Agency",
        "https://azop.hr/",
        "https://azop.hr/",
    ),
    Authority(
        "CY",
        "Cyprus",
        "Cyprus",
        "Γραφείο Επιτρόπου Προστασίας Δεδομένων Προσωπικού Χαρακτήρα",
        "Commissioner for Personal Data Protection",
        "https://www.dataprotection.gov.cy/",
        "https://www.dataprotection.gov.cy/",
    ),
    Authority(
        "CZ",
        "Czechia",
        "Tsjechië",
        "Úřad pro ochranu osobních údajů",
        "Office for Personal Data Protection",
        "https://uoou.gov.cz/",
        "https://uoou.gov.cz/",
    ),
    Authority(
        "DK",
        "Denmark",
        "Denemarken",
        "Datatilsynet",
        "Danish Data Protection Agency",
        "https://www.datatilsynet.dk/",
        "https://www.datatilsynet.dk/",
    ),
    Authority(
        "EE",
        "Estonia",
        "Estland",
        "Andmekaitse Inspektsioon",
        "Estonian Data Protection Inspectorate",
        "https://www.aki.ee/",
        "https://www.aki.ee/",
    ),
    Authority(
        "FI",
        "Finland",
        "Finland",
        "Tietosuojavaltuutetun toimisto",
        "Office of the Data Protection Ombudsman",
        "https://tietosuoja.fi/",
        "https://tietosuoja.fi/en",
    ),
    Authority(
        "FR",
        "France",
        "Frankrijk",
        "Commission nationale de l'informatique et des libertés (CNIL)",
        "French Data Protection Authority (CNIL)",
        "https://www.cnil.fr/",
        "https://www.cnil.fr/fr/plaintes",
    ),
    Authority(
        "DE",
        "Germany",
        "Duitsland",
        "Die Bundesbeauftragte für den Datenschutz und die Informationsfreiheit",
        "Federal Commissioner for Data Protection and Freedom of Information",
        "https://www.bfdi.bund.de/",
        "https://www.bfdi.bund.de/",
    ),
    Authority(
        "GR",
        "Greece",
        "Griekenland",
        "Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα",
        "Hellenic Data Protection Authority",
        "https://www.dpa.gr/",
        "https://www.dpa.gr/",
    ),
    Authority(
        "HU",
        "Hungary",
        "Hongarije",
        "Nemzeti Adatvédelmi és Információszabadság Hatóság",
        "Hungarian National Authority for Data Protection and Freedom of Information",
        "https://naih.hu/",
        "https://naih.hu/",
    ),
    Authority(
        "IE",
        "Ireland",
        "Ierland",
        "Data Protection Commission",
        "Data Protection Commission",
        "https://www.dataprotection.ie/",
        "https://www.dataprotection.ie/",
    ),
    Authority(
        "IT",
        "Italy",
        "Italië",
        "Garante per la protezione dei dati personali",
        "Italian Data Protection Authority",
        "https://www.garanteprivacy.it/",
        "https://www.garanteprivacy.it/",
    ),
    Authority(
        "LV",
        "Latvia",
        "Letland",
        "Datu valsts inspekcija",
        "Data State Inspectorate",
        "https://www.dvi.gov.lv/",
        "https://www.dvi.gov.lv/",
    ),
    Authority(
        "LT",
        "Lithuania",
        "Litouwen",
        "Valstybinė duomenų apsaugos inspekcija",
        "State Data Protection Inspectorate",
        "https://vdai.lrv.lt/",
        "https://vdai.lrv.lt/",
    ),
    Authority(
        "LU",
        "Luxembourg",
        "Luxemburg",
        "Commission nationale pour la protection des données",
        "National Commission for Data Protection",
        "https://cnpd.public.lu/",
        "https://cnpd.public.lu/",
    ),
    Authority(
        "MT",
        "Malta",
        "Malta",
        "Information and Data Protection Commissioner",
        "Information and Data Protection Commissioner",
        "https://idpc.org.mt/",
        "https://idpc.org.mt/",
    ),
    Authority(
        "NL",
        "Netherlands",
        "Nederland",
        "Autoriteit Persoonsgegevens",
        "Dutch Data Protection Authority",
        "https://www.autoriteitpersoonsgegevens.nl/",
        "https://www.autoriteitpersoonsgegevens.nl/een-tip-of-klacht-indienen-bij-de-ap",
    ),
    Authority(
        "PL",
        "Poland",
        "Polen",
        "Urząd Ochrony Danych Osobowych",
        "Personal Data Protection Office",
        "https://uodo.gov.pl/",
        "https://uodo.gov.pl/",
    ),
    Authority(
        "PT",
        "Portugal",
        "Portugal",
        "Comissão Nacional de Proteção de Dados",
        "National Data Protection Commission",
        "https://www.cnpd.pt/",
        "https://www.cnpd.pt/",
    ),
    Authority(
        "RO",
        "Romania",
        "Roemenië",
        "Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal",
        "National Supervisory Authority for Personal Data Processing",
        "https://www.dataprotection.ro/",
        "https://www.dataprotection.ro/",
    ),
    Authority(
        "SK",
        "Slovakia",
        "Slowakije",
        "Úrad na ochranu osobných údajov Slovenskej republiky",
        "Office for Personal Data Protection of the Slovak Republic",
        "https://dataprotection.gov.sk/",
        "https://dataprotection.gov.sk/",
    ),
    Authority(
        "SI",
        "Slovenia",
        "Slovenië",
        "Informacijski pooblaščenec",
        "Information Commissioner",
        "https://www.ip-rs.si/",
        "https://www.ip-rs.si/",
    ),
    Authority(
        "ES",
        "Spain",
        "Spanje",
        "Agencia Española de Protección de Datos",
        "Spanish Data Protection Agency",
        "https://www.aepd.es/",
        "https://www.aepd.es/",
    ),
    Authority(
        "SE",
        "Sweden",
        "Zweden",
        "Integritetsskyddsmyndigheten",
        "Swedish Authority for Privacy Protection",
        "https://www.imy.se/",
        "https://www.imy.se/",
    ),
    Authority(
        "IS",
        "Iceland",
        "IJsland",
        "Persónuvernd",
        "Icelandic Data Protection Authority",
        "https://www.personuvernd.is/",
        "https://www.personuvernd.is/",
    ),
    Authority(
        "LI",
        "Liechtenstein",
        "Liechtenstein",
        "Datenschutzstelle Liechtenstein",
        "Data Protection Authority of Liechtenstein",
        "https://www.datenschutzstelle.li/",
        "https://www.datenschutzstelle.li/",
    ),
    Authority(
        "NO",
        "Norway",
        "Noorwegen",
        "Datatilsynet",
        "Norwegian Data Protection Authority",
        "https://www.datatilsynet.no/",
        "https://www.datatilsynet.no/",
    ),
)

BY_COUNTRY = {authority.country: authority for authority in AUTHORITIES}


def sorted_for(language: str) -> list[Authority]:
    """The authorities in the order of their country's name in `language`."""
    return sorted(AUTHORITIES, key=lambda authority: authority.country_name(language))
