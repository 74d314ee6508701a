#!/usr/bin/env bash
# A sweep of the shipped retail day on a Slurm cluster: 4 shards as a job array, then a merge job
# that starts only when every shard succeeded. Submit from the project folder (or wherever
# scenarios/ is, on a filesystem every node sees):
#
#   sbatch examples/cluster/slurm-sweep.sh
#
# This script is the submitter: it runs on one node for a second, submits the array and the
# dependent merge, and exits. Results land in results/ (sweep.txt, sweep.json, sweep.csv, charts/).
#SBATCH --job-name=ccsim-submit
#SBATCH --ntasks=1
#SBATCH --time=00:05:00
set -euo pipefail

CCSIM=${CCSIM:-ccsim}          # the ccsim binary, on every node's PATH (or an absolute path)
SHARDS=4
SWEEP=(sweep scenarios/retail-day.toml --vary staffing.agents.5=30..36:2 --set replications=1000)
mkdir -p parts results

# Each array task runs its shard; Slurm sets SLURM_ARRAY_TASK_ID, which `--shard auto/N` reads.
array=$(sbatch --parsable --job-name=ccsim-shard --array=0-$((SHARDS - 1)) \
    --ntasks=1 --cpus-per-task=8 --time=01:00:00 --output=parts/shard-%a.log \
    --wrap="$CCSIM ${SWEEP[*]} --quiet --threads 8 --shard auto/$SHARDS \
            --partial parts/part-\${SLURM_ARRAY_TASK_ID}.json")
array=${array%%;*}

# afterok: the merge runs only when every task of the array ended with exit code 0.
sbatch --parsable --job-name=ccsim-merge --dependency="afterok:$array" \
    --ntasks=1 --time=00:10:00 --output=results/merge.log \
    --wrap="$CCSIM merge parts/part-*.json --out results > results/sweep.txt"
echo "submitted shards $array and their merge"
