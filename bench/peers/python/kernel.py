"""The playground's CPU kernel in plain Python, line for line the same as src/workload.rs.

Counting primes by 6k +/- 1 trial division; the number line is cut into blocks of 1000 numbers
dealt round-robin over the tasks (task i tests blocks i, i + T, i + 2T, ...), so every task costs
the same and the checksum (primes found) equals the Rust and JavaScript versions' exactly.
"""

BLOCK = 1000


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
