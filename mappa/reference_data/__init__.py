"""Reference data mappa adds to `load_reference_data`: the agencies Caseworks refers to."""
