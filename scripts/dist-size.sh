#!/usr/bin/env bash
# Prints the gzip weight of the built page's wasm, js and css, and their total.
set -euo pipefail
dir=${1:-dist}
total=0
shopt -s nullglob
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '%-48s %9d B raw %8d B gzip\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-48s %27d B gzip (%d KB; budget 200 KB)\n' "total wasm+js+css" "$total" "$((total / 1024))"
