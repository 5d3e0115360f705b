"""Report objects built from store queries plus rules. They never format."""
