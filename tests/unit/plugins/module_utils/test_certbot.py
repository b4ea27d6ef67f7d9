# SPDX-License-Identifier: GPL-3.0-or-later
"""The decision logic of certbot_certificate: certificates are generated here
with cryptography (no fixtures from the net), times are fixed."""
import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.foobar.webstack.plugins.module_utils import _certbot as certbot

NOW = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)

PARAMS = {
    'domains': ['www.example.org', 'example.org'],
    'email': 'hostmaster@example.org',
    'cert_name': 'www.example.org',
    'acme_directory': 'https://acme-v02.api.letsencrypt.org/directory',
    'ca_bundle': None,
    'challenge': 'standalone',
    'http_port': 8888,
    'http_address': '127.0.0.1',
    'webroot_path': None,
    'key_type': 'ecdsa',
    'elliptic_curve': 'secp256r1',
    'rsa_key_size': 2048,
    'renew_before_days': 30,
    'combined_pem_path': '/etc/haproxy/certs/www.example.org.pem',
    'config_dir': '/etc/letsencrypt',
    'work_dir': '/var/lib/letsencrypt',
    'logs_dir': '/var/log/letsencrypt',
    'deploy_hook': None,
    'certbot_path': 'certbot',
    'timeout': 300,
    'force_renewal': False,
}

STORED = {
    'account': '63e3c6a55e2a79dc163999aa27b2da17',
    'http01_port': '8888',
    'http01_address': '127.0.0.1',
    'key_type': 'ecdsa',
    'elliptic_curve': 'secp256r1',
    'server': 'https://acme-v02.api.letsencrypt.org/directory',
    'authenticator': 'standalone',
}

# As certbot 2.1 wrote it (captured from a run against pebble).
RENEWAL_CONF = """# renew_before_expiry = 30 days
version = 2.1.0
archive_dir = /etc/letsencrypt/archive/www.example.org
cert = /etc/letsencrypt/live/www.example.org/cert.pem
privkey = /etc/letsencrypt/live/www.example.org/privkey.pem
chain = /etc/letsencrypt/live/www.example.org/chain.pem
fullchain = /etc/letsencrypt/live/www.example.org/fullchain.pem

# Options used in the renewal process
[renewalparams]
account = 63e3c6a55e2a79dc163999aa27b2da17
http01_port = 8888
http01_address = 127.0.0.1
key_type = ecdsa
elliptic_curve = secp256r1
renew_hook = /usr/local/sbin/deploy --reload
config_dir = /etc/letsencrypt
work_dir = /var/lib/letsencrypt
logs_dir = /var/log/letsencrypt
server = https://acme-v02.api.letsencrypt.org/directory
authenticator = standalone
"""

WEBROOT_CONF = """version = 2.1.0
[renewalparams]
authenticator = webroot
webroot_path = /var/www/html,
server = https://acme-v02.api.letsencrypt.org/directory
key_type = ecdsa
[[webroot_map]]
www.example.org = /var/www/html
"""


def params(**overrides):
    return dict(PARAMS, **overrides)


def make_key(kind='ec', size=2048, curve=None):
    if kind == 'rsa':
        return rsa.generate_private_key(public_exponent=65537, key_size=size)
    return ec.generate_private_key(curve or ec.SECP256R1())


def make_cert(domains, not_after=NOW + datetime.timedelta(days=80), key=None,
              issuer_cn='Pebble Intermediate-CA 4a51b3', subject_cn=None, san=True):
    key = key or make_key()
    issuer_key = make_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn or domains[0])])
    issuer = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'Test'),
                        x509.NameAttribute(NameOID.COMMON_NAME, issuer_cn)] if issuer_cn else
                       [x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'Only an O')])
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_after - datetime.timedelta(days=90)).not_valid_after(not_after))
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in domains]),
                                        critical=False)
    cert = builder.sign(issuer_key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM), key


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def parsed(domains=('www.example.org', 'example.org'), **kwargs):
    return certbot.parse_certificate(make_cert(list(domains), **kwargs)[0])


