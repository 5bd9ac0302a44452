"""English: how English-speaking support sites word things. Always on, whatever the page's
language, since English turns up on every site (a widget, a footer, an error page)."""

from __future__ import annotations

_NUM = (r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen"
        r"|twenty[- ]four|thirty|forty[- ]eight|seventy[- ]two|a few|few|several"
        r"|(?:a )?couple(?: of)?)")
_UNIT = r"(?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?)"
# "not a robot" ends the thought: "not a robot vacuum" is a product, not a challenge.
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:by|to|before|and|or|please|then|so|first)\b))"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

FAMILIES: dict[str, tuple[str, ...]] = {
    # Something tells the customer their message or request arrived.
    "acknowledgement": (
        r"\bthanks?\b|\bthank you\b",
        r"\bwe(?:'ve| have)? (?:received|got)\b",
        r"\b(?:has|have) been (?:received|submitted|sent|logged|registered|recorded|created"
        r"|opened)\b",
        r"\b(?:message|request|enquiry|inquiry|ticket|case|complaint|claim|question|application)"
        r" (?:was |is )?(?:received|submitted|sent|logged|registered|created|confirmed)\b",
        r"\bconfirm(?:ed|ation)\b",
        r"\bwe(?:'ll| will) (?:get back|be in touch|reply|respond|contact you|answer)\b",
        r"\bsuccessfully (?:sent|submitted|received)\b",
        r"\b(?:got|received) your (?:message|request|enquiry|inquiry|email)\b",
    ),
    # It says when they will hear back: a time, not "shortly", "soon" or "as soon as
    # possible", which name none (README no-response-promise).
    "promise": (
        rf"\bwithin (?:(?:the )?next |the )?(?:{_NUM}\s*)?{_UNIT}\b",
        rf"\bin the next {_NUM}?\s*{_UNIT}\b",
        rf"\b{_NUM} (?:business|working) days?\b",
        rf"\bby (?:tomorrow|tonight|the end of (?:the )?(?:day|week|business day)"
        rf"|end of (?:day|week)|{_DAY}|noon|midday|\d{{1,2}}(?::\d\d)?\s*(?:am|pm))\b",
        r"\b(?:next|same) (?:business|working) day\b",
        r"\bsame[- ]day\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|hrs?\b|hours?\b)",
        rf"\b(?:usually|typically|normally|aim to) (?:respond|reply|answer|get back)\w* "
        rf"(?:to you )?(?:in|within) {_NUM}",
        r"\b(?:later )?today\b|\btomorrow\b",
        r"\bin a (?:few|couple of) (?:minutes|moments)\b",
    ),
    # A page that is an error, not help: matched in a page's title, its main heading, or a
    # short page's few lines (runner/checks/page_signals.py decides where).
    "error_page": (
        r"\b(?:oops|whoops|uh[- ]oh)\b",
        r"\bsomething(?: went|(?:'s| has) gone|'s| is) wrong\b(?! with\b)",
        r"\bnot found\b",
        r"\b(?:can't|cannot|couldn't|could not|unable to) find (?:that|this|the|your) page\b",
        r"\bpage (?:you(?:'re| are| were)? (?:looking for|requested|tried to \w+) )?"
        r"(?:can't|cannot|couldn't|could not) be (?:found|displayed|reached|shown)\b",
        r"\bpage (?:you(?:'re| are| were)? (?:looking for|requested) )?"
        r"(?:doesn't|does not|no longer) exists?\b",
        r"\b(?:page|site) (?:isn't|is not) (?:working|available)\b",
        r"\bsite can't be reached\b",
        r"\binternal server error\b|\bserver error\b|\bbad gateway\b|\bgateway time-?out\b",
        r"\bservice (?:is )?(?:temporarily |currently )?unavailable\b",
        r"\btemporarily (?:unavailable|down|out of service)\b",
        r"\b(?:down for|under) (?:scheduled )?maintenance\b",
        r"\bexperiencing (?:some )?(?:technical )?(?:difficulties|issues|problems)\b",
        r"\btry again (?:later|in a (?:few|moment|while|little while))\b",
        r"\ban? (?:unexpected |unknown |internal )?error (?:has )?occurred\b",
        r"\baccess denied\b",
    ),
    # A CAPTCHA or "prove you are human" challenge, in the words a page shows with it.
    "captcha": (
        rf"\bi(?:'m| am) not a (?:robot|bot){_ALONE}",
        rf"\b(?:confirm|prove|verify|show|check)(?:ing)? (?:that )?you(?:'re| are)"
        rf" (?:not a (?:robot|bot)|(?:a )?human(?: being)?){_ALONE}",
        r"\bhuman verification\b",
        r"\bare you (?:a )?(?:robot|human|bot)\s*\?",
        r"\b(?:complete|solve|fill in|answer) the (?:re)?captcha\b|\bcaptcha (?:is )?required\b",
        r"\b(?:type|enter) the (?:characters|letters|code|text|words|numbers) (?:you see|shown"
        r"|in the (?:image|picture|box)|above|below)\b",
        r"\bpress (?:and|&) hold\b",
        r"\bchecking (?:if )?(?:the site connection is secure|your browser)\b",
    ),
    # Sign-in or registration wording (the page's own headings, its form, its address).
    "sign_in": (
        r"\b(?:sign|log)[ -]?(?:in|on)\b|\blogin\b|\bsignin\b",
        r"\b(?:create|register|open) (?:an? |your |a (?:free |new )?)?(?:new )?account\b",
        r"\bregist(?:er|ration)\b|\bsign[ -]?up\b",
        r"\byou (?:must|need to|have to) (?:be )?(?:signed|logged) in\b",
        r"\b(?:members?|customer|my) (?:area|login|account)\b",
        r"\bwelcome back\b|\bauthenticat(?:e|ion)\b",
    ),
    # An agent saying sorry, or owning the customer's trouble.
    "apology": (
        r"\bsorry\b",
        r"\bapologi[sz](?:e|es|ed|ing)\b|\bapologies\b",
        r"\b(?:i|we) (?:deeply |sincerely |truly |really )?regret\b",
        r"\bmy (?:bad|mistake)\b|\bour (?:mistake|fault|error)\b",
        r"\b(?:that|this|it) (?:really |certainly |definitely )?(?:shouldn't|should not"
        r"|should never) have happened\b",
        r"\bnot the (?:experience|service|standard) (?:we|you)\b",
        r"\b(?:that(?:'s| is)|how|must be|sounds) (?:so |really |very |incredibly |"
        r"understandably )?(?:frustrating|disappointing|annoying|upsetting|inconvenient)\b",
        r"\bforgive (?:us|me)\b|\bpardon (?:us|me)\b",
    ),
    # A customer reporting a problem: damaged, broken, late, wrong, missing, wants money back.
    "complaint": (
        r"\b(?:damaged|broken|cracked|smashed|shattered|dented|torn|ripped|scratched|leaking"
        r"|faulty|defective|stained|crushed)\b",
        r"\b(?:doesn't|does not|didn't|did not|won't|will not|isn't|is not) (?:even )?"
        r"(?:work|working|turn on|switch on|start|charge|fit|close)\b",
        r"\b(?:stopped|not) working\b",
        r"\b(?:late|delayed|overdue)\b",
        r"\b(?:never|still not|still hasn't|still has not|has not|hasn't|have not|haven't"
        r"|didn't|did not|not yet) (?:been )?(?:arrived?|come|came|turned up|shown up"
        r"|received|got|delivered|reached)\b",
        r"\bnot (?:arrived|delivered|received)\b|\bstill waiting\b",
        r"\b(?:missing|lost)\b",
        r"\bwrong (?:item|size|colou?r|product|order|thing|one|model|book|parcel|package"
        r"|address|part|version)\b|\bnot what (?:i|we) (?:ordered|paid for|bought)\b",
        r"\brefund\w*\b|\bmoney back\b|\breimburse\w*\b|\bcompensation\b",
        r"\b(?:charged|billed) (?:me )?(?:twice|two times|double|the wrong|too much)\b"
        r"|\b(?:double|over)[- ]?charged\b",
        r"\bcomplain\w*\b|\bunacceptable\b|\bdisappointed\b|\bfrustrated\b"
        r"|\bnot (?:happy|pleased|satisfied)\b|\bunhappy\b|\bterrible\b|\bawful\b",
        r"\b(?:a |an |the |big )?(?:problem|issue|fault|defect) (?:with|in|on)\b",
    ),
    # An agent saying someone else (a person) will take over.
    "handoff": (
        r"\bconnect(?:ing)? you (?:to|with)\b",
        r"\btransfer(?:ring)? (?:you|your (?:chat|conversation|call))\b",
        r"\bput(?:ting)? you through\b",
        r"\bpass(?:ing)? (?:you|this|your \w+) (?:on |over |across )?to\b",
        r"\bhand(?:ing)? (?:you |this |your \w+ )?over\b",
        r"\b(?:colleague|agent|advis[eo]r|human|person|team member|specialist|representative"
        r"|member of (?:our|the) (?:team|staff))\b[^.!?\n]{0,40}\b(?:will|'ll|is going to|is"
        r" about to) (?:join|be with you|take over|pick (?:this|it) up|contact you|help)\b",
        r"\bnext available (?:agent|advis[eo]r|colleague|representative|team member|person)\b",
        r"\bwaiting for (?:an?|the) (?:available )?(?:agent|advis[eo]r|colleague|person)\b",
        r"\b(?:has|have) joined the (?:chat|conversation)\b",
        r"\byou(?:'re| are) (?:now )?(?:chatting|talking|speaking) (?:with|to)\b",
    ),
    # A sender label that says the messages are not written by a person. English is on for
    # every page, so German words that merely end in "bot" (Angebot, Verbot) are not bots.
    "bot_label": (
        r"\bbot\b|\b(?!(?:tal|ab|cab|ange|ver|ge|aufge|über)bot\b)\w+bot\b",
        r"\bvirtual (?:assistant|agent|advis[eo]r|helper)\b",
        r"\b(?:digital|ai|smart|automated) (?:assistant|agent|helper)\b",
        r"\bassistant\b",
        r"\bautomated\b|\bautomatic\b|\bauto[- ]?(?:reply|responder|response)\b",
        r"\b(?:ai|a\.i\.)\b|\bartificial intelligence\b|\bmachine\b",
        r"\bno[- ]?reply\b|\bsystem\b",
    ),
}
