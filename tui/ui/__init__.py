"""ui layer of brief."""
