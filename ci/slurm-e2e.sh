#!/usr/bin/env bash
# End-to-end test of sharded runs on a real Slurm: a single-node slurmctld + slurmd (and munged)
# started here, a 4-task `sbatch --array` of `ccsim run --shard auto/4`, a merge job that depends
# on the array, and a byte-for-byte comparison with the same run on one machine.
#
# Installs slurm-wlm and munge with apt-get when they are missing (needs root, as do the daemons).
# Everything it starts runs from a private directory with its own ports, socket and state, and
# the cleanup stops exactly the processes it started (by their PIDs). If the daemons cannot start
# the script says why and fails: it never skips.
#
#   ci/slurm-e2e.sh            builds ccsim (test profile) and runs the test
#   CCSIM=/path/ccsim ci/slurm-e2e.sh
#   KEEP_WORK=1 ci/slurm-e2e.sh   keeps the private directory (logs, parts) for inspection
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

started_at=$SECONDS
fail() {
    echo "slurm-e2e: FAILED: $*" >&2
    exit 1
}
note() { echo "slurm-e2e: $*" >&2; }

# --- Slurm and munge ------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || fail "must run as root (it installs packages and starts slurmctld, slurmd and munged)"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
    || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    note "installing slurm-wlm and munge with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -qq || fail "apt-get update failed or took over 10 minutes"
    timeout 900 apt-get install -y -qq slurm-wlm munge >/dev/null \
        || fail "apt-get install slurm-wlm munge failed or took over 15 minutes"
fi
for tool in slurmctld slurmd sbatch squeue sinfo scontrol munged munge; do
    command -v "$tool" >/dev/null || fail "$tool is missing after installing slurm-wlm and munge"
done

# --- ccsim ----------------------------------------------------------------------------------
if [ -z "${CCSIM:-}" ]; then
    cargo build --locked --quiet --profile test --bin ccsim || fail "cannot build ccsim"
    CCSIM="${CARGO_TARGET_DIR:-$repo/target}/debug/ccsim"
fi
[ -x "$CCSIM" ] || fail "no ccsim binary at $CCSIM"
CCSIM=$(realpath "$CCSIM")

# --- A private cluster of one node ----------------------------------------------------------
work=$(mktemp -d /tmp/ccsim-slurm-e2e.XXXXXX)
chmod 700 "$work"
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        for log in munged.log slurmctld.log slurmd.log shard-0.log merge.log; do
            if [ -s "$work/$log" ]; then
                echo "----- last lines of $log -----" >&2
                tail -n 25 "$work/$log" >&2
            fi
        done
    fi
    if [ -n "${KEEP_WORK:-}" ]; then
        echo "slurm-e2e: kept $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free TCP port for each daemon, so that a Slurm already on the machine is left alone.
free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# Bounded wait: `wait_for SECONDS DESCRIPTION COMMAND...` polls COMMAND every half second.
wait_for() {
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || fail "$what: not within $limit s"
        sleep 0.5
    done
}

mkdir -p "$work/state" "$work/spool" "$work/parts" "$work/out"
: >"$work/plugstack.conf"
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge.key"
munged --foreground --force --socket="$work/munge.socket" --key-file="$work/munge.key" \
    --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munged.seed" \
    2>>"$work/munged.log" &
pids+=($!)
wait_for 20 "munged did not open its socket $work/munge.socket" test -S "$work/munge.socket"
munge --socket="$work/munge.socket" -n >/dev/null 2>&1 \
    || fail "munged runs but cannot encode a credential (see munged.log below)"

node=$(hostname -s)
cpus=$(nproc)
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=ccsim-e2e
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=600
PlugStackConfig=$work/plugstack.conf
MailProg=/bin/true
NodeName=$node CPUs=$cpus State=UNKNOWN
PartitionName=e2e Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D -i -f "$SLURM_CONF" 2>"$work/slurmctld.stderr" &
pids+=($!)
wait_for 30 "slurmctld did not answer (scontrol ping)" scontrol ping
slurmd -D -f "$SLURM_CONF" -N "$node" 2>"$work/slurmd.stderr" &
pids+=($!)
node_ready() {
    local state
    state=$(sinfo --noheader --nodes="$node" --format=%T 2>/dev/null) || return 1
    case "$state" in
        idle* | mixed* | allocated*) return 0 ;;
        down* | drain*) scontrol update nodename="$node" state=resume >/dev/null 2>&1; return 1 ;;
        *) return 1 ;;
    esac
}
wait_for 60 "the node $node did not become idle in Slurm" node_ready
note "single-node Slurm up after $((SECONDS - started_at)) s (node $node, $cpus CPUs)"

# --- The test: 4 shards as an array, a dependent merge, and the same run on one machine -----
run_args=(run scenarios/retail-day.toml --replications 40 --seed 2026 --quiet)
array=$(sbatch --parsable --job-name=ccsim-shards --array=0-3 --chdir="$repo" \
    --output="$work/shard-%a.log" --ntasks=1 --cpus-per-task=1 \
    --wrap="exec '$CCSIM' ${run_args[*]} --threads 1 --shard auto/4 --partial \"$work/parts/part-\${SLURM_ARRAY_TASK_ID}.json\"") \
    || fail "sbatch refused the array of shards"
array=${array%%;*}
merge=$(sbatch --parsable --job-name=ccsim-merge --dependency="afterok:$array" --chdir="$repo" \
    --output="$work/merge.log" --ntasks=1 \
    --wrap="'$CCSIM' merge '$work'/parts/part-*.json --format json --out '$work/out/merged' >'$work/merged.json'; echo \$? >'$work/merge.rc'") \
    || fail "sbatch refused the merge job"
merge=${merge%%;*}
note "submitted array $array (4 shards) and merge $merge (afterok:$array)"

"$CCSIM" "${run_args[@]}" --format json --out "$work/out/local" >"$work/local.json" \
    || fail "the local run failed"

finished() {
    local state
    state=$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1)
    case "$state" in
        JobState=COMPLETED | JobState=FAILED | JobState=CANCELLED | JobState=TIMEOUT \
            | JobState=NODE_FAIL | JobState=OUT_OF_MEMORY) return 0 ;;
        *) return 1 ;;
    esac
}
wait_for 240 "the merge job $merge did not finish (squeue: $(squeue --noheader 2>&1 | tr '\n' ' '))" finished
for task in 0 1 2 3; do
    [ -s "$work/parts/part-$task.json" ] \
        || fail "shard $task wrote no part: $(cat "$work/shard-$task.log" 2>/dev/null)"
done
[ "$(cat "$work/merge.rc" 2>/dev/null)" = 0 ] \
    || fail "ccsim merge failed: $(cat "$work/merge.log" 2>/dev/null)"
cmp "$work/local.json" "$work/merged.json" \
    || fail "the merged report differs from the run on one machine"
diff -r "$work/out/local" "$work/out/merged" >/dev/null \
    || fail "the merged --out files differ from the run on one machine"
note "PASSED: 4 shards on Slurm merged byte for byte into the local report ($((SECONDS - started_at)) s)"
