# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""One HTTP(S) request, reported as JSON, whatever the status.

    http_request.py [--ca FILE] [--header 'Name: value']... [--data 'a=b'] URL

Prints {"status": 200, "headers": {"content-type": "...", ...}, "body": "..."}
with header names in lower case; a body that is not UTF-8 (gzip) is reported
by its length only. Exit status 0 whenever an HTTP answer came back, 1 when
none did (the error is printed).
"""

import argparse
import json
import ssl
import sys
import urllib.error
import urllib.request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ca")
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--data")
    parser.add_argument("url")
    args = parser.parse_args()
    request = urllib.request.Request(args.url, data=args.data.encode() if args.data is not None else None)
    for header in args.header:
        name, value = header.split(":", 1)
        request.add_header(name.strip(), value.strip())
    context = ssl.create_default_context(cafile=args.ca) if args.ca else None
    try:
        response = urllib.request.urlopen(request, context=context, timeout=15)
    except urllib.error.HTTPError as error:
        response = error
    except (urllib.error.URLError, OSError) as error:
        print(json.dumps({"error": str(error)}))
        return 1
    with response:
        raw = response.read()
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = "<%d bytes, not UTF-8>" % len(raw)
        headers = {name.lower(): value for name, value in response.headers.items()}
        print(json.dumps({"status": response.getcode(), "headers": headers, "body": body}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
