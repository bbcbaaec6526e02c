"""What the case pages show around each page: the tabs, the overview's open work and the chronology.

Each is a list of small dataclasses that other apps extend from their AppConfig.ready() (mappa adds its
tab, open work and chronology entries), so the case pages never import the apps built on supervision.
"""
