"""Lessons tour: one short card per step, each opening its page with an example."""

import streamlit as st

from bertvis.handout import Text
from bertvis.ui import export, handoff
from bertvis.ui.i18n import lang, t
from bertvis.ui.tour import steps

STEPS = steps(lang())

st.title(t("page.tour"))
st.markdown(t("tour.intro"))
export.record(Text(t("tour.intro")))

for number, step in enumerate(STEPS, start=1):
    with st.container(border=True):
        st.caption(t("tour.step", n=number, total=len(STEPS)))
        st.subheader(t(f"tour.{step.key}.title"))
        st.markdown(t(f"tour.{step.key}.body"))
        if step.example:
            st.markdown(t("tour.example", text=f"`{step.example}`"))
        export.record(Text(f"**{number}. {t(f'tour.{step.key}.title')}**\n\n"
                           f"{t(f'tour.{step.key}.body')}\n\n"
                           + (t("tour.example", text=step.example) if step.example else "")))
        if step.available:
            handoff.button(t("tour.open"), step.page, step.params, key=f"tour-{step.key}",
                           icon=":material/arrow_forward:")
        else:
            st.caption(t("tour.coming"))
