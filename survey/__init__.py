"""Accessible tablet surveys and session feedback for social services.

The app is built by ``survey.app.create_app``; importing this package loads nothing else.
"""
