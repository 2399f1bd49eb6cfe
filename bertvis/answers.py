"""What a model answers for one Trace, as plain numbers: the same for the experiments page and
the command line (``knockout`` prints one before and one after).

Each answer is read by the task's own module (:mod:`bertvis.fill_mask`, :mod:`bertvis.nsp`,
:mod:`bertvis.sentiment`, :mod:`bertvis.qa`, :mod:`bertvis.tagging`); this module only turns
their results into JSON-ready dictionaries. Probabilities are floats in 0..1.
"""

from __future__ import annotations

from . import fill_mask, nsp, qa, sentiment, tagging
from .models import LoadedModel
from .trace import Trace

TOP_K = 5


def answer(loaded: LoadedModel, result: Trace, output: str) -> dict:
    """The answer for ``output`` (see :data:`bertvis.importance.OUTPUTS`):

    - ``mask``: ``{"masks": [{"position", "guesses": [{"token", "probability"}]}]}`` (top 5
      per mask, positions are 0-based token indices)
    - ``nsp``: ``{"p_is_next"}``
    - ``label``: ``{"label", "probabilities": {label: p}}``
    - ``span``: ``{"answer", "probability", "start", "end"}`` (token indices, end inclusive)
    - ``tags``: ``{"words": [{"word", "label", "probability"}], "entities": [{"kind", "text"}]}``
    """
    if output == "mask":
        return {"masks": [
            {"position": p.position,
             "guesses": [{"token": g.token, "probability": g.probability} for g in p.guesses]}
            for p in fill_mask.predict(loaded, result, k=TOP_K)]}
    if output == "nsp":
        return {"p_is_next": nsp.next_sentence(loaded, result).p_is_next}
    if output == "label":
        found = sentiment.predict(loaded, result)
        return {"label": found.label, "probabilities": {
            name: float(p) for name, p in zip(found.labels, found.probabilities)}}
    if output == "span":
        best = qa.answer(loaded, result).best
        return {"answer": best.text, "probability": best.probability, "start": best.start,
                "end": best.end}
    tags = tagging.tag(loaded, result)
    return {"words": [{"word": w.text, "label": w.label, "probability": w.probability}
                      for w in tags.words],
            "entities": [{"kind": e.kind, "text": e.text} for e in tags.entities]}


def rounded(value: object, decimals: int) -> object:
    """``value`` (an :func:`answer` or any JSON-ready structure) with floats rounded."""
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, dict):
        return {k: rounded(v, decimals) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, decimals) for v in value]
    return value


#: The experiments' tasks (page selector and ``--task``) and the model kind each loads.
TASK_KINDS = {
    "pretraining": "pretraining",
    "sentiment": "sequence-classification",
    "qa": "question-answering",
    "tagging": "token-classification",
}
