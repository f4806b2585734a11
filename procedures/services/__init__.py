"""Services: the only code that writes domain rows."""
