"""The app's own figures of an :class:`~bertvis.analysis.Analysis`, for notebooks and scripts.

Every method returns the plotly figure the app draws (Jupyter, VS Code and Colab show it
inline) or, for bertviz, an object with ``_repr_html_``. Layers and heads are 0-based as
arguments and numbered from 1 on the figures, as in the app; ``lang`` is "en" or "ja".
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np

from bertvis import attention, bertviz_view, norms
from bertvis.errors import BertvisError
from bertvis.strings import lookup  # the app's words (a table of strings, no Streamlit)

if TYPE_CHECKING:
    import plotly.graph_objects as go


class BertvizView:
    """A bertviz page shown inline in a notebook (an ``<iframe>``, so its scripts run apart
    from the notebook's); ``.html`` is the page itself."""

    def __init__(self, page: str, height: int) -> None:
        self.html, self.height = page, height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" width="100%" '
                f'height="{self.height}" style="border:none"></iframe>')


class Figures:
    """Figure methods of :class:`~bertvis.analysis.Analysis` (mixed into it)."""

    def figure_heads(self, clip: float = 100.0, lang: str = "en") -> go.Figure:
        """Every head as one image (layers down, heads across), as on the attention page."""
        from bertvis.figures import attention as figures

        result = self.trace
        cells = self.mosaic_cells(attention.mosaic_cell_size(result.n_layers, result.n_heads))
        return figures.mosaic(cells, (0, 0), lookup("attention.mosaic_hover", lang),
                              lookup("attention.mosaic_title", lang), clip)

    def figure_head(self, layer: int, head: int, clip: float = 100.0,
                    lang: str = "en") -> go.Figure:
        """One head's float32 attention (query rows × key columns), as on the attention page."""
        return self._matrix_figure(self.attentions[layer, head], clip, lang,
                                   lookup("attention.title.head", lang, layer=layer + 1,
                                          head=head + 1))

    def figure_rollout(self, layer: int = -1, clip: float = 100.0,
                       lang: str = "en") -> go.Figure:
        """Attention rollout through ``layer`` (the last by default)."""
        layer %= self.trace.n_layers
        return self._matrix_figure(self.rollout()[layer], clip, lang,
                                   lookup("attention.title.rollout", lang, layer=layer + 1))

    def _matrix_figure(self, matrix: np.ndarray, clip: float, lang: str,
                       title: str) -> go.Figure:
        from bertvis.figures import attention as figures

        note = lookup("figure.clip_note", lang, percentile=clip) if clip < 100 else ""
        return figures.matrix_heatmap(attention.view(matrix, self.trace), title,
                                      lookup("attention.query", lang),
                                      lookup("attention.key", lang), clip,
                                      value_label=lookup("attention.value", lang),
                                      clip_note=note)

    def figure_field_guide(self, lang: str = "en") -> go.Figure:
        """Every head tagged by its pattern (the attention page's field guide)."""
        from bertvis.figures import attention as figures

        names = {p: lookup(f"attention.pattern.{p}", lang) for p in attention.PATTERNS}
        words = {word: lookup(f"figure.guide.{word}", lang) for word in figures.GUIDE_WORDS}
        return figures.field_guide(self.head_stats(), names, (0, 0),
                                   lookup("attention.guide_title", lang), words=words)

    def figure_norms(self, lang: str = "en") -> go.Figure:
        """Share of each layer's attention on [CLS], [SEP] and punctuation, by weight and by
        norm (Kobayashi et al. 2020), as on the attention page's norms tab."""
        from bertvis.figures import norms as figures

        groups = {g: lookup(f"norms.group.{g}", lang) for g in norms.GROUPS}
        kinds = (lookup("norms.by_weight", lang), lookup("norms.by_norm", lang))
        return figures.special_shares(self.special_shares(), groups, kinds,
                                      lookup("norms.shares_title", lang),
                                      lookup("attention.layer", lang),
                                      lookup("norms.share", lang))

    def figure_similarity(self, *others: str, layer: int | None = None,
                          centred: bool = False, lang: str = "en") -> go.Figure:
        """Cosine similarity of sentence A, sentence B and ``others`` (at least two sentences
        in all) at ``layer`` (0 = embeddings; the last by default), every pooling side by
        side, as on the similarity page."""
        from bertvis import similarity as sim
        from bertvis.figures import similarity as figures

        sentences, emb = self.sentence_embeddings(*others)
        at = emb.n_layers if layer is None else layer
        matrices = {
            lookup("similarity.pooler_last", lang) if pooling == "pooler"
            else lookup(f"similarity.pooling.{pooling}", lang):
                sim.similarity(emb, pooling, emb.n_layers if pooling == "pooler" else at, centred)
            for pooling in emb.available()}
        fig = figures.heatmaps(matrices, sentences, centred, lookup("similarity.colour", lang))
        fig.update_layout(title=dict(text=lookup(
            "similarity.matrix_title_centred" if centred else "similarity.matrix_title", lang,
            layer=at)))
        return fig

    def bertviz(self, view: str = "head", layer: int = 0) -> BertvizView:
        """bertviz's ``view`` ("head" or "model"), shown inline in a notebook."""
        result = self.trace
        if not bertviz_view.fits(view, result.n_tokens):
            raise BertvisError("too_long_for_bertviz",
                               f"bertviz's {view} view takes at most "
                               f"{bertviz_view.MAX_TOKENS[view]} tokens; this input has "
                               f"{result.n_tokens}.")
        height = 120 + result.n_tokens * 23 if view == "head" else 140 + result.n_layers * 110
        return BertvizView(self.bertviz_html(view, layer), min(height, 3000))
