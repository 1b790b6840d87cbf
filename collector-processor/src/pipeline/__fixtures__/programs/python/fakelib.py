# Stands in for an installed package: its frames must come out as not in-app.
def call(fn):
    return fn()
