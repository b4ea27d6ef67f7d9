# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops the haproxy role before it changes anything (see conftest.expect_rejected).
The role runs as lb-01 of inventories/edge.yml, which is the controller in check mode."""
import subprocess

import pytest

FIRST_CHANGE = "Install HAProxy"
ACME = {"haproxy_tls_mode": "acme", "haproxy_acme_email": "webmaster@example.com"}


def _pair(directory, name):
    """A private key and a self-signed certificate for it, made with openssl."""
    key, cert = directory / (name + ".key"), directory / (name + ".crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=www.example.com",
                    "-days", "2", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


# (test id, bad variables, text the error must contain)
CASES = [
    ("acme-without-email", {"haproxy_tls_mode": "acme"}, "haproxy_acme_email must be the account's e-mail address (got \"\")"),
    ("acme-bad-email", dict(ACME, haproxy_acme_email="webmaster"), "haproxy_acme_email must be the account's e-mail address (got \"webmaster\")"),
    ("acme-without-domain", dict(ACME, haproxy_domains=[]),
     "haproxy_domains must list at least one DNS name, by default the inventory's webstack_domain (got [])"),
    ("acme-without-webstack-domain", dict(ACME, webstack_domain=""), "haproxy_domains must list at least one DNS name"),
    ("acme-wildcard", dict(ACME, haproxy_domains=["*.example.com"]), "haproxy_domains without wildcards, which HTTP-01 cannot validate"),
    ("domain-not-dns", dict(ACME, haproxy_domains=["www example com"]), 'not DNS names: ["www example com"]'),
    ("acme-directory", dict(ACME, haproxy_acme_directory="http://ca.example.com/dir"), "haproxy_acme_directory an https:// URL"),
    ("unknown-tls-mode", {"haproxy_tls_mode": "letsencrypt"}, "haproxy_tls_mode"),
    ("unknown-webstack-tls-mode", {"webstack_tls_mode": "letsencrypt"}, "letsencrypt"),
    ("files-missing", {"haproxy_tls_mode": "files"}, "haproxy_tls_mode files needs haproxy_tls_cert_file and haproxy_tls_key_file"),
    ("files-not-found", {"haproxy_tls_mode": "files", "haproxy_tls_cert_file": "/nonexistent/site.crt", "haproxy_tls_key_file": "/nonexistent/site.key"},
     '"/nonexistent/site.crt" (no such file)'),
    ("hsts-short", dict(ACME, haproxy_hsts_max_age=86400), "haproxy_hsts_max_age at least 31536000 (one year; got 86400)"),
    ("port-clash", dict(ACME, haproxy_stats_port=443), "the first three differ"),
    ("timeout-name", dict(ACME, haproxy_timeouts={"connect": 5000, "client": 30000, "server": 60000, "sever": 1}), '"sever": 1'),
    ("cache-max-age-negative", dict(ACME, haproxy_static_cache_max_age=-60), "haproxy_static_cache_max_age seconds >= 1 (got -60)"),
    ("cache-size-zero", dict(ACME, haproxy_static_cache_size_mb=0), "haproxy_static_cache_size_mb megabytes 1-4095 (got 0)"),
    ("cache-size-too-big", dict(ACME, haproxy_static_cache_size_mb=8192), "haproxy_static_cache_size_mb megabytes 1-4095 (got 8192)"),
    ("cache-path-relative", dict(ACME, haproxy_static_cache_path="static"),
     'haproxy_static_cache_path must be a URL path prefix such as /static/ (got "static")'),
    ("cache-path-space", dict(ACME, haproxy_static_cache_path="/static files/"), 'haproxy_static_cache_path must be a URL path prefix'),
    ("cache-max-age-type", dict(ACME, haproxy_static_cache_max_age="one minute"), "haproxy_static_cache_max_age"),
    ("prefer-client-ciphers-type", dict(ACME, haproxy_tls_prefer_client_ciphers="sometimes"), "haproxy_tls_prefer_client_ciphers"),
    ("timeout-missing", dict(ACME, haproxy_timeouts={"connect": 5000}), "haproxy_timeouts milliseconds >= 1 for connect, client, server"),
]


@pytest.mark.parametrize(("bad_vars", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_fails_before_any_change(expect_rejected, bad_vars, message):
    expect_rejected("haproxy", bad_vars, message, FIRST_CHANGE, inventory="edge", target="lb-01")


def test_a_certificate_that_does_not_match_its_key_is_rejected(expect_rejected, tmp_path):
    cert, _key = _pair(tmp_path, "site")
    _other_cert, other_key = _pair(tmp_path, "other")
    expect_rejected("haproxy", {"haproxy_tls_mode": "files", "haproxy_tls_cert_file": cert, "haproxy_tls_key_file": other_key},
                    "haproxy_tls_cert_file %s does not match haproxy_tls_key_file %s: their public keys differ" % (cert, other_key),
                    FIRST_CHANGE, inventory="edge", target="lb-01")


def test_a_file_that_is_no_certificate_is_rejected(expect_rejected, tmp_path):
    _cert, key = _pair(tmp_path, "site")
    expect_rejected("haproxy", {"haproxy_tls_mode": "files", "haproxy_tls_cert_file": key, "haproxy_tls_key_file": key},
                    "give a PEM certificate and its unencrypted PEM private key", FIRST_CHANGE, inventory="edge", target="lb-01")


def test_a_host_outside_loadbalancers_is_rejected(expect_rejected):
    expect_rejected("haproxy", ACME, "app-01 is not in the loadbalancers group (which holds ['lb-01'])", FIRST_CHANGE,
                    inventory="edge", target="app-01")


def test_no_app_servers_is_rejected(apply_role, tmp_path):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text("loadbalancers:\n  hosts:\n    localhost:\n      webstack_private_ip: 10.0.0.5\n      webstack_domain: www.example.com\n")
    rc, output = apply_role("haproxy", ACME, "-i", str(inventory))
    assert rc != 0, output
    assert "The app_servers group is empty or missing" in output, output
    assert FIRST_CHANGE not in output, output


@pytest.mark.parametrize("mode", ["acme", "files", "selfsigned"])
def test_valid_input_passes_the_checks(apply_role, tmp_path, mode):
    cert, key = _pair(tmp_path, "site")
    extra = {"acme": ACME, "selfsigned": {"haproxy_tls_mode": "selfsigned"},
             "files": {"haproxy_tls_mode": "files", "haproxy_tls_cert_file": cert, "haproxy_tls_key_file": key}}[mode]
    rc, output = apply_role("haproxy", extra, "--tags", "haproxy_preflight", inventory="edge", target="lb-01")
    assert rc == 0, output
    assert "Validating arguments" in output, output
    assert "Gather the network facts of the app servers" in output, output
