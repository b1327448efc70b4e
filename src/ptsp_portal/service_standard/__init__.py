"""The office's accountability pages (issue 15 §5): the "Standar Pelayanan"
overview computed from the permit types, and where the service pledge
(maklumat pelayanan) and the public accountability channels live."""
