# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""Demo app of foobar.webstack, run by gunicorn behind Nginx.

It shows the stack working end to end: which app server answered, and which
database host served each part of a request. Writes go to the primary; reads
go to a replica, or to the primary when no replica answers.

Routes:
  GET  /               page: who served what, recent messages, a form to add one
  POST /               add a message from the form, then redirect to the page
  GET  /healthz        JSON; 200 while a database answers (status ok or degraded), 503 when none does
  GET  /api/info       JSON; this app server, release and worker, without touching a database
  GET  /api/slow       JSON; like /api/info, answered after ?seconds=N (0-30, default 5): a lab and drill aid
                       that holds a request open (load balancing, draining, reloads); keep N below nginx_app_timeout
  GET  /api/messages   JSON; recent messages (?limit=1-100), read from a replica
  POST /api/messages   JSON; add a message (form field or JSON key "text") on the primary

Settings come from the environment, written by the nginx_app role:
WEBSTACK_APP_HOST, WEBSTACK_DB_WRITE_HOST, WEBSTACK_DB_READ_HOSTS (comma-separated),
WEBSTACK_DB_PORT, WEBSTACK_DB_NAME, WEBSTACK_DB_USER, WEBSTACK_DB_PASSWORD,
WEBSTACK_DB_READ_USER, WEBSTACK_DB_READ_PASSWORD, WEBSTACK_DB_CA_FILE and
WEBSTACK_DB_CONNECT_TIMEOUT. Every connection uses TLS and verifies the
server's certificate and address against WEBSTACK_DB_CA_FILE. The table is
created on the primary by the first write that finds it missing.
"""

from __future__ import annotations

import html
import json
import os
import random
import socket
import time
from urllib.parse import parse_qs, urlencode

import pymysql

ENV = os.environ
APP_HOST = ENV.get("WEBSTACK_APP_HOST") or socket.gethostname()
WRITE_HOST = ENV.get("WEBSTACK_DB_WRITE_HOST", "")
READ_HOSTS = [host.strip() for host in ENV.get("WEBSTACK_DB_READ_HOSTS", "").split(",") if host.strip()]
DB_PORT = int(ENV.get("WEBSTACK_DB_PORT", "3306"))
DB_NAME = ENV.get("WEBSTACK_DB_NAME", "webstack")
WRITER = (ENV.get("WEBSTACK_DB_USER", ""), ENV.get("WEBSTACK_DB_PASSWORD", ""))
READER = (ENV.get("WEBSTACK_DB_READ_USER", ""), ENV.get("WEBSTACK_DB_READ_PASSWORD", ""))
CA_FILE = ENV.get("WEBSTACK_DB_CA_FILE", "")
CONNECT_TIMEOUT = int(ENV.get("WEBSTACK_DB_CONNECT_TIMEOUT", "2"))
# The release directory this code was loaded from (the role names it after the source's digest or commit).
RELEASE = os.path.basename(os.path.dirname(os.path.realpath(__file__)))

MAX_TEXT = 280
MAX_SLOW_SECONDS = 30
MAX_BODY = 16 * 1024
ER_NO_SUCH_TABLE = 1146
TABLE_DDL = (
    "CREATE TABLE IF NOT EXISTS messages ("
    " id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " body VARCHAR(280) NOT NULL,"
    " app_host VARCHAR(255) NOT NULL,"
    " created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
)


class Unavailable(Exception):
    """No database host answered; args[0] lists what was tried."""


class BadRequest(Exception):
    """The client sent something the app refuses; args[0] is the HTTP status, args[1] the reason."""


def connect(host, account):
    """A TLS connection to host that verifies the server's certificate and address."""
    user, password = account
    return pymysql.connect(
        host=host, port=DB_PORT, user=user, password=password, database=DB_NAME,
        ssl_ca=CA_FILE, ssl_verify_cert=True, ssl_verify_identity=True,
        connect_timeout=CONNECT_TIMEOUT, read_timeout=10, write_timeout=10,
        charset="utf8mb4", autocommit=True, cursorclass=pymysql.cursors.DictCursor)


def describe(exc):
    """A short, password-free description of a database error."""
    return "%s: %s" % (type(exc).__name__, exc.args[1] if len(exc.args) > 1 else exc)


def server_name(cursor):
    """The database server's own host name, as it reports it."""
    cursor.execute("SELECT @@hostname AS server")
    return cursor.fetchone()["server"]


def probe(host, account, role):
    """Whether host answers a query over TLS, and as which server."""
    result = {"host": host, "role": role, "ok": False}
    try:
        conn = connect(host, account)
        try:
            with conn.cursor() as cursor:
                result.update(ok=True, server=server_name(cursor))
        finally:
            conn.close()
    except pymysql.MySQLError as exc:
        result["error"] = describe(exc)
    return result


