"""The share control: this view's full link, a copy button and a QR code for phones."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
import streamlit as st

from .i18n import lang, t


def current_link() -> str:
    """The page's address with its query string (call after ``state.write_url``).

    ``st.context.url`` is the address in the user's browser without the query (``None``
    outside a browser session, e.g. in AppTest): then the link is relative (``?key=value``).
    The language is always in it, so the link opens in the sharer's language in any browser.
    """
    base = st.context.url or ""
    query = {"lang": lang(), **st.query_params.to_dict()}
    return f"{base}?{urlencode(query)}"


def qr_png(link: str, scale: int = 5) -> bytes | None:
    """A QR code of ``link`` as PNG bytes, or ``None`` when the link is too long for one."""
    try:
        code = segno.make(link, error="m", micro=False)
    except segno.DataOverflowError:
        return None
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


#: Session-state key of the share popover; ``True`` there opens it.
POPOVER_KEY = "share_open"


def render() -> str:
    """Draw the share popover (in the sidebar) and return the link it shows.

    The popover reruns the page when it opens, and its content (the QR code costs a few tens of
    milliseconds) is built only while it is open, so slider moves stay fast.
    """
    link = current_link()
    popover = st.popover(t("share.button"), icon=":material/share:", width="stretch",
                         key=POPOVER_KEY, on_change="rerun")
    if not popover.open:
        return link
    with popover:
        st.caption(t("share.explain"))
        st.code(link, language=None, wrap_lines=True)
        png = qr_png(link)
        if png is None:
            st.info(t("share.too_long"), icon=":material/qr_code:")
        else:
            st.image(png, caption=t("share.qr_caption"), width=240)
    return link
