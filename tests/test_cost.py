import math
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from _tiny import tiny_images, tiny_simclr
from sslcourse.cost import flops_per_image, time_to_accuracy, training_step_cost
from sslcourse.methods import Supervised
from sslcourse.models import ConvEncoder


def test_flops_of_a_linear_layer_count_two_per_multiply_add():
    assert flops_per_image(nn.Linear(10, 5), image_shape=(1, 1, 10)) == 2 * 10 * 5


def test_flops_of_a_convolution_match_the_closed_form():
    conv = nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)
    out = (28 + 2 * 1 - 3) // 2 + 1                                 # 14: output side
    assert flops_per_image(conv, (3, 28, 28)) == 2 * (3 * 3 * 3) * 8 * out * out


def test_flops_of_the_conv_encoder_grow_with_the_area_and_the_mode_is_restored():
    enc = ConvEncoder(1, 32).train()
    small, large = flops_per_image(enc), flops_per_image(enc, (1, 56, 56))
    assert small > 0 and enc.training
    assert large / small == pytest.approx(4, rel=0.01)          # convolutions only: exactly the area ratio
    assert flops_per_image(enc.eval()) == small and not enc.training


class Toy(nn.Module):
    """A 'method' whose cost has a closed form: loss = mean((W x + b)^2) on flattened pixels / 255."""

    def __init__(self, d=64, k=3):
        super().__init__()
        self.linear = nn.Linear(d, k)

    def forward(self, x):
        return self.linear(x.flatten(1).float() / 255).pow(2).mean()

    def on_step_end(self):
        pass


def test_training_step_cost_of_a_linear_model_has_the_closed_form():
    b, d, k = 8, 64, 3
    cost = training_step_cost(Toy(d, k), tiny_images(20), batch_size=b, steps=2)
    assert cost["flops_per_step"] == 2 * b * d * k + 2 * b * d * k   # forward + weight gradient (no input grad)
    assert cost["parameters"] == cost["trainable_parameters"] == d * k + k
    assert cost["parameter_bytes"] == cost["gradient_bytes"] == 4 * (d * k + k)
    assert cost["optimizer_bytes"] == 2 * 4 * (d * k + k) + 2 * 4    # AdamW: two moments + a step count each
    assert cost["activation_bytes"] == 4 * b * d + 4 * b * k        # the input of the matmul, the input of pow
    assert cost["memory_bytes"] == sum(cost[f"{part}_bytes"] for part in
                                       ("parameter", "gradient", "optimizer", "buffer", "activation"))


def test_training_step_cost_of_simclr_is_measured_on_a_copy():
    method = tiny_simclr()
    before = {n: p.detach().clone() for n, p in method.state_dict().items()}
    rng, gen = torch.get_rng_state(), method.generator.get_state()
    cost = training_step_cost(method, tiny_images(40), batch_size=16, steps=2)
    numbers = {k: v for k, v in cost.items() if k not in ("device", "peak_memory_bytes")}
    assert all(isinstance(v, (int, float)) and math.isfinite(v) and v > 0 for v in numbers.values()), numbers
    assert cost["peak_memory_bytes"] is None and cost["device"] == "cpu"
    forward = flops_per_image(method.encoder, (1, 8, 8)) * 16    # encoder alone, one view of the batch
    assert cost["flops_per_step"] > 2 * forward                  # two views, a projector, and the backward
    after = method.state_dict()
    assert all(torch.equal(before[n], after[n]) for n in before)    # bitwise: the caller's method is untouched
    assert torch.equal(torch.get_rng_state(), rng) and torch.equal(method.generator.get_state(), gen)


def test_training_step_cost_takes_labels_for_a_supervised_method():
    torch.manual_seed(0)
    method = Supervised(ConvEncoder(1, width=4), num_classes=3)
    images = tiny_images(12)
    cost = training_step_cost(method, images, labels=torch.arange(12) % 3, batch_size=32, steps=1)
    assert cost["batch_size"] == 12 and cost["flops_per_step"] > 0
    with pytest.raises(ValueError, match="labels are required"):
        training_step_cost(method, images)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(batch_size=1), ValueError, "batch_size"),
    (dict(batch_size=2.0), TypeError, "batch_size"),
    (dict(steps=0), ValueError, "steps"),
    (dict(seed=-1), ValueError, "seed"),
])
def test_training_step_cost_refuses_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        training_step_cost(tiny_simclr(), tiny_images(8), **kwargs)


def test_training_step_cost_refuses_bad_input():
    with pytest.raises(TypeError, match="method"):
        training_step_cost(ConvEncoder(1, width=4), tiny_images(8))
    with pytest.raises(TypeError, match="images"):
        training_step_cost(tiny_simclr(), tiny_images(8).float())
    with pytest.raises(ValueError, match="images"):
        training_step_cost(tiny_simclr(), tiny_images(1))
    with pytest.raises(TypeError, match="module"):
        flops_per_image("conv")
    with pytest.raises(TypeError, match="image_shape"):
        flops_per_image(ConvEncoder(1, 4), (28, 28))
    with pytest.raises(ValueError, match="image_shape"):
        flops_per_image(ConvEncoder(1, 4), (1, 0, 28))


def history(times):
    return SimpleNamespace(times=list(times), losses=[1.0] * len(times))


def test_time_to_accuracy_reads_the_clock_of_each_step():
    h = history([0.5, 1.0, 1.5, 2.0])                             # step s ended at times[s - 1]
    assert time_to_accuracy(h, {4: 0.9, 0: 0.1, 2: 0.6}) == [(0.0, 0.1), (1.0, 0.6), (2.0, 0.9)]


def test_time_to_accuracy_refuses_bad_input():
    h = history([0.5, 1.0])
    with pytest.raises(ValueError, match="step 3 is beyond the history, which has 2 steps"):
        time_to_accuracy(h, {3: 0.5})
    with pytest.raises(ValueError, match=r"accuracies\[1\]"):
        time_to_accuracy(h, {1: 1.5})
    with pytest.raises(TypeError, match="accuracies"):
        time_to_accuracy(h, {})
    with pytest.raises(TypeError, match="accuracies"):
        time_to_accuracy(h, {1.0: 0.5})
    with pytest.raises(TypeError, match="history"):
        time_to_accuracy([0.5, 1.0], {1: 0.5})
