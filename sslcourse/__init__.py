"""sslcourse: the small, tested package behind the self-supervised learning course.

Data flow, one direction: data -> augment -> methods / pretext (models + losses) -> train.fit -> zoo -> evaluate
-> baselines -> plots. No module imports one above it.
"""
__version__ = "0.1.0"
