"""sslcourse.speed: the machine's yardstick, measured on random images in a few steps."""
import pytest

from sslcourse.speed import bare_simclr_rate


def test_the_bare_simclr_rate_is_images_per_second():
    rate = bare_simclr_rate(steps=2, batch_size=8, warmup=0)
    assert rate > 0


@pytest.mark.parametrize("kwargs, name", [({"steps": 0}, "steps"), ({"batch_size": 1}, "batch_size"),
                                          ({"warmup": -1}, "warmup"), ({"steps": 2.5}, "steps")])
def test_bad_counts_name_the_argument(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        bare_simclr_rate(**kwargs)
