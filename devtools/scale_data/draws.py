"""Weighted random draws and proportional splits the generator's parts share."""


def cumulative(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total


def pick_cumulative(rng, totals):
    """The index drawn from cumulative weights."""
    target = rng.random() * totals[-1]
    low, high = 0, len(totals) - 1
    while low < high:
        middle = (low + high) // 2
        if totals[middle] > target:
            high = middle
        else:
            low = middle + 1
    return low


def weighted(rng, choices):
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def split(total, weights):
    """`total` split in proportion to `weights`, the parts adding up to `total` exactly."""
    whole = sum(weights)
    parts = [total * weight // whole for weight in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts
