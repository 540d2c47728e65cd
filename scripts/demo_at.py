"""Run the `cxnlp` command with the clock moved: does the demo work on another day?

    python scripts/demo_at.py --days-ahead 400 -- demo --config /tmp/x/config.yaml

Everything in this process that reads the clock (the demo's "yesterday", the
run's "now", Prefect's own timestamps, the ephemeral Prefect server started in
this process's event loop) sees the moved time; the clock keeps ticking from
there. Used by the test suite to run the first README command far from the
dates written in the code.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--days-ahead", type=int, help="move the clock this many days ahead")
    when.add_argument("--at", help="move the clock to this ISO time (UTC)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the cxnlp arguments")
    opts = parser.parse_args()
    import time_machine

    if opts.at:
        target = datetime.fromisoformat(opts.at).replace(tzinfo=UTC)
    else:
        target = datetime.now(UTC) + timedelta(days=opts.days_ahead)
    args = opts.args[1:] if opts.args[:1] == ["--"] else opts.args
    sys.argv = ["cxnlp", *args]
    print(f"clock moved to {target.isoformat(timespec='seconds')}", file=sys.stderr)
    with time_machine.travel(target, tick=True):
        from cxnlp.cli import main as cxnlp_main

        cxnlp_main()


if __name__ == "__main__":
    main()
