"""Home: what bertvis is, and a link to each lesson page."""

import streamlit as st

from bertvis.ui import doctor_panel
from bertvis.ui.i18n import t
from bertvis.ui.lessons import LESSONS

st.title(t("app.title"))
st.markdown(t("home.intro"))

st.subheader(t("home.lessons"))
for lesson in LESSONS[1:]:
    with st.container(border=True):
        st.page_link(lesson.path, label=t(lesson.title_key), icon=lesson.icon)
        st.caption(t(lesson.blurb_key))

st.divider()
st.markdown(t("home.footer"))
doctor_panel.draw()
