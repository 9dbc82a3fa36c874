"""sslcourse: the small, tested package behind the self-supervised learning course.

Data flow, one direction: data -> augment -> methods (models + losses) -> train.fit -> evaluate -> plots.
"""
__version__ = "0.1.0"
