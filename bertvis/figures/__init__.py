"""Plotly figures built from engine results, one module per topic; ``style`` is shared."""
