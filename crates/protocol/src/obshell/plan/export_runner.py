# The runner, the same in every exported plan: it reads STEPS above and nothing else.
# Written for the quirks of SDK 0.0.9:
# - the SDK itself sends a request again once when the answer is an error, so this script never
#   adds a resend of its own: each step is sent once, then read back;
# - only the plain calls are used (not the *_sync ones), so the task id can be printed before the
#   wait, and a 204 answer (None: nothing to change) goes straight to the read-back;
# - wait_dag_succeed raises TaskExecuteFailedError for a failed task and waits while it runs;
# - the agent changes a primary zone before it takes the tenant's lock, so an error answer to
#   that step can come with the change made: the tenant is read back before reporting it.

import os
import sys

import requests
from obshell import ClientSet, OBShellHandleError, TaskExecuteFailedError
from obshell.auth.password import PasswordAuth
from obshell.model.tenant import ModifyReplicaParam, ZoneParam

USAGE, REFUSED, TASK_FAILED, NO_ANSWER, NOT_SHOWN = 1, 2, 3, 4, 5
NO_ANSWER_ADVICE = "look for the task on the agent before running this again"


class Stop(Exception):
    """Ends the run with exit status `code` and a one-line message."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = code


def clean(text):
    """An agent's text on one line, control and invisible characters escaped."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in " | ".join(lines))


def parse_locality(text):
    """Zone -> replica type from `FULL{1}@zone1, READONLY{1}@zone2`, as the agent parses it;
    None when a part has no `@`."""
    zones = {}
    if not (text or "").strip():
        return zones
    for part in text.split(","):
        kind, at, zone = part.partition("@")
        if not at:
            return None
        if "@" not in zone:
            zones[zone.strip()] = kind.split("{")[0].strip()
    return zones


def same_primary_zone(now, want):
    """The same zones in the same priorities: RANDOM (or empty) in any case, otherwise the
    `;`-groups in order, each a set of `,`-separated zones. Exact, unlike the agent's own
    "reached" test, which allows one group more: a step that takes a zone out of the last
    priority must not read as done before it is sent."""
    def groups(text):
        text = (text or "").strip()
        if not text or text.upper() == "RANDOM":
            return []
        return [sorted(z.strip() for z in group.split(",")) for group in text.split(";")]

    return groups(now) == groups(want)


def read(v1, expect):
    """A fresh read of what `expect` is about: the tenant, or the cluster's agents."""
    if expect["kind"] in ("server", "server_gone"):
        return [(agent.ip, agent.zone) for agent in v1.get_ob_info().agents]
    info = v1.get_tenant_info(expect["tenant"])
    return {
        "locality": parse_locality(info.locality),
        "unit_num": info.pools[0].unit_num if info.pools else 0,
        "primary_zone": info.primary_zone or "",
        "configs": {z.strip(): p.unit.name
                    for p in info.pools for z in p.zone_list.split(";") if z.strip()},
    }


def meets(now, expect):
    if expect["kind"] == "server":
        return (expect["ip"], expect["zone"]) in now
    if expect["kind"] == "server_gone":
        return all(ip != expect["ip"] for ip, _ in now)
    want = parse_locality(expect["locality"])
    return (want is not None and now["locality"] == want
            and now["unit_num"] == expect["unit_num"]
            and same_primary_zone(now["primary_zone"], expect["primary_zone"])
            and all(now["configs"].get(zone) == config
                    for zone, config in expect.get("unit_configs", {}).items()))


def pools_show(now, step):
    """What the expectation leaves out: the unit config an add or modify sets in a zone that
    holds a replica, and no pool left in a deleted zone (a task passed over its last node keeps
    the pool)."""
    if not isinstance(now, dict):
        return True
    configs, call = now["configs"], step["call"]
    if call == "delete_tenant_replica":
        return not set(configs) & set(step["zones"])
    if call in ("add_tenant_replica", "modify_tenant_replica"):
        key = "zone" if call == "add_tenant_replica" else "zone_name"
        replicas = now["locality"] or {}
        return all(configs.get(z[key]) == z["unit_config_name"] for z in step["zones"]
                   if "unit_config_name" in z and z[key] in replicas)
    return True


def in_place(v1, at):
    """Step `at` needs no sending: what it is about already meets its expectation, or that of a
    later step on the same tenant (an earlier run went past it; a plan never comes back to a
    state it passed, so a later step's state is never the one before this step)."""
    step = STEPS[at]
    expect = step["expect"]
    expects = [expect]
    if expect["kind"] == "tenant":
        expects += [s["expect"] for s in STEPS[at + 1:]
                    if s["expect"]["kind"] == "tenant" and s["expect"]["tenant"] == expect["tenant"]]
    now = read(v1, expect)
    return pools_show(now, step) and any(meets(now, e) for e in expects)


