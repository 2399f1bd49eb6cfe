"""Streamlit-only helpers: the one part of the package that may import Streamlit."""
