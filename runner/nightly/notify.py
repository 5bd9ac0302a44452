"""Webhooks: tell a team what changed since each journey's previous run (`notify:`, README).

QA wants to hear about changes only: a finding code not seen in the previous run, a journey
that started failing, one that recovered. A journey that keeps failing the same way stays quiet.

This runs after every result of the run is on disk and in the history, and reads only those
(the result dicts and `store`), so a webhook that is slow, down or hostile can cost at most its
deadline and never a result. A webhook URL is itself a secret (whoever holds a Slack hook URL
can post to the channel), so log lines show only its scheme and host; `${secrets.X}` values
are scrubbed from every payload and log line on the way out.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests

from runner import __version__
from runner.errors import ShopperError
from runner.journey.values import Scope, render
from runner.results import store
from runner.results.model import SEVERITIES

EVENTS = ("new-finding", "failure", "recovery")
FAILING = ("failed", "error")
PASSING = ("passed", "flaky")
# A skipped or aborted slot never walked the journey: it says nothing about the site.
NOT_WALKED = ("skipped", "aborted")
MASK = "••••"
TOP_FINDINGS = 3
MAX_REDIRECTS = 3
REDIRECTS = (301, 302, 303, 307, 308)
MAX_RETRY_AFTER = 10.0  # seconds of a 429's Retry-After we are willing to honour
SLACK_TEXT_LIMIT = 3000  # Slack refuses a section whose text is longer
MESSAGE_LIMIT = 300  # one finding or error message, in a notification
HEADERS = {"Content-Type": "application/json; charset=utf-8",
           "User-Agent": f"MysteryShopper/{__version__} (webhook)"}

Log = Callable[[str], None]


def _warn(line: str) -> None:
    print(line, file=sys.stderr)


# --- What changed -------------------------------------------------------------------------


def changes(conn: sqlite3.Connection, result: dict) -> list[dict]:
    """The events of this journey run compared with the journey's previous final run.

    `failure` when it fails (or errors) now and did not before (or never ran before);
    `recovery` when it passes (or is flaky) now after failing; one `new-finding` per finding
    code absent from the previous measured run, worst first, or on the journey's first
    measured run one `baseline` instead. The current run's own rows, which the
    store already holds, are never its own "previous".
    """
    status = result.get("status")
    if status in NOT_WALKED or _superseded(conn, result):
        return []
    previous = _previous_run(conn, result, ignoring=NOT_WALKED)
    before = previous["status"] if previous is not None else None
    events: list[dict] = []
    if status in FAILING and before not in FAILING:
        events.append({"type": "failure", "message": _failure_message(result)})
    elif status in PASSING and before in FAILING:
        events.append({"type": "recovery",
                       "message": f"{status.capitalize()} again; the previous run was {before}."})
    if status != "error":
        # An `error` run was not measured (the tool's or the network's fault), so it is neither
        # a source of findings nor the baseline for them: after a night with the network
        # down, the findings the site already had are not news.
        judged = _previous_run(conn, result, ignoring=NOT_WALKED + ("error",))
        if judged is None:
            # The journey's first measured run in this history: what it finds is where the
            # site stands, not what changed. One `baseline` event says so, instead of every
            # finding posted as "new" (which trains a team to ignore the channel).
            if result.get("findings"):
                events.append(_baseline(result))
        else:
            events.extend(_new_findings(result, _finding_codes(conn, judged)))
    return events


def _baseline(result: dict) -> dict:
    findings = _worst_first(result.get("findings") or [])
    worst = findings[0]
    found = (f"{len(findings)} finding{'s' if len(findings) != 1 else ''}, the worst "
             f"{worst.get('severity')} `{worst.get('code')}`")
    return {"type": "baseline", "findings": len(findings),
            "message": f"First measured run in this history: {found}. From now on only "
                       "what changes is sent."}


# A retried journey keeps its earlier attempts beside the final one as
# `<stem>.attempt-<k>.json` (README), each with a journey_run_id of its own; the final attempt
# speaks for the run. (Attempts that share one journey_run_id are told apart by MAX(attempt).)
FINAL_ATTEMPT = """instr(jr.result_file, '.attempt-') = 0
    AND jr.attempt = (SELECT MAX(attempt) FROM journey_runs
                      WHERE journey_run_id = jr.journey_run_id)"""


def _superseded(conn: sqlite3.Connection, result: dict) -> bool:
    """An earlier attempt of a retried run: not news, whatever it found."""
    row = conn.execute(f"SELECT {FINAL_ATTEMPT} AS final FROM journey_runs AS jr "
                       "WHERE journey_run_id = ? AND attempt = ?",
                       (result["journey_run_id"], result.get("attempt", 1))).fetchone()
    return row is not None and not row["final"]


def _previous_run(conn: sqlite3.Connection, result: dict,
                  ignoring: Sequence[str]) -> sqlite3.Row | None:
    """The journey's latest earlier final attempt whose status is not in `ignoring`."""
    marks = ",".join("?" * len(ignoring))
    # A result without a start time still has predecessors: every stored run is earlier.
    started = result.get("started_at") or "\uffff"
    return conn.execute(
        f"""SELECT journey_run_id, attempt, status FROM journey_runs AS jr
            WHERE journey_id = ? AND journey_run_id != ? AND started_at < ?
              AND {FINAL_ATTEMPT} AND status NOT IN ({marks})
            ORDER BY started_at DESC LIMIT 1""",
        (result["journey"]["id"], result["journey_run_id"], started, *ignoring)).fetchone()


