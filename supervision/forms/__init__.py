"""Forms for supervision pages: they parse and check shape; the services enforce the rules."""
