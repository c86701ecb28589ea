"""Request plumbing: middleware (request ids, malformed requests, CSP), rate limits, the log format,
submit-once receipts, the site's public address, error views, problem pages, id checks and the
interface language (`language`)."""