def _finding_codes(conn: sqlite3.Connection, run: sqlite3.Row | None) -> set[str]:
    if run is None:
        return set()
    rows = conn.execute("SELECT DISTINCT code FROM findings WHERE journey_run_id = ? "
                        "AND attempt = ?", (run["journey_run_id"], run["attempt"]))
    return {row["code"] for row in rows}


def _new_findings(result: dict, seen_before: set[str]) -> list[dict]:
    events, seen = [], set(seen_before)
    for finding in _worst_first(result.get("findings") or []):
        if finding.get("code") in seen:
            continue
        seen.add(finding.get("code"))
        events.append({"type": "new-finding", "code": finding.get("code"),
                       "severity": finding.get("severity"),
                       "message": _short(finding.get("message"))})
    return events


def _worst_first(findings: Iterable[dict]) -> list[dict]:
    def rank(finding: dict) -> int:
        severity = finding.get("severity")
        return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)

    return sorted(findings, key=rank)  # stable: the checks' own order within a severity


def _failure_message(result: dict) -> str:
    if result.get("status") == "error":
        return _short(f"Not measured: {result.get('error') or 'the tool could not walk it'}")
    step = _stopped_step(result)
    if step is None:
        return "The journey stopped."
    error = f": {step['error']}" if step.get("error") else ""
    return _short(f"Stopped at step “{step.get('name')}”{error}")


def _stopped_step(result: dict) -> dict | None:
    steps = result.get("steps") or []
    stop = (result.get("stop") or {}).get("step")
    return (next((s for s in steps if s.get("index") == stop), None) if stop is not None
            else None) or next((s for s in steps if s.get("status") == "failed"), None)


def _short(text: object) -> str:
    text = str(text or "")
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"


# --- What is said -------------------------------------------------------------------------


def payload(result: dict, events: Sequence[dict], report_url: str | None = None, *,
            page: str | None = None, format: str = "json") -> dict:
    """The message for one journey run: JSON, or a Slack message with `format="slack"`.

    `page` is the journey run's page relative to the reports folder (default
    runs/<run-id>/<journey-id>.html); `report_url`, where that folder is published, makes
    the link absolute.
    """
    journey = result.get("journey") or {}
    data = {
        "journey": {"id": journey.get("id"), "name": journey.get("name"),
                    "channel": journey.get("channel")},
        "run_id": result.get("run_id"),
        "journey_run_id": result.get("journey_run_id"),
        "status": result.get("status"),
        "score": (result.get("score") or {}).get("value"),
        "events": [dict(event) for event in events],
        "top_findings": [_headline(f) for f in
                         _worst_first(result.get("findings") or [])[:TOP_FINDINGS]],
        "report_url": report_link(result, report_url, page=page),
    }
    return slack_message(data) if format == "slack" else data


