"""A change plan exported as a Python script (docs/protocol/obshell.md §4.15), run with the
official SDK against the simulated agent: it runs the steps, stops on the first failure with the
exit status of §4.15, and a second run sends nothing."""

import ast
import json
import os
import py_compile
import subprocess
import sys
from pathlib import Path

from conftest import PASSWORD
from obshell.model.tenant import ZoneParam

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / os.environ.get("CARGO_TARGET_DIR", "target")
EXPORTER = TARGET / "debug" / "examples" / "export_plan"
# The agent names of these DAG nodes (crates/protocol/src/obshell/dag_names.rs).
DROP_RESOURCE_POOLS = "Drop resource pools"
# Idle hosts of the simulator's demo cluster, ready to scale out (seed.rs).
IDLE_HOSTS = ["10.0.4.1", "10.0.4.2"]


def exporter() -> list:
    """The example `make sdk-test` builds; `cargo run` when it is missing or older than the
    plan sources (the runner is compiled into it)."""
    sources = (ROOT / "crates" / "protocol" / "src" / "obshell" / "plan").iterdir()
    if EXPORTER.exists() and EXPORTER.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return [str(EXPORTER)]
    return ["cargo", "run", "--locked", "-q", "-p", "obshell-protocol", "--example", "export_plan", "--"]


