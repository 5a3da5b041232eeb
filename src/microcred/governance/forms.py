"""Forms of the governance pages."""
