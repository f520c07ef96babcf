"""Reports: the request, gathering each report's figures and comments, and building its PDF."""
