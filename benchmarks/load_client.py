"""The load generator's machinery: a cheap keep-alive HTTP/1.1 client and CPU accounting."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, urlencode


class Client:
    """Keep-alive HTTP/1.1 connections to one host; cheap in CPU (no parsing beyond need)."""

    def __init__(self, host: str, port: int, max_connections: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(max_connections)

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        async with self.slots:
            if self.idle:
                try:  # the server may have closed an idle keep-alive connection: resend once
                    return await self._exchange(self.idle.pop(), raw)
                except (asyncio.IncompleteReadError, ConnectionError):
                    pass
            return await self._exchange(await asyncio.open_connection(self.host, self.port),
                                        raw)

    async def _exchange(self, conn: tuple[asyncio.StreamReader, asyncio.StreamWriter],
                        raw: bytes) -> tuple[int, bytes]:
        reader, writer = conn
        writer.write(raw)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        headers = head.lower()
        if b"transfer-encoding: chunked" in headers:
            body = await _chunked(reader)
        else:
            i = headers.find(b"content-length:")
            size = int(headers[i + 15:headers.index(b"\r\n", i)]) if i >= 0 else 0
            body = await reader.readexactly(size)
        if b"connection: close" in headers:
            writer.close()
        else:
            self.idle.append(conn)
        return status, body


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readline()).strip(), 16)
        data = await reader.readexactly(size + 2)
        if size == 0:
            return b"".join(parts)
        parts.append(data[:-2])


def request(method: str, path: str, token: str | None, body: bytes = b"",
            content_type: str = "application/json") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if method == "POST":
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def form_body(fields: dict[str, str]) -> bytes:
    return urlencode(fields, quote_via=quote).encode()


def _cpu(pid: str) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now(server: subprocess.Popen[bytes] | None, database: str) -> dict[str, float]:
    """CPU seconds so far of the app (server and its workers), this database's PostgreSQL
    backends, and this generator."""
    app = db = 0.0
    pids = set()
    if server is not None:
        pids.add(str(server.pid))
        for task in Path(f"/proc/{server.pid}/task").iterdir():
            pids.update((task / "children").read_text().split())
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if pid in pids:
                app += _cpu(pid)
            elif f"postgres {database} ".encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                db += _cpu(pid)
        except (OSError, IndexError, ValueError):
            continue
    return {"app": app, "PostgreSQL": db, "generator": time.process_time()}
