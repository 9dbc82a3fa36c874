"""Notebook 09's machinery, SSL with labels: the SupCon loss and method, the joint supervised + SimCLR objective."""
import pytest
import torch

from sslcourse.losses import nt_xent, supcon
from sslcourse.methods import SupCon, SupervisedWithSimCLR
from sslcourse.models import ConvEncoder
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images


def test_supcon_is_nt_xent_when_every_label_differs_and_rewards_aligned_classes():
    g = torch.Generator().manual_seed(0)
    z1, z2 = torch.randn(6, 5, generator=g), torch.randn(6, 5, generator=g)
    assert torch.allclose(supcon(z1, z2, torch.arange(6), 0.3), nt_xent(z1, z2, 0.3), atol=1e-6)
    labels = torch.tensor([0, 0, 0, 1, 1, 1])
    centres = torch.tensor([[1.0, 0, 0, 0, 0], [0, 1.0, 0, 0, 0]])
    tight = centres[labels] + 0.01 * torch.randn(6, 5, generator=g)            # classes pulled together
    assert supcon(tight, tight.flip(1).flip(1), labels, 0.1) < supcon(z1, z2, labels, 0.1)
    with pytest.raises(ValueError, match="labels"):
        supcon(z1, z2, labels[:5])


def test_supcon_method_needs_labels_and_trains_through_fit():
    torch.manual_seed(0)
    method = SupCon(ConvEncoder(1, width=4), NoiseAugment(), hidden_dim=16, proj_dim=8)
    images, labels = tiny_images(32), torch.arange(32) % 4
    before = [p.detach().clone() for p in method.encoder.parameters()]
    hist = fit(method, images, labels, steps=3, batch_size=16, progress=False, cache=False)
    assert hist.steps == 3 and all(torch.isfinite(torch.tensor(hist.losses)))
    assert any(not torch.equal(a, b) for a, b in zip(before, method.encoder.parameters()))
    with pytest.raises(ValueError, match="labels"):
        method(images[:4])


def joint(ssl_weight=1.0, seed=0):
    torch.manual_seed(seed)
    images, labels = tiny_images(20, seed=1), torch.arange(20) % 4
    return SupervisedWithSimCLR(ConvEncoder(1, width=4), NoiseAugment(), labelled_images=images,
                                labelled_labels=labels, num_classes=4, ssl_weight=ssl_weight, hidden_dim=16,
                                proj_dim=8, seed=seed)


def test_joint_objective_adds_the_ssl_term_whose_gradient_skips_the_classifier():
    method = joint(ssl_weight=1.0)
    x = tiny_images(16)
    method.zero_grad()
    loss = method(x)
    stats = method.record()
    assert torch.isclose(loss, torch.tensor(stats["supervised_loss"] + stats["ssl_loss"]), atol=1e-4)
    # the SSL term alone: its gradient reaches the encoder and the projector, never the classifier
    method.zero_grad()
    method.generator.manual_seed(0)
    v1, v2 = method.views(x)
    z1, z2 = method.projector(method.encoder(torch.cat([v1, v2]))).chunk(2)
    nt_xent(z1, z2, method.temperature).backward()
    assert all(p.grad is None or not p.grad.any() for p in method.classifier.parameters())
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in method.encoder.parameters())
    with pytest.raises(ValueError, match="labels"):
        method(x, torch.zeros(16, dtype=torch.int64))


def test_joint_objective_trains_and_ssl_weight_zero_is_plain_cross_entropy():
    method = joint(ssl_weight=0.0)
    loss = method(tiny_images(16))
    assert torch.isclose(loss, torch.tensor(method.record()["supervised_loss"]), atol=1e-5)
    hist = fit(joint(0.5), tiny_images(32), steps=3, batch_size=16, progress=False, cache=False)
    assert hist.steps == 3
    with pytest.raises(ValueError, match="ssl_weight"):
        joint(ssl_weight=-1.0)
