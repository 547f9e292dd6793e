"""Sharing: private links and PDFs."""
