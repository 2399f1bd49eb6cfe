"""Sessions without a browser: Streamlit's own websocket protocol, for timing the server alone.

A browser session costs its machine a second or more of JavaScript before it even asks the
server for a script run, so 40 Chromiums measure mostly themselves. :func:`open_session` does
what the browser's first connection does on the wire (open ``/_stcore/stream``, send one
``rerun_script`` BackMsg with the link's query string and page) and reads the server's
ForwardMsgs until ``script_finished``, counting the figures and error boxes sent. Loopback only.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode, urlparse


async def open_session(server_url: str, page: str, query: dict[str, str],
                       timeout_s: float = 300) -> dict:
    """One new session on ``page`` (its URL path, e.g. ``"attention"``) with ``query``; returns
    when its first script run has finished: ``opened`` and ``finished`` (Unix seconds), the
    figures (plotly charts) and exception boxes the run sent, and how the run ended."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = urlparse(server_url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"loopback servers only, not {server_url}")
    request = BackMsg()
    request.rerun_script.query_string = urlencode(query)
    request.rerun_script.page_name = page
    found = {"figures": 0, "exceptions": 0, "messages": 0}
    opened = time.time()
    async with websockets.connect(f"ws://{url.netloc}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=timeout_s) as socket:
        await socket.send(request.SerializeToString())
        async with asyncio.timeout(timeout_s):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await socket.recv())
                found["messages"] += 1
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element.WhichOneof("type")
                    found["figures"] += element == "plotly_chart"
                    found["exceptions"] += element == "exception"
                if kind == "script_finished":
                    return {**found, "opened": opened, "finished": time.time(),
                            "status": int(message.script_finished)}
