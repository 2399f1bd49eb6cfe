"""Which heads matter for this input's answer: exact knockouts and Michel et al.'s proxy.

The *answer* is what the model outputs before any knockout (:class:`Objective`): the top guess
at the first mask, the next-sentence verdict, the predicted label, the best QA span, or the predicted
tags. ``log p`` is the log-probability of that answer (for tags: the mean over the sentence's
pieces, so ``p`` is their geometric mean); the loss is ``L = −log p``.

- **Exact effect** of head ``h``: run the model with ``h`` alone knocked out and measure
  ``p`` again. Knockouts are batched, and a head of layer ``l`` only needs layers ``l …`` run
  again, from ``Trace.hidden_states[l]`` (everything before it is unchanged).
- **Gradient proxy** (Michel, Levy & Neubig 2019): a gate ``ξ_h = 1`` on every head's output;
  ``I_h = |∂L/∂ξ_h|`` from one backward pass estimates how much removing ``h`` would change
  the loss.
- Joint knockouts: effects of single heads don't add up, so the top-k together are measured,
  and a pruning curve removes heads one after another in order of importance.

Shapes: ``L`` layers, ``H`` heads; arrays ``[L, H]`` are indexed 0-based (layer, head).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import torch

from . import fill_mask, nsp, qa, sentiment, sentiment_model, tagging
from .device import agreement_tolerance
from .errors import BertvisError
from .interventions import Head, gates_for, run_layers
from .models import LoadedModel
from .trace import Trace

#: The outputs an experiment can measure, by model kind.
OUTPUTS = ("mask", "nsp", "label", "span", "tags")
#: Knockouts run together in one forward pass.
BATCH_SIZE = 12
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Objective:
    """The answer an experiment measures. ``target``: the vocabulary id (mask), class index
    (nsp, label), ``(start, end)`` token indices (span) or the label index of each piece (tags);
    ``position``: the mask's token index (mask only); ``pieces``: Trace indices of the scored
    tokens (span: the passage; tags: the sentence); ``probability``: ``p`` before any
    knockout."""

    output: str
    target: object
    answer: str  # the answer in words, for captions
    probability: float
    position: int | None = None
    pieces: tuple[int, ...] = ()


def available_outputs(loaded: LoadedModel, result: Trace) -> list[str]:
    """The outputs this model has for this input (in :data:`OUTPUTS` order)."""
    if loaded.kind == "sequence-classification":
        return ["label"]
    if loaded.kind == "question-answering":
        return ["span"] if result.is_pair else []
    if loaded.kind == "token-classification":
        return ["tags"]
    found = []
    if loaded.has_mlm and fill_mask.mask_positions(result, loaded).size:
        found.append("mask")
    if loaded.has_nsp and result.is_pair:
        found.append("nsp")
    return found


def _classifier_logits(loaded: LoadedModel, hidden: torch.Tensor) -> torch.Tensor:
    """A sentence classifier's logits ``[B, C]`` from its last hidden states ``[B, T, D]``
    (eval mode: dropout is the identity)."""
    model = loaded.model
    kind = loaded.config.model_type
    if isinstance(model, sentiment_model.MeanPooledSentimentModel):
        return model.classifier(hidden.mean(dim=1))
    if kind == "bert":
        return model.classifier(model.bert.pooler(hidden))
    if kind in ("roberta", "xlm-roberta", "camembert", "electra"):
        return model.classifier(hidden)
    if kind == "distilbert":
        return model.classifier(torch.relu(model.pre_classifier(hidden[:, 0])))
    raise BertvisError("experiments_unsupported", f"No classifier read-out known for {kind}.",
                       model=loaded.display_name, model_type=kind)


def log_probability(loaded: LoadedModel, objective: Objective,
                    hidden: torch.Tensor) -> torch.Tensor:
    """``log p`` of the objective's answer ``[B]`` from last hidden states ``[B, T, D]``."""
    model = loaded.model
    target = objective.target
    if objective.output == "mask":
        # fill_mask's own head function: head_logits() runs under inference mode, no gradient
        scores = fill_mask._head(loaded)(hidden[:, objective.position])
        return torch.log_softmax(scores.float(), dim=-1)[:, target]
    if objective.output == "nsp":
        scores = model.cls.seq_relationship(loaded.encoder.pooler(hidden))
        return torch.log_softmax(scores.float(), dim=-1)[:, target]
    if objective.output == "label":
        return torch.log_softmax(_classifier_logits(loaded, hidden).float(), dim=-1)[:, target]
    pieces = list(objective.pieces)
    if objective.output == "span":
        start_end = model.qa_outputs(hidden[:, pieces]).float()
        start, end = target
        log_start = torch.log_softmax(start_end[..., 0], dim=-1)[:, pieces.index(start)]
        log_end = torch.log_softmax(start_end[..., 1], dim=-1)[:, pieces.index(end)]
        return log_start + log_end
    scores = torch.log_softmax(model.classifier(hidden[:, pieces]).float(), dim=-1)
    chosen = torch.as_tensor(target, device=scores.device)
    return scores.gather(-1, chosen.view(1, -1, 1).expand(scores.shape[0], -1, 1))[..., 0].mean(-1)


