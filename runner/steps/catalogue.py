"""Every action the engine can perform, by YAML key: importing a module registers it."""

from runner.steps import (  # noqa: F401 - importing registers each action
    check,
    check_links,
    click,
    expect,
    expect_ack,
    fill,
    goto,
    press,
    select,
    upload,
    wait,
)
from runner.steps import expect_email, open_email_link  # noqa: F401, I001 - mail actions
from runner.steps.base import ACTIONS

__all__ = ["ACTIONS"]
from runner.steps import expect_reply, say  # noqa: E402, F401 - the chat actions
