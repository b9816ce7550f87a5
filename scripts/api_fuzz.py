"""The client half of scripts/test-api-fuzz.sh: signs in each demo persona on a running
server (two-factor where the role requires it) and runs schemathesis against /api/schema/
with that persona's session, reads and writes alike (the CSRF token goes in its header).

Usage: api_fuzz.py BASE_URL DEMO_OUTPUT [PERSONA ...]
DEMO_OUTPUT is what `coalition load_demo` printed (the new users' passwords). Fails (exit 1)
on any 5xx, any response that does not match the schema or whose status the schema does
not declare, naming the personas whose run failed.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from production_client import Checks, Client, sign_in

# username (None: not signed in), whether the role requires two-factor
PERSONAS = {
    "anonymous": (None, False),
    "auditor": ("auditor", False),
    "partner": ("partner-oim", False),
    "contributor": ("contrib-cr", False),
    "country-editor": ("editor-cr", True),
    # Last: the one who may delete the most leaves the others the demo data.
    "regional-admin": ("st-regional", True),
}
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
# The schema's own examples, then random valid and invalid input: up to MAX_EXAMPLES cases
# per operation, enough for each to see both, few enough that six personas fit in a few
# minutes on two cores. (The "coverage" phase, every boundary of every parameter, takes
# far longer: API_FUZZ_PHASES=examples,coverage,fuzzing when there is time.)
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,fuzzing")
MAX_EXAMPLES = os.environ.get("API_FUZZ_EXAMPLES", "12")
SEED = os.environ.get("API_FUZZ_SEED", "15")
# Only the operations whose path matches this regular expression ("^/api/referrals"), when
# set: a quicker run over one app's routes.
PATHS = os.environ.get("API_FUZZ_PATHS", "")


def demo_passwords(text):
    """{username: password} from load_demo's "Demo users" lines."""
    lines = text.split("Demo users", 1)[-1].splitlines()
    return dict(m.groups() for m in map(re.compile(r"^\s+(\S+)\s+(\S+)\s").match, lines) if m)


def fuzz(base, persona, headers, report_dir):
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{base}/api/schema/",
        "--checks",
        CHECKS,
        "--phases",
        PHASES,
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--output-truncate",
        "true",
        "--report",
        "junit",
        "--report-junit-path",
        str(report_dir / f"{persona}.xml"),
    ]
    if PATHS:
        command += ["--include-path-regex", PATHS]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    print(f"== schemathesis as {persona}", flush=True)
    return subprocess.run(command, check=False).returncode  # noqa: S603


def main(base, demo_output, *wanted):
    passwords = demo_passwords(Path(demo_output).read_text())
    report_dir = Path(os.environ.get("API_FUZZ_REPORTS", "test-artifacts/api-fuzz"))
    report_dir.mkdir(parents=True, exist_ok=True)
    failed = []
    for persona, (username, two_factor) in PERSONAS.items():
        if wanted and persona not in wanted:
            continue
        checks = Checks()
        client = Client(base)
        # Django's CSRF check wants a token cookie and the same token in a header.
        client.get("/login/")
        if username and not sign_in(checks, client, username, passwords[username], two_factor):
            failed.append(f"{persona} (sign-in)")
            continue
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
            "X-CSRFToken": client.cookies.get("csrftoken", ""),
            "Accept-Language": "en",
        }
        if fuzz(base, persona, headers, report_dir) != 0:
            failed.append(persona)
    if failed:
        print("API fuzzing failed as:", *failed, sep="\n  ")
        return 1
    print("API fuzzing: no server error and every response as the schema says, as every persona")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
