"""Running an import: files and feeds into the store."""
