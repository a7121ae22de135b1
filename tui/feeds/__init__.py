"""feeds layer of brief: feed documents into :class:`~tui.models.Article` objects, without SQL or Textual."""
