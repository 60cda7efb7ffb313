# Unit tests of src/cloud (http engine, auth, catalog, pagination, parsers).
