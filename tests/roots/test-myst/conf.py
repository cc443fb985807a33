extensions = ["myst_parser", "sphinx_cachecatalog"]
