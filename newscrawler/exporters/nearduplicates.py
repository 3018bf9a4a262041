"""Near-duplicate bodies: MinHash signatures of word 5-grams, and the groups they fall into.

A body's signature is the R-MinHash (rensa) of its set of word 5-grams: words are runs of letters
and digits, lowercased, so punctuation, case and line breaks do not count. Two bodies are near
duplicates when their signatures agree in at least THRESHOLD of their slots (the estimated
Jaccard similarity of their 5-gram sets). Candidates come from LSH: the signature in BANDS bands
of ROWS slots, two bodies sharing a band being compared; with 4 rows a pair at the threshold
shares a band with probability 0.87, one at 0.6 with 0.99, one at 0.3 (same topic, shared
background) with 0.23 and is then refused by the comparison. Groups are the connected components
of the near-duplicate pairs.

Why 0.5 and not FineWeb's 0.72: a repost whose lead was rewritten keeps the rest of a short news
item word for word, and on the 131 fixture bodies of three or more paragraphs a replaced lead
leaves 0.58-0.81 (5th-95th percentile; half under 0.72); different articles on one topic that
share a background paragraph measure at most 0.20 (README, Datasets: Stories).

Everything here is a pure function of the bodies, so signatures persist and are reused by
content hash; SKETCH names the parameters, and signatures made with others are never mixed.
"""

from __future__ import annotations

from importlib.metadata import version

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import rensa

SHINGLE = 5
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.5
SEED = 20251220
WINDOW = 8
"""In a band bucket of more than WINDOW + 1 bodies (a series of templated items) each is compared
with its next WINDOW bucket mates only: comparisons grow with the bodies, not with their square."""
SIGNATURE_BYTES = PERMUTATIONS * 4
SKETCH = (
    f"rensa {version('rensa')} R-MinHash algorithm {rensa.RMinHash.ALGORITHM_VERSION}, "
    f"{PERMUTATIONS} permutations, seed {SEED}, word {SHINGLE}-grams, shingle hash 1"
)
"""What a persisted signature was made with; any other value means its signatures are unusable
(count the shingle hash up when `_word_hashes` or `_shingle_hashes` changes)."""

_NON_WORD = r"[^\p{L}\p{N}]+"
_CHUNK = 65_536
"""Candidate pairs compared at once: two signatures each, 64 MiB."""
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads polynomial hashes over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _word_hashes(bodies: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Every body's words as 64-bit hashes, flat, and each body's [start, end) offsets into them.
    Words are split in Arrow and hashed once per distinct word, so no Python object per word."""
    words = pc.split_pattern_regex(pc.utf8_lower(bodies.fill_null("")), _NON_WORD)
    flat = words.flatten()
    kept = pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
    encoded = flat.dictionary_encode()
    vocabulary = rensa.RMinHash.hash_token_sets([encoded.dictionary.to_pylist()])[0]
    hashes = np.asarray(vocabulary, dtype=np.uint64)[encoded.indices.to_numpy()][kept]
    kept_before = np.concatenate([[0], np.cumsum(kept)])
    return hashes, kept_before[words.offsets.to_numpy()]


def _shingle_hashes(words: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of each body's word 5-grams (a shorter body: its words as one shingle), flat, and
    each body's offsets into them."""
    starts, ends = offsets[:-1], offsets[1:]
    lengths = ends - starts
    with np.errstate(over="ignore"):
        windows = np.zeros(max(len(words) - SHINGLE + 1, 0), np.uint64)
        for k in range(SHINGLE):
            windows = windows * _MULTIPLIER + words[k : len(windows) + k]
        shingles = _mix(windows)
        short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE))
        whole = np.zeros(len(short), np.uint64)
        for k in range(SHINGLE - 1):
            present = lengths[short] > k
            index = np.minimum(starts[short] + k, max(len(words) - 1, 0))
            whole = np.where(present, whole * _MULTIPLIER + words[index], whole)
        whole = _mix(whole)
    counts = np.where(lengths >= SHINGLE, lengths - SHINGLE + 1, (lengths > 0).astype(np.int64))
    first = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.arange(counts.sum()) - first + np.repeat(starts, counts)
    flat = np.zeros(counts.sum(), np.uint64)
    long_rows = np.repeat(lengths >= SHINGLE, counts)
    flat[long_rows] = shingles[position[long_rows]]
    flat[~long_rows] = whole
    return flat, np.concatenate([[0], np.cumsum(counts)]).astype(np.uint64)


def signatures(bodies: pa.Array) -> np.ndarray:
    """One row of PERMUTATIONS uint32 per body; all zeros for a body without a word, a row
    `pairs` never groups (a real signature is never all zeros but by a 2**-4096 chance)."""
    words, offsets = _word_hashes(bodies)
    shingles, shingle_offsets = _shingle_hashes(words, offsets)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
        shingles, shingle_offsets, PERMUTATIONS, SEED
    )
    result = np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(len(bodies), PERMUTATIONS)
    result[np.diff(offsets) == 0] = 0
    return result


def _band_keys(sigs: np.ndarray) -> np.ndarray:
    """(bodies, BANDS) 64-bit keys: equal keys mean (but for a 2**-64 chance) an equal band."""
    bands = sigs.reshape(len(sigs), BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = np.arange(BANDS, dtype=np.uint64) + np.uint64(1)
        for row in range(ROWS):
            keys = _mix(keys * _MULTIPLIER + bands[:, :, row].astype(np.uint64))
    return keys


def pairs(sigs: np.ndarray) -> np.ndarray:
    """(k, 2) row numbers i < j of the near-duplicate pairs among `sigs`, sorted."""
    usable = np.flatnonzero(sigs.any(axis=1))
    if len(usable) < 2:
        return np.zeros((0, 2), np.int64)
    keys = _band_keys(sigs[usable]).ravel()
    order = np.argsort(keys, kind="stable")
    keys, rows = keys[order], usable[order // BANDS]
    found = []
    for step in range(1, WINDOW + 1):
        same = np.flatnonzero(keys[step:] == keys[:-step])
        if not len(same):
            break
        a, b = rows[same], rows[same + step]
        found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    if not found:
        return np.zeros((0, 2), np.int64)
    candidates = np.unique(np.concatenate(found), axis=0)
    candidates = candidates[candidates[:, 0] != candidates[:, 1]]
    kept = [
        chunk[(sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).mean(axis=1) >= THRESHOLD]
        for chunk in np.array_split(candidates, len(candidates) // _CHUNK + 1)
    ]
    return np.concatenate(kept)


def components(count: int, edges: np.ndarray) -> np.ndarray:
    """For each of `count` nodes the smallest node of its connected component."""
    parent = list(range(count))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges.tolist():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(node) for node in range(count)], dtype=np.int64)
