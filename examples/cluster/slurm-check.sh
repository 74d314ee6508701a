#!/usr/bin/env bash
# A regression check of the shipped scenarios against the project's baselines on a Slurm
# cluster: 4 shards as a job array, then a merge job that prints the verdict, writes check.xml
# (JUnit) and ends with the check's exit code, so that the merge job FAILS on a regression.
# Submit from the project folder (or wherever scenarios/ and tests/baselines/ are, on a
# filesystem every node sees):
#
#   sbatch examples/cluster/slurm-check.sh
#
# The merge job's state says the outcome: COMPLETED (exit 0) when every scenario holds, FAILED
# with exit code 1 on a regression or a changed scenario, FAILED with 2 on bad input.
# `sacct -j <merge job> -o JobID,State,ExitCode` shows it; check/verdict.txt holds the table.
#SBATCH --job-name=ccsim-submit
#SBATCH --ntasks=1
#SBATCH --time=00:05:00
set -euo pipefail

CCSIM=${CCSIM:-ccsim}          # the ccsim binary, on every node's PATH (or an absolute path)
SHARDS=4
CHECK=(check scenarios --baseline tests/baselines)
mkdir -p check/parts

# Each array task runs its shard; Slurm sets SLURM_ARRAY_TASK_ID, which `--shard auto/N` reads.
array=$(sbatch --parsable --job-name=ccsim-check-shard --array=0-$((SHARDS - 1)) \
    --ntasks=1 --cpus-per-task=8 --time=01:00:00 --output=check/parts/shard-%a.log \
    --wrap="$CCSIM ${CHECK[*]} --quiet --threads 8 --shard auto/$SHARDS \
            --partial check/parts/part-\${SLURM_ARRAY_TASK_ID}.json")
array=${array%%;*}

# afterok: the merge runs only when every shard ended with exit code 0 (a shard only runs; the
# verdict, and its exit code, are the merge's).
sbatch --parsable --job-name=ccsim-check-merge --dependency="afterok:$array" \
    --ntasks=1 --time=00:10:00 --output=check/merge.log \
    --wrap="$CCSIM merge check/parts/part-*.json --junit check/check.xml > check/verdict.txt"
echo "submitted check shards $array and their merge"
