"""Plain domain types: no Qt, no ORM."""
