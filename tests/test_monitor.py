"""Learning curves: `monitor.AccuracyMonitor` given to `train.fit`, and notebook 09's four pipelines (`combine`)."""
import pytest
import torch
from torch import nn

from sslcourse import data
from sslcourse.combine import PIPELINES, run_pipeline
from sslcourse.methods import SimCLR, Supervised
from sslcourse.models import ConvEncoder, encoder_for
from sslcourse.monitor import AccuracyMonitor
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images


class Oracle(nn.Module):
    """A 'classifier' whose class is the image's mean brightness bucket: the monitor must score it 1.0."""
    def logits(self, x):
        return nn.functional.one_hot((x.mean((1, 2, 3)) * 3.999).long(), 4).float()


def test_accuracy_monitor_scores_a_perfect_classifier_one_and_checks_its_input():
    images = torch.stack([torch.full((1, 8, 8), v, dtype=torch.uint8) for v in (0, 70, 140, 250)])
    monitor = AccuracyMonitor(images, torch.tensor([0, 1, 2, 3]))
    oracle = Oracle()
    oracle.dummy = nn.Parameter(torch.zeros(1))                     # (the monitor finds the device through it)
    assert monitor(oracle) == {"accuracy": 1.0}
    assert AccuracyMonitor(images, torch.tensor([3, 1, 2, 0]))(oracle) == {"accuracy": 0.5}
    with pytest.raises(ValueError, match="labels"):
        AccuracyMonitor(images, torch.tensor([0, 1]))
    with pytest.raises(ValueError, match="probe_images and probe_labels"):
        AccuracyMonitor(images, torch.tensor([0, 1, 2, 3]), probe_images=images)
    with pytest.raises(TypeError, match="probe_images"):
        monitor(SimCLR(ConvEncoder(1, width=2)))                     # no logits: needs a probe


def test_fit_with_a_monitor_records_a_curve_without_changing_training(tmp_path, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path))
    images, labels = tiny_images(32), torch.arange(32) % 4

    def trained(monitor):
        torch.manual_seed(0)
        model = Supervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=4)
        return model, fit(model, images, labels, steps=6, batch_size=8, record_every=2, progress=False,
                          monitor=monitor)

    plain_model, plain = trained(None)
    model, watched = trained(AccuracyMonitor(images, labels))
    assert watched.losses == plain.losses                            # the monitor never touches the weights
    assert [r["step"] for r in watched.records] == [2, 4, 6] and all(0 <= r["accuracy"] <= 1 for r in watched.records)
    assert "accuracy" not in (plain.records or [{}])[0]
    assert not watched.cached and trained(AccuracyMonitor(images, labels))[1].cached   # its own cache entry
    probe = AccuracyMonitor(images, labels, probe_images=images, probe_labels=labels)  # an encoder-only method
    assert 0 <= probe(SimCLR(ConvEncoder(1, width=4)))["accuracy"] <= 1
    with pytest.raises(TypeError, match="monitor"):
        fit(model, images, labels, steps=1, batch_size=8, progress=False, monitor=3)


@pytest.mark.slow
def test_every_pipeline_draws_a_learning_curve_on_the_same_labels():
    mnist = data.load("mnist5k")
    torch.manual_seed(0)
    pretrained = encoder_for(1, "conv", 4)
    for name in PIPELINES:
        run = run_pipeline(name, mnist, pretrained=pretrained, steps=10, seed=0, width=4, curve_images=50)
        assert run.pipeline == name and run.steps == list(range(1, 11)) and len(run.accuracy) == 10
        assert 0 <= run.final <= 1 and all(0 <= a <= 1 for a in run.accuracy)
    with pytest.raises(ValueError, match="pipeline"):
        run_pipeline("dino", mnist)
    with pytest.raises(TypeError, match="pretrained"):
        run_pipeline("SimCLR → fine-tune", mnist)


def test_first_step_reads_convergence_speed_off_a_curve_and_the_band_plots_mean_and_range():
    from sslcourse.monitor import first_step
    from sslcourse.plots import mean_band
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    assert first_step([10, 20, 30], [0.5, 0.85, 0.9], 0.8) == 20
    assert first_step([10, 20, 30], [0.5, 0.6, 0.7], 0.8) == float("inf")
    with pytest.raises(ValueError, match="same length"):
        first_step([10, 20], [0.5], 0.8)
    fig, ax = plt.subplots()
    line = mean_band(ax, [1, 2, 3], [[1, 2, 3], [3, 4, 5]], "runs")
    assert list(line.get_ydata()) == [2, 3, 4] and len(ax.collections) == 1            # the mean, one band
    with pytest.raises(ValueError, match="curves"):
        mean_band(ax, [1, 2], [[1, 2, 3]], "runs")
    plt.close(fig)
