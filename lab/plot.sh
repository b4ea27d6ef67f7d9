#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# PNG plots of the lab's time series (gnuplot from Debian's gnuplot-nox, installed when missing).
#
#   lab/plot.sh lag SAMPLES WRITER_LOG OUT.png        replication lag and write latency over time
#                                                     (make bench, part lag)
#   lab/plot.sh crash WRITER_LOG KILLED_AT OUT.png    write latency and failed writes around the
#                                                     primary's kill (make drills, drill crash)
# SAMPLES: "EPOCH LAG_SECONDS" lines; WRITER_LOG: lab/drills/writer.py's log ("N STATUS EPOCH ID LATENCY").
set -euo pipefail
"$(dirname "$0")/../tools/ensure-debian-package.sh" gnuplot gnuplot-nox
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

case "${1:-}" in
  lag)
    samples=$2 writer=$3 out=$4
    start=$(sort -n "$samples" | awk 'NF == 2 {print $1; exit}')
    awk -v t0="$start" 'NF == 2 {print $1 - t0, $2}' "$samples" >"$WORK/lag"
    awk -v t0="$start" 'NF >= 5 && $2 == 201 {print $3 - t0, $5 * 1000}' "$writer" >"$WORK/latency"
    gnuplot <<GP
set terminal pngcairo size 900,600 font ",10"
set output "$out"
set multiplot layout 2,1 title "Replication lag under a write load (make bench, part lag)"
set grid
set ylabel "lag of lab-db2 (s)"
plot "$WORK/lag" using 1:2 with linespoints pt 7 ps 0.5 title "heartbeat age on the replica"
set xlabel "seconds since the first sample"
set ylabel "write latency (ms)"
set logscale y
plot "$WORK/latency" using 1:2 with points pt 7 ps 0.2 title "acknowledged POST /api/messages through HAProxy"
unset multiplot
GP
    ;;
  crash)
    writer=$2 killed=$3 out=$4
    awk -v t0="$killed" 'NF >= 5 && $2 == 201 {print $3 - t0, $5 * 1000}' "$writer" >"$WORK/ok"
    awk -v t0="$killed" 'NF >= 5 && $2 != 201 {print $3 - t0, $5 * 1000}' "$writer" >"$WORK/failed"
    [ -s "$WORK/failed" ] || echo "0 1" >"$WORK/failed"
    gnuplot <<GP
set terminal pngcairo size 900,450 font ",10"
set output "$out"
set title "Crash drill: writes through the site around docker kill of the primary (t = 0)"
set grid
set xlabel "seconds since the kill"
set ylabel "latency (ms)"
set logscale y
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb "red" dt 2
plot "$WORK/ok" using 1:2 with points pt 7 ps 0.3 lc rgb "#1f77b4" title "acknowledged (201)", \
     "$WORK/failed" using 1:2 with points pt 2 ps 0.6 lc rgb "#d62728" title "failed (503 or no answer)"
GP
    ;;
  *) echo "usage: lab/plot.sh lag SAMPLES WRITER_LOG OUT.png | crash WRITER_LOG KILLED_AT OUT.png" >&2; exit 2 ;;
esac
echo "$out"
