"""A websocket client on a plain blocking socket (websockets' sans-I/O protocol), for tests that
need a client that misbehaves: one that sends and never reads, or reads only when told."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from websockets.client import ClientProtocol
from websockets.frames import Close
from websockets.protocol import State
from websockets.uri import parse_uri


class RawClient:
    """One websocket connection; ``recv_buffer`` keeps the kernel from reading much for us."""

    def __init__(self, url: str, *, recv_buffer: int = 4096, timeout: float = 10.0) -> None:
        self.proto = ClientProtocol(parse_uri(url))
        parts = urlsplit(url)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recv_buffer)
        self.sock.settimeout(timeout)
        self.sock.connect((parts.hostname or "127.0.0.1", parts.port or 80))
        self.proto.send_request(self.proto.connect())
        self._flush()
        while self.proto.state is State.CONNECTING:
            data = self.sock.recv(4096)
            if not data:
                raise ConnectionError("closed during the handshake")
            self.proto.receive_data(data)
        if self.proto.handshake_exc is not None:
            raise self.proto.handshake_exc

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def send_text(self, text: str) -> None:
        self.proto.send_text(text.encode())
        self._flush()

    def read_until_closed(self, deadline: float) -> Close | None:
        """Read (and drop) everything until the server's close frame; None if it never came."""
        while time.monotonic() < deadline:
            try:
                data = self.sock.recv(2**16)
            except (TimeoutError, ConnectionResetError):
                return self.proto.close_rcvd
            if not data:
                self.proto.receive_eof()
                return self.proto.close_rcvd
            self.proto.receive_data(data)
            self.proto.events_received()
            if self.proto.close_rcvd is not None:
                return self.proto.close_rcvd
        return None

    def _flush(self) -> None:
        for chunk in self.proto.data_to_send():
            if chunk:
                self.sock.sendall(chunk)

    def close(self) -> None:
        self.sock.close()
