"""Deterministic random generators keyed by a job's identity.

Every random draw in lingen comes from a :class:`numpy.random.SeedSequence` built from the root seed
in ``config.yaml`` and a *spawn key* derived from the job's identity, e.g. ``("fig3", "dataset",
"rank", 3, "run", 7)``. Two consequences matter for reproducibility:

* any single run can be regenerated alone, on any machine, in any order of execution;
* adding a condition (a new SNR, another run) never changes the numbers of an existing one.

Identity items are strings or integers; strings are mapped to 32-bit words by SHA-256, so the key is
stable across Python versions and processes (unlike ``hash``).
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["identity_key", "job_rng", "job_seed_sequence", "run_seed_sequences"]


def _word(item: str | int) -> int:
    if isinstance(item, bool) or not isinstance(item, (str, int, np.integer)):
        raise TypeError(
            f"seed identity items must be str or int, got {item!r} ({type(item).__name__})"
        )
    if isinstance(item, (int, np.integer)):
        if item < 0 or item >= 2**32:
            raise ValueError(f"integer seed identity item {item} must be in [0, 2**32)")
        return int(item)
    digest = hashlib.sha256(item.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "little")


def identity_key(*identity: str | int) -> tuple[int, ...]:
    """Spawn key (tuple of 32-bit words) for a job identity such as ``("fig3", "run", 2)``."""
    if not identity:
        raise ValueError("a job identity needs at least one item")
    return tuple(_word(item) for item in identity)


def job_seed_sequence(root_seed: int, *identity: str | int) -> np.random.SeedSequence:
    """SeedSequence for one job: ``SeedSequence(root_seed, spawn_key=identity_key(*identity))``."""
    if isinstance(root_seed, bool) or not isinstance(root_seed, (int, np.integer)) or root_seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {root_seed!r}")
    return np.random.SeedSequence(int(root_seed), spawn_key=identity_key(*identity))


def job_rng(root_seed: int, *identity: str | int) -> np.random.Generator:
    """Generator (PCG64) for one job identity; see :func:`job_seed_sequence`."""
    return np.random.default_rng(job_seed_sequence(root_seed, *identity))


def run_seed_sequences(
    root_seed: int, runs: int, *identity: str | int, label: str = "run"
) -> list[np.random.SeedSequence]:
    """One SeedSequence per run of a condition: identity ``(*identity, label, i)`` for run ``i``.

    This is the keying convention every experiment uses, so run ``i`` can be regenerated alone and
    adding runs never changes the earlier ones.
    """
    return [job_seed_sequence(root_seed, *identity, label, i) for i in range(runs)]
