"""Sessions without a browser: Streamlit's own websocket protocol, for timing and weighing the
server alone.

A browser session costs its machine a second or more of JavaScript before it even asks the
server for a script run, so 40 Chromiums measure mostly themselves. A :class:`Session` does what
the browser does on the wire: it opens ``/_stcore/stream``, sends a ``rerun_script`` BackMsg
with the link's query string and page, and reads the server's ForwardMsgs until
``script_finished``; to change a widget it sends the widget's new state with the query string
the app last wrote and the hashes of the large messages it already holds (the browser's message
cache), as the browser does; a widget drawn inside an ``st.fragment`` is changed with a
rerun of that fragment alone, as the browser asks for it. Only the public wire format
(``streamlit.proto``) is used: no Streamlit internals are patched. Loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlparse


@dataclass
class Run:
    """One script run as the client saw it: bytes received (serialized ForwardMsgs; and
    ``wire_bytes``, what crossed the socket: websocket frames, compressed as the server's
    permessage-deflate sent them), messages,
    figures (plotly charts), exception boxes and the texts of alerts (``st.error``, ``st.info``
    ...) sent, seconds from the request to ``script_finished``, Unix seconds it was asked for
    and finished, and how it ended."""

    bytes: int = 0
    wire_bytes: int = 0
    messages: int = 0
    figures: int = 0
    exceptions: int = 0
    alerts: list[str] = field(default_factory=list)
    seconds: float = 0.0
    opened: float = 0.0
    finished: float = 0.0
    status: int = -1

    @property
    def ok(self) -> bool:
        """Finished without an exception box: a whole run, or a fragment's rerun."""
        return not self.exceptions and self.status in (0, 3)  # ScriptFinishedStatus


@dataclass
class Widget:
    """A widget the last run drew: Streamlit's element id (``$$ID-<hash>-<key>``), the element
    type (``"slider"``, ``"text_area"``, ...), its proto (value, min, max, ...) and the id of
    the fragment that drew it ("" outside fragments)."""

    id: str
    kind: str
    proto: object
    fragment_id: str = ""


@dataclass
class Session:
    """One session on a loopback server (use :func:`session`); ``widgets`` by user key and the
    query string are those of the last run."""

    socket: object
    page: str
    query_string: str
    timeout_s: float
    widgets: dict[str, Widget] = field(default_factory=dict)
    cached_hashes: set[str] = field(default_factory=set)
    #: Bytes the socket has received so far, before decompression (:func:`_count_received`).
    received_bytes: int = 0

    async def run(self, changes: dict[str, object] | None = None) -> Run:
        """Ask for a script run, with the widgets keyed in ``changes`` set to new values (a
        slider's number, a text box's text); return when the run has finished. When every
        changed widget is in one fragment, only that fragment reruns (as in the browser)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        request = BackMsg()
        state = request.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page
        state.cached_message_hashes.extend(sorted(self.cached_hashes))
        for key, value in (changes or {}).items():
            _set_widget(state.widget_states.widgets.add(), self.widgets[key], value)
        fragments = {self.widgets[key].fragment_id for key in changes or {}}
        if len(fragments) == 1 and "" not in fragments:
            state.fragment_id = fragments.pop()
        run = Run(opened=time.time())
        start = time.perf_counter()
        received_before = self.received_bytes
        await self.socket.send(request.SerializeToString())
        async with asyncio.timeout(self.timeout_s):
            while run.status < 0:
                self._receive(await self.socket.recv(), run)
        run.wire_bytes = self.received_bytes - received_before
        run.seconds = time.perf_counter() - start
        run.finished = time.time()
        return run

    def _receive(self, raw: bytes, run: Run) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = ForwardMsg()
        message.ParseFromString(raw)
        run.bytes += len(raw)
        run.messages += 1
        if message.metadata.cacheable:
            self.cached_hashes.add(message.hash)
        kind = message.WhichOneof("type")
        if kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "script_finished":
            run.status = int(message.script_finished)
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            element_type = element.WhichOneof("type")
            run.figures += element_type == "plotly_chart"
            run.exceptions += element_type == "exception"
            if element_type == "alert":
                run.alerts.append(element.alert.body)
            proto = getattr(element, element_type)
            element_id = getattr(proto, "id", "")
            if element_id.startswith("$$ID-") and element_id.count("-") >= 2:
                key = element_id.split("-", 2)[2]
                self.widgets[key] = Widget(element_id, element_type, proto,
                                           message.delta.fragment_id)


def _set_widget(state, widget: Widget, value: object) -> None:
    """Fill one ``WidgetState`` proto as the browser does for this kind of widget."""
    state.id = widget.id
    if widget.kind == "slider":
        state.double_array_value.data.extend([float(value)])
    elif widget.kind in ("text_area", "text_input"):
        state.string_value = str(value)
    elif widget.kind == "checkbox":
        state.bool_value = bool(value)
    else:
        raise ValueError(f"no wire format here for a {widget.kind} widget")


def _check_loopback(server_url: str) -> str:
    url = urlparse(server_url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"loopback servers only, not {server_url}")
    return url.netloc


@contextlib.asynccontextmanager
async def session(server_url: str, page: str, query: dict[str, str], timeout_s: float = 300):
    """``async with session(server_url, page, query) as s``: a connected :class:`Session` on
    ``page`` (its URL path, e.g. ``"attention"``) with the link's ``query``; ``await s.run()``
    for its first script run."""
    import websockets

    async with websockets.connect(f"ws://{_check_loopback(server_url)}/_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None,
                                  open_timeout=timeout_s) as socket:
        opened = Session(socket, page, urlencode(query), timeout_s)
        _count_received(opened)
        yield opened


def _count_received(session: Session) -> None:
    """Add the size of every chunk the connection's transport hands it to
    ``session.received_bytes``: the bytes on the wire, before the websocket library
    decompresses them. The client offers permessage-deflate as a browser does; the server's
    settings decide the compression."""
    socket = session.socket
    receive = socket.data_received

    def counted(data: bytes) -> None:
        session.received_bytes += len(data)
        receive(data)

    socket.data_received = counted


async def open_session(server_url: str, page: str, query: dict[str, str],
                       timeout_s: float = 300) -> dict:
    """One new session on ``page`` with ``query``; returns when its first script run has
    finished: ``opened`` and ``finished`` (Unix seconds), the figures and exception boxes the
    run sent, the messages, and how the run ended."""
    async with session(server_url, page, query, timeout_s) as opened:
        run = await opened.run()
    return {"figures": run.figures, "exceptions": run.exceptions, "messages": run.messages,
            "opened": run.opened, "finished": run.finished, "status": run.status}
