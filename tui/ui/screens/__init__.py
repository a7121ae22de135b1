"""ui/screens layer of brief."""
