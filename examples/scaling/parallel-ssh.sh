#!/bin/bash
# GNU parallel over ssh: one URL list in N shards on the machines of a login file.
#
#   examples/scaling/parallel-ssh.sh hosts.txt 8 urls.txt results/
#
# hosts.txt lists one ssh login per line (GNU parallel's --sshloginfile; ":" is
# this machine). Each job copies urls.txt to its machine, fetches shard K of N
# into shard-K.jsonl there (--resume: a job run again continues), brings the file
# back into RESULTS_DIR and cleans up. Afterwards:
#
#   cofetch summarize results/shard-*.jsonl
#
# cofetch must be on the remote machines' PATH.
set -euo pipefail

logins=${1:?usage: parallel-ssh.sh LOGIN_FILE SHARDS URLS RESULTS_DIR [cofetch options...]}
shards=${2:?usage: parallel-ssh.sh LOGIN_FILE SHARDS URLS RESULTS_DIR [cofetch options...]}
urls=${3:?usage: parallel-ssh.sh LOGIN_FILE SHARDS URLS RESULTS_DIR [cofetch options...]}
results=${4:?usage: parallel-ssh.sh LOGIN_FILE SHARDS URLS RESULTS_DIR [cofetch options...]}
shift 4

mkdir -p "$results"
# --basefile sends the list once per machine; --return brings each shard's
# results back (relative to the working directory, hence the cd).
name=$(basename "$urls")
cp -f "$urls" "$results/$name.sharded"
cd "$results"
parallel --will-cite --quote --sshloginfile "$logins" --jobs 1 --halt soon,fail=1 \
  --basefile "$name.sharded" --return "shard-{}.jsonl" --cleanup \
  "${COFETCH:-cofetch}" --shard "{}/$shards" -i "$name.sharded" -o "shard-{}.jsonl" --resume \
  --progress never --summary none "$@" ::: $(seq 1 "$shards")
rm -f "$name.sharded"
