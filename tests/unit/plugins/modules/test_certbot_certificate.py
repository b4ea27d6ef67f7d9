# SPDX-License-Identifier: GPL-3.0-or-later
"""The module's flow with the real AnsibleModule and argument spec, and a
stand-in for certbot: run_command is replaced by a function that records the
command and writes a lineage the way certbot does (live/ files generated with
cryptography, renewal/<name>.conf as certbot 2.1 writes it)."""
import datetime
import os
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

from ansible_collections.foobar.webstack.plugins.modules import certbot_certificate as module_under_test

NOW = datetime.datetime.now(datetime.timezone.utc)


class ExitJson(Exception):
    def __init__(self, result):
        super(ExitJson, self).__init__(result)
        self.result = result


class FailJson(Exception):
    def __init__(self, msg, result):
        super(FailJson, self).__init__(msg)
        self.msg = msg
        self.result = result


def issue_cert(domains, days=90, issuer_cn='Pebble Intermediate-CA 4a51b3'):
    """(cert PEM, chain PEM, key PEM) for domains, valid ``days`` from now."""
    key = ec.generate_private_key(ec.SECP256R1())
    ca_key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_cn)])
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domains[0])]))
            .issuer_name(issuer).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(NOW + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in domains]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    chain = (x509.CertificateBuilder().subject_name(issuer).issuer_name(issuer)
             .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
             .not_valid_before(NOW - datetime.timedelta(days=1))
             .not_valid_after(NOW + datetime.timedelta(days=900)).sign(ca_key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM), chain.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


class FakeCertbot(object):
    """Plays certbot certonly: writes live/<name>/ and renewal/<name>.conf from its argv."""

    def __init__(self, days=90):
        self.calls = []
        self.days = days
        self.fail = None

    @staticmethod
    def option(argv, name):
        return argv[argv.index(name) + 1] if name in argv else None

    def write_lineage(self, config_dir, name, domains, renewalparams):
        live = os.path.join(config_dir, 'live', name)
        os.makedirs(live, exist_ok=True)
        os.makedirs(os.path.join(config_dir, 'renewal'), exist_ok=True)
        cert, chain, key = issue_cert(domains, self.days)
        for filename, content in (('cert.pem', cert), ('chain.pem', chain),
                                  ('fullchain.pem', cert + chain), ('privkey.pem', key)):
            with open(os.path.join(live, filename), 'wb') as f:
                f.write(content)
        with open(os.path.join(config_dir, 'renewal', name + '.conf'), 'w') as f:
            f.write('# renew_before_expiry = 30 days\nversion = 2.1.0\n\n[renewalparams]\n')
            for k, v in renewalparams.items():
                if v is not None:
                    f.write('%s = %s\n' % (k, v))
        return cert + chain, key

    def __call__(self, module, argv, environ_update=None, **kwargs):
        self.calls.append({'argv': list(argv), 'env': dict(environ_update or {})})
        if self.fail:
            return self.fail
        argv = argv[argv.index('certonly') - 1:]
        domains = [argv[i + 1] for i, a in enumerate(argv) if a == '-d']
        self.write_lineage(self.option(argv, '--config-dir'), self.option(argv, '--cert-name'), domains, {
            'account': 'afba39d7c5fdc9c8d5f980f26ccc62cb',
            'http01_port': self.option(argv, '--http-01-port'),
            'http01_address': self.option(argv, '--http-01-address'),
            'key_type': self.option(argv, '--key-type'),
            'elliptic_curve': self.option(argv, '--elliptic-curve'),
            'renew_hook': self.option(argv, '--deploy-hook'),
            'webroot_path': (self.option(argv, '--webroot-path') + ',') if '--webroot' in argv else None,
            'server': self.option(argv, '--server'),
            'authenticator': 'standalone' if '--standalone' in argv else 'webroot',
        })
        return 0, 'Successfully received certificate.\n', 'Saving debug log to /x/letsencrypt.log\n'


@pytest.fixture
def certbot(monkeypatch):
    fake = FakeCertbot()

    def exit_json(self, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(self, msg, **kwargs):
        raise FailJson(msg, kwargs)

    def get_bin_path(self, arg, required=False, opt_dirs=None):
        return {'certbot': '/usr/bin/certbot', 'timeout': '/usr/bin/timeout'}.get(arg)

    def run_command(self, argv, **kwargs):
        return fake(self, argv, **kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', get_bin_path)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    return fake


@pytest.fixture
def paths(tmp_path):
    (tmp_path / 'haproxy').mkdir()
    return {
        'config_dir': str(tmp_path / 'letsencrypt'),
        'work_dir': str(tmp_path / 'work'),
        'logs_dir': str(tmp_path / 'logs'),
        'combined_pem_path': str(tmp_path / 'haproxy' / 'www.example.org.pem'),
        'live': tmp_path / 'letsencrypt' / 'live' / 'www.example.org',
    }


def run_module(paths, check_mode=False, diff=False, **args):
    module_args = {
        'domains': ['www.example.org', 'example.org'],
        'email': 'hostmaster@example.org',
        'config_dir': paths['config_dir'],
        'work_dir': paths['work_dir'],
        'logs_dir': paths['logs_dir'],
        'combined_pem_path': paths['combined_pem_path'],
        '_ansible_check_mode': check_mode,
        '_ansible_diff': diff,
    }
    module_args.update(args)
    with patch_module_args(module_args):
        try:
            module_under_test.main()
        except ExitJson as e:
            return e.result
    raise AssertionError('the module neither exited nor failed')


def run_failing(paths, **args):
    with pytest.raises(FailJson) as raised:
        run_module(paths, **args)
    return raised.value


def combined(paths):
    live = paths['live']
    return (live / 'fullchain.pem').read_bytes() + (live / 'privkey.pem').read_bytes()


# --------------------------------------------------------------------------
# Issue, keep, renew
# --------------------------------------------------------------------------

def test_check_mode_without_certificate_predicts_issue_and_runs_nothing(certbot, paths):
    result = run_module(paths, check_mode=True, diff=True)
    assert (result['changed'], result['action'], result['reason']) == (True, 'issued', 'no certificate')
    assert result['not_after'] is None and result['domains'] == [] and result['days_remaining'] is None
    assert result['diff']['after']['domains'] == ['www.example.org', 'example.org']
    assert certbot.calls == []
    assert not os.path.exists(paths['combined_pem_path'])


def test_issue_runs_certbot_and_writes_combined_pem(certbot, paths):
    result = run_module(paths, acme_directory='https://pebble:14000/dir', ca_bundle=__file__,
                        deploy_hook='systemctl reload haproxy')
    assert (result['changed'], result['action'], result['reason']) == (True, 'issued', 'no certificate')
    assert result['cert_name'] == 'www.example.org'
    assert result['domains'] == ['www.example.org', 'example.org']
    assert result['issuer'] == 'Pebble Intermediate-CA 4a51b3'
    assert result['days_remaining'] in (89, 90)
    assert result['not_after'].endswith('Z')
    assert result['fullchain_path'] == str(paths['live'] / 'fullchain.pem')
    assert result['key_path'] == str(paths['live'] / 'privkey.pem')
    [call] = certbot.calls
    argv = call['argv']
    assert argv[:4] == ['/usr/bin/timeout', '--kill-after=10', '300', '/usr/bin/certbot']
    assert argv[argv.index('--server') + 1] == 'https://pebble:14000/dir'
    assert argv[argv.index('--deploy-hook') + 1] == 'systemctl reload haproxy'
    assert argv[argv.index('--http-01-port') + 1] == '8888'
    assert argv[argv.index('--http-01-address') + 1] == '127.0.0.1'
    assert '--force-renewal' not in argv
    assert call['env'] == {'REQUESTS_CA_BUNDLE': __file__}
    pem = paths['combined_pem_path']
    with open(pem, 'rb') as f:
        assert f.read() == combined(paths)
    assert stat.S_IMODE(os.stat(pem).st_mode) == 0o600
    assert not [n for n in os.listdir(os.path.dirname(pem)) if n.endswith('.tmp')]


def test_second_run_changes_nothing(certbot, paths):
    run_module(paths)
    result = run_module(paths)
    assert (result['changed'], result['action']) == (False, 'none')
    assert result['reason'].startswith('valid for ')
    assert result['combined_pem_changed'] is False
    assert len(certbot.calls) == 1


def test_domain_change_renews_with_the_new_set(certbot, paths):
    run_module(paths)
    result = run_module(paths, domains=['www.example.org', 'shop.example.org'])
    assert (result['changed'], result['action']) == (True, 'renewed')
    assert result['reason'] == 'domain set changed: added shop.example.org; removed example.org'
    assert result['domains'] == ['www.example.org', 'shop.example.org']
    argv = certbot.calls[-1]['argv']
    assert '--force-renewal' in argv and argv[argv.index('--cert-name') + 1] == 'www.example.org'
    with open(paths['combined_pem_path'], 'rb') as f:
        assert f.read() == combined(paths)


def test_expiry_inside_window_renews_and_check_mode_predicts_it(certbot, paths):
    certbot.days = 10
    run_module(paths)
    certbot.days = 90
    predicted = run_module(paths, check_mode=True)
    assert (predicted['changed'], predicted['action']) == (True, 'renewed')
    assert predicted['reason'] in ('expires in 9 days (renew_before_days 30)', 'expires in 10 days (renew_before_days 30)')
    assert len(certbot.calls) == 1
    result = run_module(paths)
    assert result['action'] == 'renewed' and result['days_remaining'] in (89, 90)
    assert len(certbot.calls) == 2
    assert run_module(paths, renew_before_days=120)['action'] == 'renewed'


def test_changed_port_renews_so_the_stored_renewal_config_follows(certbot, paths):
    run_module(paths)
    result = run_module(paths, http_port=8080)
    assert result['reason'] == 'renewal settings changed: http01_port 8888 -> 8080'
    assert run_module(paths, http_port=8080)['changed'] is False


def test_force_renewal(certbot, paths):
    run_module(paths)
    result = run_module(paths, force_renewal=True)
    assert (result['action'], result['reason']) == ('renewed', 'force_renewal requested')


def test_webroot_passes_the_path(certbot, paths, tmp_path):
    result = run_module(paths, challenge='webroot', webroot_path=str(tmp_path))
    argv = certbot.calls[-1]['argv']
    assert argv[argv.index('--webroot-path') + 1] == str(tmp_path) and '--standalone' not in argv
    assert result['action'] == 'issued'
    assert run_module(paths, challenge='webroot', webroot_path=str(tmp_path))['changed'] is False


# --------------------------------------------------------------------------
# The combined PEM is repaired without the CA
# --------------------------------------------------------------------------

@pytest.mark.parametrize('damage', ['remove', 'stale', 'mode'])
def test_combined_pem_repaired_without_certbot(certbot, paths, damage):
    run_module(paths)
    pem = paths['combined_pem_path']
    if damage == 'remove':
        os.unlink(pem)
    elif damage == 'stale':
        with open(pem, 'wb') as f:
            f.write(b'old content\n')
    else:
        os.chmod(pem, 0o644)
    predicted = run_module(paths, check_mode=True, diff=True)
    assert (predicted['changed'], predicted['action'], predicted['combined_pem_changed']) == (True, 'none', True)
    assert predicted['diff']['before']['combined_pem'] == {'remove': 'absent', 'stale': 'stale', 'mode': 'permissions'}[damage]
    result = run_module(paths)
    assert (result['changed'], result['action'], result['combined_pem_changed']) == (True, 'none', True)
    assert len(certbot.calls) == 1
    with open(pem, 'rb') as f:
        assert f.read() == combined(paths)
    assert stat.S_IMODE(os.stat(pem).st_mode) == 0o600
    assert run_module(paths)['changed'] is False


def test_missing_directory_of_combined_pem(certbot, paths, tmp_path):
    failure = run_failing(paths, combined_pem_path=str(tmp_path / 'nowhere' / 'x.pem'))
    assert 'does not exist; create it first' in failure.msg


# --------------------------------------------------------------------------
# Failures
# --------------------------------------------------------------------------

def test_certbot_failure_names_domain_reason_and_rc(certbot, paths):
    certbot.fail = (1, 'Certbot failed to authenticate some domains (authenticator: standalone). The Certificate '
                       'Authority reported these problems:\n  Domain: example.org\n  Type:   dns\n'
                       '  Detail: DNS problem: NXDOMAIN looking up A for example.org\n',
                    'Saving debug log to /var/log/letsencrypt/letsencrypt.log\nSome challenges have failed.\n')
    failure = run_failing(paths)
    assert failure.msg.startswith('certbot could not issue the certificate www.example.org for '
                                  'www.example.org, example.org from https://acme-v02.api.letsencrypt.org/directory '
                                  '(rc 1): validation failed for example.org: ')
    assert 'NXDOMAIN looking up A for example.org' in failure.msg
    assert 'Saving debug log' not in failure.msg
    assert failure.result['rc'] == 1
    assert not os.path.exists(paths['combined_pem_path'])


def test_certbot_timeout(certbot, paths):
    certbot.fail = (124, '', '')
    failure = run_failing(paths, timeout=20)
    assert 'certbot did not finish within timeout=20 seconds' in failure.msg


def test_missing_certbot_says_what_to_install(certbot, paths):
    failure = run_failing(paths, certbot_path='/opt/nothing/certbot')
    assert "install the Debian package 'certbot'" in failure.msg


def test_check_mode_works_without_certbot_installed(certbot, paths):
    assert run_module(paths, check_mode=True, certbot_path='/opt/nothing/certbot')['action'] == 'issued'


@pytest.mark.parametrize('args, text', [
    ({'domains': ['*.example.org']}, 'wildcard'),
    ({'domains': []}, 'domains is empty'),
    ({'domains': ['www.example.org', 'WWW.example.org']}, 'listed twice'),
    ({'challenge': 'webroot'}, 'challenge is webroot but all of the following are missing: webroot_path'),
    ({'challenge': 'webroot', 'webroot_path': '/nonexistent/www'}, 'webroot_path /nonexistent/www is not a directory'),
    ({'http_port': 70000}, 'http_port 70000 is not a TCP port'),
    ({'renew_before_days': -1}, 'renew_before_days must be 0 or more'),
    ({'timeout': 0}, 'timeout must be a positive number'),
    ({'key_type': 'rsa', 'rsa_key_size': 1024}, 'rsa_key_size 1024'),
    ({'key_type': 'dsa'}, 'value of key_type must be one of: ecdsa, rsa'),
    ({'email': 'nobody'}, "email 'nobody' is not an e-mail address"),
    ({'cert_name': '../x'}, "cert_name '../x' is not a usable certbot name"),
    ({'ca_bundle': '/nonexistent/ca.pem'}, 'ca_bundle /nonexistent/ca.pem does not exist'),
])
def test_bad_arguments_rejected_before_certbot(certbot, paths, args, text):
    failure = run_failing(paths, **args)
    assert text in failure.msg
    assert certbot.calls == []


def test_unreadable_certificate_is_reported(certbot, paths):
    run_module(paths)
    (paths['live'] / 'cert.pem').write_bytes(b'garbage')
    failure = run_failing(paths)
    assert 'Cannot read the certificate' in failure.msg and 'certbot delete --cert-name www.example.org' in failure.msg
