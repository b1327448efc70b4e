"""GenericSetup upgrade steps of the ``ptsp_portal:default`` profile.

configure.zcml declares, per version of profiles/default/metadata.xml, the
profile steps to import again (``genericsetup:upgradeDepends``) and then the
code that is not a profile import, in the module of that version
(``v1001.py``, ...).
"""
