"""The official Python SDK (`obshell` on PyPI), unchanged, against the simulated agent: the
agent's authors' own client is the witness that the simulator speaks the real protocol."""

import pytest
from obshell.model.tenant import ModifyReplicaParam, ZoneParam
from obshell.service.client_v1 import OBShellHandleError, TaskExecuteFailedError


def locality(v1, tenant):
    return v1.get_tenant_info(tenant).locality


def test_wrong_password_raises_the_auth_error(agent):
    v1 = agent.client("not-the-password").v1
    with pytest.raises(OBShellHandleError) as err:
        v1.get_ob_info()
    assert err.value.err_code == "Security.Authentication.IncorrectOceanbasePassword"
    assert err.value.message == "Unauthorized: OceanBase password is incorrect"


def test_reads_the_demo_cluster(v1):
    info = v1.get_info()
    assert info.identity == "CLUSTER AGENT"
    tenants = {t.name for t in v1.get_all_tenants()}
    assert {"sys", "orders", "billing", "analytics"} <= tenants
    assert v1.get_tenant_parameter("billing", "enable_rebalance").value == "False"


def test_add_and_delete_a_replica(v1):
    dag = v1.add_tenant_replica_sync("orders", [ZoneParam("zone3", "unit_4c16g", 1, "full")])
    assert (dag.state, dag.operator, dag.name) == ("SUCCEED", "RUN", "Scale out tenant replicas")
    assert [n.name for n in dag.nodes] == ["Create and attach resource pools", "Alter tenant locality"]
    assert locality(v1, "orders") == "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3"
    assert any(p.zone_list == "zone3" for p in v1.get_tenant_info("orders").pools)
    dag = v1.delete_tenant_replica_sync("orders", ["zone3"])
    assert [n.name for n in dag.nodes] == ["Alter tenant locality", "Drop resource pools"]
    assert locality(v1, "orders") == "FULL{1}@zone1, FULL{1}@zone2"


def test_delete_without_replica_is_no_content(v1):
    assert v1.delete_tenant_replica_sync("orders", ["zone3"]) is None


def test_refusals_carry_the_agent_codes(v1):
    with pytest.raises(OBShellHandleError) as err:
        v1.add_tenant_replica("billing", [ZoneParam("zone1", "unit_2c8g", 2)])
    assert err.value.err_code == "OB.Tenant.ZoneAlreadyHasReplica"
    with pytest.raises(OBShellHandleError) as err:
        v1.delete_tenant_replica("orders", ["zone2"])
    assert err.value.err_code == "OB.Tenant.Locality.PrincipalNotAllowed"
    with pytest.raises(OBShellHandleError) as err:
        v1.modify_tenant_replica("billing", [ModifyReplicaParam(z, unit_num=1) for z in ("zone1", "zone2", "zone3")])
    assert err.value.err_code == "OB.Tenant.RebalanceDisabled"


def test_modify_replica_type(v1):
    v1.add_tenant_replica_sync("orders", [ZoneParam("zone3", "unit_4c16g", 1, "READONLY")])
    dag = v1.modify_tenant_replica_sync("orders", [ModifyReplicaParam("zone3", replica_type="FULL")])
    assert (dag.name, dag.state) == ("Modify tenant replicas", "SUCCEED")
    assert locality(v1, "orders") == "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3"
    v1.modify_tenant_replica_sync("orders", [ModifyReplicaParam("zone3", replica_type="READONLY")])
    assert locality(v1, "orders") == "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3"
    # Nothing changes: the agent answers 204 and the SDK returns None.
    assert v1.modify_tenant_replica_sync("orders", [ModifyReplicaParam("zone3", replica_type="READONLY")]) is None
    with pytest.raises(OBShellHandleError) as err:
        v1.modify_tenant_replica("orders", [ModifyReplicaParam("zone2", replica_type="READONLY")])
    assert err.value.err_code == "OB.Tenant.Locality.PrincipalNotAllowed"
    v1.delete_tenant_replica_sync("orders", ["zone3"])


def test_unit_config_create_get_drop(v1):
    assert v1.create_resource_unit_config("sdk_unit", "4G", 2, log_disk_size="12G") is True
    config = v1.get_resource_unit_config("sdk_unit")
    assert (config.max_cpu, config.memory_size, config.log_disk_size) == (2, 4 << 30, 12 << 30)
    with pytest.raises(OBShellHandleError) as err:
        v1.create_resource_unit_config("sdk_unit", "4G", 2)
    assert err.value.err_code == "OB.Resource.UnitConfig.Existed"
    with pytest.raises(OBShellHandleError) as err:
        v1.create_resource_unit_config("bad_unit", "4 GB", 2)
    assert err.value.err_code == "Common.IllegalArgument"
    assert v1.drop_resource_unit_config("sdk_unit") is True
    assert "sdk_unit" not in {u.name for u in v1.get_all_resource_unit_configs()}