def send(v1, step):
    """Sends the step's request once; the agent's task, or None when it answered 204."""
    call = step["call"]
    if call == "add_tenant_replica":
        zones = [ZoneParam(z["zone"], z["unit_config_name"], z["unit_num"], z["replica_type"])
                 for z in step["zones"]]
        return v1.add_tenant_replica(step["tenant"], zones)
    if call == "modify_tenant_replica":
        # Only the fields the step sets are in the table, so only those are sent.
        zones = [ModifyReplicaParam(z["zone_name"], **{k: v for k, v in z.items() if k != "zone_name"})
                 for z in step["zones"]]
        return v1.modify_tenant_replica(step["tenant"], zones)
    if call == "set_tenant_primary_zone":
        return v1.set_tenant_primary_zone(step["tenant"], step["primary_zone"])
    if call == "delete_tenant_replica":
        return v1.delete_tenant_replica(step["tenant"], step["zones"])
    if call == "scale_out":
        return v1.scale_out(step["ip"], step["port"], step["zone"], step["ob_configs"])
    if call == "scale_in":
        return v1.scale_in(step["ip"], step["port"])
    raise Stop(USAGE, "unknown call %r" % call)


def primary_zone_shows(v1, step):
    try:
        return same_primary_zone(read(v1, step["expect"])["primary_zone"], step["primary_zone"])
    except Exception:
        return False


def failure(label, err, task):
    task = None if task is None else clean(task)
    if isinstance(err, TaskExecuteFailedError):
        return Stop(TASK_FAILED, "%s: task %s failed: %s" % (label, task, clean(err.message)))
    if task is None and isinstance(err, OBShellHandleError):
        return Stop(REFUSED, "%s: refused: %s %s"
                    % (label, err.err_code or err.code, clean(err.message)))
    lost = isinstance(err, requests.exceptions.RequestException)
    answer = "no answer" if lost else "unexpected answer"
    if task is None:
        return Stop(NO_ANSWER, "%s: %s (%s): outcome unknown \u2014 %s"
                    % (label, answer, clean(err), NO_ANSWER_ADVICE))
    return Stop(NO_ANSWER, "%s: lost track of task %s, %s (%s): outcome unknown \u2014 %s"
                % (label, task, answer, clean(err), NO_ANSWER_ADVICE))


def run(v1, at):
    step = STEPS[at]
    label = "step %d (%s)" % (step["n"], step["what"])
    try:
        if in_place(v1, at):
            print("%s: already in place, skipped" % label)
            return
    except OBShellHandleError as err:
        raise Stop(REFUSED, "%s: the read before sending was refused: %s %s; nothing sent"
                   % (label, err.err_code or err.code, clean(err.message)))
    except Exception as err:
        raise Stop(NO_ANSWER, "%s: no answer to the read before sending (%s); nothing sent"
                   % (label, clean(err)))
    task = None
    try:
        dag = send(v1, step)
        if dag is None:
            print("%s: the agent answered that nothing changes" % label)
        else:
            task = dag.generic_id
            print("%s: task %s started" % (label, clean(task)), flush=True)
            v1.wait_dag_succeed(task)
    except Stop:
        raise
    except Exception as err:
        if step["call"] == "set_tenant_primary_zone" and primary_zone_shows(v1, step):
            how = "the answer was an error" if task is None else "its task %s failed" % clean(task)
            print("%s: applied although %s (%s)" % (label, how, clean(err)))
            return
        raise failure(label, err, task)
    ran = "nothing changed, as answered" if task is None else "task %s succeeded" % clean(task)
    try:
        now = read(v1, step["expect"])
        shown = pools_show(now, step) and meets(now, step["expect"])
    except Exception as err:
        raise Stop(NO_ANSWER, "%s: %s, but the read-back got no answer (%s); check the %s"
                   % (label, ran, clean(err),
                      "cluster" if step["call"] in ("scale_out", "scale_in") else "tenant"))
    if not shown:
        raise Stop(NOT_SHOWN, "%s: %s, but the read-back does not show the change" % (label, ran))
    print("%s: done" % label)


def agent_address():
    text = os.environ.get("OBSHELL_AGENT", "").strip()
    if not text:
        return AGENT_HOST, AGENT_PORT
    host, colon, port = text.rpartition(":")
    if not (colon and host and port.isdigit() and 0 < int(port) < 65536):
        raise Stop(USAGE, "OBSHELL_AGENT must be host:port, e.g. 10.0.0.1:2886; nothing sent")
    return host, int(port)


def check_sdk_version():
    try:
        from importlib.metadata import version
        found = version("obshell")
    except Exception:
        found = "unknown"
    if found != SDK_VERSION:
        print("warning: written for the obshell SDK %s, found %s" % (SDK_VERSION, found),
              file=sys.stderr)


def main():
    password = os.environ.get("OBSHELL_PASSWORD")
    if not password:
        raise Stop(USAGE, "set OBSHELL_PASSWORD to the root@sys password; nothing sent")
    host, port = agent_address()
    check_sdk_version()
    v1 = ClientSet(host, port, PasswordAuth(password)).v1
    print("plan %s: %d step(s) to run on the agent at %s:%d"
          % (clean(PLAN_ID), len(STEPS), clean(host), port))
    for at in range(len(STEPS)):
        run(v1, at)
    print("plan %s: all steps done" % clean(PLAN_ID))


if __name__ == "__main__":
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    try:
        main()
    except Stop as stop:
        sys.stdout.flush()
        print(stop, file=sys.stderr)
        sys.exit(stop.code)
