# SPDX-License-Identifier: GPL-3.0-or-later
"""Try a TCP connection to every target and port at once; print a JSON object
{target: {port: result}}. Results: open (accepted), drop (no answer within the
timeout: a drop rule or policy), refused (a reset: the packet got through but
nothing listened), egress (this host's own output filter refused to send it),
or the errno name of any other failure.

usage: fw_test_probe.py TIMEOUT PORT,PORT,... NAME=ADDRESS..."""
import concurrent.futures
import errno
import json
import socket
import sys


def probe(address, port, timeout):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((address, port))
        return 'open'
    except socket.timeout:
        return 'drop'
    except ConnectionRefusedError:
        return 'refused'
    except PermissionError:
        return 'egress'
    except OSError as error:
        return errno.errorcode.get(error.errno, str(error))
    finally:
        sock.close()


def main(timeout, ports, targets):
    cells = [(name, address, port) for name, address in targets for port in ports]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(cells) or 1) as pool:
        results = pool.map(lambda cell: probe(cell[1], cell[2], timeout), cells)
    matrix = {}
    for (name, dummy, port), result in zip(cells, results):
        matrix.setdefault(name, {})[str(port)] = result
    print(json.dumps(matrix, sort_keys=True))


if __name__ == '__main__':
    main(float(sys.argv[1]), [int(port) for port in sys.argv[2].split(',')],
         [arg.split('=', 1) for arg in sys.argv[3:]])
