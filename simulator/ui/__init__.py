"""The Streamlit app: pages for STEP 1-3 of the guideline, the library, and their helpers.

Only this package (and ``app.py``) imports streamlit. Modules without a streamlit import
(``fmt``, ``judgement``, ``fit``, ``checklists``) are plain functions tested directly; STEP 3's
re-forecast is model code, :mod:`simulator.pdca`.
"""
