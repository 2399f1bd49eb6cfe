"""Attention quiz on the attention page: guess where a head looks, then see; a session score.

The score lives in ``st.session_state`` (not the URL): it belongs to one student.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bertvis import quiz
from bertvis.trace import Trace

from .i18n import plain, t

SEED = "quiz_seed"
SCORE = "quiz_score"  # {"right": int, "asked": int}
GRADED = "quiz_graded"  # question ids already counted


def _next_question() -> None:
    st.session_state[SEED] = st.session_state.get(SEED, 0) + 1


def render(result: Trace, layer: int, head: int) -> None:
    """One question about a row of head ``(layer, head)`` (0-based) of ``result``."""
    matrix = np.asarray(result.attentions[layer, head], dtype=np.float32)
    tokens = result.tokens
    seed = st.session_state.setdefault(SEED, 0)
    score = st.session_state.setdefault(SCORE, {"right": 0, "asked": 0})
    query = quiz.pick_query(result.special, seed)
    st.markdown(t("attention.quiz.question", layer=layer + 1, head=head + 1,
                  token=plain(tokens[query]), position=query + 1))
    question_id = f"{seed}-{layer}-{head}-{len(tokens)}"
    guess = st.pills(t("attention.quiz.pick"), options=list(range(len(tokens))),
                     format_func=lambda i: f"{tokens[i]}" if i != query else f"▶ {tokens[i]}",
                     key=f"_quiz_guess_{question_id}")
    if guess is None:
        st.caption(t("attention.quiz.hint"))
    else:
        answer = quiz.grade(matrix, query, int(guess))
        graded = st.session_state.setdefault(GRADED, set())
        if question_id not in graded:
            graded.add(question_id)
            score["asked"] += 1
            score["right"] += int(answer.correct)
        if answer.correct:
            st.success(t("attention.quiz.right", token=plain(tokens[answer.answer]),
                         weight=f"{answer.answer_weight:.0%}"), icon=":material/celebration:")
        else:
            st.warning(t("attention.quiz.wrong", guess=plain(tokens[answer.guess]),
                         guess_weight=f"{answer.guess_weight:.0%}",
                         token=plain(tokens[answer.answer]),
                         weight=f"{answer.answer_weight:.0%}"), icon=":material/lightbulb:")
        top = np.argsort(matrix[query])[::-1][:5]
        st.dataframe(pd.DataFrame({
            t("attention.col.token"): [tokens[i] for i in top],
            t("attention.col.position"): [int(i) + 1 for i in top],
            t("attention.col.weight"): [round(float(matrix[query, i]), 4) for i in top],
        }), hide_index=True)
    left, right = st.columns([1, 3])
    left.button(t("attention.quiz.next"), on_click=_next_question, icon=":material/casino:")
    right.metric(t("attention.quiz.score"), f"{score['right']} / {score['asked']}")
