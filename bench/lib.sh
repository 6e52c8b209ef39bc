# Helpers shared by the load scripts (sourced by bench/run.sh and bench/api.sh).

# wrk output -> "rps p50_ms p99_ms"
parse() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return float("nan")
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
print(f"{float(rps.group(1)) if rps else 0:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {non2xx.group(1) if non2xx else 0}")
PY
}

# The run with the median requests/s among wrk outputs "$@" -> its parse line.
median() {
  local f
  for f in "$@"; do parse "$f"; done | sort -n -k1,1 | sed -n "$(( ($# + 1) / 2 ))p"
}

