"""Public service statistics (issue 15, section 3): what each decision
leaves on its application (``recording``), the catalog keys that count it
(``keys``) and the figures read from them (``figures``, ``export``)."""
