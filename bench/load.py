"""The report of ``bench/load.sh``: reads wrk's JSON line of each page (``wrk.lua``), prints
a table (requests/s, median and 99th-percentile latency, errors, ratio to the bare view)
and the figure lines with their verdict; exits with 1 when one missed its target.

Usage: python bench/load.py RESULTS_DIR (one NAME.json per page, NAMES below).
"""

import json
import sys
from pathlib import Path

import harness

# (name, address) of each page in the order measured: the bare view first and last, every
# ratio to the mean of its two runs (the machine's load may change meanwhile).
PAGES = [
    ("bare", "/bench/bare/"),
    ("public_home", "/"),
    ("public_help", "/help/CR/"),
    ("public_statistics", "/statistics/"),
    ("bare_again", "/bench/bare/"),
]
# The public home must serve at least half the bare view's requests per second (2 cores).
HOME_RATIO = 0.5


def read(path):
    for line in path.read_text().splitlines():
        if line.startswith("wrk-json "):
            result = json.loads(line.removeprefix("wrk-json "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            result["errors"] = result["not_2xx"] + result["socket_errors"]
            return result
    sys.exit(f"{path}: no wrk-json line (did wrk run with -s bench/wrk.lua?)")


def main():
    folder = Path(sys.argv[1])
    results = {name: read(folder / f"{name}.json") for name, _ in PAGES}
    bare = (results["bare"]["rps"] + results["bare_again"]["rps"]) / 2
    print(
        f"{'page':<20} {'address':<14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'ratio':>6}"
    )
    for name, address in PAGES:
        result = results[name]
        print(
            f"{name:<20} {address:<14} {result['rps']:>8.0f} {result['p50_us'] / 1000:>8.1f} "
            f"{result['p99_us'] / 1000:>8.1f} {result['errors']:>7} "
            f"{result['rps'] / bare:>6.2f}",
            flush=True,
        )
    home_ratio = results["public_home"]["rps"] / bare
    harness.figure("public_home_ratio", home_ratio, "ratio", ">=", HOME_RATIO, digits=2)
    for name, _ in PAGES:
        harness.figure(f"{name}_errors", results[name]["errors"], "errors", "==", 0, digits=0)


if __name__ == "__main__":
    harness.run(main)
