"""Application forms of permit types (EasyForm), upload checks and the shared submission path."""
