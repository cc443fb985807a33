extensions = ["sphinx_cachecatalog"]
