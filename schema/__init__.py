"""The validation package: Frictionless table schemas (schema/tables/*.json) and the checks generated from them."""
