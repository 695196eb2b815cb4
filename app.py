"""Streamlit entry point: `make run` (or `streamlit run app.py`).

Sets up the session (Japanese, 万円, the capacity example), loads a share link (?s=…), draws the
sidebar, and routes with st.navigation over the pages in simulator/ui/.
"""

from __future__ import annotations

import streamlit as st

from simulator.ui import sidebar, state
from simulator.ui.state import tr

st.set_page_config(page_title=tr("ui.app.page_title"), page_icon=":material/elderly:", layout="wide")
state.init()
sidebar.load_share_link()

home = st.Page("simulator/ui/page_home.py", title=tr("ui.nav.home"), icon=":material/home:", url_path="start",
               default=True)


def _to_home() -> None:
    """/home (an old or typed link): the home page, at the app's root, without Streamlit's 'Page not found'."""
    st.switch_page(home)


pages = [
    home,
    st.Page(_to_home, title=tr("ui.nav.home"), url_path="home", visibility="hidden"),
    st.Page("simulator/ui/page_step1.py", title=tr("ui.nav.step1"), icon=":material/search:", url_path="step1"),
    st.Page("simulator/ui/page_step2.py", title=tr("ui.nav.step2"), icon=":material/calculate:", url_path="step2"),
    st.Page("simulator/ui/page_step3.py", title=tr("ui.nav.step3"), icon=":material/autorenew:", url_path="step3"),
    st.Page("simulator/ui/page_library.py", title=tr("ui.nav.library"), icon=":material/folder_open:", url_path="library"),
]
current = st.navigation(pages)
sidebar.render()
state.show_notes()
current.run()