def _headline(finding: dict) -> dict:
    return {"code": finding.get("code"), "severity": finding.get("severity"),
            "message": _short(finding.get("message")),
            "step": (finding.get("step") or {}).get("name")}


def report_link(result: dict, base: str | None = None, *, page: str | None = None) -> str:
    page = page or f"runs/{result.get('run_id')}/{(result.get('journey') or {}).get('id')}.html"
    page = quote(page, safe="/")
    return f"{base.rstrip('/')}/{page}" if base else page


def journey_page(conn: sqlite3.Connection, result: dict) -> str | None:
    """The journey run's page as the report names it: beside its result file (a repeated
    journey's file is `<journey-id>-<n>.json`, so its id alone is not enough)."""
    row = conn.execute("SELECT result_file FROM journey_runs WHERE journey_run_id = ? "
                       "ORDER BY attempt DESC LIMIT 1", (result["journey_run_id"],)).fetchone()
    if row is None or not row["result_file"]:
        return None
    return PurePosixPath(Path(row["result_file"]).as_posix()).with_suffix(".html").as_posix()


def slack_message(data: dict) -> dict:
    """A Slack incoming-webhook message (mrkdwn) carrying the same facts as `payload`.

    Everything that came from the site or the journey is escaped (&, <, >), so page text can
    neither forge a link nor ping `<!channel>`.
    """
    journey = data["journey"]
    score = "not measured" if data["score"] is None else f"score {data['score']}"
    title = f"{_slack(journey['name'])}: {_slack(data['status'])} ({score})"
    link = data["report_url"]
    absolute = urlsplit(link).scheme in ("http", "https")
    heading = f"*<{_slack_url(link)}|{title}>*" if absolute else f"*{title}*"
    blocks: list[dict] = [_section([heading]), _section(_event_lines(data["events"]))]
    if data["top_findings"]:
        blocks.append(_section(["*Top findings*"] + [
            f"• `{_slack(f['code'])}` ({_slack(f['severity'])}) {_slack(f['message'])}"
            + (f" — _{_slack(f['step'])}_" if f["step"] else "") for f in data["top_findings"]]))
    where = f"run {_slack(data['run_id'])} · {_slack(journey['channel'])}"
    if not absolute:
        where += f" · report: `{_slack(link)}`"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": where}]})
    kinds = ", ".join(dict.fromkeys(event["type"] for event in data["events"]))
    return {"text": f"{_slack(journey['name'])}: {_slack(data['status'])} ({kinds})",
            "blocks": blocks}


def _event_lines(events: Sequence[dict]) -> list[str]:
    icons = {"failure": ":red_circle:", "recovery": ":large_green_circle:",
             "new-finding": ":warning:", "baseline": ":triangular_flag_on_post:"}
    labels = {"failure": "Failure", "recovery": "Recovery", "new-finding": "New finding",
              "baseline": "Baseline"}
    return [f"{icons.get(event['type'], '•')} *{labels.get(event['type'], _slack(event['type']))}*"
            + (f" `{_slack(event['code'])}`" if event.get("code") else "")
            + f": {_slack(event.get('message'))}" for event in events]


def _section(lines: Sequence[str], most: int = 10) -> dict:
    """A mrkdwn section of whole lines within Slack's text limit; the rest are counted.

    Whole lines, because a line cut short could end inside an escape such as `&lt;`."""
    kept: list[str] = []
    size = 0
    for line in lines[:most]:
        size += len(line) + 1
        if size > SLACK_TEXT_LIMIT - 40:  # room for the "… and N more" line
            break
        kept.append(line)
    if len(lines) > len(kept):
        kept.append(f"… and {len(lines) - len(kept)} more")
    return {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(kept)}}


