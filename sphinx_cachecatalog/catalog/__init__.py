"""The catalog of a Spack build cache as plain data.

This package reads cache.spack.io files into immutable records and answers
questions about them. It imports nothing from Sphinx or docutils, so the
command line and any other tool can use it as it is.
"""
