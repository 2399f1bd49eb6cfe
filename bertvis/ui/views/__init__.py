"""What each page draws, one module per page (``views/attention.py`` for
``app_pages/attention.py`` …): the page file is the script (title, intro, inputs, which views
in which order); the functions that draw a section, its controls and its page limits live here.
The mechanisms every page shares are one module each in ``bertvis/ui``: tabs in the URL
(``tabs``), the model picker (``model_picker``), example buttons (``examples``), opening
another page (``handoff``) and errors as messages (``errors.shown``)."""
