"""Prints Python tracebacks for the python fixtures: plain, a dependency frame,
and both kinds of chained exceptions."""
import os
import sys
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "site-packages"))
import fakelib  # noqa: E402


def parse_amount(text):
    return int(text)


def charge(order):
    return fakelib.call(lambda: parse_amount(order["amount"]))


def print_trace(name):
    print(f"----- {name}")
    print(traceback.format_exc(), end="")


try:
    charge({"amount": "12,50"})
except ValueError:
    print_trace("plain")

try:
    try:
        charge({"amount": "x"})
    except ValueError:
        {}["missing"]
except KeyError:
    print_trace("during-handling")

try:
    try:
        charge({"amount": "y"})
    except ValueError as error:
        raise RuntimeError("payment failed") from error
except RuntimeError:
    print_trace("direct-cause")
