"""Every action the engine can perform, by YAML key: importing a module registers it."""

from runner.walk.steps import (  # noqa: F401 - importing registers each action
    check,
    check_links,
    click,
    expect,
    expect_ack,
    expect_email,
    expect_reply,
    fill,
    goto,
    open_email_link,
    press,
    say,
    select,
    send_email,
    upload,
    wait,
)
from runner.walk.steps.base import ACTIONS

__all__ = ["ACTIONS"]
