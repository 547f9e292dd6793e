"""Inputs: YAML reading, schema validation and applicant profiles."""