# --------------------------------------------------------------------------
# Parsing certificates: SANs, expiry, issuer, key
# --------------------------------------------------------------------------

def test_parse_certificate_reads_sans_expiry_issuer_and_key():
    not_after = datetime.datetime(2026, 5, 30, 13, 37, 5, tzinfo=datetime.timezone.utc)
    pem = make_cert(['www.example.org', 'Example.ORG'], not_after=not_after)[0]
    info = certbot.parse_certificate(pem)
    assert info['domains'] == ['www.example.org', 'example.org']
    assert info['common_name'] == 'www.example.org'
    assert info['issuer'] == 'Pebble Intermediate-CA 4a51b3'
    assert info['not_after'] == not_after
    assert info['not_after'].tzinfo is not None
    assert (info['key_type'], info['key_detail']) == ('ecdsa', 'secp256r1')
    assert certbot.iso8601(info['not_after']) == '2026-05-30T13:37:05Z'


def test_parse_certificate_takes_the_first_of_a_full_chain_and_str_input():
    leaf = make_cert(['leaf.example.org'])[0]
    intermediate = make_cert(['intermediate.example.org'])[0]
    info = certbot.parse_certificate((leaf + intermediate).decode())
    assert info['domains'] == ['leaf.example.org']


def test_parse_certificate_rsa_key_and_issuer_without_cn():
    pem = make_cert(['a.example.org'], key=make_key('rsa', 3072), issuer_cn=None)[0]
    info = certbot.parse_certificate(pem)
    assert (info['key_type'], info['key_detail']) == ('rsa', 3072)
    assert info['issuer'] == 'O=Only an O'


def test_parse_certificate_without_san_falls_back_to_cn():
    pem = make_cert(['legacy.example.org'], san=False)[0]
    assert certbot.parse_certificate(pem)['domains'] == ['legacy.example.org']


@pytest.mark.parametrize('garbage', [b'', b'not a certificate', b'-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'])
def test_parse_certificate_rejects_garbage(garbage):
    with pytest.raises(ValueError, match='not a PEM certificate'):
        certbot.parse_certificate(garbage)


@pytest.mark.parametrize('delta, days', [
    (datetime.timedelta(days=12, hours=23), 12),
    (datetime.timedelta(days=30), 30),
    (datetime.timedelta(hours=5), 0),
    (datetime.timedelta(hours=-5), -1),
    (datetime.timedelta(days=-3), -3),
])
def test_days_remaining_rounds_down(delta, days):
    assert certbot.days_remaining(NOW + delta, NOW) == days


def test_iso8601_converts_to_utc_and_keeps_none():
    cet = datetime.timezone(datetime.timedelta(hours=1))
    assert certbot.iso8601(datetime.datetime(2026, 1, 1, 1, 0, tzinfo=cet)) == '2026-01-01T00:00:00Z'
    assert certbot.iso8601(None) is None


# --------------------------------------------------------------------------
# Domains
# --------------------------------------------------------------------------

@pytest.mark.parametrize('domains, problem', [
    ([], 'domains is empty'),
    (['*.example.org'], 'wildcard'),
    (['localhost'], 'single label'),
    (['www.exa_mple.org'], "label 'exa_mple'"),
    (['-bad.example.org'], "label '-bad'"),
    (['www.example.org', 'WWW.example.org.'], 'listed twice'),
    (['a' * 64 + '.example.org'], 'not a valid host name'),
    ([''], 'empty name'),
])
def test_validate_domains_rejects(domains, problem):
    problems = certbot.validate_domains(domains)
    assert problems and problem in ' '.join(problems)


def test_validate_domains_accepts_normal_and_punycode_names():
    assert certbot.validate_domains(['www.example.org', 'xn--bcher-kva.example', 'A-1.Example.ORG.']) == []


def test_domain_change_ignores_case_order_and_trailing_dot():
    assert certbot.domain_change(['www.example.org', 'example.org'], ['Example.org.', 'www.example.org']) == ([], [])