def write_message(text):
    """Insert a message on the primary; create the table when it is missing."""
    try:
        conn = connect(WRITE_HOST, WRITER)
    except pymysql.MySQLError as exc:
        raise Unavailable([{"host": WRITE_HOST, "role": "primary", "error": describe(exc)}]) from exc
    try:
        with conn.cursor() as cursor:
            insert = ("INSERT INTO messages (body, app_host) VALUES (%s, %s)", (text, APP_HOST))
            try:
                cursor.execute(*insert)
            except pymysql.err.ProgrammingError as exc:
                if exc.args[0] != ER_NO_SUCH_TABLE:
                    raise
                cursor.execute(TABLE_DDL)
                cursor.execute(*insert)
            message_id = cursor.lastrowid
            server = server_name(cursor)
    except pymysql.MySQLError as exc:
        raise Unavailable([{"host": WRITE_HOST, "role": "primary", "error": describe(exc)}]) from exc
    finally:
        conn.close()
    return {"id": message_id, "text": text, "app_host": APP_HOST,
            "db": {"host": WRITE_HOST, "server": server, "role": "primary"}}


def read_messages(limit):
    """Recent messages from the first replica that answers (in random order), else from the primary."""
    replicas = random.sample(READ_HOSTS, len(READ_HOSTS))
    tried = []
    for host, role in [(host, "replica") for host in replicas] + [(WRITE_HOST, "primary")]:
        try:
            conn = connect(host, READER)
            try:
                with conn.cursor() as cursor:
                    server = server_name(cursor)
                    try:
                        cursor.execute("SELECT id, body, app_host, created_at FROM messages ORDER BY id DESC LIMIT %s", (limit,))
                        rows = cursor.fetchall()
                    except pymysql.err.ProgrammingError as exc:
                        if exc.args[0] != ER_NO_SUCH_TABLE:
                            raise
                        rows = []  # nothing written yet
            finally:
                conn.close()
        except pymysql.MySQLError as exc:
            tried.append({"host": host, "role": role, "error": describe(exc)})
            continue
        return {
            "messages": [dict(row, created_at=row["created_at"].isoformat()) for row in rows],
            "app_host": APP_HOST,
            "db": {"host": host, "server": server, "role": role, "fallback": role == "primary" and bool(READ_HOSTS), "tried": tried},
        }
    raise Unavailable(tried)


def health():
    """The state of every database host, and the HTTP status it amounts to."""
    primary = probe(WRITE_HOST, WRITER, "primary")
    replicas = [probe(host, READER, "replica") for host in READ_HOSTS]
    answering = [db for db in [primary] + replicas if db["ok"]]
    if primary["ok"] and len(answering) == 1 + len(replicas):
        status = "ok"
    elif answering:
        status = "degraded"  # reads or writes still work, through whichever host answers
    else:
        status = "unavailable"
    payload = {"status": status, "app_host": APP_HOST, "release": RELEASE, "pid": os.getpid(),
               "db": {"primary": primary, "replicas": replicas}}
    return ("503 Service Unavailable" if status == "unavailable" else "200 OK"), payload


