#!/usr/bin/env bash
# compress-apply-policy at scale (issue 4, "Scale"; bench/README.md).
#
#   bench/apply-policy-scale.sh [--layers 64] [--rows 4096] [--cols 4096]
#       [--layout transposed|plain] [--reps 1] [--dir DIR] [--keep]
#       [--build DIR] [--perf]
#
# Builds compress-opt and compress-bench-make-model, checks int4-g128 on a
# small model against an independent decoder, writes a synthetic model of
# LAYERS dense_resource f32 weights of ROWS x COLS as bytecode, runs
#   compress-opt model.mlirbc --compress-apply-policy="policy=P report=R"
#       --emit-bytecode -o out.mlirbc --mlir-timing
# under /usr/bin/time -v REPS times (sampling RssAnon/RssFile from /proc),
# checks the report, prints a table and writes
# bench/results/apply-policy-scale-<L>x<R>x<C>-<date>.json. The model is
# deleted at the end unless --keep. --perf also records a perf profile of the
# last repetition and prints its top symbols.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
layers=64 rows=4096 cols=4096 layout=transposed reps=1 dir="" keep=0 perf=0
build="$root/build"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --layers) layers="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --cols) cols="$2"; shift 2 ;;
    --layout) layout="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --perf) perf=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [[ ! -x /usr/bin/time ]]; then
  echo "/usr/bin/time is missing: apt-get install time" >&2
  exit 1
fi
ninja -C "$build" compress-opt compress-bench-make-model >/dev/null
opt="$build/bin/compress-opt"
make="$build/bin/compress-bench-make-model"
check="python3 $root/bench/scale_check.py"

created_dir=0
if [[ -z "$dir" ]]; then
  dir="$(mktemp -d /tmp/compress-scale.XXXXXX)"
  created_dir=1
fi
mkdir -p "$dir"
model="$dir/model.mlirbc" out="$dir/out.mlirbc"
cleanup() {
  rm -f "$model" "$out"
  if [[ $keep == 0 && $created_dir == 1 ]]; then rm -rf "$dir"; fi
}
if [[ $keep == 0 ]]; then trap cleanup EXIT; fi

dense_bytes=$((layers * rows * cols * 4))
need=$((dense_bytes * 5 / 4 + (1 << 30)))
avail=$(($(df --output=avail -B1 "$dir" | tail -1)))
if ((avail < need)); then
  echo "not enough space in $dir: $avail bytes, need $need" >&2
  exit 1
fi

policy="$dir/policy.yaml"
cat >"$policy" <<'EOF'
version: 1
rules:
  - match: "*"
    encoding: int4-g128
EOF

# 1. Correctness first: a small model, decoded independently of the pass.
"$make" --layers 2 --rows 256 --cols 256 --text -o "$dir/small.mlir" 2>/dev/null
/usr/bin/time -f %M -o "$dir/small.time" "$opt" "$dir/small.mlir" \
  --compress-apply-policy="policy=$policy report=$dir/small.json" \
  -o "$dir/small.out.mlir"
# The RSS of the tool itself (libMLIR, registrations), for scale.
baseline_rss_bytes=$(($(tail -1 "$dir/small.time") * 1024))
$check small "$dir/small.mlir" "$dir/small.out.mlir" "$dir/small.json"

# 2. The model.
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
"$make" --layers "$layers" --rows "$rows" --cols "$cols" --layout "$layout" \
  -o "$model" 2>"$dir/make.log"
t1=$(date +%s.%N)
cat "$dir/make.log"
generate_s=$(awk -v a="$t1" -v b="$t0" 'BEGIN{printf "%.3f", a - b}')

