"""The home page's self-check (:mod:`bertvis.doctor`): a button, a progress bar, the table.

It loads every preset, so it never runs on a page load, only on the button; the last report
stays in the session so the table survives reruns. Each model is checked inside the app's
memory budget; in the public profile only models already on the server are checked.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bertvis import doctor, models
from bertvis.presets import ALL_PRESETS, Preset

from . import cache, errors, profile, sidebar
from .i18n import t

REPORT_KEY = "_doctor_report"
ROW_PX = 35  # st.dataframe's row height: the table shows every row without scrolling


def _presets() -> list[Preset] | None:
    """Every preset (private use), or in the public profile only those already on this server:
    a visitor's click never downloads a model."""
    if not profile.settings().public:
        return None
    return [p for p in ALL_PRESETS
            if p.model_id.startswith("packaged:") or models.in_local_cache(p.model_id)]


def _run() -> list[doctor.CheckResult]:
    presets = _presets()
    plans = doctor.plans(presets)
    total = sum(len(plan.checks) for plan in plans)
    bar = st.progress(0.0)
    results: list[doctor.CheckResult] = []

    def advance(result: doctor.CheckResult) -> None:
        results.append(result)
        bar.progress(len(results) / total, text=t("doctor.progress", done=len(results),
                                                    total=total, model=result.model_id))

    _, device, _ = sidebar.model_settings()
    doctor.run(presets, device=device, on_result=advance, budget=cache.store())
    bar.empty()
    return results


def _frame(results: list[doctor.CheckResult]) -> pd.DataFrame:
    return pd.DataFrame({
        t("doctor.col.model"): [r.model_id for r in results],
        t("doctor.col.check"): [t(f"doctor.check.{r.check}") for r in results],
        t("doctor.col.result"): [t(f"doctor.status.{r.status}") for r in results],
        t("doctor.col.detail"): [r.detail for r in results],
        t("doctor.col.load"): [r.load_seconds for r in results],
        t("doctor.col.weights"): [r.weights_mb for r in results],
        t("doctor.col.rss"): [r.rss_mb for r in results],
    })


def draw() -> None:
    with st.expander(t("doctor.title"), icon=":material/health_and_safety:",
                     expanded=REPORT_KEY in st.session_state):
        st.markdown(t("doctor.intro"))
        if profile.settings().public:
            st.caption(t("doctor.public"))
        if st.button(t("doctor.run"), key="doctor_run", icon=":material/play_arrow:"):
            with errors.shown():  # another session's self-check is running
                st.session_state[REPORT_KEY] = _run()
        results = st.session_state.get(REPORT_KEY)
        if not results:
            return
        failed = sum(r.status == doctor.FAIL for r in results)
        if failed:
            st.error(t("doctor.some_failed", failed=failed), icon=":material/error:")
        else:
            st.success(t("doctor.all_passed", passed=sum(r.status == doctor.PASS
                                                          for r in results),
                         missing=sum(r.status != doctor.PASS for r in results)),
                       icon=":material/check_circle:")
        st.dataframe(_frame(results), width="stretch", hide_index=True,
                     height=ROW_PX * (len(results) + 1) + 3)
