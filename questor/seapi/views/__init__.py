"""One module per endpoint family; each view reads parameters, asks a selector, and
hands the rows to the wrapper with a serializer."""