def test_domain_change_lists_added_and_removed_sorted():
    added, removed = certbot.domain_change(['a.example', 'c.example', 'd.example'],
                                           ['a.example', 'z.example', 'b.example'])
    assert (added, removed) == (['b.example', 'z.example'], ['c.example', 'd.example'])
    assert certbot.describe_domain_change(added, removed) == \
        'domain set changed: added b.example, z.example; removed c.example, d.example'


# --------------------------------------------------------------------------
# Renewal configuration
# --------------------------------------------------------------------------

def test_parse_renewal_conf_reads_only_renewalparams():
    stored = certbot.parse_renewal_conf(RENEWAL_CONF)
    assert stored['server'] == 'https://acme-v02.api.letsencrypt.org/directory'
    assert stored['http01_port'] == '8888'
    assert stored['renew_hook'] == '/usr/local/sbin/deploy --reload'
    assert 'version' not in stored and 'cert' not in stored


def test_parse_renewal_conf_skips_nested_webroot_map():
    stored = certbot.parse_renewal_conf(WEBROOT_CONF)
    assert stored['webroot_path'] == '/var/www/html,'
    assert 'www.example.org' not in stored


def test_renewal_drift_none_when_stored_as_requested():
    stored = certbot.parse_renewal_conf(RENEWAL_CONF)
    assert certbot.renewal_drift(stored, params(deploy_hook='/usr/local/sbin/deploy --reload')) == []
    assert certbot.renewal_drift(certbot.parse_renewal_conf(WEBROOT_CONF),
                                 params(challenge='webroot', webroot_path='/var/www/html/')) == []


def test_renewal_drift_names_each_setting():
    stored = certbot.parse_renewal_conf(RENEWAL_CONF)
    drift = certbot.renewal_drift(stored, params(http_port=80, acme_directory='https://ca.example/dir/'))
    assert drift == ['http01_port 8888 -> 80',
                     'renew_hook /usr/local/sbin/deploy --reload -> (unset)',
                     'server https://acme-v02.api.letsencrypt.org/directory -> https://ca.example/dir/']


def test_renewal_drift_missing_settings_are_certbots_defaults():
    # What `certbot renew` left of a configuration issued with --http-01-port 80 (captured).
    after_renew = {'account': 'afba39d7', 'http01_address': '0.0.0.0', 'key_type': 'ecdsa',
                   'server': 'https://pebble:14000/dir', 'authenticator': 'standalone'}
    wanted = params(http_port=80, http_address='0.0.0.0', acme_directory='https://pebble:14000/dir')
    assert certbot.renewal_drift(after_renew, wanted) == []
    assert certbot.renewal_drift({'authenticator': 'standalone', 'http01_address': '127.0.0.1'}, params()) == \
        ['http01_port 80 -> 8888']


def test_renewal_drift_server_ignores_trailing_slash():
    stored = dict(STORED, server='https://acme-v02.api.letsencrypt.org/directory/')
    assert certbot.renewal_drift(stored, params()) == []


# --------------------------------------------------------------------------
# The decision: issue, renew, none
# --------------------------------------------------------------------------

def test_decide_issue_without_certificate():
    assert certbot.decide(params(), None, None, NOW) == ('issue', 'no certificate')


def test_decide_none_when_valid_and_unchanged():
    action, reason = certbot.decide(params(), parsed(), STORED, NOW)
    assert action == 'none'
    assert reason == 'valid for 80 more days (renew_before_days 30)'


def test_decide_renews_on_domain_set_change():
    cert = parsed(['www.example.org', 'c.example'])
    action, reason = certbot.decide(params(domains=['www.example.org', 'b.example']), cert, STORED, NOW)
    assert (action, reason) == ('renew', 'domain set changed: added b.example; removed c.example')


def test_decide_domain_order_alone_is_no_change():
    cert = parsed(['example.org', 'www.example.org'])
    assert certbot.decide(params(), cert, STORED, NOW)[0] == 'none'


