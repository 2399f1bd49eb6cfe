"""bertvis: see inside BERT. The engine (no Streamlit here; see ``bertvis.ui`` for the app side).

``bertvis.analyze(text_a, text_b=None, *, model=None, ...)`` is the notebook's entry point
(:func:`bertvis.analysis.analyze`); it is imported on first use, so ``import bertvis`` stays
light (no torch) for the command line's quick commands.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "analyze":
        from bertvis.analysis import analyze

        return analyze
    raise AttributeError(f"module 'bertvis' has no attribute {name!r}")
