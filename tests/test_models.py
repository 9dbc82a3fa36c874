import pytest
import torch

from sslcourse.models import ConvDecoder, ConvEncoder, count_parameters, encoder_for, mlp_head, resnet18


@pytest.mark.parametrize("channels, size", [(1, 28), (3, 32), (1, 8)])
def test_conv_encoder_shapes_and_size(channels, size):
    enc = ConvEncoder(channels, width=32)
    out = enc(torch.rand(5, channels, size, size))
    assert out.shape == (5, enc.out_dim) == (5, 128)
    assert 100_000 <= count_parameters(enc) <= 500_000


def test_resnet18_cifar_stem():
    net = resnet18(3)
    assert net.maxpool.__class__.__name__ == "Identity"
    assert net.conv1.stride == (1, 1)
    assert net(torch.rand(2, 3, 32, 32)).shape == (2, 512)


def test_mlp_head_layers_and_shape():
    head = mlp_head(128, 256, 64, layers=3)
    assert sum(isinstance(m, torch.nn.Linear) for m in head) == 3
    assert head(torch.rand(4, 128)).shape == (4, 64)


def test_decoder_reconstructs_image_shape():
    assert ConvDecoder(128, 3, 32)(torch.rand(2, 128)).shape == (2, 3, 32, 32)
    assert ConvDecoder(128, 1, 28)(torch.rand(2, 128)).shape == (2, 1, 28, 28)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="arch"):
        encoder_for(1, "vit")
    with pytest.raises(ValueError, match="width"):
        ConvEncoder(1, width=0)
    with pytest.raises(ValueError, match="image_size"):
        ConvDecoder(8, 1, 30)
