"""PASS/FAIL lines for the U-Boot suite's Python checkers."""


class Checks:
    """Prints one line per check, named @name, and counts the failures."""

    def __init__(self, name):
        self.name = name
        self.fails = 0

    def __call__(self, what, ok, why=""):
        if ok:
            print("PASS: %s: %s" % (self.name, what))
        else:
            self.fails += 1
            print("FAIL: %s: %s: %s" % (self.name, what, why))
