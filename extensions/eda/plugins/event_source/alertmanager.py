# SPDX-License-Identifier: GPL-3.0-or-later
"""foobar.webstack.alertmanager: an Event-Driven Ansible event source receiving Alertmanager's webhook.

An HTTP server that takes Alertmanager's webhook notifications (POST, any path) and puts one event per
alert on the rulebook's queue, so rules match on ``event.alert.labels.alertname`` and
``event.alert.status``. Arguments and events are those of ``ansible.eda.alertmanager``, so a rulebook
may use either; this one ships with the collection because ansible.eda is not always installable
where rulebooks run (it is not in the ``ansible`` package).

Arguments:
    host: address to listen on (default 127.0.0.1).
    port: TCP port (default 5000).
    data_alerts_path: where the list of alerts is in the notification (default ``alerts``; empty:
        the whole notification is one alert).
    data_host_path: where an alert names its host (default ``labels.instance``; empty: none), put in
        ``meta.hosts`` to limit the rule's action to that host.
    data_path_separator: separator of the two paths (default ``.``).
    skip_original_data: when false (the default), the whole notification is also put on the queue as
        ``{"payload": ..., "meta": ...}`` before its alerts.

Event per alert: ``{"alert": <the alert>, "meta": {"endpoint": <path>, "headers": {...}, "hosts": [...]}}``.
A body that is not a JSON object gets HTTP 400 and no event.

Example (extensions/eda/rulebooks/mysql_failover.yml):

    sources:
      - foobar.webstack.alertmanager:
          host: 0.0.0.0
          port: 5001
          data_host_path: ""
"""
import asyncio
import json

DEFAULTS = {
    'host': '127.0.0.1',
    'port': 5000,
    'data_alerts_path': 'alerts',
    'data_host_path': 'labels.instance',
    'data_path_separator': '.',
    'skip_original_data': False,
}


def dig(data, path, separator='.'):
    """The value at ``path`` (parts joined by ``separator``) inside nested dicts, or None."""
    for part in path.split(separator):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def events(payload, meta, args):
    """The events one webhook notification makes, in queue order (pure: no I/O)."""
    settings = dict(DEFAULTS, **args)
    separator = settings['data_path_separator']
    found = []
    if not settings['skip_original_data']:
        found.append({'payload': payload, 'meta': meta})
    alerts_path, host_path = settings['data_alerts_path'], settings['data_host_path']
    alerts = dig(payload, alerts_path, separator) if alerts_path else [payload]
    if isinstance(alerts, dict):
        alerts = [alerts]
    for alert in alerts if isinstance(alerts, list) else []:
        host = dig(alert, host_path, separator) if host_path else None
        found.append({'alert': alert, 'meta': dict(meta, hosts=[host] if host else [])})
    return found


async def main(queue, args):
    """ansible-rulebook's entry point: serve until cancelled."""
    from aiohttp import web  # ansible-rulebook's own dependency; imported here so events() needs none

    settings = dict(DEFAULTS, **args)

    async def webhook(request):
        try:
            payload = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise web.HTTPBadRequest(text='the body must be JSON')
        if not isinstance(payload, dict):
            raise web.HTTPBadRequest(text='the body must be a JSON object')
        meta = {'endpoint': request.match_info.get('endpoint', ''), 'headers': dict(request.headers)}
        for event in events(payload, meta, settings):
            await queue.put(event)
        return web.Response(text='Received')

    app = web.Application()
    app.add_routes([web.post('/{endpoint:.*}', webhook)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, settings['host'], int(settings['port'])).start()
    try:
        await asyncio.Future()
    finally:
        await runner.cleanup()


if __name__ == '__main__':
    # Manual check: python alertmanager.py, then POST a notification to http://127.0.0.1:5000/.
    class _PrintQueue:
        async def put(self, event):
            print(json.dumps(event))

    asyncio.run(main(_PrintQueue(), {}))
