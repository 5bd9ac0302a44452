"""The Jinja2 environment: templates ship inside the package, autoescape always on."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    # StrictUndefined: a typo in a template fails the tests instead of printing nothing.
    # Autoescape for every template, including ones named without .html: text from the site
    # under test (step names, errors, evidence) must never become markup.
    return Environment(
        loader=PackageLoader("runner", "report/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
