# SPDX-License-Identifier: GPL-3.0-or-later
"""foobar.webstack.alertmanager (extensions/eda/plugins/event_source/alertmanager.py): the events one
Alertmanager notification makes, and the webhook server itself when aiohttp is installed."""
import asyncio
import importlib.util
import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[6] / 'extensions' / 'eda' / 'plugins' / 'event_source' / 'alertmanager.py'
spec = importlib.util.spec_from_file_location('webstack_alertmanager_source', SOURCE)
alertmanager = importlib.util.module_from_spec(spec)
spec.loader.exec_module(alertmanager)

FIRING = {'alertname': 'MySQLPrimaryDown', 'instance': 'db-01:9104', 'db_role': 'primary'}
NOTIFICATION = {
    'receiver': 'webstack-eda', 'status': 'firing', 'groupLabels': {'alertname': 'MySQLPrimaryDown'},
    'alerts': [
        {'status': 'firing', 'labels': FIRING, 'startsAt': '2026-01-01T00:00:00Z'},
        {'status': 'resolved', 'labels': dict(FIRING, instance='db-02:9104'), 'startsAt': '2026-01-01T00:00:00Z'},
    ],
}
META = {'endpoint': 'alerts', 'headers': {}}


def test_one_event_per_alert_after_the_whole_notification():
    found = alertmanager.events(NOTIFICATION, META, {})
    assert [sorted(event) for event in found] == [['meta', 'payload'], ['alert', 'meta'], ['alert', 'meta']]
    assert found[0]['payload'] is NOTIFICATION
    assert [event['alert']['status'] for event in found[1:]] == ['firing', 'resolved']
    # The default host path is labels.instance.
    assert [event['meta']['hosts'] for event in found[1:]] == [['db-01:9104'], ['db-02:9104']]


def test_skip_original_data_and_no_host_path_as_the_rulebook_sets_them():
    found = alertmanager.events(NOTIFICATION, META, {'skip_original_data': True, 'data_host_path': ''})
    assert len(found) == 2
    assert all(event['meta'] == dict(META, hosts=[]) for event in found)
    assert found[0]['alert']['labels']['alertname'] == 'MySQLPrimaryDown'


def test_other_paths_and_separator():
    payload = {'data': {'items': [{'who': {'host': 'web-1'}}]}}
    found = alertmanager.events(payload, META, {'data_alerts_path': 'data/items', 'data_host_path': 'who/host',
                                                'data_path_separator': '/', 'skip_original_data': True})
    assert found == [{'alert': {'who': {'host': 'web-1'}}, 'meta': dict(META, hosts=['web-1'])}]


@pytest.mark.parametrize('payload, expected', [
    ({'alerts': None}, 0),            # no alerts: only the notification itself
    ({'other': []}, 0),               # the path is missing
    ({'alerts': 'text'}, 0),          # not a list
    ({'alerts': {'labels': {}}}, 1),  # a single alert object
])
def test_notifications_without_a_list_of_alerts(payload, expected):
    found = alertmanager.events(payload, META, {})
    assert found[0] == {'payload': payload, 'meta': META}
    assert len(found) - 1 == expected


def test_the_whole_notification_as_one_alert_when_the_alerts_path_is_empty():
    found = alertmanager.events({'labels': {'instance': 'x'}}, META, {'data_alerts_path': '', 'skip_original_data': True})
    assert found == [{'alert': {'labels': {'instance': 'x'}}, 'meta': dict(META, hosts=['x'])}]


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _post(port, body):
    request = urllib.request.Request('http://127.0.0.1:%d/alerts' % port, data=body,
                                     headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_webhook_server_queues_the_events_and_refuses_a_body_that_is_not_json():
    pytest.importorskip('aiohttp')
    port = _free_port()

    async def scenario():
        queue = asyncio.Queue()
        server = asyncio.create_task(alertmanager.main(queue, {'port': port, 'skip_original_data': True}))
        loop = asyncio.get_running_loop()
        for _attempt in range(50):  # until it listens
            await asyncio.sleep(0.05)
            with socket.socket() as sock:
                if sock.connect_ex(('127.0.0.1', port)) == 0:
                    break
        statuses = [await loop.run_in_executor(None, _post, port, body)
                    for body in (b'not json', b'[1, 2]', json.dumps(NOTIFICATION).encode())]
        server.cancel()
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        return statuses, events

    statuses, events = asyncio.run(scenario())
    assert statuses == [400, 400, 200]
    assert [event['alert']['status'] for event in events] == ['firing', 'resolved']
    assert events[0]['meta']['endpoint'] == 'alerts'
