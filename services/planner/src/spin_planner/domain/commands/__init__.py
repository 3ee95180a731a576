"""What the use cases are asked to do: plain frozen dataclasses, one per kind of request.

The API builds them from its request bodies (and the history import from its lines), after
those checked every value; a use case takes its command and never an HTTP schema.
"""
