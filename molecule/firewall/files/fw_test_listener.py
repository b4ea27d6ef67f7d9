# SPDX-License-Identifier: GPL-3.0-or-later
"""Accept and close TCP connections on every port given, so that whether a
connection gets through depends on the firewall alone. A port some real
service already holds (sshd) is left to it: that answers too."""
import selectors
import socket
import sys

selector = selectors.DefaultSelector()
for port in sorted({int(arg) for arg in sys.argv[1:]}):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(('0.0.0.0', port))
    except OSError:
        listener.close()
        continue
    listener.listen(128)
    selector.register(listener, selectors.EVENT_READ)

while True:
    for key, dummy in selector.select():
        connection, dummy = key.fileobj.accept()
        connection.close()
