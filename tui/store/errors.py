"""Errors a user can cause with a store file, each with a message for a person."""

from tui.errors import BriefError


class StoreError(BriefError):
    """The store file cannot be used: not a brief store, corrupt, or not writable."""


class ReadOnlyStoreError(StoreError):
    """A write was asked of a store opened read-only."""
