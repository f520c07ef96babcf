"""Use cases over the store, one transaction each. The only callers of repositories."""
