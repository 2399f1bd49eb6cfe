"""A fake Hugging Face Hub on 127.0.0.1 serving the repos of tests/fake_hub.py.

It answers the routes huggingface_hub 2.4's ``snapshot_download`` uses (read from
``hf_api.repo_info``, ``hf_api._iter_repo_tree_pages`` and ``file_download.get_hf_file_metadata``):

- ``GET /api/models/{repo}/revision/{rev}``: ``{"id", "sha", "siblings"}``;
- ``GET /api/models/{repo}/tree/{rev}``: the file list (``type``, ``oid``, ``size``, ``path``,
  and ``lfs`` for weight files), one page (no ``Link`` header);
- ``HEAD``/``GET /{repo}/resolve/{rev}/{file}``: ``X-Repo-Commit``, ``ETag`` (and
  ``X-Linked-Etag``/``X-Linked-Size`` for LFS files), ``Content-Length``, and the bytes.

Unknown repos get 404 with ``X-Error-Code: RepoNotFound``. Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

from fake_hub import LFS_SUFFIXES, etag, fake_repos, repo_files

_REVISION = re.compile(r"^/api/models/(.+)/revision/([^/]+)$")
_TREE = re.compile(r"^/api/models/(.+)/tree/([^/]+)(/.*)?$")
_RESOLVE = re.compile(r"^/(.+)/resolve/([^/]+)/(.+)$")


@lru_cache(maxsize=None)
def _files(model_id: str) -> dict[str, bytes] | None:
    repo = fake_repos().get(model_id)
    return None if repo is None else repo_files(repo)


def _commit(model_id: str) -> str:
    return fake_repos()[model_id].commit


class _Handler(BaseHTTPRequestHandler):
    server: "FakeHubServer"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None,
              send_body: bool = True) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _json(self, data) -> None:
        self._send(200, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def _not_found(self, send_body: bool = True) -> None:
        self._send(404, b'{"error": "Repository not found"}',
                   {"X-Error-Code": "RepoNotFound", "Content-Type": "application/json"},
                   send_body)

    def _route(self, send_body: bool) -> None:
        path = unquote(urlparse(self.path).path)
        self.server.requests.append((self.command, path))
        if match := _REVISION.match(path):
            files = _files(match[1])
            if files is None:
                return self._not_found(send_body)
            return self._json({"id": match[1], "modelId": match[1], "sha": _commit(match[1]),
                               "private": False,
                               "siblings": [{"rfilename": name} for name in sorted(files)]})
        if match := _TREE.match(path):
            files = _files(match[1])
            if files is None:
                return self._not_found(send_body)
            return self._json([self._tree_entry(name, content)
                               for name, content in sorted(files.items())])
        if match := _RESOLVE.match(path):
            files = _files(match[1])
            if files is None:
                return self._not_found(send_body)
            if match[3] not in files:
                return self._send(404, b"", {"X-Error-Code": "EntryNotFound"}, send_body)
            content = files[match[3]]
            headers = {"X-Repo-Commit": _commit(match[1]),
                       "ETag": f'"{etag(match[3], content)}"',
                       "Content-Type": "application/octet-stream"}
            if match[3].endswith(LFS_SUFFIXES):
                headers["X-Linked-Etag"] = headers["ETag"]
                headers["X-Linked-Size"] = str(len(content))
            return self._send(200, content, headers, send_body)
        self._send(404, b"", {}, send_body)

    @staticmethod
    def _tree_entry(name: str, content: bytes) -> dict:
        entry = {"type": "file", "path": name, "size": len(content),
                 "oid": etag("x.txt", content)}  # the git blob id
        if name.endswith(LFS_SUFFIXES):
            entry["lfs"] = {"oid": etag(name, content), "size": len(content),
                            "pointerSize": 134}
        return entry

    def do_GET(self) -> None:
        self._route(send_body=True)

    def do_HEAD(self) -> None:
        self._route(send_body=False)


class FakeHubServer(ThreadingHTTPServer):
    """``with FakeHubServer.start() as server:`` serves on ``server.endpoint`` until the end."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)  # a free port the system picks
        self.requests: list[tuple[str, str]] = []

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @classmethod
    def start(cls) -> "FakeHubServer":
        """Serve in a thread of its own."""
        server = cls()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def __exit__(self, *exc) -> None:
        self.shutdown()
        super().__exit__(*exc)