@pytest.mark.parametrize('left, before, action', [
    (datetime.timedelta(days=12, hours=1), 30, 'renew'),
    (datetime.timedelta(days=30), 30, 'renew'),
    (datetime.timedelta(days=30, seconds=1), 30, 'none'),
    (datetime.timedelta(days=60), 90, 'renew'),
    (datetime.timedelta(days=1), 0, 'none'),
    (datetime.timedelta(seconds=-1), 0, 'renew'),
])
def test_decide_renewal_window(left, before, action):
    cert = parsed(not_after=NOW + left)
    assert certbot.decide(params(renew_before_days=before), cert, STORED, NOW)[0] == action


def test_decide_reason_for_expiry():
    cert = parsed(not_after=NOW + datetime.timedelta(days=12, hours=3))
    assert certbot.decide(params(), cert, STORED, NOW) == ('renew', 'expires in 12 days (renew_before_days 30)')
    expired = parsed(not_after=NOW - datetime.timedelta(days=3))
    assert certbot.decide(params(), expired, STORED, NOW) == ('renew', 'expired 3 days ago (renew_before_days 30)')


def test_decide_domain_change_wins_over_expiry():
    cert = parsed(['www.example.org'], not_after=NOW + datetime.timedelta(days=2))
    assert certbot.decide(params(), cert, STORED, NOW)[1] == 'domain set changed: added example.org'


def test_decide_renews_on_key_type_change():
    cert = parsed(key=make_key('rsa', 2048))
    assert certbot.decide(params(), cert, STORED, NOW) == ('renew', 'key changed: rsa 2048 -> ecdsa secp256r1')
    assert certbot.decide(params(key_type='rsa'), cert, dict(STORED, key_type='rsa'), NOW)[0] == 'none'
    assert certbot.decide(params(key_type='rsa', rsa_key_size=4096), cert, dict(STORED, key_type='rsa'), NOW)[0] == 'renew'
    p384 = parsed(key=make_key(curve=ec.SECP384R1()))
    assert certbot.decide(params(), p384, STORED, NOW)[1] == 'key changed: ecdsa secp384r1 -> ecdsa secp256r1'


def test_decide_renews_on_renewal_settings_drift_and_missing_conf():
    action, reason = certbot.decide(params(http_port=8080), parsed(), STORED, NOW)
    assert (action, reason) == ('renew', 'renewal settings changed: http01_port 8888 -> 8080')
    assert certbot.decide(params(), parsed(), None, NOW)[0] == 'renew'


def test_decide_force_renewal():
    assert certbot.decide(params(force_renewal=True), parsed(), STORED, NOW) == ('renew', 'force_renewal requested')
    assert certbot.decide(params(force_renewal=True), None, None, NOW) == ('issue', 'no certificate')


# --------------------------------------------------------------------------
# certbot's command line and errors
# --------------------------------------------------------------------------

def test_certbot_command_standalone_passes_every_setting():
    argv = certbot.certbot_command('/usr/bin/certbot', params(deploy_hook='systemctl reload haproxy'), renew=False)
    assert argv[:3] == ['/usr/bin/certbot', 'certonly', '--non-interactive']
    joined = ' '.join(argv)
    for expected in ('--agree-tos', '--no-eff-email', '--email hostmaster@example.org',
                     '--cert-name www.example.org', '--server https://acme-v02.api.letsencrypt.org/directory',
                     '--config-dir /etc/letsencrypt', '--work-dir /var/lib/letsencrypt',
                     '--logs-dir /var/log/letsencrypt', '--key-type ecdsa --elliptic-curve secp256r1',
                     '--standalone --http-01-port 8888 --http-01-address 127.0.0.1',
                     '-d www.example.org -d example.org'):
        assert expected in joined
    assert argv[argv.index('--deploy-hook') + 1] == 'systemctl reload haproxy'
    assert '--force-renewal' not in argv and '--rsa-key-size' not in argv and '--webroot' not in argv


