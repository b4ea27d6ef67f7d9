# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""Send numbered writes through the site and log every answer.

    python3 writer.py URL CAFILE TAG LOG STOP_FILE [THREADS [SECONDS]]

THREADS clients (default 1) POST {"text": "TAG-N"} to URL (the app's
/api/messages) with N counting up from 1, until STOP_FILE exists (removed
first) or SECONDS (default 600) have passed. Each answer is one line in LOG:
"N STATUS EPOCH_SECONDS ID LATENCY_SECONDS" (status 0: no HTTP answer; ID: the
row id the app returned, or -; the epoch is when the answer came). A write counts as acknowledged only on 201. Used by the
lab's crash drill and the replication-lag benchmark.
"""

import itertools
import json
import os
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request


def post(url, context, text):
    """One write: (HTTP status or 0, the row id or None)."""
    body = json.dumps({"text": text}).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return response.status, json.load(response).get("id")
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except Exception:  # pylint: disable=broad-except  # a refused or timed-out write is a failed write
        return 0, None


def main(argv):
    url, cafile, tag, log_path, stop_file = argv[1:6]
    threads = int(argv[6]) if len(argv) > 6 else 1
    deadline = time.time() + (float(argv[7]) if len(argv) > 7 else 600.0)
    if os.path.exists(stop_file):
        os.remove(stop_file)
    context = ssl.create_default_context(cafile=cafile)
    numbers = itertools.count(1)
    lock = threading.Lock()
    with open(log_path, "w", encoding="utf-8") as log:

        def client():
            while time.time() < deadline and not os.path.exists(stop_file):
                with lock:
                    number = next(numbers)
                sent = time.time()
                status, row_id = post(url, context, "%s-%d" % (tag, number))
                answered = time.time()
                with lock:
                    shown_id = row_id if row_id is not None else "-"
                    log.write("%d %d %.3f %s %.4f\n" % (number, status, answered, shown_id, answered - sent))
                    log.flush()
                if status != 201:
                    time.sleep(0.1)  # the database is away: retry soon, without spinning

        workers = [threading.Thread(target=client) for _number in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()


if __name__ == "__main__":
    main(sys.argv)
