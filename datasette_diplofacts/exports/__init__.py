"""The facts in the formats other tools read: W3C Web Annotations, PLOVER-shaped event data,
an iCalendar of meetings, Atom feeds, and a Frictionless Data Package describing them all.
Each is made from the database on request, with absolute addresses from the request."""
