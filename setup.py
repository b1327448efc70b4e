"""Installer for the ptsp_portal package."""

from pathlib import Path
from setuptools import find_packages
from setuptools import setup

long_description = Path("README.md").read_text(encoding="utf-8")

setup(
    name="ptsp_portal",
    version="1.0.0.dev0",
    description=(
        "Plone 6.2 portal for Indonesia's one-stop integrated licensing offices "
        "(DPMPTSP): permit catalogue, regulations, online applications."
    ),
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
    ],
    license="GPL-2.0-only",
    package_dir={"": "src"},
    packages=find_packages("src"),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.10",
    install_requires=[
        "Plone==6.2.2",
        "plone.classicui",
        "plone.restapi",
        "plone.distribution",
        "plone.app.caching",  # its purging (plone.cachepurging) only
        "plone.exportimport",
        "collective.easyform",
        "collective.z3cform.datagridfield",
        "python-stdnum",
        "phonenumbers",
        "holidays",
        "filetype",
        "fpdf2",
        "segno",
        "pyotp",
        "pyHanko",
        # storage back ends selectable in instance.yaml
        "ZEO",
        "RelStorage",
        "psycopg2-binary",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "plone.restapi[test]",
            "zope.testrunner",
            "playwright",
            "aiosmtpd",
            "pypdf",
            "zxing-cpp",
            "cryptography",
            "PyYAML",
        ],
        "dev": [
            "i18ndude",
            "ruff",
            # scripts/instance/render.py reads instance.yaml
            "PyYAML",
            # the demo mail catcher make start runs (scripts/demo/catcher.py)
            "aiosmtpd",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
    },
)