# 3. The runs. RssAnon and RssFile are sampled every 0.2 s from /proc (the
# peak RSS itself comes from /usr/bin/time: the kernel's high-water mark).
sample_rss() { # pid -> "maxAnonKiB maxFileKiB"
  local pid=$1 anon=0 file=0 a f
  while kill -0 "$pid" 2>/dev/null; do
    read -r a f < <(awk '/^RssAnon/{a=$2} /^RssFile/{f=$2} END{print a+0, f+0}' \
      "/proc/$pid/status" 2>/dev/null || echo "0 0")
    ((a > anon)) && anon=$a
    ((f > file)) && file=$f
    sleep 0.2
  done
  echo "$anon $file"
}
run_args=()
for ((k = 1; k <= reps; k++)); do
  rm -f "$out"
  prefix=()
  if [[ $perf == 1 && $k == "$reps" ]]; then
    prefix=(perf record -F 499 -g -o "$dir/perf.data" --)
  fi
  /usr/bin/time -v -o "$dir/time.$k.txt" "${prefix[@]}" "$opt" "$model" \
    --compress-apply-policy="policy=$policy report=$dir/report.json" \
    --emit-bytecode -o "$out" --mlir-timing 2>"$dir/run.$k.log" &
  timepid=$!
  child=""
  for _ in $(seq 50); do
    child="$(pgrep -n -f "^$opt $model" || true)"
    [[ -n $child ]] && break
    sleep 0.1
  done
  rss="0 0"
  [[ -n $child ]] && rss="$(sample_rss "$child")"
  if ! wait "$timepid"; then
    cat "$dir/run.$k.log" >&2
    echo "compress-opt failed" >&2
    exit 1
  fi
  grep -A8 "Execution time report" "$dir/run.$k.log" | grep -E "Total|Parser|Pass|Output"
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$dir/time.$k.txt")
  peak_kib=$(awk -F': ' '/Maximum resident set size/{print $2}' "$dir/time.$k.txt")
  cpu=$(awk -F': ' '/Percent of CPU/{gsub("%","",$2); print $2}' "$dir/time.$k.txt")
  user=$(awk -F': ' '/User time/{print $2}' "$dir/time.$k.txt")
  sys=$(awk -F': ' '/System time/{print $2}' "$dir/time.$k.txt")
  pass_s=$(awk '/CompressApplyPolicyPass/{print $1; exit}' "$dir/run.$k.log")
  output_s=$(awk '$NF=="Output"{print $1; exit}' "$dir/run.$k.log")
  total_s=$(awk '/Total Execution Time/{print $4; exit}' "$dir/run.$k.log")
  read -r anon_kib file_kib <<<"$rss"
  run_args+=(
    "run.$k.wall_s=$elapsed" "run.$k.pass_s=$pass_s" "run.$k.output_s=$output_s"
    "run.$k.timed_total_s=$total_s"
    "run.$k.outside_timers_s=$(awk -v a="$elapsed" -v b="$total_s" 'BEGIN{printf "%.3f", a - b}')"
    "run.$k.peak_rss_bytes=$((peak_kib * 1024))"
    "run.$k.peak_anon_bytes=$((anon_kib * 1024))"
    "run.$k.peak_file_bytes=$((file_kib * 1024))"
    "run.$k.cpu_percent=$cpu" "run.$k.user_s=$user" "run.$k.sys_s=$sys"
    "run.$k.load_before=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  )
done

# 4. The report of the last run, and the output file.
$check report "$dir/report.json" "$layers" "$rows" "$cols"
out_bytes=$(stat -c %s "$out")
if [[ $perf == 1 ]]; then
  perf report -i "$dir/perf.data" --no-children --stdio --sort symbol 2>/dev/null |
    grep -E '^ +[0-9]' | head -12 | cut -c1-160
fi

mkdir -p "$root/bench/results"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
result="$root/bench/results/apply-policy-scale-${layers}x${rows}x${cols}-${stamp}.json"
report_check="$(cat "$dir/report.json.check")"
$check summary \
  "date=\"$stamp\"" "layers=$layers" "rows=$rows" "cols=$cols" \
  "layout=\"$layout\"" "elements=$((layers * rows * cols))" \
  "dense_bytes=$dense_bytes" "baseline_rss_bytes=$baseline_rss_bytes" \
  "bytes_compressed=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['bytes_compressed'])" "$dir/report.json.check")" \
  "output_file_bytes=$out_bytes" "generate_s=$generate_s" \
  "generate_log=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$(cat "$dir/make.log")")" \
  "report_check=$report_check" \
  "policy=\"int4-g128\"" "nproc=$(nproc)" \
  "cpu=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$(lscpu | sed -n 's/^Model name: *//p' | head -1)")" \
  "load_at_start=\"$load_at_start\"" \
  "${run_args[@]}" "$result"
