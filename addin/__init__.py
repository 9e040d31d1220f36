"""The DebtDesk.xlam add-in: ribbon XML, VBA callback and the builder."""
