"""Python bugs for the stack-trace corpus: real exceptions from the standard
library and from hand-written bug sites, raised through different call paths,
with varied data. Prints one JSON sample per line: bug, lang, type, message, stack.
"""
import json
import random
import socket
import sys
import traceback

rnd = random.Random(20261126)


class PaymentError(Exception):
    pass


# Bug "py-config-json": a config blob that is not JSON.
def load_config(text):
    return json.loads(text)


# Bug "py-missing-key": a user record without a plan.
def plan_of(user):
    return user["plan"]


def monthly_bill(user):
    return plan_of(user) * 12


def annual_report(users):
    return [plan_of(u) for u in users]


# Bug "py-ratio": division by a zero count of sessions.
def conversion(orders, sessions):
    return orders / sessions


# Bug "py-parse-int": quantities typed with units ("3 pcs").
def parse_quantity(text):
    return int(text)


# Bug "py-charge-wrapped": a gateway failure wrapped in a domain error (chained exception).
def call_gateway(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def charge_card(port, amount):
    try:
        call_gateway(port)
    except OSError as exc:
        raise PaymentError(f"charge of {amount} EUR failed") from exc


# Bug "py-open-missing": reads a file that was never exported.
def read_export(job_id):
    with open(f"/tmp/faultline-export-{job_id}/out.csv", encoding="utf8") as fh:
        return fh.read()


# Two bugs, one message (trap): both index an empty list.
def first_item(cart):
    return cart[0]


def newest_event(events):
    return events[-1]


# Bug "py-deep-walk": recursion over a broken tree, raising at varied depth.
def walk(node, depth=0):
    if node is None:
        raise ValueError(f"dangling child at depth {depth}")
    return walk(node.get("child"), depth + 1)


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def via_api(fn, *args):
    return fn(*args)


def via_worker(fn, *args):
    result = fn(*args)
    return result


def word():
    return rnd.choice(["alpha", "bravo", "kilo", "oscar", "zulu"])


def main():
    port = closed_port()

    def deep_tree():
        node = None
        for _ in range(rnd.randint(1, 15)):
            node = {"child": node}
        return node

    bugs = [
        ("py-config-json", lambda: load_config(rnd.choice(["{", "{'a': 1}", f"[{rnd.randint(1, 9)},", "nul"]))),
        ("py-missing-key", lambda: rnd.choice([monthly_bill, lambda u: annual_report([u])])({"id": rnd.randint(1, 10**6)})),
        ("py-ratio", lambda: conversion(rnd.randint(1, 500), 0)),
        ("py-parse-int", lambda: parse_quantity(f"{rnd.randint(1, 99)} {rnd.choice(['pcs', 'kg', 'boxes'])}")),
        ("py-charge-wrapped", lambda: charge_card(port, rnd.randint(1, 999))),
        ("py-open-missing", lambda: read_export(f"{rnd.getrandbits(32):08x}")),
        ("py-first-item", lambda: first_item([])),
        ("py-newest-event", lambda: newest_event([])),
        ("py-deep-walk", lambda: walk(deep_tree())),
    ]
    for _ in range(12):
        for bug, raise_it in bugs:
            try:
                rnd.choice([via_api, via_worker])(raise_it)
            except Exception as exc:  # noqa: BLE001 - every exception is a sample
                sample = {
                    "bug": bug,
                    "lang": "python",
                    "type": type(exc).__name__,
                    "message": str(exc),
                    "stack": traceback.format_exc(),
                }
                sys.stdout.write(json.dumps(sample) + "\n")


if __name__ == "__main__":
    main()
