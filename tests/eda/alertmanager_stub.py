# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for ansible.eda.alertmanager, for checking the rulebook where that collection is missing.

It takes the same arguments and emits the same events as the real source plugin: an aiohttp
webhook receiving Alertmanager's JSON; one event per alert under ``data_alerts_path``, shaped
{"alert": <alert>, "meta": {"endpoint": ..., "headers": ..., "hosts": [...]}}, hosts read from
``data_host_path`` inside the alert (none when it is empty). Only for tests/eda/check_rulebook.sh.
"""
import asyncio

from aiohttp import web


def _dig(data, path, separator):
    for part in path.split(separator):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


async def main(queue, args):
    separator = args.get('data_path_separator', '.')
    alerts_path = args.get('data_alerts_path', 'alerts')
    host_path = args.get('data_host_path', 'labels.instance')

    async def webhook(request):
        payload = await request.json()
        meta = {'endpoint': request.match_info.get('endpoint', ''), 'headers': dict(request.headers)}
        if not args.get('skip_original_data', False):
            await queue.put({'payload': payload, 'meta': meta})
        alerts = _dig(payload, alerts_path, separator) if alerts_path else [payload]
        for alert in alerts or []:
            host = _dig(alert, host_path, separator) if host_path else None
            await queue.put({'alert': alert, 'meta': dict(meta, hosts=[host] if host else [])})
        return web.Response(text='Received')

    app = web.Application()
    app.add_routes([web.post('/{endpoint:.*}', webhook)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, args.get('host', '127.0.0.1'), int(args.get('port', 5000))).start()
    try:
        await asyncio.Future()
    finally:
        await runner.cleanup()
