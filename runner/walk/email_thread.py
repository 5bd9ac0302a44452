"""The email conversation of one journey: what the customer sent, what the business answered,
and the case it is all filed under.

`send_email` and `expect_email` share it through the session: the customer's Message-IDs (an
answer that names one in In-Reply-To/References is in the thread), the thread's reference
(the case number the business gave first, on a page or in an email), the answers already
matched (a later step never takes the same message twice), and whether the customer's last
mail was an answer in the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runner.mail import NoMailbox


class NothingSent(NoMailbox):
    """The customer's mail was never sent (no outgoing server, nothing to reply to): the
    steps that wait for the business's answer to it are skipped, with this reason."""


@dataclass
class EmailThread:
    sent_ids: list[str] = field(default_factory=list)  # the customer's Message-IDs
    reference: str | None = None  # the case this conversation is filed under
    matched_ids: set[str] = field(default_factory=set)  # answers earlier steps took
    matched_keys: set[tuple] = field(default_factory=set)  # the same, for mail with no id
    last_send_step: int | None = None
    last_send_was_reply: bool = False
    # When the customer's last mail began its way (epoch ms): an answer sent before their
    # server said "accepted" (a helpdesk that answers while still taking the message) is an
    # answer to it all the same.
    last_send_began: float | None = None
    unsent: str | None = None  # why the customer's last mail was never sent

    def take(self, key: tuple, message_id: str | None) -> None:
        self.matched_keys.add(key)
        if message_id:
            self.matched_ids.add(message_id)

    def taken(self, key: tuple, message_id: str | None) -> bool:
        return key in self.matched_keys or (message_id is not None
                                            and message_id in self.matched_ids)


def thread_of(session) -> EmailThread:  # noqa: ANN001 - a Session (import cycle otherwise)
    if session.email_thread is None:
        session.email_thread = EmailThread()
    return session.email_thread
