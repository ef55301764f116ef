"""The synthetic archive generator of generate_demo_data (see generator.py)."""

from .generator import PREFIX, ScaleDataGenerator, Size, clear_generated_data, generated_counts
from .words import keyword_vocabulary

__all__ = [
    "PREFIX",
    "ScaleDataGenerator",
    "Size",
    "clear_generated_data",
    "generated_counts",
    "keyword_vocabulary",
]
