"""Every business write in supervision lives in a service here, one module per concern."""
