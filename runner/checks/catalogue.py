"""Every check, by module: importing one registers its checks (see __init__.py)."""

from runner.checks import (  # noqa: F401 - importing registers each check
    accessibility,
    acknowledgement,
    consistency,
    conversation,
    dead_ends,
    email_channel,
    friction,
    links,
    mail,
    page_experience,
    pages,
)
