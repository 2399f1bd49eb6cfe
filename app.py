"""bertvis entry point: page config, the shared sidebar, and navigation over ``app_pages/``
(not ``pages/``: Streamlit treats a ``pages/`` folder as old-style pages and runs them without
``app.py`` when opened by URL).

Run with ``streamlit run app.py`` (the README's ``make run`` does it for you). Streamlit imports
this file once as a module to find ``app``, the server (an ``st.App`` whose lifespan warms the
server as it starts, :mod:`bertvis.ui.server_start`); each visitor's run executes it as
``__main__``, the navigation below.
"""

import streamlit as st

if __name__ != "__main__":  # imported by `streamlit run app.py`: the server
    from bertvis.ui import server_start

    app = st.App(__file__, lifespan=server_start.lifespan)
else:  # a visitor's script run
    from bertvis.ui import runs, warm

    runs.begin()
    warm.start()  # the visitor's model and Trace, prepared while the modules below import
    preload = warm.preload_plotly()  # and the browser fetches plotly's JavaScript meanwhile

    from bertvis.errors import BertvisError
    from bertvis.ui import cache, errors, export, page_globals, sidebar, state  # after runs.begin()
    from bertvis.ui.figures import projector, projector_css
    from bertvis.ui.i18n import t
    from bertvis.ui.lessons import LESSONS

    st.set_page_config(page_title="bertvis", page_icon=":material/visibility:", layout="wide")

    state.sync_from_url()
    export.start()
    sidebar.render()
    if projector():
        st.html(projector_css())
    navigation = st.navigation(
        [
            st.Page(lesson.path, title=t(lesson.title_key), icon=lesson.icon,
                    url_path=lesson.url or None, default=not lesson.url)
            for lesson in LESSONS
        ]
    )
    waiting = st.empty()
    try:  # under memory pressure, one page run after another, first come first served
        with cache.store().run_slot(on_wait=lambda: waiting.info(
                t("memory.waiting"), icon=":material/hourglass_top:")):
            waiting.empty()
            try:
                navigation.run()
            finally:  # functions the page defined outlive the run: not its models and Traces
                page_globals.release()
    except errors.PageStopped:  # the page showed why it can't go on; the sidebar still follows
        pass
    except BertvisError as refused:  # one no section caught (memory_full): its message
        errors.show(refused)
    state.write_url()
    sidebar.render_after(navigation.title, navigation.url_path or "home")
    warm.end_preload(preload)
    runs.end(navigation.url_path or "home")
