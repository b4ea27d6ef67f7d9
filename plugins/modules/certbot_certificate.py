#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: certbot_certificate
short_description: Issue and renew an ACME certificate with certbot and keep a combined PEM for HAProxy
version_added: 0.1.0
description:
  - Issues or renews a certificate for a list of domains with C(certbot certonly), validating with
    HTTP-01 either through certbot's own C(standalone) listener on a local port (that the load balancer
    routes C(/.well-known/acme-challenge/) to) or through a C(webroot) directory.
  - Works with any ACME directory (Let's Encrypt production or staging, a private CA such as
    C(step-ca) or C(pebble)), trusting an extra CA bundle for it when O(ca_bundle) is set.
  - "Decides from the files on disk: no certificate in C(live/<cert_name>) issues one; a certificate
    whose subjectAltName DNS names differ from O(domains) is replaced by one for the new set; one that
    expires within O(renew_before_days) days is renewed; so is one whose key type or stored renewal
    settings (ACME server, challenge, port, address, webroot, deploy hook) differ from the request, so
    that certbot's own timer renews it unattended exactly as this module would. Otherwise nothing is
    requested."
  - Every setting is passed to certbot explicitly, so certbot stores them all in
    C(renewal/<cert_name>.conf) under O(config_dir) and C(certbot renew) (Debian's C(certbot.timer))
    renews the same way. The module adds no cron job or timer of its own.
  - Writes O(combined_pem_path), the full chain followed by the private key as HAProxy wants it,
    atomically (a temporary file in the same directory renamed over the old one), mode C(0600),
    owned by root. It is rewritten whenever its content differs from the live certificate's, so a
    missing, stale or hand-edited file is repaired without contacting the CA.
  - Check mode makes the same decision from the files on disk and never runs certbot.
author:
  - foobar engineering (@foobar)
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The decision is made from the files on disk; certbot is not run and the CA is not contacted.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows the certificate's domains, expiry and issuer and the state of O(combined_pem_path) before and after.
options:
  domains:
    description:
      - The DNS names the certificate covers. The first one is its main name (the subject's CN and
        the default O(cert_name)).
      - Compared case-insensitively and in any order with the names of the existing certificate.
      - Wildcards are refused, HTTP-01 cannot validate them.
    type: list
    elements: str
    required: true
  email:
    description:
      - E-mail address of the ACME account (C(--email)); the module also agrees to the CA's terms
        (C(--agree-tos)) and declines the EFF mailing list (C(--no-eff-email)).
    type: str
    required: true
  cert_name:
    description:
      - certbot's name for the certificate (C(--cert-name)), the directory under C(live/) and
        C(renewal/<cert_name>.conf).
      - Defaults to the first of O(domains).
    type: str
  acme_directory:
    description:
      - URL of the ACME directory (C(--server)).
      - Let's Encrypt staging is V(https://acme-staging-v02.api.letsencrypt.org/directory).
    type: str
    default: https://acme-v02.api.letsencrypt.org/directory
  ca_bundle:
    description:
      - A PEM file of CA certificates to trust for the ACME server's HTTPS, for a private CA.
      - Given to certbot as the C(REQUESTS_CA_BUNDLE) environment variable. certbot does not store it,
        so unattended renewals need it too, for example from a systemd drop-in for C(certbot.service)
        with C(Environment=REQUESTS_CA_BUNDLE=<path>).
    type: path
  challenge:
    description:
      - V(standalone) runs certbot's own HTTP server on O(http_address):O(http_port) for the time of
        the validation; the load balancer forwards C(/.well-known/acme-challenge/) to it.
      - V(webroot) writes the challenge files under O(webroot_path), served by a web server on port 80.
    type: str
    choices: [standalone, webroot]
    default: standalone
  http_port:
    description: Port of the standalone listener (C(--http-01-port)).
    type: int
    default: 8888
  http_address:
    description: Address of the standalone listener (C(--http-01-address)).
    type: str
    default: 127.0.0.1
  webroot_path:
    description:
      - Document root of the site on port 80 (C(--webroot-path)); required with O(challenge=webroot).
    type: path
  key_type:
    description: Type of the certificate's key (C(--key-type)).
    type: str
    choices: [ecdsa, rsa]
    default: ecdsa
  elliptic_curve:
    description: Curve of an ECDSA key (C(--elliptic-curve)).
    type: str
    choices: [secp256r1, secp384r1, secp521r1]
    default: secp256r1
  rsa_key_size:
    description: Size in bits of an RSA key (C(--rsa-key-size)).
    type: int
    default: 2048
  renew_before_days:
    description:
      - Renew when the certificate expires in this many days or fewer.
      - Applies to runs of this module; certbot's timer renews according to its own
        C(renew_before_expiry) (30 days unless changed in the renewal configuration).
    type: int
    default: 30
  combined_pem_path:
    description:
      - File to write the full chain followed by the private key to (what HAProxy's C(crt) wants).
      - Its directory must exist.
    type: path
    required: true
  config_dir:
    description: certbot's configuration directory (C(--config-dir)), holding C(live/), C(archive/) and C(renewal/).
    type: path
    default: /etc/letsencrypt
  work_dir:
    description: certbot's working directory (C(--work-dir)).
    type: path
    default: /var/lib/letsencrypt
  logs_dir:
    description: certbot's log directory (C(--logs-dir)).
    type: path
    default: /var/log/letsencrypt
  deploy_hook:
    description:
      - Shell command certbot runs after each successful issuance or renewal (C(--deploy-hook)),
        stored in the renewal configuration so unattended renewals run it too, for example a
        command that rebuilds the combined PEM and reloads HAProxy.
      - certbot sets C(RENEWED_LINEAGE) (the C(live/<cert_name>) directory) for it.
    type: str
  certbot_path:
    description: The certbot program, a name looked up in C(PATH) or an absolute path.
    type: str
    default: certbot
  timeout:
    description: Seconds certbot may take before it is stopped and the module fails.
    type: int
    default: 300
  force_renewal:
    description: Renew even when nothing else calls for it.
    type: bool
    default: false
requirements:
  - certbot (Debian package C(certbot)) on the target.
  - The Python C(cryptography) library on the target (Debian package C(python3-cryptography), a dependency of certbot).
notes:
  - "The certificate's files are certbot's: C(live/<cert_name>/cert.pem), C(chain.pem), C(fullchain.pem)
    and C(privkey.pem) under O(config_dir)."
  - A renewal replaces the key (certbot's default); a changed domain set keeps the O(cert_name).
  - Failures report certbot's own explanation (for example the CA's reason a challenge failed for a
    domain), the domains requested and certbot's exit code; details are in C(letsencrypt.log) under O(logs_dir).
seealso:
  - name: certbot documentation
    description: Command line options and the renewal configuration.
    link: https://eff-certbot.readthedocs.io/en/stable/using.html
"""

EXAMPLES = r"""
- name: Certificate for the site, HTTP-01 answered by certbot behind HAProxy
  foobar.webstack.certbot_certificate:
    domains:
      - www.foobar.com
      - foobar.com
    email: hostmaster@foobar.com
    http_port: 8888
    combined_pem_path: /etc/haproxy/certs/www.foobar.com.pem
    deploy_hook: /usr/local/sbin/webstack-haproxy-cert-deploy
  register: __haproxy_certificate

- name: Against Let's Encrypt staging, with an RSA key
  foobar.webstack.certbot_certificate:
    domains: [www.foobar.com]
    email: hostmaster@foobar.com
    acme_directory: https://acme-staging-v02.api.letsencrypt.org/directory
    key_type: rsa
    rsa_key_size: 3072
    combined_pem_path: /etc/haproxy/certs/www.foobar.com.pem

- name: From a private ACME CA whose HTTPS certificate is signed by an internal CA
  foobar.webstack.certbot_certificate:
    domains: [www.webstack.test]
    email: admin@webstack.test
    acme_directory: https://ca.internal.example:14000/dir
    ca_bundle: /usr/local/share/ca-certificates/internal-ca.crt
    combined_pem_path: /etc/haproxy/certs/www.webstack.test.pem

- name: With a web server already serving port 80
  foobar.webstack.certbot_certificate:
    domains: [www.foobar.com]
    email: hostmaster@foobar.com
    challenge: webroot
    webroot_path: /var/www/html
    combined_pem_path: /etc/ssl/private/www.foobar.com.pem

- name: Show when it expires
  ansible.builtin.debug:
    msg: "{{ __haproxy_certificate.cert_name }} expires {{ __haproxy_certificate.not_after }} ({{ __haproxy_certificate.days_remaining }} days)"
"""

RETURN = r"""
action:
  description:
    - What was done (in check mode, what would be done) with the certificate.
    - V(issued) when there was none, V(renewed) when it was replaced, V(none) when it was kept.
  returned: always
  type: str
  sample: issued
reason:
  description: Why the certificate was issued, renewed or kept.
  returned: always
  type: str
  sample: "domain set changed: added b.example; removed c.example"
cert_name:
  description: certbot's name of the certificate.
  returned: always
  type: str
  sample: www.foobar.com
domains:
  description:
    - The DNS names of the certificate in place after the run, in the certificate's order.
    - In check mode, or when there is no certificate, the names of the current one (empty when none).
  returned: always
  type: list
  elements: str
  sample: [www.foobar.com, foobar.com]
cert_path:
  description: The certificate alone (C(live/<cert_name>/cert.pem)).
  returned: always
  type: str
  sample: /etc/letsencrypt/live/www.foobar.com/cert.pem
chain_path:
  description: The intermediate certificates (C(live/<cert_name>/chain.pem)).
  returned: always
  type: str
  sample: /etc/letsencrypt/live/www.foobar.com/chain.pem
fullchain_path:
  description: The certificate followed by the intermediates (C(live/<cert_name>/fullchain.pem)).
  returned: always
  type: str
  sample: /etc/letsencrypt/live/www.foobar.com/fullchain.pem
key_path:
  description: The private key (C(live/<cert_name>/privkey.pem)).
  returned: always
  type: str
  sample: /etc/letsencrypt/live/www.foobar.com/privkey.pem
combined_pem_path:
  description: The full chain and key in one file, for HAProxy.
  returned: always
  type: str
  sample: /etc/haproxy/certs/www.foobar.com.pem
combined_pem_changed:
  description: Whether O(combined_pem_path) was (or in check mode would be) written or had its mode or owner fixed.
  returned: always
  type: bool
  sample: false
not_after:
  description: When the certificate expires, ISO 8601 in UTC; V(null) when there is none (check mode before the first issuance).
  returned: always
  type: str
  sample: "2026-02-26T13:37:00Z"
days_remaining:
  description: Whole days until RV(not_after); V(null) when there is no certificate.
  returned: always
  type: int
  sample: 89
issuer:
  description: The issuer's common name (its full distinguished name when it has none); V(null) when there is no certificate.
  returned: always
  type: str
  sample: Pebble Intermediate-CA 4a51b3
"""

import datetime
import os
import tempfile

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.foobar.webstack.plugins.module_utils._certbot import (
    CRYPTOGRAPHY_IMPORT_ERROR,
    HAS_CRYPTOGRAPHY,
    certbot_command,
    certbot_error_text,
    combined_pem,
    days_remaining,
    decide,
    failed_domains,
    iso8601,
    parse_certificate,
    parse_renewal_conf,
    validate_domains,
)

ACTION_DONE = {'issue': 'issued', 'renew': 'renewed', 'none': 'none'}
# Exit status of timeout(1) when it had to stop the command.
TIMEOUT_RC = 124


def live_paths(params):
    live = os.path.join(params['config_dir'], 'live', params['cert_name'])
    return {
        'cert_path': os.path.join(live, 'cert.pem'),
        'chain_path': os.path.join(live, 'chain.pem'),
        'fullchain_path': os.path.join(live, 'fullchain.pem'),
        'key_path': os.path.join(live, 'privkey.pem'),
    }


def _read(path):
    with open(path, 'rb') as f:
        return f.read()


def require_cryptography(module):
    if not HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib('cryptography (Debian package python3-cryptography)'),
                         exception=to_native(CRYPTOGRAPHY_IMPORT_ERROR))


def read_live_certificate(module, paths):
    """parse_certificate() of live/<name>/cert.pem, or None when there is none."""
    if not os.path.exists(paths['cert_path']):
        return None
    require_cryptography(module)
    try:
        return parse_certificate(_read(paths['cert_path']))
    except (IOError, OSError, ValueError) as e:
        module.fail_json(msg='Cannot read the certificate %s of cert_name %s: %s. Repair or delete the '
                             'lineage (certbot delete --cert-name %s) and run again.'
                             % (paths['cert_path'], module.params['cert_name'], to_native(e),
                                module.params['cert_name']))


def read_renewal_params(module):
    path = os.path.join(module.params['config_dir'], 'renewal', '%s.conf' % module.params['cert_name'])
    if not os.path.exists(path):
        return None
    try:
        return parse_renewal_conf(to_native(_read(path), errors='surrogate_or_strict'))
    except (IOError, OSError) as e:
        module.fail_json(msg='Cannot read certbot\'s renewal configuration %s: %s' % (path, to_native(e)))


def combined_pem_state(path, wanted):
    """'ok', 'absent', 'stale' (content differs) or 'permissions' (mode or owner wrong)."""
    try:
        st = os.lstat(path)
    except OSError:
        return 'absent'
    if wanted is None:
        return 'ok'
    try:
        current = _read(path)
    except (IOError, OSError):
        return 'stale'
    if current != wanted or not os.path.isfile(path) or os.path.islink(path):
        return 'stale'
    if st.st_mode & 0o7777 != 0o600 or (os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0)):
        return 'permissions'
    return 'ok'


def write_combined_pem(module, path, content):
    """Write content to path atomically: a 0600 temporary file in the same directory, renamed."""
    directory = os.path.dirname(path) or '.'
    if not os.path.isdir(directory):
        module.fail_json(msg='The directory %s of combined_pem_path does not exist; create it first '
                             '(for example with ansible.builtin.file, mode 0700).' % directory)
    fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp', dir=directory)
    try:
        os.fchmod(fd, 0o600)
        if os.geteuid() == 0:
            os.fchown(fd, 0, 0)
        with os.fdopen(fd, 'wb') as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
    except (IOError, OSError) as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        module.fail_json(msg='Cannot write combined_pem_path %s: %s' % (path, to_native(e)))


def fix_permissions(module, path):
    try:
        os.chmod(path, 0o600)
        if os.geteuid() == 0:
            os.chown(path, 0, 0)
    except OSError as e:
        module.fail_json(msg='Cannot set mode 0600, owner root on combined_pem_path %s: %s' % (path, to_native(e)))


def wanted_combined_pem(module, paths):
    if not (os.path.exists(paths['fullchain_path']) and os.path.exists(paths['key_path'])):
        return None
    try:
        return combined_pem(_read(paths['fullchain_path']), _read(paths['key_path']))
    except (IOError, OSError) as e:
        module.fail_json(msg='Cannot read the certificate files of cert_name %s: %s'
                             % (module.params['cert_name'], to_native(e)))


def run_certbot(module, certbot, renew):
    params = module.params
    argv = certbot_command(certbot, params, renew)
    timeout_bin = module.get_bin_path('timeout')
    if timeout_bin:
        argv = [timeout_bin, '--kill-after=10', str(params['timeout'])] + argv
    environ = {}
    if params['ca_bundle']:
        environ['REQUESTS_CA_BUNDLE'] = params['ca_bundle']
    rc, out, err = module.run_command(argv, environ_update=environ)
    if rc != 0:
        what = 'renew' if renew else 'issue'
        if timeout_bin and rc == TIMEOUT_RC:
            detail = 'certbot did not finish within timeout=%d seconds' % params['timeout']
        else:
            detail = certbot_error_text(err, out)
            failed = failed_domains(out, err)
            if failed:
                detail = 'validation failed for %s: %s' % (', '.join(failed), detail)
        module.fail_json(
            msg='certbot could not %s the certificate %s for %s from %s (rc %d): %s' % (
                what, params['cert_name'], ', '.join(params['domains']), params['acme_directory'], rc, detail),
            rc=rc, stdout=out, stderr=err, cmd=' '.join(argv))


def check_params(module):
    params = module.params
    problems = validate_domains(params['domains'])
    if problems:
        module.fail_json(msg='domains: %s.' % '; '.join(problems))
    params['domains'] = [d.strip().rstrip('.').lower() for d in params['domains']]
    if params['cert_name'] is None:
        params['cert_name'] = params['domains'][0]
    if not params['cert_name'] or '/' in params['cert_name'] or params['cert_name'].startswith('.'):
        module.fail_json(msg="cert_name '%s' is not a usable certbot name (no slash, not empty, no leading dot)"
                         % params['cert_name'])
    if '@' not in params['email']:
        module.fail_json(msg="email '%s' is not an e-mail address" % params['email'])
    if not 1 <= params['http_port'] <= 65535:
        module.fail_json(msg='http_port %d is not a TCP port (1-65535)' % params['http_port'])
    if params['renew_before_days'] < 0:
        module.fail_json(msg='renew_before_days must be 0 or more, not %d' % params['renew_before_days'])
    if params['timeout'] <= 0:
        module.fail_json(msg='timeout must be a positive number of seconds, not %d' % params['timeout'])
    if params['key_type'] == 'rsa' and params['rsa_key_size'] not in (2048, 3072, 4096):
        module.fail_json(msg='rsa_key_size %d is not one ACME CAs accept (2048, 3072 or 4096)' % params['rsa_key_size'])
    if params['ca_bundle'] and not os.path.isfile(params['ca_bundle']):
        module.fail_json(msg='ca_bundle %s does not exist on the host' % params['ca_bundle'])
    if params['challenge'] == 'webroot' and not os.path.isdir(params['webroot_path']) and not module.check_mode:
        module.fail_json(msg='webroot_path %s is not a directory on the host' % params['webroot_path'])


def summary(cert, pem_state):
    if cert is None:
        return {'domains': [], 'not_after': None, 'issuer': None, 'combined_pem': pem_state}
    return {'domains': cert['domains'], 'not_after': iso8601(cert['not_after']),
            'issuer': cert['issuer'], 'combined_pem': pem_state}


def run(module, now=None):
    """Everything main() does after parsing the arguments; takes any AnsibleModule-like object."""
    check_params(module)
    params = module.params
    paths = live_paths(params)

    certbot = None
    if not module.check_mode:
        certbot = module.get_bin_path(params['certbot_path'])
        if certbot is None:
            module.fail_json(msg="certbot not found (certbot_path=%s): install the Debian package 'certbot' "
                                 "(and python3-cryptography) on the host first." % params['certbot_path'])

    injected_now = now is not None
    now = now or datetime.datetime.now(datetime.timezone.utc)
    cert = read_live_certificate(module, paths)
    renewal = read_renewal_params(module) if cert is not None else None
    decision, reason = decide(params, cert, renewal, now)
    before_pem = combined_pem_state(params['combined_pem_path'], wanted_combined_pem(module, paths))
    before = summary(cert, before_pem)

    if decision != 'none' and not module.check_mode:
        run_certbot(module, certbot, renew=decision == 'renew')
        cert = read_live_certificate(module, paths)
        if cert is None:
            module.fail_json(msg='certbot reported success but %s does not exist' % paths['cert_path'])
        if not injected_now:
            now = datetime.datetime.now(datetime.timezone.utc)

    pem_changed = False
    if decision != 'none':
        pem_changed = True
        if not module.check_mode:
            write_combined_pem(module, params['combined_pem_path'], wanted_combined_pem(module, paths))
    else:
        wanted = wanted_combined_pem(module, paths)
        if wanted is None:
            module.fail_json(msg='The certificate of cert_name %s has no %s or %s' % (
                params['cert_name'], paths['fullchain_path'], paths['key_path']))
        state = combined_pem_state(params['combined_pem_path'], wanted)
        if state != 'ok':
            pem_changed = True
            if not module.check_mode:
                if state == 'permissions':
                    fix_permissions(module, params['combined_pem_path'])
                else:
                    write_combined_pem(module, params['combined_pem_path'], wanted)

    changed = decision != 'none' or pem_changed
    result = dict(
        changed=changed,
        action=ACTION_DONE[decision],
        reason=reason,
        cert_name=params['cert_name'],
        domains=cert['domains'] if cert else [],
        combined_pem_path=params['combined_pem_path'],
        combined_pem_changed=pem_changed,
        not_after=iso8601(cert['not_after']) if cert else None,
        days_remaining=days_remaining(cert['not_after'], now) if cert else None,
        issuer=cert['issuer'] if cert else None,
        **paths
    )
    if module._diff:
        after = summary(cert, 'ok')
        if module.check_mode and decision != 'none':
            after.update(domains=list(params['domains']), not_after='(new certificate)',
                         issuer='(from %s)' % params['acme_directory'])
        result['diff'] = {'before': before, 'after': after,
                          'before_header': '%s (certbot %s)' % (params['cert_name'], params['config_dir']),
                          'after_header': '%s (certbot %s)' % (params['cert_name'], params['config_dir'])}
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            domains=dict(type='list', elements='str', required=True),
            email=dict(type='str', required=True),
            cert_name=dict(type='str'),
            acme_directory=dict(type='str', default='https://acme-v02.api.letsencrypt.org/directory'),
            ca_bundle=dict(type='path'),
            challenge=dict(type='str', choices=['standalone', 'webroot'], default='standalone'),
            http_port=dict(type='int', default=8888),
            http_address=dict(type='str', default='127.0.0.1'),
            webroot_path=dict(type='path'),
            key_type=dict(type='str', choices=['ecdsa', 'rsa'], default='ecdsa'),
            elliptic_curve=dict(type='str', choices=['secp256r1', 'secp384r1', 'secp521r1'], default='secp256r1'),
            rsa_key_size=dict(type='int', default=2048),
            renew_before_days=dict(type='int', default=30),
            combined_pem_path=dict(type='path', required=True),
            config_dir=dict(type='path', default='/etc/letsencrypt'),
            work_dir=dict(type='path', default='/var/lib/letsencrypt'),
            logs_dir=dict(type='path', default='/var/log/letsencrypt'),
            deploy_hook=dict(type='str'),
            certbot_path=dict(type='str', default='certbot'),
            timeout=dict(type='int', default=300),
            force_renewal=dict(type='bool', default=False),
        ),
        required_if=[('challenge', 'webroot', ['webroot_path'])],
        supports_check_mode=True,
    )
    run(module)


if __name__ == '__main__':
    main()