def _slack(text: object) -> str:
    """Slack's own escaping for message text: only these three characters."""
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_url(url: str) -> str:
    # `|` would end the URL part of <url|label>; `>` the link itself.
    return _slack(url).replace("|", "%7C")


# --- Sending ------------------------------------------------------------------------------


def refusal(url: str) -> str | None:
    """Why a webhook URL is refused, or None: https only, plain http only to this machine."""
    if not isinstance(url, str):
        return "not a valid URL"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return "not a valid URL"
    if not host:
        return "not a valid URL"
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(host)):
        return None
    if parts.scheme == "http":
        return "plain http:// is only allowed to this machine (loopback); use https://"
    return "only https:// webhooks are sent"


def is_loopback(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def mask(url: str) -> str:
    """scheme://host[:port]/•••• — enough to tell hooks apart, never the secret part."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return MASK
    if not host:
        return MASK
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}{f':{port}' if port else ''}/{MASK}"


def scrub(value: Any, secrets: Iterable[str]) -> Any:
    """`value` with every secret in its strings (keys too) replaced by ••••."""
    secrets = sorted({s for s in secrets if s}, key=len, reverse=True)  # longest first
    return _scrub(value, secrets) if secrets else value


def _scrub(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return {_scrub(k, secrets): _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item, secrets) for item in value]
    return value


class OutOfTime(Exception):
    """The call's deadline came first: the hook says so once, however many messages wait."""


@dataclass
class _Attempt:
    delivered: bool
    retry: bool = False
    why: str = ""
    wait: float = 0.0  # a server's Retry-After, when it gave one


@dataclass
class _Hook:
    """One webhook's share of a `send`: its messages, and what its thread has to report."""

    url: str
    indexes: list[int]
    bodies: list[bytes]
    lines: list[str] = field(default_factory=list)
    out_of_time: bool = False


def send(hooks: Sequence[str], messages: Sequence[dict], *, timeout: float = 5.0,
         retries: int = 2, backoff: float = 0.5, deadline: float = 30.0,
         secrets: Iterable[str] = (), log: Log = _warn) -> list[bool]:
    """POST `messages[i]` to `hooks[i]`; returns, for each, whether it was delivered.

    Never raises. Each hook gets its own thread (its messages in order), so one hung endpoint
    costs the others nothing, and the call returns within `deadline` seconds whatever the
    endpoints do: a request that outlives it is abandoned, not waited for. Lines are logged
    from the calling thread, hook by hook, so `log` need not be thread-safe.
    """
    delivered = [False] * len(messages)
    # Hook URLs are secrets too: should one ever reach a log line, it is masked there.
    hidden = {*secrets, *(url for url in hooks if isinstance(url, str))}
    stop = threading.Event()
    try:
        end = time.monotonic() + deadline
        started: list[tuple[_Hook, threading.Thread]] = []
        for hook in _by_hook(hooks, messages, secrets):
            problem = refusal(hook.url)
            if problem:
                log(scrub(f"notify: {mask(hook.url)} refused: {problem}", hidden))
                continue
            thread = threading.Thread(
                target=_deliver_all, name=f"notify {mask(hook.url)}", daemon=True,
                args=(hook, delivered), kwargs={"timeout": timeout, "retries": retries,
                                                "backoff": backoff, "end": end, "stop": stop})
            thread.start()
            started.append((hook, thread))
        for hook, thread in started:
            thread.join(max(0.0, end - time.monotonic()))
            lines = list(hook.lines)  # an abandoned thread may still add to them
            if thread.is_alive() or hook.out_of_time:
                lines.append(f"notify: {mask(hook.url)} not delivered: gave up at the "
                             f"{deadline:g} s deadline")
            for line in lines:
                log(scrub(line, hidden))
    except Exception as exc:  # noqa: BLE001 -- a notification must never break a run
        log(f"notify: not sent ({type(exc).__name__})")
    finally:
        stop.set()  # an abandoned thread stops at its next pause
    return delivered


def _by_hook(hooks: Sequence[str], messages: Sequence[dict],
             secrets: Iterable[str]) -> list[_Hook]:
    grouped: dict[str, _Hook] = {}
    for index, (url, message) in enumerate(zip(hooks, messages, strict=True)):
        hook = grouped.setdefault(url, _Hook(url, [], []))
        hook.indexes.append(index)
        hook.bodies.append(json.dumps(scrub(message, secrets), ensure_ascii=False).encode())
    return list(grouped.values())


def _deliver_all(hook: _Hook, delivered: list[bool], **options: Any) -> None:
    session = requests.Session()
    # A loopback hook is this machine: never send it through a proxy from the environment.
    session.trust_env = not is_loopback(urlsplit(hook.url).hostname or "")
    try:
        for index, body in zip(hook.indexes, hook.bodies, strict=True):
            delivered[index] = _deliver(session, hook, body, **options)
    except OutOfTime:
        hook.out_of_time = True
    except Exception as exc:  # noqa: BLE001 -- reported by the calling thread
        hook.lines.append(f"notify: {mask(hook.url)} not delivered ({type(exc).__name__})")
    finally:
        session.close()


def _deliver(session: requests.Session, hook: _Hook, body: bytes, *, timeout: float,
             retries: int, backoff: float, end: float, stop: threading.Event) -> bool:
    """One message, tried up to 1 + `retries` times while the failure may be passing."""
    attempt = _Attempt(False, why="not tried")
    for tries in range(1, retries + 2):
        if tries > 1:
            pause = max(backoff * 2 ** (tries - 2), attempt.wait)
            if time.monotonic() + pause >= end or stop.wait(pause):
                raise OutOfTime
        attempt = _post(session, hook.url, body, timeout=timeout, end=end)
        if attempt.delivered:
            return True
        if not attempt.retry:
            hook.lines.append(f"notify: {mask(hook.url)} not delivered: {attempt.why}")
            return False
    hook.lines.append(f"notify: {mask(hook.url)} not delivered after {retries + 1} tries: "
                      f"{attempt.why}")
    return False


def _post(session: requests.Session, url: str, body: bytes, *, timeout: float,
          end: float) -> _Attempt:
    """One POST, following at most MAX_REDIRECTS redirects and only on the hook's own host
    (requests would follow any, to any host, and re-send nothing of a POST on a 302)."""
    target = url
    for _ in range(MAX_REDIRECTS + 1):
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise OutOfTime
        wait = min(timeout, remaining)
        try:
            # stream=True: only the status line and headers are read, so an answer whose body
            # never ends can neither hold the thread nor fill the memory.
            response = session.post(target, data=body, headers=HEADERS, timeout=(wait, wait),
                                    allow_redirects=False, stream=True)
        except requests.Timeout as exc:
            if wait < timeout:
                raise OutOfTime from exc  # cut short by the deadline, not the endpoint's fault
            return _Attempt(False, retry=True, why=f"no answer within {wait:g} s")
        except requests.ConnectionError:
            return _Attempt(False, retry=True, why="could not connect")
        except requests.RequestException as exc:
            # Its text would quote the URL: say only what kind of failure it was.
            return _Attempt(False, why=type(exc).__name__)
        with response:  # its body is never needed: closing drops the connection
            status, headers = response.status_code, response.headers
        if status in REDIRECTS:
            location = headers.get("Location")
            if not location:
                return _Attempt(False, why=f"HTTP {status} without a Location")
            following = urljoin(target, location)
            if (urlsplit(following).hostname or "").lower() != urlsplit(url).hostname.lower():
                return _Attempt(False, why=f"HTTP {status} redirects to another host "
                                           f"({mask(following)}); not followed")
            problem = refusal(following)
            if problem:
                return _Attempt(False, why=f"HTTP {status} redirect refused: {problem}")
            target = following  # the same body again: a webhook only listens to POSTs
            continue
        if 200 <= status < 300:
            return _Attempt(True)
        if status == 429 or status >= 500:
            return _Attempt(False, retry=True, why=f"HTTP {status}",
                            wait=_retry_after(headers.get("Retry-After")))
        return _Attempt(False, why=f"HTTP {status}")
    return _Attempt(False, why=f"more than {MAX_REDIRECTS} redirects")


def _retry_after(value: str | None) -> float:
    try:
        return min(max(float(value or 0), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0  # an HTTP date: our own backoff will do


# --- After a run --------------------------------------------------------------------------


def notify_run(settings: Any, out_dir: Path, results: Sequence[dict],
               secrets: Iterable[str] = frozenset(), *, env: Mapping[str, str] | None = None,
               timeout: float = 5.0, retries: int = 2, backoff: float = 0.5,
               deadline: float = 30.0, log: Log = _warn) -> list[bool]:
    """Tell each `notify:` hook what changed in this run's journeys; never raises.

    Called once the run's results are written and recorded in `out_dir/history.sqlite`.
    `secrets` are values never to send or log (the values of the settings' own
    `${secrets.X}` are added). Returns, per message sent, whether it was delivered.
    """
    hidden = set(secrets)
    try:
        if not settings.notify or not results:
            return []
        env = os.environ if env is None else env
        hidden |= {env[name] for name in settings.secrets if env.get(name)}
        hooks = _resolved_hooks(settings.notify, env, log)
        if not hooks:
            return []
        urls, messages = _messages(Path(out_dir), results, hooks, log)
        return send(urls, messages, timeout=timeout, retries=retries, backoff=backoff,
                    deadline=deadline, secrets=hidden, log=log)
    except Exception as exc:  # noqa: BLE001 -- the results are safe; say why nothing went out
        detail = f": {exc}" if isinstance(exc, sqlite3.Error | OSError) else ""
        log(scrub(f"notify: nothing sent ({type(exc).__name__}{detail}); "
                  "the run's results are unaffected", hidden))
        return []


def _resolved_hooks(hooks: Sequence[dict], env: Mapping[str, str], log: Log) -> list[dict]:
    """The hooks with their `${secrets.X}` filled in; one whose secret is unset is skipped."""
    resolved = []
    for number, hook in enumerate(hooks, start=1):
        scope = Scope(persona={}, saved={}, run_id="", env=env)
        try:
            base = hook.get("report_url")
            resolved.append({**hook, "url": render(hook["url"], scope),
                             "report_url": render(base, scope) if base else None})
        except ShopperError as exc:  # names the secret, never a value
            log(f"notify: webhook {number} skipped: {exc}")
    return resolved


def _wanted(event: dict, kinds: Sequence[str]) -> bool:
    """A hook hears the events it asked for; `baseline` stands in for the first run's
    findings, so it goes where `new-finding` goes."""
    return event["type"] in kinds or (event["type"] == "baseline" and "new-finding" in kinds)


def _messages(out_dir: Path, results: Sequence[dict], hooks: list[dict],
              log: Log) -> tuple[list[str], list[dict]]:
    urls: list[str] = []
    messages: list[dict] = []
    conn = store.connect(out_dir)
    try:
        for result in results:
            try:
                events = changes(conn, result)
                page = journey_page(conn, result) if events else None
            except (KeyError, TypeError, AttributeError) as exc:
                # One result we cannot read must not silence the others.
                log(f"notify: a result was skipped ({type(exc).__name__})")
                continue
            for hook in hooks:
                wanted = [event for event in events if _wanted(event, hook.get("on", EVENTS))]
                if wanted:
                    urls.append(hook["url"])
                    messages.append(payload(result, wanted, hook.get("report_url"), page=page,
                                            format=hook.get("format", "json")))
    finally:
        conn.close()
    return urls, messages
