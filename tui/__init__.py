"""brief: a terminal reader for news briefs that shows Arabic shaped and right to left."""

__version__ = "0.1.0"
