"""ui/widgets layer of brief."""
