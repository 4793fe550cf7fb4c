"""The playground's CPU kernels in plain Python, line for line the same as src/family/cpu/kernels.rs.

Each returns the same checksum as the Rust kernel for the same (task, tasks, work), so a report's
checksum does not depend on which worker ran a task (tests/js/queue-kernels.test.mjs compares
them with the wasm module's). No checkpoints: Python runs a signal handler between two bytecodes,
which is how a queue worker stops a kernel mid-task.

Primes: 6k +/- 1 trial division; the number line is cut into blocks of 1000 numbers dealt
round-robin over the tasks (task i tests blocks i, i + T, i + 2T, ...), so every task costs the same.
"""

import hashlib

BLOCK = 1000
MANDELBROT_MAX_ITER = 500


def is_prime(n: int) -> bool:
    """True if n is prime (6k +/- 1 trial division)."""
    if n < 4:
        return n >= 2
    if n % 2 == 0 or n % 3 == 0:
        return False
    d = 5
    while d * d <= n:
        if n % d == 0 or n % (d + 2) == 0:
            return False
        d += 6
    return True


def count_primes_in(lo: int, hi: int) -> int:
    """Primes in lo..hi (hi excluded)."""
    return sum(1 for n in range(lo, hi) if is_prime(n))


def prime_task(task: int, tasks: int, blocks: int) -> int:
    """One CPU task: the primes in task `task`'s `blocks` blocks, out of `tasks` tasks."""
    total = 0
    for j in range(blocks):
        lo = (task + j * tasks) * BLOCK
        total += count_primes_in(lo, lo + BLOCK)
    return total


def mandelbrot_row(row: int, rows: int, width: int, max_iter: int) -> int:
    """Total iterations spent on row `row` of a `rows` x `width` view (real -2.2..0.8, imaginary
    -0.25..1.25), at most `max_iter` per pixel. Python's floats are IEEE doubles and the
    operations come in Rust's order, so the iteration counts are the same to the last pixel."""
    y = -0.25 + 1.5 * (row + 0.5) / max(rows, 1)
    total = 0
    for col in range(width):
        x = -2.2 + 3.0 * (col + 0.5) / max(width, 1)
        zr, zi, n = 0.0, 0.0, 0
        while n < max_iter and zr * zr + zi * zi <= 4.0:
            t = zr * zr - zi * zi + x
            zi = 2.0 * zr * zi + y
            zr = t
            n += 1
        total += n
    return total


def sha256_chain(task: int, rounds: int) -> int:
    """SHA-256 applied `rounds` times to 32 bytes that start with the task index (4 bytes, little
    endian); the first 4 bytes of the last digest as a little-endian number."""
    digest = task.to_bytes(4, "little") + bytes(28)
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return int.from_bytes(digest[:4], "little")


def run_kernel(kernel: str, task: int, tasks: int, work: int) -> int:
    """Kernel::run: task `task` of `tasks` with `work` units, by the kernel's parameter name."""
    if kernel == "primes":
        return prime_task(task, tasks, work)
    if kernel == "mandelbrot":
        return mandelbrot_row(task, tasks, work * 2, MANDELBROT_MAX_ITER)
    if kernel == "sha256":
        return sha256_chain(task, work * 64)
    if kernel == "squares":
        return (task + 1) ** 2
    raise ValueError(f"no kernel named {kernel}")
