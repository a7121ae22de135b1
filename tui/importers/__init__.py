"""importers layer of brief."""
