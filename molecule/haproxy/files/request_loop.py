# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""Send GET requests for a while and count what came back.

    request_loop.py URL CAFILE SECONDS THREADS [MAX_REQUESTS]

THREADS clients request URL (a JSON endpoint that reports its "app_host")
for SECONDS seconds, at most MAX_REQUESTS (default 5000) in all. Prints one
JSON object: requests, ok (200), failed (anything else, errors included),
the first errors, and how many answers came from each app host.
"""

import json
import ssl
import sys
import threading
import time
import urllib.request


def main(argv):
    url, cafile, seconds, threads = argv[1], argv[2], float(argv[3]), int(argv[4])
    limit = int(argv[5]) if len(argv) > 5 else 5000
    context = ssl.create_default_context(cafile=cafile)
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    state = {"requests": 0, "ok": 0, "failed": 0, "errors": [], "by_host": {}}

    def client():
        while time.monotonic() < stop:
            with lock:
                if state["requests"] >= limit:
                    return
                state["requests"] += 1
            try:
                with urllib.request.urlopen(url, context=context, timeout=15) as response:
                    host = json.load(response)["app_host"]
                with lock:
                    state["ok"] += 1
                    state["by_host"][host] = state["by_host"].get(host, 0) + 1
            except Exception as exc:  # every failure counts, whatever its kind
                with lock:
                    state["failed"] += 1
                    if len(state["errors"]) < 5:
                        state["errors"].append(repr(exc))

    workers = [threading.Thread(target=client) for _number in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(json.dumps(state, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv)
