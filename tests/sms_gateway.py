"""A cloud SMS gateway for tests: a stdlib HTTP server in a thread that checks each
request's HMAC signature, accepts or rejects messages, and hands out delivery receipts."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from doorstep.visits.appointments.sms_signing import verify

KEY_ID, SECRET = "LTAI-test-key", "test-secret-of-the-gateway"


@dataclass
class Gateway:
    """What the gateway saw: accepted messages, refused signatures, receipts to hand out."""

    now: Callable[[], datetime]
    url: str = ""
    accepted: list[dict[str, Any]] = field(default_factory=list)
    bad_signatures: int = 0
    busy: int = 0  # answer this many sends with a throttling error first
    receipts: list[dict[str, Any]] = field(default_factory=list)


def _handler(gw: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            return

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not verify(dict(self.headers), KEY_ID, SECRET, "POST", self.path, body,
                          gw.now()):
                gw.bad_signatures += 1
                self._answer(403, {"Code": "SignatureDoesNotMatch"})
                return
            if self.path == "/sms/receipts":
                handed, gw.receipts = gw.receipts, []
                self._answer(200, {"Code": "OK", "Receipts": handed})
                return
            if gw.busy:
                gw.busy -= 1
                self._answer(200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "busy"})
                return
            message = json.loads(body)
            biz_id = f"biz-{len(gw.accepted) + 1}"
            gw.accepted.append(message)
            gw.receipts.append({"BizId": biz_id, "OutId": message["OutId"],
                                "Status": "DELIVERED", "ErrCode": "DELIVERED",
                                "ReportTime": gw.now().isoformat()})
            self._answer(200, {"Code": "OK", "BizId": biz_id})

    return Handler


@contextmanager
def running_gateway(now: Callable[[], datetime]) -> Iterator[Gateway]:
    """The gateway on a free local port for the length of the block."""
    gw = Gateway(now)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gw))
    gw.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gw
    finally:
        server.shutdown()
        server.server_close()
