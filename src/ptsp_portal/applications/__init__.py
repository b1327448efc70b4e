"""The life of an application: intake, numbering, revision, timeline,
progress, public tracking, the officer queue and the citizen's own list."""
