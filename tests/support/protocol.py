"""What Python says to Playwright's driver: the protocol methods a test's code sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def methods_sent(owner) -> Iterator[list[str]]:  # noqa: ANN001 - any Playwright object
    """The protocol methods Python sends to the driver meanwhile, in order."""
    connection = owner._impl_obj._connection
    sent: list[str] = []
    send = connection.send_message_to_server

    def counted(target, method, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        sent.append(method)
        return send(target, method, *args, **kwargs)

    connection.send_message_to_server = counted
    try:
        yield sent
    finally:
        connection.send_message_to_server = send
