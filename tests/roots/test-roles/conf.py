extensions = ["sphinx_cachecatalog"]
project = "roles"
