"""The findings vocabulary of README: each code's category, default severity and the
customer-service principle it breaks (one short sentence a non-engineer can read)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    category: str
    severity: str
    principle: str


CODES: dict[str, Code] = {
    "dead-end": Code("dead-end", "critical",
                     "Never leave a customer with nowhere to go."),
    "http-error": Code("dead-end", "critical",
                       "A customer's request must never be met with a broken page."),
    "broken-link": Code("dead-end", "major",
                        "Every door you show a customer should open."),
    "error-page": Code("dead-end", "major",
                       "An error page is a closed door: always offer a way forward."),
    "no-human-route": Code("dead-end", "major",
                           "Always give the customer a way to reach a person."),
    "missing-acknowledgement": Code(
        "missing-ack", "major",
        "If you cannot deal with someone at once, acknowledge them at once."),
    "no-reference": Code("missing-ack", "minor",
                         "Give the customer something to quote when they follow up."),
    "no-response-promise": Code("missing-ack", "minor",
                                "Overcommunicate: say what happens next, and when."),
    "missing-email": Code("missing-ack", "major",
                          "Confirm in writing what the customer asked for."),
    "reference-mismatch": Code("missing-ack", "major",
                               "What you write must match what you said."),
    "chat-unanswered": Code("missing-ack", "major",
                            "A customer who speaks to you deserves an answer."),
    "slow-acknowledgement": Code(
        "friction", "minor", "Acknowledge quickly: waiting in silence feels like being ignored."),
    "slow-reply": Code("friction", "minor",
                       "In a conversation, every second of silence is felt."),
    "slow-email": Code("friction", "minor",
                       "A confirmation is only reassuring if it arrives while they wait for it."),
    "slow-step": Code("friction", "minor", "Respect the customer's time."),
    "slow-journey": Code("friction", "minor", "Respect the customer's time."),
    "long-form": Code("friction", "minor",
                      "Ask only for what you need to help."),
    "too-many-steps": Code("friction", "minor", "Make the way to help short."),
    "validation-rejected": Code("friction", "major",
                                "Accept the customer's valid input as they give it."),
    "captcha": Code("friction", "major",
                    "Do not make the customer prove themselves before you help them."),
    "forced-login": Code("friction", "major",
                         "Do not make asking for help depend on having an account."),
    "page-error": Code("friction", "minor", "A page that breaks quietly breaks trust."),
    "no-apology": Code("tone", "minor",
                       "When something went wrong for the customer, say sorry."),
    "impersonal-reply": Code("tone", "info",
                             "Customers trust a person with a name more than a system."),
    "thread-broken": Code("consistency", "major",
                          "Keep one case per conversation: never make a customer start over."),
    "inconsistent": Code("consistency", "minor",
                         "Customers should get the same service every time."),
    "inaccessible": Code("friction", "major",
                         "Every customer must be able to ask for help, whatever their abilities."),
    "slow-page": Code("friction", "minor",
                      "A page that is slow to show itself, or jumps as it loads, wastes the "
                      "customer's time and patience."),
}

# When one cause could be described by several codes, the most specific one wins (README):
# earlier in this list is more specific.
STOP_SPECIFICITY = ("forced-login", "validation-rejected", "captcha", "http-error",
                    "error-page", "dead-end")
