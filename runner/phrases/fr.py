"""French (fr): how French-speaking support sites word things, in the vous and the tu form.

Apostrophes are elided ("l'équipe", "d'ici", "n'a pas été envoyé") and already plain after
`normalise`. "Merci de remplir…" is "please fill in…", not thanks: a "merci de" followed by
a verb is a request, so it is no acknowledgement.
"""

from __future__ import annotations

_NUM = (r"(?:\d+(?:[,.]\d+)?|une?|deux|trois|quatre|cinq|six|sept|huit|dix|douze|quinze"
        r"|vingt[- ]quatre|quarante[- ]huit|soixante[- ]douze|quelques)")
_UNIT = (r"(?:minutes?|mn|min|heures?|h|jours?|journées?|semaines?)(?:\s+(?:ouvr(?:é|ée|és|ées"
         r"|able|ables)|calendaires?))?")
_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:et|ou|puis|avant|pour|svp)\b))"
# "Merci de remplir", "Merci d'indiquer": a verb after "merci de" asks for something.
_PLEASE = r"(?! de (?:bien |ne pas )?\w+(?:er|ir|re)\b)(?! d'(?!avoir\b|être\b)\w+(?:er|ir|re)\b)"

FAMILIES: dict[str, tuple[str, ...]] = {
    "acknowledgement": (
        rf"\bmerci\b{_PLEASE}",
        r"\bnous (?:vous )?(?:avons|l'avons) (?:bien )?reçu\b|\bnous accusons réception\b"
        r"|\baccusé de réception\b",
        r"\b(?:a|ont) (?:bien |correctement )?été (?:bien |correctement )?(?:(?:envoyé|reçu"
        r"|transmis|enregistré|créé|soumis|ouvert|transféré)e?s?|prise?s? en (?:compte|charge))\b",
        r"\b(?:est|sont) (?:bien |correctement )?(?:parvenue?s?|enregistrée?s?|prise?s? en"
        r" (?:compte|charge))\b",
        r"\b(?:message|demande|requête|réclamation|plainte|question|ticket|dossier|formulaire"
        r"|e-?mail|courriel|candidature|signalement) (?:bien )?(?:envoyé|reçu|transmis|enregistré"
        r"|créé|validé)e?s?\b",
        r"\b(?:envoyé|transmis|soumis|enregistré)e?s? avec succès\b",
        r"\bconfirmation\b|\bnous (?:vous )?confirmons\b",
        r"\b(?:nous|on) (?:vous |te )?(?:reviendrons|revient|répondrons|répond|recontacterons"
        r"|recontacte|contacterons|rappellerons|rappelle)\b|\b(?:revenir|reviendr\w+|revient"
        r"|revenons) vers (?:vous|toi)\b|\bnous ne manquerons pas de\b",
        r"\b(?:l'|notre |un |une )(?:équipe|conseill(?:er|ère)|agent|service client)\b[^.!?\n]"
        r"{0,30}\b(?:reviendra|vous répondra|te répondra|vous recontactera|vous contactera"
        r"|prendra contact|vous rappellera)\b",
        r"\bsera traitée?\b|\bseront traitée?s\b",
    ),
    "promise": (
        rf"\bsous (?:{_NUM}\s*{_UNIT}\b|huitaine\b|quinzaine\b)",
        rf"\bdans (?:un délai (?:maximum |maximal )?(?:de |d')|les |moins de |un maximum de )?"
        rf"{_NUM}\s*{_UNIT}\b",
        rf"\bdans (?:les|la) prochaine?s? (?:{_NUM}\s*)?{_UNIT}\b|\bdans la journée\b"
        rf"|\bdans l'heure\b",
        rf"\b(?:en |(?:en |dans )?moins d(?:e |'))(?:{_NUM})\s*{_UNIT}\b",
        rf"\bd'ici (?:{_NUM}\s*{_UNIT}|demain|ce soir|la fin (?:de la|du) (?:journée|semaine"
        rf"|jour)|{_DAY}|\d{{1,2}}\s*h(?:\d\d)?)\b",
        rf"\b(?:au plus tard|avant) (?:demain|ce soir|{_DAY}|la fin de (?:la )?(?:journée"
        rf"|semaine)|\d{{1,2}}\s*h(?:\d\d)?)\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|heures?\b)",
        rf"\b{_NUM}\s*jours? ouvr(?:é|able)s?\b|\bjour ouvr(?:é|able) suivant\b|\ble jour même\b"
        r"|\baujourd'hui même\b|\bdemain\b",
        rf"\bdélai\b[^.!?\n]{{0,30}}?\b{_NUM}\s*{_UNIT}\b",
    ),
    "apology": (
        r"\bdésolée?s?\b",
        r"\bexcus\w*\b",
        r"\bregrett\w*\b|\bpardon\b",
        r"\bn'aurai(?:t|ent) (?:jamais )?(?:pas )?dû (?:arriver|se produire)\b",
        r"\b(?:c'est|cela est|ça doit être|ce doit être) (?:\w+ )?(?:frustrant|décevant|agaçant"
        r"|désagréable|embêtant|ennuyeux)\b",
        r"\bdésagrément\w*\b|\bcontretemps\b|\bnotre (?:erreur|faute)\b|\bvotre (?:frustration"
        r"|mécontentement|déception)\b",
    ),
    "complaint": (
        r"\b(?:endommagé|cassé|abîmé|abimé|brisé|fissuré|rayé|déchiré|écrasé|taché|percé)e?s?\b"
        r"|\bdéfectueu(?:x|se|ses)\b|\bfendue?s?\b|\ben panne\b|\bhs\b",
        r"\bne (?:fonctionne|marche|s'allume|démarre|se charge|s'ouvre|se ferme)\w*\b",
        r"\b(?:pas|jamais|toujours pas|toujours rien) (?:\w+ ){0,2}(?:reçu|arrivé|livré)e?s?\b",
        r"\bretard\w*\b",
        r"\b(?:manqu\w*|perdue?s?|égarée?s?|disparue?s?)\b",
        r"\bmauvaise? (?:article|taille|couleur|produit|commande|modèle|adresse|pointure"
        r"|référence|colis)\b|\bpas (?:le bon|la bonne|ce que j'ai commandé)\b",
        r"\brembours\w*\b|\bdédommag\w*\b|\bindemnis\w*\b|\bcompensation\b",
        r"\b(?:débité|prélevé|facturé)e?s? (?:\w+ )?(?:deux fois|2 fois|en double|trop)\b"
        r"|\bdouble (?:prélèvement|débit|facturation)\b",
        r"\bréclam\w*\b|\bplainte\b|\binadmissible\b|\binacceptable\b|\bdéçue?s?\b|\bdéception\b"
        r"|\bmécontente?s?\b|\bscandaleu(?:x|se)\b|\bpas (?:satisfaite?|contente?)\b",
        r"\b(?:un |le )?(?:problème|souci|défaut) (?:avec|sur|de)\b",
    ),
    "handoff": (
        r"\b(?:vous |te )?mets? en (?:relation|contact|ligne)\b|\bmise en relation\b",
        r"\b(?:vous|te) transf[èe]r\w*\b|\btransf[eé]r\w* (?:vers|à|au) (?:un|une|le|la|l'"
        r"|notre)",
        r"\b(?:conseill(?:er|ère)|agent|collègue|opérat(?:eur|rice)|humain|personne|expert"
        r"|spécialiste|membre de (?:notre|l')équipe|quelqu'un)\b[^.!?\n]{0,40}"
        r"\b(?:va (?:vous |te )?(?:rejoindre|prendre le relais|prendre en charge|répondre|aider"
        r"|arriver)|vous rejoindra|te rejoindra|prendra le relais|vous répondra|sera avec vous"
        r"|arrive)\b",
        r"\bprochaine? (?:conseill(?:er|ère)|agent|opérat(?:eur|rice)|collègue)\b",
        r"\ben attente d'(?:un|une) (?:conseill\w+|agent|opérat\w+)\b",
        r"\ba rejoint (?:la|le) (?:conversation|discussion|chat)\b",
        r"\b(?:vous êtes|tu es) (?:maintenant |désormais )?(?:en ligne|en relation|en contact"
        r"|en conversation) avec\b|\bvous (?:discutez|parlez|échangez) (?:maintenant |désormais )?"
        r"avec\b",
        r"\bprendre le relais\b|\bprend le relais\b",
    ),
    "bot_label": (
        r"\bassistante?\b",
        r"\brobot\b|\bagent (?:conversationnel|virtuel)\b|\bconseill(?:er|ère) virtuel(?:le)?\b",
        r"\bautomati(?:que|sée?s?)s?\b",
        r"\bia\b|\bintelligence artificielle\b",
        r"\bne pas répondre\b|\bsystème\b",
    ),
    "sign_in": (
        r"\bconnexion\b|\bse connecter\b|\bconnectez-vous\b|\bconnecte-toi\b"
        r"|\bêtre connectée?s?\b",
        r"\bidentifi(?:ez|cation|er|e)\b",
        r"\bcréer (?:un|mon|votre|ton) compte\b|\bs'inscrire\b|\binscri(?:ption|vez-vous"
        r"|s-toi|vez)\b",
        r"\bmon compte\b|\bespace (?:client|membre|personnel|abonnés?)\b|\bcompte client\b",
        r"\bmot de passe oublié\b|\bauthentifi\w*\b|\bbon retour\b|\bravie? de vous revoir\b",
    ),
    "error_page": (
        r"\b(?:oups|aïe)\b",
        r"\bintrouvable\b|\bnon trouvée?\b",
        r"\bpage (?:\w+ ){0,4}(?:n'existe (?:pas|plus)|est introuvable|n'a pas pu être trouvée"
        r"|est indisponible)\b",
        r"\berreur (?:\w+ )?(?:est survenue|s'est produite|a eu lieu)\b|\berreur inattendue\b",
        r"\berreur (?:interne|du serveur|serveur)\b|\berreur (?:404|500|502|503)\b",
        r"\b(?:temporairement|momentanément) (?:indisponible|inaccessible|hors service)\b"
        r"|\b(?:service|site|page|serveur|boutique)\b[^.!?\n]{0,30}\b(?:indisponible"
        r"|inaccessible|hors service)\b",
        r"\ben (?:cours de )?maintenance\b|\bmaintenance (?:en cours|programmée)\b"
        r"|\bopération de maintenance\b",
        r"\bréessa?y(?:er|ez) (?:plus tard|ultérieurement|dans (?:quelques|un) (?:instants?"
        r"|minutes?|moment))\b",
        r"\baccès (?:refusé|interdit)\b|\bs'est mal passé\b|\bquelque chose (?:ne va pas"
        r"|a mal tourné)\b|\b(?:difficultés|problèmes|soucis) techniques\b",
    ),
    "captcha": (
        rf"\bje ne suis pas un robot{_ALONE}",
        rf"\b(?:que )?(?:vous n'êtes pas|tu n'es pas) un robot{_ALONE}"
        rf"|\bque (?:vous êtes|tu es) (?:un )?(?:être )?humain{_ALONE}",
        r"\bvérification (?:de sécurité|humaine|anti-robot|que vous êtes)\b|\bvérification de "
        r"(?:la sécurité de )?(?:votre|la) connexion\b",
        r"\b(?:saisissez|saisir|entrez|tapez|recopiez|recopier|saisis|entre|tape) (?:les|le)"
        r" (?:caractères|lettres|chiffres|code|texte|mots)\b[^.!?\n]{0,30}(?:\bvoyez\b"
        r"|\baffichés?\b|\bci-dessus\b|\bci-dessous\b|\bde l'image\b|\bdans l'image\b)",
        r"\b(?:résolvez|résoudre|complétez|compléter|remplissez) (?:le )?(?:re)?captcha\b"
        r"|\bcaptcha (?:obligatoire|requis|incorrect)\b",
        r"\b(?:appuyez|appuyer) et maintenez\b|\bmaintenez (?:le bouton )?appuyé\b"
        r"|\bappui long\b|\bêtes-vous (?:un )?(?:robot|humain)\s*\?",
    ),
}