def request_text(environ):
    """The "text" field of a form or JSON request body."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        raise BadRequest("413 Payload Too Large", "the body is larger than %d bytes" % MAX_BODY)
    body = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length > 0 else ""
    if environ.get("CONTENT_TYPE", "").startswith("application/json"):
        try:
            text = json.loads(body or "{}").get("text", "")
        except (ValueError, AttributeError) as exc:
            raise BadRequest("400 Bad Request", "the body is not a JSON object") from exc
    else:
        text = parse_qs(body).get("text", [""])[0]
    text = str(text).strip()
    if not text or len(text) > MAX_TEXT:
        raise BadRequest("400 Bad Request", "text must hold 1-%d characters" % MAX_TEXT)
    return text


def respond(start_response, status, body, content_type, headers=()):
    data = body.encode("utf-8")
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data))),
                            ("Cache-Control", "no-store")] + list(headers))
    return [data]


def respond_json(start_response, status, payload):
    return respond(start_response, status, json.dumps(payload, sort_keys=True) + "\n", "application/json")


def info():
    return {"app_host": APP_HOST, "release": RELEASE, "pid": os.getpid(),
            "db": {"write_host": WRITE_HOST, "read_hosts": READ_HOSTS}}


def render_page(query):
    """The page: every part says which server produced it."""
    esc = html.escape
    parts = ['<p class="part">This page was rendered by app server <strong>%s</strong> '
             '(release <code>%s</code>, worker %d).</p>' % (esc(APP_HOST), esc(RELEASE), os.getpid())]
    if query.get("written"):
        parts.append('<p class="part written">Message #%s was written by app server <strong>%s</strong> '
                     'to the primary database <strong>%s</strong>.</p>'
                     % (esc(query.get("written", [""])[0]), esc(query.get("by", ["?"])[0]), esc(query.get("db", ["?"])[0])))
    status = "200 OK"
    try:
        result = read_messages(20)
        db = result["db"]
        source = "a replica" if db["role"] == "replica" else (
            "the primary, as no replica answered" if db["fallback"] else "the primary (there is no replica)")
        parts.append('<p class="part">These messages were read from database <strong>%s</strong> (%s, %s).</p>'
                     % (esc(db["server"]), esc(db["host"]), source))
        items = ["<li><span class=\"id\">#%d</span> %s <span class=\"meta\">via %s, %s</span></li>"
                 % (row["id"], esc(row["body"]), esc(row["app_host"]), esc(row["created_at"])) for row in result["messages"]]
        parts.append("<ul class=\"messages\">%s</ul>" % ("".join(items) or "<li>No messages yet.</li>"))
    except Unavailable as exc:
        status = "503 Service Unavailable"
        parts.append('<p class="part error">No database answered: %s</p>'
                     % esc("; ".join("%s (%s): %s" % (t["host"], t["role"], t["error"]) for t in exc.args[0])))
    parts.append('<form method="post" action="/"><label for="text">New message</label> '
                 '<input id="text" name="text" maxlength="%d" required> <button type="submit">Write</button></form>' % MAX_TEXT)
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>foobar.webstack demo</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="/static/webstack.css"></head>\n<body><main><h1>foobar.webstack demo</h1>\n%s\n'
            '<p class="footer">The stylesheet comes from Nginx, straight from disk; everything else from gunicorn.</p>'
            '</main></body></html>\n') % "\n".join(parts)
    return status, page


def application(environ, start_response):
    """The WSGI entry point (gunicorn loads wsgi:application)."""
    path = environ.get("PATH_INFO", "/")
    method = environ.get("REQUEST_METHOD", "GET")
    method = "GET" if method == "HEAD" else method
    query = parse_qs(environ.get("QUERY_STRING", ""))
    allowed = {"/": ("GET", "POST"), "/healthz": ("GET",), "/api/info": ("GET",), "/api/slow": ("GET",),
               "/api/messages": ("GET", "POST")}
    if path not in allowed:
        return respond_json(start_response, "404 Not Found", {"error": "no such page", "app_host": APP_HOST})
    if method not in allowed[path]:
        return respond(start_response, "405 Method Not Allowed", "method not allowed\n", "text/plain; charset=utf-8",
                       [("Allow", ", ".join(allowed[path]))])
    try:
        if path == "/healthz":
            return respond_json(start_response, *health())
        if path == "/api/info":
            return respond_json(start_response, "200 OK", info())
        if path == "/api/slow":
            try:
                seconds = float(query.get("seconds", ["5"])[0])
            except ValueError as exc:
                raise BadRequest("400 Bad Request", "seconds must be a number") from exc
            if not 0 <= seconds <= MAX_SLOW_SECONDS:
                raise BadRequest("400 Bad Request", "seconds must be 0-%d" % MAX_SLOW_SECONDS)
            time.sleep(seconds)
            return respond_json(start_response, "200 OK", dict(info(), slept=seconds))
        if path == "/api/messages" and method == "GET":
            try:
                limit = min(max(int(query.get("limit", ["20"])[0]), 1), 100)
            except ValueError as exc:
                raise BadRequest("400 Bad Request", "limit must be a number") from exc
            return respond_json(start_response, "200 OK", read_messages(limit))
        if path == "/api/messages":
            return respond_json(start_response, "201 Created", write_message(request_text(environ)))
        if method == "POST":
            written = write_message(request_text(environ))
            target = "/?" + urlencode({"written": written["id"], "by": APP_HOST, "db": written["db"]["server"]})
            return respond(start_response, "303 See Other", "see %s\n" % target, "text/plain; charset=utf-8", [("Location", target)])
        status, page = render_page(query)
        return respond(start_response, status, page, "text/html; charset=utf-8")
    except BadRequest as exc:
        return respond_json(start_response, exc.args[0], {"error": exc.args[1], "app_host": APP_HOST})
    except Unavailable as exc:
        return respond_json(start_response, "503 Service Unavailable",
                            {"error": "no database answered", "tried": exc.args[0], "app_host": APP_HOST})
