"""Accounts: a member's profile, the name shown with what they write, signing in (allauth's
adapter, forms and views, with sign-in limits that hold when Redis is down). Depends on nothing
else in community."""
