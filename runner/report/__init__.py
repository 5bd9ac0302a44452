"""HTML, JSON and JUnit reports, rendered from the result files on disk alone.

Reports never touch a browser or the engine's objects: a past run can be re-reported from
`DIR/runs/<run-id>/*.json` (README) long after the process that wrote it is gone.
"""

from runner.report.render import render_all, render_run

__all__ = ["render_all", "render_run"]
