# Unit tests of src/core (sanitize, yaml, clouds, config, json).
