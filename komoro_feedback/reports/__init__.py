"""PDF reports built with ReportLab: domain data in, PDF out. No Qt, no sessions."""
