"""text layer of brief."""