def test_certbot_command_webroot_rsa_renew():
    argv = certbot.certbot_command('certbot', params(challenge='webroot', webroot_path='/var/www/html',
                                                     key_type='rsa', rsa_key_size=4096), renew=True)
    joined = ' '.join(argv)
    assert '--webroot --webroot-path /var/www/html' in joined
    assert '--key-type rsa --rsa-key-size 4096' in joined
    assert '--force-renewal' in argv
    assert '--standalone' not in argv and '--elliptic-curve' not in argv and '--deploy-hook' not in argv


# As certbot 2.1 printed it for a name that does not resolve (captured against pebble).
CHALLENGE_FAILED_STDOUT = """Requesting a certificate for www.webstack.test and nx.webstack.test

Certbot failed to authenticate some domains (authenticator: standalone). The Certificate Authority reported these problems:
  Domain: nx.webstack.test
  Type:   connection
  Detail: Get "http://nx.webstack.test:80/.well-known/acme-challenge/_kj6A": could not resolve URL \
"http://nx.webstack.test:80/.well-known/acme-challenge/_kj6A"

Hint: The Certificate Authority failed to download the challenge files from the temporary standalone webserver \
started by Certbot on 0.0.0.0:80. Ensure that the listed domains point to this machine and that it can accept \
inbound connections from the internet.

"""
CHALLENGE_FAILED_STDERR = """Saving debug log to /var/log/letsencrypt/letsencrypt.log
Some challenges have failed.
Ask for help or search for solutions at https://community.letsencrypt.org. See the logfile \
/var/log/letsencrypt/letsencrypt.log or re-run Certbot with -v for more details.
"""


def test_certbot_error_text_keeps_the_explanation_from_stdout_and_stderr():
    text = certbot.certbot_error_text(CHALLENGE_FAILED_STDERR, CHALLENGE_FAILED_STDOUT)
    assert text.startswith('Certbot failed to authenticate some domains (authenticator: standalone).')
    assert 'Domain: nx.webstack.test' in text
    assert 'could not resolve URL "http://nx.webstack.test:80/' in text
    assert text.endswith('Some challenges have failed.')
    assert 'Saving debug log' not in text and 'Ask for help' not in text and 'Requesting' not in text


def test_failed_domains_from_the_ca_problems():
    assert certbot.failed_domains(CHALLENGE_FAILED_STDOUT, CHALLENGE_FAILED_STDERR) == ['nx.webstack.test']
    two = '  Domain: a.example\n  Detail: x\n  Domain: b.example\n  Domain: a.example\n'
    assert certbot.failed_domains(two) == ['a.example', 'b.example']
    assert certbot.failed_domains('An unexpected error occurred:', '') == []


def test_certbot_error_text_without_stdout_and_line_limit():
    assert certbot.certbot_error_text('An unexpected error occurred:\nboom', '') == 'An unexpected error occurred: boom'
    assert certbot.certbot_error_text('Saving debug log to x\n', '') == 'certbot printed no explanation'
    many = '\n'.join('line %d' % i for i in range(30))
    assert certbot.certbot_error_text(many, max_lines=3) == 'line 27 line 28 line 29'


# --------------------------------------------------------------------------
# The combined PEM
# --------------------------------------------------------------------------

def test_combined_pem_is_fullchain_then_key_with_newlines():
    leaf, key = make_cert(['www.example.org'])
    chain = make_cert(['intermediate.example.org'])[0]
    pem = certbot.combined_pem(leaf + chain, key_pem(key))
    assert pem == leaf + chain + key_pem(key)
    assert pem.count(b'-----BEGIN CERTIFICATE-----') == 2
    assert pem.index(b'PRIVATE KEY') > pem.rindex(b'END CERTIFICATE')


def test_combined_pem_adds_missing_newline_and_accepts_str():
    assert certbot.combined_pem('CHAIN-without-newline', b'KEY\n\n') == b'CHAIN-without-newline\nKEY\n'
