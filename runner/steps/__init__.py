"""One module per action, registered by its YAML key (see base.py)."""

from runner.steps import (  # noqa: F401 - importing registers each action
    check,
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
from runner.steps.base import ACTIONS, Outcome

__all__ = ["ACTIONS", "Outcome"]
