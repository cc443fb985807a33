"""Standard docutils nodes of catalog data, built when a page is written.

One module per family of directives; :mod:`.cells` holds what they share.
"""
