"""Italian (it): how Italian-speaking support sites word things, in the tu and the Lei form.

Elision joins a number to its unit ("un'ora"), so the two may be joined by an apostrophe; a
"non" in front turns a receipt into its opposite ("non è stato inviato"). "Buona giornata"
is a goodbye, not "today".
"""

from __future__ import annotations

_NUM = (r"(?:\d+(?:[,.]\d+)?|una?|uno|due|tre|quattro|cinque|sei|sette|otto|dieci|dodici"
        r"|quindici|ventiquattro|quarantotto|settantadue|pochi|poche|qualche|alcuni|alcune)")
_UNIT = (r"(?:minut[oi]|min|or[ae]|h|giorn[oi]|giornat[ae]|settiman[ae])(?:\s+(?:lavorativ[oie]"
         r"|feriali|solari))?")
_DAY = r"(?:luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica)"
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:e|o|per favore|prima|poi)\b))"

FAMILIES: dict[str, tuple[str, ...]] = {
    "acknowledgement": (
        r"\bgrazie\b|\bringrazi(?:amo|o|andoti|andola)\b",
        r"(?<!\bnon )\babbiamo (?:correttamente |regolarmente )?ricevuto\b",
        r"(?<!\bnon )\b(?:è|sono) stat[oaie] (?:correttamente |regolarmente |con successo )?"
        r"(?:ricevut|inviat|registrat|inoltrat|pres|cread|creat|apert|trasmess|inserit)[oaie]\b",
        r"\b(?:messaggio|richiesta|segnalazione|domanda|reclamo|ticket|modulo|e-?mail|pratica"
        r"|caso) (?:inviat|ricevut|registrat|cread|creat|apert|inoltrat)[oaie]\b",
        r"(?<!\bstat[oaie] )\b(?:inviat|ricevut|registrat|trasmess)[oaie] (?:con successo"
        r"|correttamente)\b",
        r"\bconferma (?:di ricezione|della ricezione|dell'(?:avvenut\w+|invio))\b|\b(?:ti|le|vi)"
        r" confermiamo\b|\bconfermat[oa]\b|\be-?mail di conferma\b",
        r"\b(?:ti|la|vi|le) (?:risponderemo|ricontatteremo|contatteremo|richiameremo"
        r"|scriveremo)\b|\b(?:ci metteremo|ci mettiamo) in contatto\b|\bti faremo sapere\b",
        r"\b(?:un|il|un nostro|il nostro|la nostra|una nostra) (?:operatore|operatrice|consulente"
        r"|team|staff|assistenza|servizio clienti|addetto)\b[^.!?\n]{0,30}\b(?:ti contatterà"
        r"|la contatterà|ti risponderà|le risponderà|ti ricontatterà|la ricontatterà"
        r"|prenderà in carico|si metterà in contatto)\b",
        r"\b(?:verrà|sarà) (?:\w+ )?(?:gestit|elaborat|evas|pres[oa] in carico)\w*",
    ),
    "promise": (
        rf"\b(?:entro|in|in meno di|nel giro di|nell'arco di) {_NUM}[\s']*{_UNIT}\b",
        rf"\b(?:entro|nelle|nei|nel) (?:le |i |il |la )?(?:prossim[eio]|successiv[eio])"
        rf" (?:{_NUM}[\s']*)?{_UNIT}\b",
        rf"\bentro (?:domani|stasera|oggi|la giornata(?: di oggi)?|fine giornata|la fine (?:della"
        rf"|del) (?:giornata|settimana|giorno)|{_DAY}|le (?:ore )?\d{{1,2}}(?:[:.]\d\d)?)\b",
        rf"\b{_NUM}[\s']*giorn[oi] (?:lavorativ[oi]|feriali)\b|\b(?:il )?(?:prossimo|primo)"
        rf" giorno (?:lavorativo|utile|feriale)\b",
        r"\bin giornata\b|\b(?:lo stesso|nello stesso|in serata|nella stessa) (?:giorno|giornata)\b"
        r"|\bdomani\b|\boggi stesso\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|ore\b)",
        rf"\btemp[oi] (?:medio |medi )?di (?:risposta|attesa|gestione)\b[^.!?\n]{{0,30}}?\b"
        rf"{_NUM}[\s']*{_UNIT}\b",
    ),
    "apology": (
        r"\bscus\w*\b",
        r"\b(?:ci|mi) dispiace\b|\bspiacent[ei]\b|\bdispiaciut[oi]\b",
        r"\bperdon\w*\b",
        r"\b(?:per|del|il|l'|dell'|questo|questi|per il|per l')\s?(?:disagio|disagi|inconveniente"
        r"|inconvenienti|disservizio)\b",
        r"\b(?:è|sia|deve essere|che) (?:\w+ )?(?:frustrante|deludente|spiacevole|fastidioso)\b"
        r"|\bcapisco (?:la (?:sua|tua) )?(?:frustrazione|delusione|disappunto)\b",
        r"\bnon (?:sarebbe|doveva|avrebbe dovuto) (?:dovuto )?(?:succedere|accadere|capitare)\b"
        r"|\b(?:nostro|un nostro) errore\b",
    ),
    "complaint": (
        r"\b(?:danneggiat|rott|difettos|rovinat|graffiat|ammaccat|strappat|schiacciat|macchiat"
        r"|incrinat|spaccat|guast|rigat)[oaie]\b",
        r"\bnon (?:\w+ )?(?:funziona|si accende|parte|si carica|carica|si chiude|va)\b",
        r"\b(?:non|mai) (?:\w+ ){0,3}(?:arrivat|ricevut|consegnat|pervenut)[oaie]\b",
        r"\britard\w*\b",
        r"\b(?:manca|mancano|mancant[ei]|smarrit[oaie]|pers[oaie]|sparit[oaie])\b",
        r"\b(?:taglia|colore|articolo|prodotto|ordine|modello|indirizzo|pacco|misura|numero)"
        r"\s(?:\w+ )?(?:sbagliat|errat)[oaie]\b|\bnon (?:è|era) quello che ho (?:ordinato"
        r"|comprato)\b",
        r"\brimbors\w*\b|\brisarci\w*\b|\bsoldi indietro\b",
        r"\baddebitat[oaie] (?:\w+ )?(?:due volte|2 volte|il doppio|troppo)\b|\bdoppio addebito\b",
        r"\breclam\w*\b|\blament\w*\b|\binaccettabil[ei]\b|\bdelus[oaie]\b"
        r"|\binsoddisfatt[oaie]\b|\bscandalos[oaie]\b|\bvergognos[oaie]\b|\barrabbiat[oaie]\b"
        r"|\bpessim[oaie]\b",
        r"\b(?:un |il )?(?:problema|guasto|difetto) (?:con|col|al|alla|nel|nella|sul|sulla)\b",
    ),
    "handoff": (
        r"\b(?:ti|la|vi|le) (?:metto|mettiamo|metterò) in contatto\b|\b(?:ti|la|vi|le)"
        r" (?:trasferisco|trasferiamo|collego|colleghiamo)\b",
        r"\b(?:ti|la|vi|le) (?:passo|passiamo) (?:a |al |alla |con )?(?:un|una|il|la|l')\s?"
        r"(?:collega|operat(?:ore|rice)|consulente)\b",
        r"\btrasferimento (?:a|al|alla|ad|verso) (?:un|una|il|la)\b|\b(?:ti |la )?sto"
        r" (?:trasferendo|inoltrando|passando|mettendo in contatto)\b",
        r"\b(?:operat(?:ore|rice)|consulente|collega|agente|persona|umano|esperto|specialista"
        r"|membro del (?:nostro )?team|addett[oa])\b[^.!?\n]{0,40}\b(?:si unirà|sarà con te"
        r"|sarà da te|sarà con lei|ti risponderà|prenderà in carico|ti assisterà|la assisterà"
        r"|ti aiuterà|sarà subito)\b",
        r"\b(?:prim[oa]|prossim[oa]) (?:operat(?:ore|rice)|consulente|agente|collega)"
        r" disponibile\b",
        r"\b(?:si è unit[oa]|è entrat[oa]) (?:alla|nella|in) (?:chat|conversazione)\b",
        r"\b(?:ora |adesso )?(?:stai|sta) (?:parlando|chattando|conversando) con\b|\bin attesa di"
        r" (?:un|una) (?:operat\w+|consulente|agente)\b",
    ),
    "bot_label": (
        r"\bassistente\b",
        r"\b(?:agente|operatore) virtuale\b|\brobot\b",
        r"\bautomatic[oaie]\b|\bautomatizzat[oaie]\b",
        r"\bia\b|\bintelligenza artificiale\b",
        r"\bsistema\b|\bnon rispondere\b",
    ),
    "sign_in": (
        r"\baccedi\b|\baccesso\b|\beffettua(?:re)? (?:l')?accesso\b",
        r"\bregistr(?:ati|azione|arsi|arti)\b|\bcrea (?:un |il tuo |un nuovo )?account\b"
        r"|\biscri(?:viti|zione|versi)\b",
        r"\b(?:il mio|mio) (?:account|profilo)\b|\barea (?:clienti|riservata|personale|utenti)\b",
        r"\bpassword dimenticata\b|\bbentornat[oa]\b|\bautentica\w*\b",
    ),
    "error_page": (
        r"\b(?:ops|ahi|ahimè)\b",
        r"\bnon trovat[oa]\b|\bnon (?:è stato possibile|siamo riusciti a) trovare\b",
        r"\bpagina (?:\w+ ){0,4}(?:non esiste|non è (?:più )?disponibile|non è stata trovata"
        r"|inesistente)\b",
        r"\bqualcosa (?:è )?(?:andato storto|non ha funzionato)\b",
        r"\b(?:si è verificato|è avvenuto|c'è stato|è stato riscontrato) (?:un )?(?:\w+ )?"
        r"errore\b",
        r"\berrore (?:interno(?: del server)?|del server|imprevisto|inatteso)\b",
        r"\b(?:temporaneamente|momentaneamente) (?:non disponibile|non raggiungibile"
        r"|irraggiungibile|fuori servizio|inaccessibile)\b|\b(?:servizio|sito|pagina|server)\b"
        r"[^.!?\n]{0,30}\bnon (?:è )?(?:disponibile|raggiungibile)\b",
        r"\bin manutenzione\b|\b(?:lavori|intervento|interventi) di manutenzione\b",
        r"\briprov(?:a|are|i)\b[^.!?\n]{0,20}\bpiù tardi\b|\briprova tra (?:qualche|pochi"
        r"|alcuni) (?:minut\w+|istant\w+)\b",
        r"\baccesso negato\b|\b(?:problemi|difficoltà) tecnic(?:i|he)\b",
    ),
    "captcha": (
        rf"\bnon sono un robot{_ALONE}",
        rf"\bdi non essere un robot{_ALONE}|\b(?:di essere|che sei|che tu sia|che lei è|che sia)"
        rf" (?:un )?(?:essere )?umano{_ALONE}",
        r"\bverifica (?:di sicurezza|anti-?robot|umana)\b|\bcontroll(?:o|iamo|ando) (?:che|se)"
        r" (?:la connessione|tu sia|sei)\b",
        r"\b(?:inserisci|digita|scrivi|inserire|digitare|ricopia) (?:i|il|le|gli) (?:caratteri"
        r"|lettere|numeri|codice|testo|parole)\b[^.!?\n]{0,30}(?:\bche vedi\b|\bvisualizzat[oi]\b"
        r"|\bnell'immagine\b|\bmostrat[oi]\b)",
        r"\b(?:tieni|tenere|tenga) premuto\b",
        r"\b(?:risolvi|completa|compila) (?:il )?(?:re)?captcha\b|\bsei (?:un )?(?:robot|umano)"
        r"\s*\?",
    ),
}
