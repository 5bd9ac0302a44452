"""German (de): how German-speaking support sites word things, in the Sie and the du form.

Nouns are compounds ("Kontaktanfrage", "Werktagen"), so some words are matched as the end of
a longer one. A "wurde … gesendet" counts only with the few words that sit between them on
real pages ("erfolgreich", "an unser Team"): "wurde nicht gesendet" is no acknowledgement.
"""

from __future__ import annotations

_NUM = (r"(?:\d+(?:[,.]\d+)?|ein(?:e|em|er|en|es)?|ein paar|zwei|drei|vier|fünf|sechs|sieben"
        r"|acht|neun|zehn|zwölf|vierundzwanzig|achtundvierzig|zweiundsiebzig|wenigen?|weniger"
        r"|einigen|paar)")
_UNIT = (r"(?:(?:werk|arbeits|geschäfts|bank|kalender)?tag(?:e|en|es)?|stunden?|std\.?"
         r"|minuten?|min\.?|wochen?|h)")
_DAY = r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:und|oder|bitte|dann|zuerst|sind|bist|bin)\b))"
_YOU = r"(?:ihnen|dir|euch)"
_NOT = r"(?!\bnicht\b|\bkein)"

FAMILIES: dict[str, tuple[str, ...]] = {
    "acknowledgement": (
        r"\b(?:vielen|herzlichen|besten|recht herzlichen|tausend) dank\b|\bdanke(?:schön)?\b"
        r"|\bwir bedanken uns\b",
        rf"\bwir haben (?:{_NOT}[^.!?\n]){{0,40}}\b(?:erhalten|empfangen|bekommen)\b"
        r"|\b(?:erhalten|empfangen) haben\b",
        r"\b(?:wurden?|ist|sind) (?:bei uns |erfolgreich |soeben |gerade |bereits |korrekt "
        r"|ordnungsgemäß |an (?:uns|(?:unser|unsere|das|den|die) [\w-]+) )*(?:versendet|versandt"
        r"|gesendet|verschickt|abgeschickt|übermittelt|eingereicht|eingegangen|angekommen"
        r"|eingetroffen|erfasst|registriert|aufgenommen|erstellt|angelegt|weitergeleitet)\b",
        r"\berfolgreich (?:versendet|versandt|gesendet|verschickt|abgeschickt|übermittelt"
        r"|eingereicht|empfangen)\b",
        r"\b\w*bestätigung(?:s\w*)?\b|\bwir bestätigen\b",
        rf"\b(?:bei|mit) {_YOU} (?:in verbindung (?:setzen|treten)|melden)\b"
        r"|\bmelden (?:wir )?uns\b|\bmeldet sich\b|\bauf (?:sie|dich|euch) zu(?:kommen)?\b",
        r"\b(?:wird|werden) (?:schnellstmöglich |umgehend |zeitnah |so schnell wie möglich "
        r"|in kürze |bald |innerhalb [^.!?\n]{1,30})?(?:bearbeitet|beantwortet)\b",
    ),
    "promise": (
        rf"\binnerhalb (?:von |der (?:nächsten|kommenden|folgenden) )?(?:{_NUM}\s*)?{_UNIT}\b",
        rf"\bin (?:den |der )?(?:nächsten|kommenden|folgenden) (?:{_NUM}\s*)?{_UNIT}\b",
        rf"\b(?:in|binnen|spätestens|maximal|höchstens|max\.|ca\.|etwa) (?:spätestens |maximal "
        rf"|ca\. |etwa |rund )?{_NUM}\s*{_UNIT}\b",
        # "Mo bis Fr", "9 bis 18 Uhr" are opening hours, not a promise.
        rf"(?<!tag )(?<!woch )(?<!\d )\b(?:bis|spätestens)(?: spätestens)? (?:morgen|übermorgen"
        rf"|heute abend|ende (?:des tages|der woche)|(?:zum )?nächsten (?:werk|arbeits"
        rf"|geschäfts)?tag|(?:am )?{_DAY}|\d{{1,2}}(?::\d\d)? uhr)\b",
        r"\b(?:am|noch am) (?:nächsten|folgenden|selben|gleichen) (?:werk|arbeits|geschäfts)?tag\b",
        r"\b(?:noch|spätestens|bis) heute\b|\bheute noch\b|\bim laufe des (?:heutigen )?(?:tages"
        r"|vormittags|nachmittags)\b|(?<!guten )\bmorgen\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|std\b\.?|stunden\b)",
        rf"\b{_NUM}\s*(?:werk|arbeits|geschäfts)tag(?:e|en)?\b",
        rf"\b\w*(?:antwort|bearbeitungs|reaktions)zeit\b[^.!?\n]{{0,40}}?\b{_NUM}\s*{_UNIT}\b",
    ),
    "apology": (
        r"\bentschuldig\w*\b",
        r"\b(?:tut|tat) (?:uns|mir) (?:\w+ ){0,2}leid\b|\b(?:uns|mir) tut (?:\w+ ){0,2}leid\b",
        r"\bsorry\b|\bverzeih(?:ung|en sie|t)\b",
        r"\bbedauer\w*\b|\bunannehmlichkeiten\b",
        r"\b(?:das|es|dies) (?:ist|klingt|war|muss) (?:\w+ ){0,3}(?:ärgerlich|frustrierend"
        r"|enttäuschend|unangenehm|misslich)\b",
        r"\b(?:hätte|darf|sollte) (?:\w+ ){0,2}nicht passieren\b|\bunser(?:em)? (?:fehler"
        r"|versehen)\b",
    ),
    "complaint": (
        r"\b(?:beschädigt|kaputt|defekt|zerbrochen|zerkratzt|verkratzt|zerrissen|eingedrückt"
        r"|verbeult|undicht|fehlerhaft|mangelhaft|zerdrückt|gesprungen)\w*\b",
        r"\b(?:funktioniert|funktionieren|geht|läuft|lädt|startet|passt|schließt) (?:\w+ ){0,2}"
        r"(?:nicht|gar nicht|nicht mehr)\b|\blässt sich (?:\w+ )?nicht\b",
        r"\b(?:nicht|nie|noch nicht|immer noch nicht|bis heute nicht) (?:\w+ ){0,2}(?:angekommen"
        r"|eingetroffen|geliefert|zugestellt|erhalten|bekommen|da)\b",
        r"\b(?:verspät|verzöger)\w*\b|\büberfällig\b",
        r"\b(?:fehlt|fehlen|fehlend\w*|verloren\w*|verschwunden)\b",
        r"\bfalsch(?:e|er|es|en)? (?:artikel|größe|farbe|produkt|ware|lieferung|modell|teil"
        r"|adresse|buch|paket|bestellung)\b|\bnicht (?:das|die|den),? was ich bestellt\b",
        r"\b(?:rück)?erstatt\w*\b|\bgeld zurück\b|\bentschädigung\b|\bgutschrift\b",
        r"\b(?:doppelt|zweimal|zu viel) (?:\w+ )?(?:abgebucht|berechnet|belastet|bezahlt)\b",
        r"\bbeschwer\w*\b|\breklam\w*\b|\binakzeptabel\b|\bunzumutbar\b|\benttäuscht\b"
        r"|\bverärgert\b|\bunzufrieden\b|\bfrechheit\b|\bkatastroph\w*\b",
        r"\b(?:ein |das )?(?:problem|fehler|mangel) (?:mit|bei|an)\b",
    ),
    "handoff": (
        r"\bverbinde (?:sie|dich|euch)\b|\b(?:sie|du) (?:werden|wirst) (?:\w+ ){0,4}verbunden\b",
        r"\b(?:leite|leiten) (?:sie|dich|euch|das|dies|ihre \w+|deine \w+|den chat|ihr anliegen)"
        r" (?:\w+ ){0,4}weiter\b|\bweitergeleitet\b",
        r"\bübergeb\w* (?:\w+ ){0,3}an\b",
        r"\b(?:mitarbeiter(?:in)?|kolleg(?:e|in)|berater(?:in)?|agent(?:in)?|mensch"
        r"|ansprechpartner(?:in)?|experte|expertin|spezialist(?:in)?|\w+mitarbeiter(?:in)?)\b"
        r"[^.!?\n]{0,40}\b(?:(?:wird|ist) (?:\w+ ){0,3}(?:für (?:sie|dich) da|übernehmen"
        r"|beitreten|kümmern|melden|helfen|zur verfügung)|übernimmt|kümmert sich|tritt (?:dem"
        r"|in den) chat)",
        r"\bnächste(?:n|r)? (?:verfügbare(?:n|r)?|freie(?:n|r)?) (?:mitarbeiter|kolleg|berater"
        r"|agent)\w*",
        r"\b(?:ist|hat) (?:dem|den) (?:chat|gespräch) (?:beigetreten|betreten)\b",
        r"\b(?:sie|du) (?:chatten|chattest|sprechen|sprichst|schreiben|schreibst) (?:jetzt |nun )?"
        r"mit\b",
        r"\bwarte(?:n)? auf (?:einen|eine|den|die) (?:freien? |verfügbaren? )?(?:mitarbeiter"
        r"|berater|kolleg)\w*",
    ),
    "bot_label": (
        r"\bassistent(?:in)?\b",
        r"\bvirtuelle[rn]? (?:assistent|agent|berater|helfer|mitarbeiter)\w*|\bdigitale[rn]? "
        r"(?:assistent|helfer|berater|mitarbeiter)\w*",
        r"\bki\b|\bkünstliche intelligenz\b",
        r"\bautomati\w*\b",
        r"\bsystem\w*\b",
    ),
    "sign_in": (
        r"\banmeld\w*\b|\bangemeldet\b|\beinlogg\w*\b|\beingeloggt\b|\bmelde dich an\b"
        r"|\bmelden sie sich an\b|\b(?:loggen sie sich|logge dich|log dich) ein\b",
        r"\bregistrier\w*\b|\b(?:kunden|benutzer|nutzer)?konto (?:erstellen|anlegen|eröffnen)\b",
        r"\b(?:mein|ihr|dein) (?:kunden|benutzer)?konto\b|\bkundenkonto\b|\bkundenbereich\b"
        r"|\bmitgliederbereich\b|\bkunden-?login\b",
        r"\bwillkommen zurück\b|\bpasswort vergessen\b|\bauthentifizier\w*\b",
    ),
    "error_page": (
        r"\b(?:hoppla|ups|upps|uups|huch|oje)\b",
        r"\bschief ?ge(?:laufen|gangen)\b",
        r"\bnicht gefunden\b",
        r"\bseite (?:\w+ ){0,4}(?:existiert (?:leider )?nicht|gibt es (?:leider )?nicht"
        r"|ist nicht (?:mehr )?(?:verfügbar|erreichbar|vorhanden))\b",
        r"\bfehler (?:ist )?aufgetreten\b",
        r"\b(?:interner )?server-?fehler\b|\binterner fehler\b",
        r"\bvorübergehend nicht (?:verfügbar|erreichbar)\b"
        r"|\b(?:dienst|service|seite|website|webseite|server|shop)\b[^.!?\n]{0,30}\bnicht "
        r"(?:verfügbar|erreichbar)\b",
        r"\bwartungsarbeiten\b|\bwartungsmodus\b|\b(?:wegen|aufgrund von) wartung\b",
        r"\bes (?:\w+ )?später (?:noch einmal|nochmal|erneut)\b|\bspäter (?:noch einmal"
        r"|nochmal|erneut) versuchen\b",
        r"\bzugriff verweigert\b|\btechnische\w* (?:probleme|schwierigkeiten|störung\w*)\b",
    ),
    "captcha": (
        rf"\bich bin kein (?:roboter|bot){_ALONE}",
        r"\b(?:dass|ob) (?:sie|du) (?:kein (?:roboter|bot)|ein mensch) (?:sind|bist)\b",
        r"\bsicherheits(?:überprüfung|prüfung|abfrage)\b|\bmenschliche (?:überprüfung"
        r"|verifizierung|bestätigung)\b",
        r"\b(?:lösen sie|löse|bitte lösen|füllen sie|fülle) (?:\w+ )?(?:re)?captcha\b"
        r"|\b(?:re)?captcha (?:lösen|eingeben|ausfüllen|bestätigen|ist erforderlich)\b",
        r"\b(?:geben sie|gib) (?:die|den|das) (?:\w+ )?(?:zeichen|buchstaben|zahlen|wörter"
        r"|zeichenfolge)\b[^.!?\n]{0,30}\b(?:ein|sehen|siehst|abgebildet|angezeigt)\b",
        r"\bgedrückt halten\b",
        r"\b(?:überprüf\w*|prüf\w*),? ob (?:die verbindung|ihre verbindung|sie ein mensch"
        r"|du ein mensch)\b|\bsind sie ein (?:mensch|roboter)\s*\?",
    ),
}
