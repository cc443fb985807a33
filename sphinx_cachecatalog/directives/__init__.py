"""The directives, one module per family; each builds docutils nodes only."""
