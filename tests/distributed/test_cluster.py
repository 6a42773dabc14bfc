"""ClusterSpec, replica_device_setter, task maps and partitioning: client-side, no Dask needed."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.distributed.cluster import ClusterDef, ClusterSpec, Task, TaskMap, replica_device_setter
from tfsess.distributed.partition import DistPlan, TaskPlacer
from tfsess.framework import errors


# ------------------------------------------------------------------ ClusterSpec
def test_cluster_spec_accessors_follow_tf():
    spec = ClusterSpec({"worker": ["w0:2222", "w1:2222", "w2:2222"], "ps": ["ps0:2222"]})
    assert spec.jobs == ["worker", "ps"]
    assert spec.num_tasks("worker") == 3 and spec.task_indices("ps") == [0]
    assert spec.task_address("worker", 1) == "w1:2222"
    assert spec.job_tasks("worker") == ["w0:2222", "w1:2222", "w2:2222"]
    assert spec.as_dict() == {"worker": ["w0:2222", "w1:2222", "w2:2222"], "ps": ["ps0:2222"]}
    assert repr(spec) == "ClusterSpec({'ps': ['ps0:2222'], 'worker': ['w0:2222', 'w1:2222', 'w2:2222']})"
    assert bool(spec) and not ClusterSpec({})
    with pytest.raises(ValueError, match="No such job in cluster: 'chief'"):
        spec.num_tasks("chief")
    with pytest.raises(ValueError, match="No task with index 7 in job 'worker'"):
        spec.task_address("worker", 7)


def test_sparse_jobs_and_cluster_def_round_trip():
    spec = ClusterSpec({"worker": {1: "w1:2222", 3: "w3:2222"}, "ps": ["ps0:2222"]})
    assert spec.as_dict()["worker"] == {1: "w1:2222", 3: "w3:2222"}
    assert spec.job_tasks("worker") == [None, "w1:2222", None, "w3:2222"]
    cluster_def = spec.as_cluster_def()
    assert isinstance(cluster_def, ClusterDef)
    assert [job.name for job in cluster_def.job] == ["ps", "worker"]  # sorted, as TF's proto
    assert dict(cluster_def.job[1].tasks) == {1: "w1:2222", 3: "w3:2222"}
    assert ClusterSpec(cluster_def) == spec and ClusterSpec(spec) == spec
    assert spec == {"worker": {1: "w1:2222", 3: "w3:2222"}, "ps": ["ps0:2222"]}
    assert spec != ClusterSpec({"ps": ["ps0:2222"]})


def test_task_counts_and_bad_specs():
    spec = ClusterSpec({"ps": 1, "worker": 2})
    assert spec.num_tasks("worker") == 2 and spec.task_address("ps", 0) is None
    assert spec.tasks() == [("ps", 0), ("worker", 0), ("worker", 1)]
    assert ClusterSpec(spec.as_cluster_def()) == spec  # count tasks travel as empty addresses
    with pytest.raises(TypeError, match="must be a list or a dictionary"):
        ClusterSpec({"ps": "ps0:2222"})
    with pytest.raises(TypeError, match="must be a dictionary mapping"):
        ClusterSpec(["ps0:2222"])
    with pytest.raises(TypeError, match="Task address 5 must be bytes or unicode"):
        ClusterSpec({"ps": [5]})


def test_tf_train_exports_when_wired():
    if not hasattr(tf.train, "ClusterSpec"):
        pytest.skip("tf.train does not export ClusterSpec yet")
    assert tf.train.ClusterSpec is ClusterSpec and tf.train.replica_device_setter is replica_device_setter


# ------------------------------------------------------------------ replica_device_setter
def test_replica_device_setter_puts_variables_round_robin_on_ps_tasks():
    g = tf.Graph()
    with g.as_default(), tf.device(replica_device_setter(cluster={"ps": ["a:1", "b:1"], "worker": ["c:1"]})):
        v1 = tf.Variable(1.0, name="v1")
        v2 = tf.Variable(2.0, name="v2")
        v3 = tf.Variable(3.0, name="v3")
        y = v1 + v2
    assert [v.op.device for v in (v1, v2, v3)] == ["/job:ps/task:0", "/job:ps/task:1", "/job:ps/task:0"]
    assert y.op.device == "/job:worker"
    assert v1.initializer.device == "/job:ps/task:0"  # colocated with its variable


def test_replica_device_setter_merges_the_ops_own_fields():
    g = tf.Graph()
    setter = replica_device_setter(ps_tasks=3, worker_device="/job:worker/task:1")
    with g.as_default(), tf.device(setter):
        with tf.device("/device:GPU:0"):
            a = tf.constant(1.0, name="a")
        v = tf.Variable(1.0, name="v")
    assert a.op.device == "/job:worker/task:1/device:GPU:0"
    assert v.op.device == "/job:ps/task:0"
    fn = replica_device_setter(ps_tasks=1)

    class FakeOp:
        type, device = "VariableV2", "/job:worker/task:2"
    assert fn(FakeOp()) == "/job:worker/task:2"  # a job of its own keeps ps's task choice away


def test_replica_device_setter_none_and_errors():
    assert replica_device_setter() is None
    assert replica_device_setter(cluster={"worker": ["w:1"]}) is None
    with pytest.raises(TypeError, match="ps_strategy must be callable"):
        replica_device_setter(ps_tasks=1, ps_strategy=3)
    calls = []
    fn = replica_device_setter(ps_tasks=2, ps_ops=["Const"], ps_strategy=lambda op: calls.append(op) or 1)
    g = tf.Graph()
    with g.as_default(), tf.device(fn):
        c = tf.constant(1.0)
    assert c.op.device == "/job:ps/task:1" and calls == [c.op]


# ------------------------------------------------------------------ task maps
WORKERS = {"tcp://127.0.0.1:4001": {"name": 2}, "tcp://127.0.0.1:4002": {"name": 0},
           "tcp://127.0.0.1:4003": {"name": 1}}


def test_task_counts_map_onto_workers_sorted_by_name():
    tm = TaskMap(ClusterSpec({"worker": 2, "ps": 1}))
    tm.bind(WORKERS)
    assert tm.resolve(Task("ps", 0), WORKERS) == "tcp://127.0.0.1:4002"
    assert tm.resolve(Task("worker", 0), WORKERS) == "tcp://127.0.0.1:4003"
    assert tm.resolve(Task("worker", 1), WORKERS) == "tcp://127.0.0.1:4001"
    assert tm.default_task == Task("worker", 0)
    moved = {"tcp://127.0.0.1:5555": {"name": 0}, **{k: v for k, v in WORKERS.items() if v["name"] != 0}}
    assert tm.resolve(Task("ps", 0), moved) == "tcp://127.0.0.1:5555"  # a restarted worker keeps its tasks


def test_task_addresses_match_worker_addresses_or_names():
    tm = TaskMap(ClusterSpec({"ps": ["localhost:4001"], "worker": ["1"]}))
    tm.bind(WORKERS)
    assert tm.resolve(Task("ps", 0), WORKERS) == "tcp://127.0.0.1:4001"
    assert tm.resolve(Task("worker", 0), WORKERS) == "tcp://127.0.0.1:4003"
    gone = {k: v for k, v in WORKERS.items() if k != "tcp://127.0.0.1:4001"}
    assert tm.resolve(Task("ps", 0), gone) is None


def test_default_cluster_is_one_worker_job():
    tm = TaskMap(None)
    tm.bind(WORKERS)
    assert tm.cluster.as_dict() == {"worker": [None, None, None]}
    assert tm.resolve(Task("worker", 2), WORKERS) == "tcp://127.0.0.1:4001"


# ------------------------------------------------------------------ placement and partitions
def _placer(spec, soft=False):
    tm = TaskMap(ClusterSpec(spec))
    tm.bind(WORKERS)
    return TaskPlacer(tm, soft)


def _ps_worker_graph():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            w = tf.Variable(np.ones((2, 2), np.float32), name="w")
        with tf.device("/job:worker/task:0"):
            x = tf.placeholder(tf.float32, [None, 2], name="x")
            loss = tf.reduce_sum(tf.matmul(x, w))
            grad = tf.gradients(loss, w)[0]
        with tf.device("/job:worker/task:1"):
            scaled = grad * 0.1
        train = tf.assign_sub(w, scaled)  # colocated with w (a ref input)
    return g, x, loss, train, w


def test_placement_follows_device_specs_and_colocation():
    g, x, loss, train, w = _ps_worker_graph()
    placer = _placer({"ps": 1, "worker": 2})
    plan = DistPlan([loss], [train.op], [x], placer, g)
    assert {r["op"]: r["assigned_device"] for r in placer.placement_info()}["AssignSub"] == \
        "/job:ps/replica:0/task:0"
    tasks = [(str(gr.task), gr.stage) for gr in plan.groups]
    # ps reads w, worker 0 computes, worker 1 scales, ps applies: the cycle ps -> worker -> ps is staged
    assert tasks == [("/job:ps/task:0", 0), ("/job:worker/task:0", 1), ("/job:worker/task:1", 2),
                     ("/job:ps/task:0", 3)]
    ps_last = plan.groups[-1]
    assert [n.type for n in ps_last.nodes] == ["VariableV2", "AssignSub"]  # the handle is looked up again
    assert plan.groups[0].dests == [["w/read:0"]]
    assert plan.fetch_from == [(1, 0)] and plan.variables == {Task("ps", 0): {"w"}}


def test_unknown_jobs_fail_or_soft_place():
    g = tf.Graph()
    with g.as_default(), tf.device("/job:nope/task:3"):
        c = tf.constant(1.0, name="c") + 1.0
    with pytest.raises(errors.InvalidArgumentError, match="Cannot assign a device for operation"):
        DistPlan([c], [], [], _placer({"worker": 1}), g)
    plan = DistPlan([c], [], [], _placer({"worker": 1}, soft=True), g)
    assert [str(gr.task) for gr in plan.groups] == ["/job:worker/task:0"]


def test_conflicting_colocation_is_an_error():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            v = tf.Variable(1.0, name="v")
        a = tf.assign(v, 2.0)  # colocated with v, as in TF
        a.op._set_device("/job:worker/task:0")  # an explicit device that contradicts the colocation
    with pytest.raises(errors.InvalidArgumentError, match="colocat"):
        DistPlan([a], [], [], _placer({"ps": 1, "worker": 1}), g)
