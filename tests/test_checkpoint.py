"""Every method's encoder, in both architectures, survives save -> load with identical features; anything that
is not a whole encoder file gets one error naming the file; pickled code is refused unread."""
import pytest
import torch

from sslcourse.checkpoint import describe, load_encoder, save_encoder
from sslcourse.evaluate import features
from sslcourse.models import ConvEncoder, mlp_head
from sslcourse.zoo import METHODS, build


@pytest.mark.parametrize("arch", ["conv", "resnet18"])
@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_methods_encoder_round_trips(tmp_path, name, arch):
    extra = {"num_classes": 3} if name == "supervised" else {}
    encoder = build(name, channels=3, image_size=32, arch=arch, width=8, augment=None, **extra).encoder
    images = torch.randint(0, 256, (4, 3, 32, 32), dtype=torch.uint8)
    path = save_encoder(tmp_path / "enc.pt", encoder, method=name, steps=3, loss=0.5, shape=[3, 32])
    back, meta = load_encoder(path)
    assert meta == {"method": name, "steps": 3, "loss": 0.5, "shape": [3, 32]}
    assert describe(back) == describe(encoder) and not back.training
    assert torch.equal(features(back, images), features(encoder, images))


def test_what_cannot_be_rebuilt_is_refused_when_saving(tmp_path):
    with pytest.raises(TypeError, match="encoder"):
        save_encoder(tmp_path / "head.pt", mlp_head(4, 8, 2))
    with pytest.raises(TypeError, match="meta 'when'"):
        save_encoder(tmp_path / "enc.pt", ConvEncoder(1, 4), when=object())
    with pytest.raises(IsADirectoryError, match="folder"):
        save_encoder(tmp_path, ConvEncoder(1, 4))
    assert list(tmp_path.iterdir()) == []


def good_file(tmp_path):
    return save_encoder(tmp_path / "good.pt", ConvEncoder(1, width=4), method="x").read_bytes()


@pytest.mark.parametrize("content", [
    lambda good: b"",                                  # empty
    lambda good: good[:100],                           # truncated
    lambda good: good[: len(good) // 2],
    lambda good: bytes(range(256)) * 40,               # random bytes
    lambda good: b"epoch,loss\n1,0.5\n",               # a text file
])
def test_a_file_that_is_not_a_whole_encoder_is_one_error_naming_it(tmp_path, content):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(content(good_file(tmp_path)))
    with pytest.raises(ValueError, match="bad.pt.*not a whole sslcourse encoder file"):
        load_encoder(bad)


def test_a_state_dict_that_does_not_fit_its_architecture_names_the_file(tmp_path):
    blob = torch.load(save_encoder(tmp_path / "e.pt", ConvEncoder(1, width=4)), weights_only=True)
    blob["width"] = 8
    torch.save(blob, tmp_path / "edited.pt")
    with pytest.raises(ValueError, match="edited.pt"):
        load_encoder(tmp_path / "edited.pt")
    with pytest.raises(FileNotFoundError, match="nothing.pt"):
        load_encoder(tmp_path / "nothing.pt")


class Payload:
    """Unpickling this would run code: create a file."""
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_that_runs_code_is_refused_unread(tmp_path):
    marker = tmp_path / "pwned"
    torch.save({"format": "sslcourse-encoder-v1", "meta": Payload(marker)}, tmp_path / "evil.pt")
    with pytest.raises(ValueError, match="evil.pt"):
        load_encoder(tmp_path / "evil.pt")
    assert not marker.exists()