def objective(loaded: LoadedModel, result: Trace, output: str) -> Objective:
    """The model's answer on ``result`` for ``output`` (one of :func:`available_outputs`),
    read with the task's own module; checked against :func:`log_probability` on the Trace's
    last hidden states, so the knockout runs measure the same number."""
    if output not in available_outputs(loaded, result):
        raise BertvisError("output_unavailable", f"This model and input have no {output!r} "
                           "output.", output=output)
    if output == "mask":
        prediction = fill_mask.predict(loaded, result, k=1)[0]
        found = Objective(output, prediction.best.token_id, prediction.best.token,
                          prediction.best.probability, position=prediction.position)
    elif output == "nsp":
        verdict = nsp.next_sentence(loaded, result)
        index = int(np.argmax(verdict.probabilities))
        found = Objective(output, index, nsp.LABELS[index], float(verdict.probabilities[index]))
    elif output == "label":
        prediction = sentiment.predict(loaded, result)
        found = Objective(output, prediction.index, prediction.label, prediction.confidence)
    elif output == "span":
        best = qa.answer(loaded, result).best
        pieces = tuple(int(i) for i in qa.passage_indices(result))
        found = Objective(output, (best.start, best.end), best.text, best.probability,
                          pieces=pieces)
    else:
        tags = tagging.tag(loaded, result)
        chosen = tags.probabilities.argmax(axis=1)
        geometric = float(np.exp(np.log(tags.probabilities.max(axis=1)).mean()))
        found = Objective(output, tuple(int(c) for c in chosen), " ".join(tags.predicted),
                          geometric, pieces=tuple(int(i) for i in tags.index))
    read = float(_probabilities(loaded, found, _last_hidden(loaded, result))[0])
    # the gap allowed between the probability read here and the task module's, by precision
    if abs(read - found.probability) > agreement_tolerance(loaded.dtype):
        raise BertvisError("readout_mismatch", f"The {output} read-out of "
                           f"{loaded.display_name} does not match its own output ({read:.6f} vs "
                           f"{found.probability:.6f}).", model=loaded.display_name)
    return found


def answer_probability(loaded: LoadedModel, found: Objective, result: Trace) -> float:
    """``p`` of ``found``'s answer in another Trace of the same input (e.g. one with heads
    knocked out: :func:`bertvis.interventions.knockout_trace`)."""
    return float(_probabilities(loaded, found, _last_hidden(loaded, result))[0])


def _hidden(loaded: LoadedModel, result: Trace, layer: int) -> torch.Tensor:
    """``Trace.hidden_states[layer]`` as a float tensor ``[1, T, D]`` on the model's device."""
    values = np.asarray(result.hidden_states[layer], dtype=np.float32)
    return torch.from_numpy(values.copy())[None].to(device=loaded.device, dtype=loaded.dtype)


def _last_hidden(loaded: LoadedModel, result: Trace) -> torch.Tensor:
    return _hidden(loaded, result, result.n_layers)


