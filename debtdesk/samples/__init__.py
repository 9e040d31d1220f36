"""Built-in sample data for `debtdesk demo`."""
