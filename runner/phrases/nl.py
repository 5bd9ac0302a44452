"""Dutch (nl): how Dutch- and Flemish-speaking support sites word things, in the je and the
u form. "Binnenkort" (soon) names no time; "binnen 2 werkdagen" does. "Maandag tot vrijdag"
is opening hours, so "tot" never makes a promise.
"""

from __future__ import annotations

_NUM = (r"(?:\d+(?:[,.]\d+)?|een paar|een aantal|een|één|twee|drie|vier|vijf|zes|zeven|acht"
        r"|tien|twaalf|vierentwintig|achtenveertig|tweeënzeventig|enkele|paar)")
_UNIT = r"(?:(?:werk|kalender)?dag(?:en)?|uur|uren|minuten|minuut|min|weken|week|u)"
_DAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:en|of|alstublieft|eerst|bent|ben)\b))"
_YOU = r"(?:je|jou|u|jullie)"

FAMILIES: dict[str, tuple[str, ...]] = {
    "acknowledgement": (
        r"\bbedankt\b|\bdank (?:je|u|jullie)(?: wel)?\b|\bhartelijk dank\b|\bdankjewel\b"
        r"|\bdankuwel\b|\bdank voor\b",
        rf"\b(?:we|wij) hebben {_YOU}\w* (?:(?!\bniet\b)[^.!?\n]){{0,40}}\b(?:ontvangen"
        r"|binnengekregen|gekregen)\b|\bin goede orde ontvangen\b|\bis (?:bij ons )?"
        r"(?:binnengekomen|aangekomen)\b",
        r"\b(?:is|zijn|werd|werden) (?:succesvol |met succes |goed |zojuist |bij ons )?"
        r"(?:verzonden|verstuurd|ontvangen|aangemaakt|geregistreerd|doorgestuurd|ingediend"
        r"|vastgelegd)\b",
        r"\b(?:succesvol|met succes) (?:verzonden|verstuurd|ingediend|ontvangen|aangemaakt)\b",
        r"\b\w*bevestiging\b|\bbevestigd\b|\b(?:we|wij) bevestigen\b",
        rf"\b(?:neemt|nemen) (?:\w+ ){{0,5}}contact met {_YOU} op\b",
        rf"\b(?:we|wij) (?:komen (?:\w+ ){{0,5}}(?:bij|op) {_YOU} terug|reageren|antwoorden"
        rf"|bellen {_YOU} (?:\w+ )?terug)\b|\b(?:je|u) (?:hoort|ontvangt) (?:\w+ ){{0,5}}(?:van"
        rf" ons|een reactie|antwoord)\b",
        r"\b(?:wordt|worden) (?:\w+ ){0,4}(?:behandeld|in behandeling genomen|opgepakt"
        r"|beantwoord)\b",
    ),
    "promise": (
        rf"\bbinnen (?:de |het )?(?:komende |volgende |eerstvolgende )?(?:{_NUM}\s*)?{_UNIT}\b",
        rf"\bin (?:de |het )?(?:komende|volgende|eerstvolgende) (?:{_NUM}\s*)?{_UNIT}\b",
        rf"\b(?:over|in|uiterlijk|maximaal|hooguit|binnen maximaal) {_NUM}\s*{_UNIT}\b",
        rf"\b(?:vóór|voor|uiterlijk) (?:morgen|vanavond|het einde van de (?:dag|week|werkdag)"
        rf"|eind van de (?:dag|week)|{_DAY}|\d{{1,2}}(?:[:.]\d\d)?\s*uur)\b",
        rf"\b{_NUM}\s*werkdag(?:en)?\b|\b(?:de )?(?:volgende|eerstvolgende) werkdag\b"
        r"|\b(?:nog )?dezelfde (?:werk)?dag\b",
        r"\bnog vandaag\b|\bvandaag nog\b|\b(?:vóór|uiterlijk) vandaag\b|\bin de loop van"
        r" (?:de dag|vandaag)\b|(?<!goede)\bmorgen\b",
        r"\b(?:24|48|72)\s*(?:/7|u\b|uur\b|h\b)",
        rf"\b(?:reactie|respons|antwoord|behandel|doorloop)tijd\b[^.!?\n]{{0,30}}?\b{_NUM}\s*"
        rf"{_UNIT}\b",
    ),
    "apology": (
        r"\bsorry\b",
        r"\bexcus\w*\b|\bexcuus\b",
        r"\b(?:het )?spijt (?:me|mij|ons)\b|\b(?:me|mij|ons) spijt\b",
        r"\bverontschuldig\w*\b",
        r"\b(?:vervelend|frustrerend|teleurstellend)\b|\b(?:wat|dat is|erg|echt) (?:\w+ )?"
        r"(?:jammer|balen)\b",
        r"\bhad (?:\w+ )?niet (?:mogen|moeten) (?:gebeuren|gaan)\b|\b(?:onze|mijn) (?:fout"
        r"|vergissing)\b",
    ),
    "complaint": (
        r"\b(?:beschadigd|kapot|defect|gebroken|gebarsten|gescheurd|gekrast|lek|kapotte"
        r"|beschadigde|defecte)\b|\b(?:is|zijn|was|ging|gaat) (?:\w+ )?stuk\b",
        r"\b(?:werkt|werken|doet het|doen het|laadt|start|past|sluit) (?:\w+ ){0,2}niet\b"
        r"|\bgaat niet (?:aan|open|dicht)\b",
        r"\b(?:niet|nooit|nog (?:steeds |altijd )?niet) (?:\w+ ){0,2}(?:ontvangen|aangekomen"
        r"|geleverd|bezorgd|gekregen)\b",
        r"\bte laat\b|\bvertra(?:agd|ging\w*)\b",
        r"\b(?:ontbreekt|ontbreken|ontbrekend\w*|kwijt|zoekgeraakt|verloren|vermist)\b",
        r"\bverkeerde? (?:maat|kleur|artikel|product|bestelling|model|adres|pakket|item"
        r"|onderdeel|boek)\b|\bniet wat ik (?:besteld|gekocht)\b",
        r"\bterugbetal\w*\b|\bgeld terug\b|\brestitu\w*\b|\bterugstort\w*\b|\bcompensatie\b",
        r"\b(?:dubbel|twee keer|2 keer|te veel) (?:\w+ )?(?:afgeschreven|betaald|gefactureerd"
        r"|in rekening gebracht|afgeboekt)\b",
        r"\bklacht\w*\b|\bklagen\b|\bonacceptabel\b|\bonaanvaardbaar\b|\bteleurgesteld\b"
        r"|\bontevreden\b|\bbelachelijk\b|\bniet (?:blij|tevreden)\b",
        r"\b(?:een |het )?(?:probleem|defect|mankement) (?:met|bij|aan)\b",
    ),
    "handoff": (
        r"\bdoor(?:verbind|verbonden|verbinden|zetten|gezet|sturen|gestuurd)\w*\b|\b(?:verbind"
        r"|zet|stuur) (?:je|u|jou|het gesprek|de chat|je vraag|uw vraag) (?:\w+ )?door\b",
        r"\b(?:medewerker|collega|adviseur|mens|specialist|agent|teamlid|iemand van (?:ons|het)"
        r" team)\b[^.!?\n]{0,40}\b(?:neemt (?:het|de chat|het gesprek|dit) over|helpt (?:je|u)"
        r" (?:zo|straks|verder)|is zo bij (?:je|u)|komt (?:zo|eraan|bij (?:je|u))|gaat (?:je|u)"
        r" helpen)\b",
        r"\bneemt (?:het gesprek|de chat) over\b",
        r"\b(?:volgende|eerstvolgende) (?:beschikbare |vrije )?(?:medewerker|collega|adviseur"
        r"|agent)\b",
        r"\b(?:neemt deel aan|heeft zich (?:bij|aangesloten bij)|is toegevoegd aan) (?:het|de)"
        r" (?:gesprek|chat)\b|\bis (?:de|het) (?:chat|gesprek) (?:binnengekomen|ingekomen)\b",
        r"\b(?:je|u|jij) (?:chat|spreekt|praat) (?:nu |momenteel )?met\b",
        r"\bwacht(?:en)? op (?:een|de) (?:beschikbare )?(?:medewerker|collega|adviseur)\b",
    ),
    "bot_label": (
        r"\bassistent\b|\b(?:virtuele|digitale) (?:assistent|medewerker|agent|helper|collega)\b",
        r"\bautomatisch\w*\b|\bgeautomatiseerd\w*\b",
        r"\bkunstmatige intelligentie\b|\brobot\b",
        r"\bsysteem\w*\b",
    ),
    "sign_in": (
        r"\binlog\w*\b|\bingelogd\b|\blog (?:je |u )?in\b|\baanmeld\w*\b|\baangemeld\b"
        r"|\bmeld (?:je|u) aan\b",
        r"\bregistre(?:er|ren)\b|\bregistratie\b|\b(?:account|profiel) (?:aanmaken|maken"
        r"|registreren)\b|\bmaak (?:een |je )?(?:gratis )?account\b",
        r"\bmijn (?:account|omgeving|profiel)\b|\bklantenomgeving\b|\bklantaccount\b"
        r"|\bledenomgeving\b",
        r"\bwachtwoord vergeten\b|\bwelkom terug\b|\bauthenticat\w*\b",
    ),
    "error_page": (
        r"\b(?:oeps|oei|oepsie)\b",
        r"\b(?:niet|niet worden|niet meer worden) gevonden\b",
        r"\bpagina (?:\w+ ){0,4}(?:bestaat (?:niet|niet meer|helaas niet)|is niet (?:meer )?"
        r"beschikbaar)\b",
        r"\b(?:is|ging|gaat) (?:er )?(?:iets|wat) mis\b|\bmis ?gegaan\b",
        r"\bfout (?:is )?(?:opgetreden|ontstaan)\b",
        r"\bserverfout\b|\binterne (?:server)?fout\b",
        r"\btijdelijk niet (?:beschikbaar|bereikbaar)\b"
        r"|\b(?:dienst|service|website|site|pagina|server|webshop)\b[^.!?\n]{0,30}\bniet"
        r" (?:beschikbaar|bereikbaar)\b",
        r"\b(?:in|wegens|vanwege|bezig met|gepland) onderhoud\b|\bonderhoudswerkzaamheden\b"
        r"|\bonderhoudsmodus\b",
        r"\bprobeer (?:het )?(?:\w+ )?later\b",
        r"\btoegang geweigerd\b|\b(?:technische|tijdelijke) (?:problemen|storing)\b",
    ),
    "captcha": (
        rf"\bik ben geen (?:robot|bot){_ALONE}",
        r"\b(?:dat|of) (?:je|u|jij) (?:geen (?:robot|bot)|een mens) bent\b",
        r"\bbeveiligingscontrole\b|\bmenselijke verificatie\b|\bverifi[eë]ren dat\b",
        r"\b(?:typ|voer) (?:de|het) (?:tekens|letters|cijfers|code|tekst|woorden)\b[^.!?\n]{0,30}"
        r"\b(?:ziet|afbeelding|plaatje|getoond|weergegeven)\b",
        r"\bingedrukt houden\b|\bhoud (?:\w+ )?ingedrukt\b",
        r"\b(?:los|vul) (?:de )?(?:re)?captcha (?:op|in)\b|\bben je een (?:robot|mens)\s*\?",
    ),
}
