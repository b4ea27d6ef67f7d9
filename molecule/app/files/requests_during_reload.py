# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""Send requests to the app while it reloads, and count what came back.

    requests_during_reload.py URL CAFILE SECONDS THREADS RELOADS

THREADS clients request URL (a JSON endpoint that reports its worker's "pid")
for SECONDS seconds, at most 20000 requests in all; meanwhile the app is
reloaded RELOADS times (systemctl reload webstack-app), evenly spaced over
all but the last seconds. Prints
one JSON object: the counts, the first errors, and the worker pids that
answered before the first reload and after the last one.
"""

import json
import ssl
import subprocess
import sys
import threading
import time
import urllib.request

MAX_REQUESTS = 20000
SETTLE = 1.5  # seconds after the last reload before answers must come from new workers


def main(argv):
    url, cafile, seconds, threads, reloads = argv[1], argv[2], float(argv[3]), int(argv[4]), int(argv[5])
    context = ssl.create_default_context(cafile=cafile)
    lock = threading.Lock()
    start = time.monotonic()
    stop = start + seconds
    state = {"requests": 0, "ok": 0, "failed": 0, "errors": [], "answers": []}
    reload_times = []

    def client():
        while time.monotonic() < stop:
            with lock:
                if state["requests"] >= MAX_REQUESTS:
                    return
                state["requests"] += 1
            sent = time.monotonic()
            try:
                with urllib.request.urlopen(url, context=context, timeout=15) as response:
                    pid = json.load(response)["pid"]
                with lock:
                    state["ok"] += 1
                    state["answers"].append((sent, time.monotonic(), pid))
            except Exception as exc:  # every failure counts, whatever its kind
                with lock:
                    state["failed"] += 1
                    if len(state["errors"]) < 5:
                        state["errors"].append("%.2fs: %r" % (sent - start, exc))

    clients = [threading.Thread(target=client) for _number in range(threads)]
    for thread in clients:
        thread.start()
    # Evenly spaced, the last one early enough to see its new workers answer.
    interval = max(seconds - 2 * SETTLE, 0) / reloads if reloads else 0
    for number in range(reloads):
        time.sleep(max(start + interval * number + interval / 2 - time.monotonic(), 0))
        subprocess.run(["systemctl", "reload", "webstack-app.service"], check=True)
        reload_times.append(time.monotonic())
    for thread in clients:
        thread.join()

    before = sorted({pid for _sent, done, pid in state["answers"] if done < reload_times[0]}) if reload_times else []
    after = sorted({pid for sent, _done, pid in state["answers"] if reload_times and sent > reload_times[-1] + SETTLE})
    print(json.dumps({
        "requests": state["requests"], "ok": state["ok"], "failed": state["failed"], "errors": state["errors"],
        "reloads": len(reload_times), "seconds": round(time.monotonic() - start, 1),
        "pids_before_first_reload": before, "pids_after_last_reload": after,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
