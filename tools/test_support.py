"""What the Python tests of `kennis serve` share (tools/bolt/bolt_test.py, tools/workbench/workbench_test.py):
a failure that names what failed, a check that raises it, a free port on loopback."""

import socket


class Failure(Exception):
    """A test's expectation that did not hold; the message says which."""


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