def _probabilities(loaded: LoadedModel, found: Objective, hidden: torch.Tensor) -> np.ndarray:
    with torch.inference_mode():
        return log_probability(loaded, found, hidden).exp().double().cpu().numpy()


def knocked_probabilities(loaded: LoadedModel, result: Trace, found: Objective,
                          head_sets: list[Iterable[Head]], batch_size: int = BATCH_SIZE,
                          progress: Progress | None = None) -> np.ndarray:
    """``p`` of the answer with each set of heads knocked out together: float ``[N]``.

    Each batch reruns only the layers from the lowest one it knocks a head in."""
    sets = [sorted(set(s)) for s in head_sets]
    out = np.empty(len(sets))
    for first in range(0, len(sets), batch_size):
        chunk = sets[first : first + batch_size]
        start = min((layer for s in chunk for layer, _ in s), default=loaded.n_layers)
        gates: dict[int, torch.Tensor] = {}
        for row, knocked in enumerate(chunk):
            for layer, gate in gates_for(loaded, knocked).items():
                gates.setdefault(layer, torch.ones(len(chunk), loaded.n_heads,
                                                   device=loaded.device, dtype=loaded.dtype))
                gates[layer][row] = gate
        hidden = _hidden(loaded, result, start).expand(len(chunk), -1, -1)
        with torch.inference_mode():
            hidden = run_layers(loaded, hidden, start, gates)
        out[first : first + len(chunk)] = _probabilities(loaded, found, hidden)
        if progress is not None:
            progress(min(first + batch_size, len(sets)), len(sets))
    return out


def single_head_probabilities(loaded: LoadedModel, result: Trace, found: Objective,
                              batch_size: int = BATCH_SIZE,
                              progress: Progress | None = None) -> np.ndarray:
    """``p`` with each head alone knocked out: float ``[L, H]``. Batches never mix layers, so
    every batch starts at its own layer's input."""
    n_layers, n_heads = loaded.n_layers, loaded.n_heads
    total, done = n_layers * n_heads, 0
    out = np.empty((n_layers, n_heads))
    for layer in range(n_layers):
        for first in range(0, n_heads, batch_size):
            heads = range(first, min(first + batch_size, n_heads))
            out[layer, first : first + len(heads)] = knocked_probabilities(
                loaded, result, found, [[(layer, h)] for h in heads], batch_size)
            done += len(heads)
            if progress is not None:
                progress(done, total)
    return out


def gradient_importance(loaded: LoadedModel, result: Trace, found: Objective) -> np.ndarray:
    """Michel et al.'s ``|∂L/∂ξ_h|`` for every head, float ``[L, H]``, from one backward pass
    (``torch.autograd.grad``: no ``.grad`` is written into the shared model)."""
    xi = torch.ones(loaded.n_layers, loaded.n_heads, device=loaded.device, dtype=loaded.dtype,
                    requires_grad=True)
    with torch.enable_grad():
        hidden = run_layers(loaded, _hidden(loaded, result, 0), 0,
                            {layer: xi[layer] for layer in range(loaded.n_layers)})
        loss = -log_probability(loaded, found, hidden).sum()
        (grad,) = torch.autograd.grad(loss, xi)
    return grad.abs().double().cpu().numpy()


def spearman(first: np.ndarray, second: np.ndarray) -> float:
    """Spearman's rank correlation (ties get their average rank); NaN if either is constant."""
    ranks = [pd.Series(np.ravel(values)).rank().to_numpy() for values in (first, second)]
    if any(np.ptp(r) == 0 for r in ranks):
        return float("nan")
    return float(np.corrcoef(*ranks)[0, 1])


