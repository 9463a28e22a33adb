"""The built-in rule families, shipped as ``newslint.plugins`` and registered through the
``newslint`` entry-point group exactly as a third-party plugin is."""