def export(doc: dict, port: int, host: str = "127.0.0.1") -> str:
    command = exporter()
    done = subprocess.run(command + ["--host", host, "--port", str(port)], input=json.dumps(doc),
                          capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    return done.stdout


def run_script(tmp_path, script: str, password=PASSWORD, agent_address=None):
    path = tmp_path / "plan.py"
    path.write_text(script)
    env = {k: v for k, v in os.environ.items() if k not in ("OBSHELL_PASSWORD", "OBSHELL_AGENT")}
    if password is not None:
        env["OBSHELL_PASSWORD"] = password
    if agent_address is not None:
        env["OBSHELL_AGENT"] = agent_address
    return subprocess.run([sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=300)


def plan(goal: dict, steps: list) -> dict:
    return {"format": 1, "id": "test-plan", "backend": "sim", "goal": goal, "created_at": 0,
            "steps": [{"change": c, "expect": e, "state": {"state": "pending"}} for c, e in steps]}


def tenant_change(tenant: str, op: str, args) -> dict:
    return {"kind": "tenant", "tenant": tenant, "operation": {"op": op, "args": args}}


def tenant_expect(zones: list, unit_num: int, primary_zone: str) -> dict:
    locality = ", ".join(f"{kind}{{1}}@{zone}" for zone, kind in zones)
    return {"kind": "tenant", "locality": locality, "unit_num": unit_num, "primary_zone": primary_zone}


def tenant_now(v1, tenant: str):
    """Zones with their types in order, unit number, primary zone and zone -> unit config."""
    info = v1.get_tenant_info(tenant)
    zones = [(part.split("@")[1].strip(), part.split("@")[0].split("{")[0].strip())
             for part in info.locality.split(",")]
    configs = {z: p.unit.name for p in info.pools for z in p.zone_list.split(";")}
    return zones, info.pools[0].unit_num, info.primary_zone, configs


def mutations(agent) -> list:
    return [r for r in agent.admin("/requests", method="GET")["requests"]
            if r["target"].startswith("/api/") and r["method"] != "GET"]


def scale_out_new_zones(agent, tmp_path, zones: list):
    """Scales out one idle host into each new zone with an exported plan of its own."""
    steps = [({"kind": "scale_out", "ip": ip, "port": 2886, "zone": zone,
               "ob_configs": {"rpc_port": "2882", "mysql_port": "2881"}},
              {"kind": "server", "ip": ip, "zone": zone}) for ip, zone in zip(IDLE_HOSTS, zones)]
    script = export(plan({"kind": "scale_outs"}, steps), agent.port)
    done = run_script(tmp_path, script)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": done") == len(zones), done.stdout
    again = run_script(tmp_path, script)
    assert again.returncode == 0 and again.stdout.count("already in place") == len(zones), again.stdout


def test_a_move_out_of_the_first_priority_zone_runs_once(fresh_agent, tmp_path):
    v1 = fresh_agent.client().v1
    tenant = "orders"
    zones, unit_num, primary_zone, configs = tenant_now(v1, tenant)
    taken = {a.zone for a in v1.get_ob_info().agents}
    near, free = [f"zone_x{n}" for n in (1, 2)]
    assert near not in taken and free not in taken
    # New zones get a region of their own, and the agent wants two FULL replicas in the first
    # priority's region when a tenant spans regions: one replica goes to `near` first.
    scale_out_new_zones(fresh_agent, tmp_path, [near, free])
    config = configs[zones[0][0]]
    v1.add_tenant_replica_sync(tenant, [ZoneParam(near, config, unit_num, "FULL")])
    zones = zones + [(near, "FULL")]

    first = primary_zone.split(";")[0].split(",")[0]
    new_primary = ";".join(",".join(free if z == first else z for z in group.split(","))
                           for group in primary_zone.split(";"))
    added = zones + [(free, "FULL")]
    left = [z for z in added if z[0] != first]
    doc = plan({"kind": "tenant", "tenant": tenant, "moved": [first, free],
                "target": {"zones": [{"zone": z, "replica_type": k, "unit_config": config} for z, k in left],
                           "unit_num": unit_num, "primary_zone": new_primary}}, [
        (tenant_change(tenant, "add_replicas", [{"name": free, "replica_type": "FULL",
                                                  "unit_config_name": config, "unit_num": unit_num}]),
         tenant_expect(added, unit_num, primary_zone)),
        (tenant_change(tenant, "set_primary_zone", new_primary), tenant_expect(added, unit_num, new_primary)),
        (tenant_change(tenant, "delete_replicas", [first]), tenant_expect(left, unit_num, new_primary)),
    ])
    script = export(doc, fresh_agent.port)
    done = run_script(tmp_path, script)
    assert done.returncode == 0, done.stdout + done.stderr
    for n in (1, 2, 3):
        assert f"step {n} (" in done.stdout and "task " in done.stdout
    assert done.stdout.count(": done") == 3, done.stdout
    now, _, pz, _ = tenant_now(v1, tenant)
    assert sorted(now) == sorted(left)
    assert pz == new_primary

    fresh_agent.admin("/requests", method="DELETE")
    again = run_script(tmp_path, script)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("already in place, skipped") == 3, again.stdout
    assert mutations(fresh_agent) == []


def test_a_failed_task_stops_the_script_naming_the_step_and_task(fresh_agent, tmp_path):
    v1 = fresh_agent.client().v1
    # A reshape: the first zone's unit config changes, the last zone's replica goes.
    tenant = "billing"
    zones, unit_num, primary_zone, configs = tenant_now(v1, tenant)
    assert len(zones) > 2
    first, gone = zones[0][0], zones[-1][0]
    bigger = [c.name for c in v1.get_all_resource_unit_configs()
              if c.name not in (configs[first], "sys_unit_config")][0]
    left = [z for z in zones if z[0] != gone]
    doc = plan({"kind": "tenant", "tenant": tenant, "target": {
        "zones": [{"zone": z, "replica_type": k, "unit_config": bigger if z == first else configs[z]}
                  for z, k in left],
        "unit_num": unit_num, "primary_zone": primary_zone}}, [
        (tenant_change(tenant, "modify_replicas", [{"zone_name": first, "unit_config_name": bigger,
                                                     "replica_type": None, "unit_num": None}]),
         tenant_expect(zones, unit_num, primary_zone)),
        (tenant_change(tenant, "delete_replicas", [gone]), tenant_expect(left, unit_num, primary_zone)),
    ])
    fresh_agent.admin("/fail-node", {"node": DROP_RESOURCE_POOLS})
    done = run_script(tmp_path, export(doc, fresh_agent.port))
    assert done.returncode == 3, done.stdout + done.stderr
    started = [line.rsplit(": task ", 1)[1].split()[0] for line in done.stdout.splitlines()
               if line.endswith(" started")]
    assert len(started) == 2 and "step 1 (" in done.stdout and ": done" in done.stdout, done.stdout + done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith("step 2 (") and f"task {started[1]} failed: " in message, message
    assert v1.get_dag(started[1]).state == "FAILED"


def test_without_the_password_nothing_is_sent(agent, tmp_path):
    agent.admin("/reset")
    agent.admin("/requests", method="DELETE")
    doc = plan({"kind": "scale_outs"}, [({"kind": "scale_out", "ip": IDLE_HOSTS[0], "port": 2886, "zone": "z",
                                          "ob_configs": {}}, {"kind": "server", "ip": IDLE_HOSTS[0], "zone": "z"})])
    done = run_script(tmp_path, export(doc, agent.port), password=None)
    assert done.returncode == 1
    assert "OBSHELL_PASSWORD" in done.stderr
    assert agent.admin("/requests", method="GET")["requests"] == []


def test_a_primary_zone_applied_despite_an_error_answer_counts_as_done(fresh_agent, tmp_path):
    v1 = fresh_agent.client().v1
    tenant = "orders"
    zones, unit_num, primary_zone, _ = tenant_now(v1, tenant)
    groups = primary_zone.split(";")
    target = ";".join(reversed(groups))
    doc = plan({"kind": "tenant", "tenant": tenant, "target": {"zones": [], "unit_num": unit_num,
                                                              "primary_zone": target}},
               [(tenant_change(tenant, "set_primary_zone", target), tenant_expect(zones, unit_num, target))])
    fresh_agent.admin("/lose-answer", {"path": f"/api/v1/tenant/{tenant}/primary-zone", "status": 502})
    done = run_script(tmp_path, export(doc, fresh_agent.port))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "step 1 (" in done.stdout and "applied although the answer was an error" in done.stdout
    assert v1.get_tenant_info(tenant).primary_zone == target
    assert len(mutations(fresh_agent)) == 1


def test_a_lost_answer_is_an_unknown_outcome(fresh_agent, tmp_path):
    v1 = fresh_agent.client().v1
    tenant = "orders"
    zones, unit_num, primary_zone, configs = tenant_now(v1, tenant)
    free = sorted({a.zone for a in v1.get_ob_info().agents} - {z for z, _ in zones})[0]
    doc = plan({"kind": "tenant", "tenant": tenant, "target": {"zones": [], "unit_num": unit_num,
                                                              "primary_zone": primary_zone}},
               [(tenant_change(tenant, "add_replicas", [{"name": free, "replica_type": "FULL", "unit_num": unit_num,
                                                         "unit_config_name": configs[zones[0][0]]}]),
                 tenant_expect(zones + [(free, "FULL")], unit_num, primary_zone))])
    fresh_agent.admin("/lose-answer", {"path": f"/api/v1/tenant/{tenant}/replicas"})
    # The script's own address is wrong; OBSHELL_AGENT points it at the agent.
    script = export(doc, 9, host="192.0.2.1")
    done = run_script(tmp_path, script, agent_address=f"127.0.0.1:{fresh_agent.port}")
    assert done.returncode == 4, done.stdout + done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith("step 1 (") and "outcome unknown" in message
    assert "look for the task on the agent before running this again" in message
    assert len(mutations(fresh_agent)) == 1


HOSTILE = ["t'\"\\\n\r\t\x00x", "zone \u202eevil\u200b", "\u4e2d\u6587\U0001f600", '"""; import os #', "a\\", "\\N{BULLET}"]


def test_hostile_names_reach_the_script_as_exact_literals(tmp_path):
    tenant, zone, other = HOSTILE[0], HOSTILE[1], HOSTILE[2]
    steps = [
        (tenant_change(tenant, "add_replicas", [{"name": zone, "replica_type": "FULL",
                                                  "unit_config_name": HOSTILE[3], "unit_num": 1}]),
         tenant_expect([(zone, "FULL")], 1, other)),
        (tenant_change(tenant, "modify_replicas", [{"zone_name": other, "replica_type": "READONLY",
                                                     "unit_config_name": None, "unit_num": None}]),
         tenant_expect([(zone, "FULL")], 1, HOSTILE[4])),
        (tenant_change(tenant, "set_primary_zone", HOSTILE[5]), tenant_expect([(zone, "FULL")], 1, HOSTILE[5])),
        (tenant_change(tenant, "delete_replicas", HOSTILE), tenant_expect([], 1, "RANDOM")),
        ({"kind": "scale_out", "ip": HOSTILE[3], "port": 1, "zone": zone, "ob_configs": {HOSTILE[0]: HOSTILE[5]}},
         {"kind": "server", "ip": HOSTILE[3], "zone": zone}),
    ]
    doc = plan({"kind": "tenant", "tenant": tenant, "moved": [zone, other],
                "target": {"zones": [], "unit_num": 1, "primary_zone": HOSTILE[4]}}, steps)
    doc["id"], doc["backend"] = HOSTILE[3], HOSTILE[0]
    script = export(doc, 2886, host=HOSTILE[4])
    assert script.isascii()
    path = tmp_path / "plan.py"
    path.write_text(script)
    py_compile.compile(str(path), doraise=True)
    tree = ast.parse(script)
    assert "OBSHELL_PASSWORD" in ast.get_docstring(tree)
    values = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets if isinstance(t, ast.Name)}
    assert ast.literal_eval(values["AGENT_HOST"]) == HOSTILE[4]
    assert ast.literal_eval(values["PLAN_ID"]) == HOSTILE[3]
    table = ast.literal_eval(values["STEPS"])
    assert [s["call"] for s in table] == ["add_tenant_replica", "modify_tenant_replica",
                                          "set_tenant_primary_zone", "delete_tenant_replica", "scale_out"]
    assert all(s["tenant"] == tenant for s in table[:4])
    assert table[0]["zones"] == [{"zone": zone, "replica_type": "FULL", "unit_config_name": HOSTILE[3],
                                  "unit_num": 1}]
    assert table[1]["zones"] == [{"zone_name": other, "replica_type": "READONLY"}]
    assert table[2]["primary_zone"] == HOSTILE[5]
    assert table[3]["zones"] == HOSTILE
    assert (table[4]["ip"], table[4]["zone"], table[4]["ob_configs"]) == (HOSTILE[3], zone, {HOSTILE[0]: HOSTILE[5]})
    assert table[1]["expect"]["primary_zone"] == HOSTILE[4]
    for step in table:
        assert step["what"].isprintable(), step["what"]
