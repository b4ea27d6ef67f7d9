# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure logic behind foobar.webstack.certbot_certificate.

PRIVATE: only for this collection's own plugins; it may change without notice.

Nothing here runs certbot or touches the file system. The functions take
PEM bytes, the text of certbot's renewal configuration, the module's
parameters and the current time, and decide what they mean (which names a
certificate covers, when it expires, whether it must be issued or renewed,
what certbot must be called with, what of certbot's output is the error), so
unit tests can feed them certificates generated on the fly.
"""

from __future__ import annotations

import datetime
import re

try:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtensionOID, NameOID
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None
except ImportError as e:  # pragma: no cover - depends on the target host
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = e

# --------------------------------------------------------------------------
# Domains
# --------------------------------------------------------------------------

_LABEL = re.compile(r'^(?!-)[a-z0-9-]{1,63}(?<!-)$')


def normalize_domain(name):
    """Lower case, without a trailing dot: how names are compared."""
    return (name or '').strip().rstrip('.').lower()


def domain_problem(name):
    """Why ``name`` cannot be requested by HTTP-01, or None when it can."""
    domain = normalize_domain(name)
    if not domain:
        return 'an empty name'
    if '*' in domain:
        return 'a wildcard, which HTTP-01 cannot validate (only DNS-01 can)'
    if len(domain) > 253:
        return 'longer than 253 characters'
    labels = domain.split('.')
    if len(labels) < 2:
        return 'not a fully qualified domain name (it has a single label)'
    for label in labels:
        if not _LABEL.match(label):
            return ("not a valid host name (label '%s': letters, digits and inner hyphens only, "
                    "1 to 63 characters; write internationalised names in their xn-- form)" % label)
    return None


def validate_domains(domains):
    """Return a list of problems with the requested domain list (empty when fine)."""
    problems = []
    if not domains:
        return ['domains is empty; give at least the certificate\'s main name']
    seen = set()
    for name in domains:
        problem = domain_problem(name)
        if problem:
            problems.append("'%s' is %s" % (name, problem))
            continue
        key = normalize_domain(name)
        if key in seen:
            problems.append("'%s' is listed twice" % name)
        seen.add(key)
    return problems


def domain_change(current, requested):
    """``(added, removed)``, sorted, between the names of a certificate and those requested."""
    current_set = set(normalize_domain(d) for d in current)
    requested_set = set(normalize_domain(d) for d in requested)
    return sorted(requested_set - current_set), sorted(current_set - requested_set)


def describe_domain_change(added, removed):
    parts = []
    if added:
        parts.append('added %s' % ', '.join(added))
    if removed:
        parts.append('removed %s' % ', '.join(removed))
    return 'domain set changed: %s' % '; '.join(parts)


# --------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------

def _utc(value):
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


def _name_text(name):
    common_names = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common_names:
        return common_names[0].value
    return name.rfc4514_string()


def describe_public_key(key):
    """``(key_type, detail)``: ('ecdsa', 'secp256r1'), ('rsa', 2048) or (other, None)."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        return 'ecdsa', key.curve.name
    if isinstance(key, rsa.RSAPublicKey):
        return 'rsa', key.key_size
    return type(key).__name__, None


def parse_certificate(pem):
    """Facts of the first certificate in ``pem`` (bytes or str).

    Returns a dict: ``domains`` (DNS names of the subjectAltName, lower case,
    in certificate order; the subject CN when there is no SAN), ``common_name``,
    ``issuer`` (the issuer's CN, else its RFC 4514 string), ``not_before`` and
    ``not_after`` (aware UTC datetimes), ``serial`` (hex), ``key_type`` and
    ``key_detail`` (curve name or RSA size). Raises ValueError when ``pem``
    holds no parsable certificate.
    """
    if isinstance(pem, str):
        pem = pem.encode('ascii', 'replace')
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except Exception as e:  # cryptography raises ValueError or its own errors
        raise ValueError('not a PEM certificate: %s' % e)
    common_name = None
    common_names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common_names:
        common_name = common_names[0].value
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        domains = [normalize_domain(name) for name in san.get_values_for_type(x509.DNSName)]
    except x509.ExtensionNotFound:
        domains = [normalize_domain(common_name)] if common_name else []
    not_before = getattr(cert, 'not_valid_before_utc', None) or _utc(cert.not_valid_before)
    not_after = getattr(cert, 'not_valid_after_utc', None) or _utc(cert.not_valid_after)
    key_type, key_detail = describe_public_key(cert.public_key())
    return {
        'domains': domains,
        'common_name': common_name,
        'issuer': _name_text(cert.issuer),
        'not_before': _utc(not_before),
        'not_after': _utc(not_after),
        'serial': '%x' % cert.serial_number,
        'key_type': key_type,
        'key_detail': key_detail,
    }


def iso8601(moment):
    """``2026-02-26T13:37:00Z`` for an aware datetime (None stays None)."""
    if moment is None:
        return None
    return _utc(moment).strftime('%Y-%m-%dT%H:%M:%SZ')


def days_remaining(not_after, now):
    """Whole days left until ``not_after`` (rounded down; negative once expired)."""
    return int((not_after - now).total_seconds() // 86400)


# --------------------------------------------------------------------------
# certbot's renewal configuration (/etc/letsencrypt/renewal/<name>.conf)
# --------------------------------------------------------------------------

def parse_renewal_conf(text):
    """The ``key = value`` pairs of the ``[renewalparams]`` section (nested sections skipped)."""
    params = {}
    section = None
    for raw in (text or '').splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('['):
            section = line
            continue
        if section != '[renewalparams]' or '=' not in line:
            continue
        key, value = line.split('=', 1)
        params[key.strip()] = value.strip()
    return params


def _list_value(value):
    return [item.strip() for item in (value or '').split(',') if item.strip()]


def _server_key(url):
    return (url or '').strip().rstrip('/')


def desired_renewal_params(params):
    """What certbot must have stored for unattended renewals to work as the module does."""
    wanted = {
        'server': params['acme_directory'],
        'authenticator': params['challenge'],
        'key_type': params['key_type'],
        'renew_hook': params.get('deploy_hook') or None,
    }
    if params['challenge'] == 'standalone':
        wanted['http01_port'] = str(params['http_port'])
        wanted['http01_address'] = params['http_address']
    else:
        wanted['webroot_path'] = params['webroot_path']
    return wanted


# What certbot (2.x) uses for a setting its renewal configuration does not
# name: `certbot renew` rewrites the file keeping only values that differ from
# these (an explicit --http-01-port 80 is dropped at the first renewal).
CERTBOT_DEFAULTS = {
    'server': 'https://acme-v02.api.letsencrypt.org/directory',
    'http01_port': '80',
    'http01_address': '',
    'key_type': 'ecdsa',
}


def renewal_drift(stored, params):
    """Sorted list of ``'name stored -> wanted'`` for settings that differ from the request."""
    wanted = desired_renewal_params(params)
    drift = []
    for name in sorted(wanted):
        want = wanted[name]
        have = stored.get(name, CERTBOT_DEFAULTS.get(name))
        if name == 'server':
            same = _server_key(have) == _server_key(want)
        elif name == 'webroot_path':
            same = [p.rstrip('/') for p in _list_value(have)] == [(want or '').rstrip('/')]
        elif name == 'renew_hook':
            same = (have or None) == want
        else:
            same = (have or '') == (want or '')
        if not same:
            drift.append('%s %s -> %s' % (name, have if have else '(unset)', want if want else '(unset)'))
    return drift


# --------------------------------------------------------------------------
# The decision
# --------------------------------------------------------------------------

def wanted_key(params):
    if params['key_type'] == 'ecdsa':
        return 'ecdsa', params['elliptic_curve']
    return 'rsa', params['rsa_key_size']


def decide(params, cert, renewal_params, now):
    """Decide what to do: ``(action, reason)``.

    ``cert`` is parse_certificate() of the live certificate or None when there
    is none; ``renewal_params`` is parse_renewal_conf() of its renewal
    configuration or None when that file is missing. ``action`` is
    ``issue``, ``renew`` or ``none``; ``reason`` says why, for an operator.
    """
    if cert is None:
        return 'issue', 'no certificate'
    added, removed = domain_change(cert['domains'], params['domains'])
    if added or removed:
        return 'renew', describe_domain_change(added, removed)
    remaining = cert['not_after'] - now
    window = datetime.timedelta(days=params['renew_before_days'])
    if remaining <= window:
        days = days_remaining(cert['not_after'], now)
        if remaining.total_seconds() <= 0:
            when = 'expired %d days ago' % -days if days < 0 else 'expired'
        else:
            when = 'expires in %d days' % days
        return 'renew', '%s (renew_before_days %d)' % (when, params['renew_before_days'])
    key_type, key_detail = wanted_key(params)
    if (cert['key_type'], cert['key_detail']) != (key_type, key_detail):
        return 'renew', 'key changed: %s %s -> %s %s' % (cert['key_type'], cert['key_detail'], key_type, key_detail)
    if renewal_params is None:
        return 'renew', 'renewal configuration missing, unattended renewal would fail'
    drift = renewal_drift(renewal_params, params)
    if drift:
        return 'renew', 'renewal settings changed: %s' % ', '.join(drift)
    if params['force_renewal']:
        return 'renew', 'force_renewal requested'
    return 'none', 'valid for %d more days (renew_before_days %d)' % (
        days_remaining(cert['not_after'], now), params['renew_before_days'])


# --------------------------------------------------------------------------
# certbot's command line and output
# --------------------------------------------------------------------------

def certbot_command(certbot, params, renew):
    """argv for ``certbot certonly`` issuing or renewing the certificate as requested.

    Every setting is given explicitly, so certbot stores all of them in its
    renewal configuration and its timer renews the same way.
    """
    argv = [
        certbot, 'certonly', '--non-interactive', '--agree-tos', '--no-eff-email',
        '--email', params['email'],
        '--cert-name', params['cert_name'],
        '--server', params['acme_directory'],
        '--config-dir', params['config_dir'],
        '--work-dir', params['work_dir'],
        '--logs-dir', params['logs_dir'],
        '--key-type', params['key_type'],
    ]
    if params['key_type'] == 'ecdsa':
        argv += ['--elliptic-curve', params['elliptic_curve']]
    else:
        argv += ['--rsa-key-size', str(params['rsa_key_size'])]
    if params['challenge'] == 'standalone':
        argv += ['--standalone', '--http-01-port', str(params['http_port']),
                 '--http-01-address', params['http_address']]
    else:
        argv += ['--webroot', '--webroot-path', params['webroot_path']]
    if params.get('deploy_hook'):
        argv += ['--deploy-hook', params['deploy_hook']]
    if renew:
        argv.append('--force-renewal')
    for domain in params['domains']:
        argv += ['-d', normalize_domain(domain)]
    return argv


_NOISE = (
    re.compile(r'^Saving debug log to '),
    re.compile(r'^Ask for help or search for solutions at '),
    re.compile(r'^See the logfile '),
    re.compile(r'^Requesting a certificate for '),
    re.compile(r'^Renewing an existing certificate for '),
    re.compile(r'^Account registered\.?$'),
    re.compile(r'^- - - -'),
)


def certbot_error_text(stderr, stdout='', max_lines=15):
    """certbot's own explanation of a failure: its meaningful lines, at most the last ``max_lines``.

    certbot 2 prints the CA's problems per domain on stdout and its summary
    (or an unexpected error) on stderr: both count, stdout first.
    """
    lines = []
    for text in (stdout or '', stderr or ''):
        for raw in text.splitlines():
            line = raw.strip()
            if not line or any(p.match(line) for p in _NOISE):
                continue
            lines.append(line)
    if not lines:
        return 'certbot printed no explanation'
    return ' '.join(lines[-max_lines:])


_FAILED_DOMAIN = re.compile(r'^\s*(?:Domain|Identifier):\s*(\S+)\s*$', re.MULTILINE)


def failed_domains(*texts):
    """The domains certbot reports the CA's problems for (``Domain: x`` lines), in order, once each."""
    found = []
    for text in texts:
        for name in _FAILED_DOMAIN.findall(text or ''):
            if name not in found:
                found.append(name)
    return found


# --------------------------------------------------------------------------
# The combined PEM for HAProxy
# --------------------------------------------------------------------------

def combined_pem(fullchain, privkey):
    """fullchain followed by the private key, each ending with a newline (bytes)."""
    parts = []
    for part in (fullchain, privkey):
        if isinstance(part, str):
            part = part.encode('utf-8')
        part = part.strip(b'\n') + b'\n'
        parts.append(part)
    return b''.join(parts)
