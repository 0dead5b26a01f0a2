"""The Flask side shared by the blueprints: the request's database session, login and roles,
security headers, tablet tickets, downloads, labels and small view helpers."""
