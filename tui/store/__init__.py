"""store layer of brief."""
