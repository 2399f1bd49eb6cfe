"""bertvis: see inside BERT. The engine (no Streamlit here; see ``bertvis.ui`` for the app side)."""

__version__ = "0.1.0"
