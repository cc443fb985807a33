extensions = ["sphinx_cachecatalog"]
project = "package"
version = "1.0"
copyright = "the authors"
# cachecatalog_path comes from the test (confoverrides): the real data lies outside.