@dataclass(frozen=True)
class HeadImportance:
    """Every head's effect on the answer. ``knocked``: ``p`` with that head alone removed;
    ``effect = knocked − p`` (negative: the head helped the answer); ``loss_change =
    −log knocked + log p``; ``gradient``: Michel's ``|∂L/∂ξ|``; all float ``[L, H]``.
    ``spearman``: rank correlation of ``|loss_change|`` with ``gradient`` (NaN if either is
    constant)."""

    objective: Objective
    knocked: np.ndarray
    effect: np.ndarray
    loss_change: np.ndarray
    gradient: np.ndarray
    spearman: float

    def ranking(self, by: str = "exact") -> list[Head]:
        """Heads from most to least important: ``exact`` by the loss change (the removal that
        hurts the answer most first), ``gradient`` by the proxy."""
        scores = self.loss_change if by == "exact" else self.gradient
        order = np.argsort(-scores, axis=None, kind="stable")
        n_heads = scores.shape[1]
        return [(int(i // n_heads), int(i % n_heads)) for i in order]


def head_importance(loaded: LoadedModel, result: Trace, output: str,
                    batch_size: int = BATCH_SIZE,
                    progress: Progress | None = None) -> HeadImportance:
    """The exact single-head sweep and the gradient proxy for ``output`` on ``result``."""
    found = objective(loaded, result, output)
    knocked = single_head_probabilities(loaded, result, found, batch_size, progress)
    gradient = gradient_importance(loaded, result, found)
    with np.errstate(divide="ignore"):
        loss_change = np.log(found.probability) - np.log(knocked)
    rho = spearman(np.abs(loss_change), gradient)
    return HeadImportance(found, knocked, knocked - found.probability, loss_change, gradient, rho)


def head_table(found: HeadImportance) -> pd.DataFrame:
    """One row per head, most important (exact) first: ``layer``, ``head`` (from 1),
    ``p_knocked``, ``effect``, ``loss_change``, ``gradient``, ``rank_exact`` and
    ``rank_gradient`` (1 = most important)."""
    by_gradient = {h: r + 1 for r, h in enumerate(found.ranking("gradient"))}
    rows = [{"layer": layer + 1, "head": head + 1, "p_knocked": found.knocked[layer, head],
             "effect": found.effect[layer, head], "loss_change": found.loss_change[layer, head],
             "gradient": found.gradient[layer, head], "rank_exact": rank + 1,
             "rank_gradient": by_gradient[(layer, head)]}
            for rank, (layer, head) in enumerate(found.ranking("exact"))]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class JointEffect:
    """The top-k heads (exact ranking) out one at a time and all together: ``single`` float
    ``[k]`` (each head's effect on ``p``), ``joint`` (the effect of removing them together)."""

    heads: list[Head]
    single: np.ndarray
    joint: float

    @property
    def sum_of_single(self) -> float:
        return float(self.single.sum())


def joint_effect(loaded: LoadedModel, result: Trace, found: HeadImportance,
                 k: int) -> JointEffect:
    heads = found.ranking("exact")[: max(1, k)]
    single = np.array([found.effect[layer, head] for layer, head in heads])
    together = knocked_probabilities(loaded, result, found.objective, [heads])[0]
    return JointEffect(heads, single, float(together - found.objective.probability))


@dataclass(frozen=True)
class PruningCurve:
    """Heads removed least important first (exact ranking reversed): after ``counts[i]``
    heads (``shares[i]`` of all), ``p`` of the answer is ``probabilities[i]``; all ``[S]``."""

    order: list[Head]
    counts: np.ndarray
    shares: np.ndarray
    probabilities: np.ndarray


def pruning_curve(loaded: LoadedModel, result: Trace, found: HeadImportance, steps: int = 20,
                  progress: Progress | None = None) -> PruningCurve:
    order = found.ranking("exact")[::-1]
    counts = np.unique(np.linspace(0, len(order), steps + 1).round().astype(int))
    probabilities = knocked_probabilities(loaded, result, found.objective,
                                          [order[:n] for n in counts], progress=progress)
    return PruningCurve(order, counts, counts / len(order), probabilities)


def heads_to_keep(curve: PruningCurve, share_of_answer: float = 0.9) -> float:
    """The largest share of heads removed while ``p`` stays at least ``share_of_answer`` of
    its starting value (the first point where it falls below ends the run)."""
    floor = share_of_answer * curve.probabilities[0]
    below = np.flatnonzero(curve.probabilities < floor)
    last = (below[0] - 1) if below.size else len(curve.counts) - 1
    return float(curve.shares[max(last, 0)])
