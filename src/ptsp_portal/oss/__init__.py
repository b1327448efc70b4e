"""OSS RBA status codes: every application state as the two-digit code and
label that regional systems mirror from OSS (PIA, Lampiran 10 "Data Kode
Status Izin").  ``codes`` holds the table, ``status`` the office's mapping
of workflow states to codes (registry ``ptsp_portal.oss_status_codes``)."""
