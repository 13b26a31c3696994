"""The HTTP protocol ``serve`` runs: uvicorn's h11 protocol with a deadline for the request head.

uvicorn times out an idle keep-alive connection, but not one that is sending its request line and
headers a byte at a time (slowloris): hundreds of those hold the server's sockets forever. Here a
connection that has not delivered a whole request head within ``header_timeout`` seconds of opening
(or of its last response) is closed.
"""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

from storyline.config import settings


class HeadTimeoutH11(H11Protocol):
    """``H11Protocol`` that closes a connection whose request head does not arrive in time."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # a whole request head arrived: the request is being answered

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request's head has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(settings().header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _expire(self) -> None:
        self._head_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered after all
        if not self.transport.is_closing():
            self.transport.close()
