"""Coalition: information system of the Regional Coalition against Trafficking in Persons."""