def test_get_dag_node_and_sub_task(v1):
    dag = v1.add_tenant_replica_sync("orders", [ZoneParam("zone3", "unit_4c16g", 1)])
    again = v1.get_dag(dag.generic_id)
    node = v1.get_node(again.nodes[1].generic_id)
    task = v1.get_sub_task(node.sub_tasks[0].generic_id)
    assert task.execute_times == 1 and task.execute_agent == "10.0.1.1:2886"
    assert any(line.startswith("Alter tenant locality to ") for line in task.task_logs)
    v1.delete_tenant_replica_sync("orders", ["zone3"])


def test_injected_failure_then_retry(agent, v1):
    agent.admin("/fail-node", {"node": "Alter tenant locality"})
    dag = v1.add_tenant_replica("orders", [ZoneParam("zone3", "unit_4c16g", 1)])
    with pytest.raises(TaskExecuteFailedError) as err:
        v1.wait_dag_succeed(dag.generic_id)
    assert "ERROR: [Common.Unexpected]" in err.value.message
    assert v1.operate_dag_sync(dag.generic_id, "RETRY") is True
    node = v1.get_dag(dag.generic_id).nodes[1]
    assert node.operator == "RETRY" and node.sub_tasks[0].execute_times == 3
    v1.delete_tenant_replica_sync("orders", ["zone3"])


def test_injected_failure_then_rollback(agent, v1):
    agent.admin("/fail-node", {"node": "Alter tenant locality"})
    dag = v1.add_tenant_replica("orders", [ZoneParam("zone3", "unit_4c16g", 1)])
    with pytest.raises(TaskExecuteFailedError):
        v1.wait_dag_succeed(dag.generic_id)
    assert v1.operate_dag_sync(dag.generic_id, "ROLLBACK") is True
    assert locality(v1, "orders") == "FULL{1}@zone1, FULL{1}@zone2"
    assert not any(p.zone_list == "zone3" for p in v1.get_tenant_info("orders").pools)


def test_injected_failure_then_pass(agent, v1):
    agent.admin("/fail-node", {"node": "Drop resource pools"})
    v1.add_tenant_replica_sync("orders", [ZoneParam("zone3", "unit_4c16g", 1)])
    dag = v1.delete_tenant_replica("orders", ["zone3"])
    with pytest.raises(TaskExecuteFailedError):
        v1.wait_dag_succeed(dag.generic_id)
    # operate_dag_sync(…, "PASS") trips over a missing `is_pass` in SDK 0.0.9, so wait by hand.
    v1.operate_dag(dag.generic_id, "PASS")
    passed = v1.wait_dag_succeed(dag.generic_id)
    assert (passed.state, passed.operator) == ("SUCCEED", "PASS")
    assert passed.nodes[-1].operator == "PASS"
    # The pool of the passed step stays behind, so the agent refuses a new replica there.
    with pytest.raises(OBShellHandleError) as err:
        v1.add_tenant_replica("orders", [ZoneParam("zone3", "unit_4c16g", 1)])
    assert err.value.err_code == "OB.Tenant.HasPoolOnZone"


def test_operating_a_finished_dag_is_refused(v1):
    dag = v1.modify_tenant_replica_sync("billing", [ModifyReplicaParam("zone1", unit_config_name="unit_4c16g")])
    assert [n.name for n in dag.nodes] == ["Alter resource pool unit config"]
    with pytest.raises(OBShellHandleError) as err:
        v1.operate_dag(dag.generic_id, "RETRY")
    assert err.value.err_code == "Task.Dag.Operator.RetryNotFailedDag"
    assert err.value.message == "Failed to set DAG retry: DAG state is not failed"


def test_scale_out_to_a_new_zone(v1):
    dag = v1.scale_out_sync("10.0.4.1", 2886, "zone4", {"rpc_port": "2882", "mysql_port": "2881"})
    assert (dag.name, dag.max_stage, dag.state) == ("Cluster scale out", 11, "SUCCEED")
    servers = {a.ip for a in v1.get_ob_info().agents}
    assert "10.0.4.1" in servers
    with pytest.raises(OBShellHandleError) as err:
        v1.scale_out("10.0.9.9", 2886, "zone4", {})
    assert err.value.err_code == "Agent.OB.Version.Inconsistent"


def test_request_after_key_rotation(agent):
    v1 = agent.client().v1
    before = v1.get_ob_info()
    agent.admin("/rotate-key", {"bits": 1024})
    # The SDK meets Header.DecryptFailed (code 1), fetches the new key and sends again.
    after = v1.get_ob_info()
    assert len(after.agents) == len(before.agents)
