extensions = ["sphinx_cachecatalog"]
# cachecatalog_path comes from the test (confoverrides): the real data lies outside.
