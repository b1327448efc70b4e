"""1023 -> 1024: the office's look (issue 16 §3, §4).

The new records (colours, footer) and the toolbar's permission are profile
imports (configure.zcml); here the letterhead logo an office already set
becomes the site's logo too (``look/sitelogo.py``)."""

from ptsp_portal.look.sitelogo import copy_office_logo


def office_logo_as_site_logo(context):
    copy_office_logo()
