"""Regulations (JDIH): the search shared by ``@@regulasi`` and ``@regulations``."""
