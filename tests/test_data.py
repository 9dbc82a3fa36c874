"""sslcourse.data: embedded datasets, procedural shapes, photo patches, torchvision formats, label budgets."""
import pickle
import socket
import struct
import sys
import threading
from urllib.error import URLError

import numpy as np
import pytest
import torch
import torchvision.datasets.utils

from sslcourse.data import (DATASETS, PALETTE, PHOTOS, SHAPES, Data, Split, data_dir, label_budget, load, resize,
                            make_photos, make_shapes)
from sslcourse.data import downloads
from sslcourse.data.photos import TRAIN_COLUMNS, _originals, _photo


@pytest.fixture
def offline(monkeypatch):
    """No network: sockets refuse to connect and torchvision's downloader fails at once."""
    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")

    def no_download(*args, **kwargs):
        raise URLError("offline (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(torchvision.datasets.utils, "download_url", no_download)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_DATA", str(tmp_path))
    return tmp_path


# ---- embedded datasets

def test_mnist5k_split_is_pinned():
    data = load("mnist5k")
    assert isinstance(data, Data) and data.name == "mnist5k" and data.classes == tuple("0123456789")
    assert data.train.images.shape == (4000, 1, 28, 28) and data.test.images.shape == (1000, 1, 28, 28)
    assert data.train.images.dtype == torch.uint8 and data.train.labels.dtype == torch.int64
    assert (data.channels, data.image_size, len(data.train), len(data.test)) == (1, 28, 4000, 1000)
    assert data.train.labels.bincount().tolist() == [400] * 10
    assert data.test.labels.bincount().tolist() == [100] * 10
    assert data.test.labels[:20].tolist() == list(range(10)) * 2  # round-robin order: prefixes are balanced
    assert data.test.images[:5].flatten(1).sum(1).tolist() == [45543, 16577, 26283, 25502, 16804]
    assert int(data.train.images.sum()) == 104848804 and int(data.test.images.sum()) == 26418298


def test_load_returns_fresh_tensors():
    first = load("mnist5k")
    first.train.images.zero_()
    assert load("mnist5k").train.images.sum() > 0


def test_digits():
    data = load("digits")
    assert data.train.images.shape == (1442, 1, 8, 8) and data.test.images.shape == (355, 1, 8, 8)
    assert data.train.images.dtype == torch.uint8 and int(data.train.images.max()) == 255
    test_counts = data.test.labels.bincount()
    assert ((test_counts - data.train.labels.bincount() / 4).abs() <= 1).all()  # stratified 80/20


def test_resize_is_bilinear_and_rounded_and_checks_its_arguments():
    flat = torch.full((2, 3, 8, 8), 77, dtype=torch.uint8)
    assert torch.equal(resize(flat, 28), torch.full((2, 3, 28, 28), 77, dtype=torch.uint8))   # constant stays
    ramp = torch.tensor([[[[0, 255]]]], dtype=torch.uint8)                                    # (1, 1, 1, 2)
    assert resize(ramp, 4)[0, 0, 0].tolist() == [0, 64, 191, 255]        # half-pixel centres: 1/4 and 3/4 of the way
    red = torch.zeros(1, 3, 4, 4, dtype=torch.uint8)
    red[:, 0] = 255
    assert resize(red, 6, grey=True).shape == (1, 1, 6, 6) and int(resize(red, 6, grey=True).max()) == 76   # luma
    digits = load("digits").resized(28)
    assert digits.name == "digits (28x28)" and digits.image_size == 28 and len(digits.train) == 1442
    with pytest.raises(TypeError, match="images"):
        resize(flat.float(), 28)
    with pytest.raises((TypeError, ValueError), match="size"):
        resize(flat, 0)
    with pytest.raises(TypeError, match="grey"):
        resize(flat, 28, grey=1)


def test_unknown_name_lists_every_dataset():
    with pytest.raises(ValueError, match="name") as info:
        load("imagenet")
    assert all(name in str(info.value) for name in DATASETS)
    with pytest.raises(TypeError, match="seed"):
        load("mnist5k", seed=1)  # mnist5k takes no options


def test_split_and_data_check_their_arguments():
    images, labels = torch.zeros(3, 1, 4, 4, dtype=torch.uint8), torch.zeros(3, dtype=torch.int64)
    assert len(Split(images, labels)) == 3
    with pytest.raises(TypeError, match="images"):
        Split(images.float(), labels)
    with pytest.raises(TypeError, match="labels"):
        Split(images, labels.int())
    with pytest.raises(ValueError, match="same length"):
        Split(images, labels[:2])
    with pytest.raises(ValueError, match="train and test"):
        Data("x", Split(images, labels), Split(images[:, :, :2], labels), ("a",))


# ---- shapes

def _ink(images: torch.Tensor) -> torch.Tensor:
    """(N, 3) colour of the pixel most unlike the top-left corner (always background on a plain background)."""
    flat = images.flatten(2).long()  # (N, 3, S*S)
    far = (flat - flat[:, :, :1]).abs().sum(1).argmax(1)  # (N,)
    return flat[torch.arange(len(images)), :, far]


def test_shapes_types_balance_and_determinism():
    images, labels = make_shapes(60, seed=3)
    assert images.shape == (60, 3, 32, 32) and images.dtype == torch.uint8 and labels.dtype == torch.int64
    assert labels.bincount().tolist() == [10] * len(SHAPES)
    assert torch.equal(make_shapes(60, seed=3)[0], images)
    assert not torch.equal(make_shapes(60, seed=4)[0], images)
    assert make_shapes(4, image_size=48)[0].shape == (4, 3, 48, 48)
    data = load("shapes", n_train=30, n_test=12)
    assert (len(data.train), len(data.test), data.classes) == (30, 12, SHAPES)
    assert not torch.equal(data.train.images[:12], data.test.images)  # different seeds for train and test
    with pytest.raises(TypeError, match="return_factors"):
        load("shapes", return_factors=True)


def test_shapes_paint_the_drawn_colour_and_the_ring_has_a_hole():
    images, labels, f = make_shapes(40, return_factors=True)
    assert torch.equal(_ink(images), f["color"].long())
    centred, labels = make_shapes(10, classes=("circle", "ring"), position=0.0, size=(0.8, 0.8))
    middle = centred[:, :, 16, 16]  # (N, 3)
    corner = centred[:, :, 0, 0]
    assert torch.equal((middle == corner).all(1), labels == 1)  # ring: the centre shows the background


def test_one_knob_changes_one_factor():
    a, _, fa = make_shapes(50, rotation=(0, 0), return_factors=True)
    b, _, fb = make_shapes(50, rotation=(0, 360), return_factors=True)
    assert (fa["rotation"] == 0).all() and fb["rotation"].std() > 50
    assert all(torch.equal(fa[k], fb[k]) for k in ("shape", "color", "size", "x", "y", "background"))
    assert not torch.equal(a, b)
    centred = make_shapes(20, position=0.0, return_factors=True)[2]
    assert (centred["x"] == 0).all() and (centred["y"] == 0).all()
    small = make_shapes(50, size=(0.3, 0.35))[0]
    large = make_shapes(50, size=(0.7, 0.75))[0]
    covered = lambda x: (x != x[:, :, :1, :1]).any(1).float().mean()  # noqa: E731 fraction of non-background
    assert covered(large) > 2 * covered(small)


def test_color_by_class_makes_colour_a_shortcut():
    images, labels = make_shapes(200, color_by_class=True)
    assert torch.equal(_ink(images), torch.tensor(PALETTE)[labels])
    images, labels = make_shapes(200, color_by_class=False)
    assert (_ink(images) == torch.tensor(PALETTE)[labels]).all(1).float().mean() < 0.3
    half = make_shapes(2000, color_by_class=0.5, return_factors=True)[2]
    agree = (half["color_index"] == half["shape"]).float().mean()
    assert 0.5 < agree < 0.65  # 0.5 + 0.5 / 8 expected


def test_background_and_noise_knobs():
    def corner_varies(x):  # a 4x4 corner block lies outside every shape's bounding circle
        block = x[:, :, :4, :4]
        return (block != block[:, :, :1, :1]).flatten(1).any(1)

    assert not corner_varies(make_shapes(40, background="plain")[0]).any()
    for kind in ("gradient", "stripes", "noise"):
        assert corner_varies(make_shapes(40, background=kind)[0]).float().mean() > 0.8, kind
    mixed = make_shapes(400, background=("plain", "noise"), return_factors=True)[2]["background"]
    assert set(mixed.tolist()) == {0, 3}
    clean, noisy = make_shapes(20)[0].float(), make_shapes(20, noise=0.1)[0].float()
    assert 10 < (noisy - clean).abs().mean() < 30  # about 0.1 * 255 * 0.8, less where clipped


@pytest.mark.parametrize("knobs, argument", [
    (dict(n=0), "n"), (dict(n=2.5), "n"), (dict(background="plaid"), "background"),
    (dict(classes=("hexagon",)), "classes"), (dict(size=(0.9, 0.1)), "size"),
    (dict(rotation=(10,)), "rotation"), (dict(noise=-1.0), "noise"), (dict(position=2.0), "position"),
    (dict(colors=PALETTE[:2], color_by_class=True), "color_by_class"),
])
def test_shapes_reject_bad_knobs(knobs, argument):
    knobs = {"n": 4, **knobs}
    with pytest.raises((ValueError, TypeError), match=argument):
        make_shapes(**knobs)


# ---- photos

def test_photos_ship_with_the_install(offline):
    _originals.cache_clear()
    _photo.cache_clear()
    data = load("photos", n_train=60, n_test=30)
    assert data.classes == PHOTOS and data.train.images.shape == (60, 3, 32, 32)
    assert data.train.images.dtype == torch.uint8 and data.test.images.shape == (30, 3, 32, 32)
    assert data.train.labels.bincount().tolist() == [10] * len(PHOTOS)
    assert load("photos", n_train=5, n_test=5, size=16).image_size == 16


def test_photos_are_deterministic_and_from_disjoint_regions():
    images, labels, f = make_photos(120, seed=1, return_factors=True)
    assert torch.equal(make_photos(120, seed=1)[0], images)
    assert not torch.equal(make_photos(120, seed=2)[0], images)
    test_images, test_labels, g = make_photos(120, seed=1, region="test", return_factors=True)
    for k, name in enumerate(PHOTOS):
        photo = _photo(name, 0.5)
        split = round(TRAIN_COLUMNS * photo.shape[2])
        assert (f["left"][labels == k] + 32 <= split).all() and (g["left"][test_labels == k] >= split).all()
    i = 0
    top, left, photo = int(f["top"][i]), int(f["left"][i]), _photo(PHOTOS[int(labels[i])], 0.5)
    assert torch.equal(images[i], photo[:, top:top + 32, left:left + 32])
    with pytest.raises(ValueError, match="size"):
        make_photos(2, region="test", size=200)
    with pytest.raises(ValueError, match="region"):
        make_photos(2, region="val")


# ---- label_budget

def test_label_budget_is_balanced_deterministic_and_nested():
    labels = torch.arange(100) % 5
    picked = label_budget(labels, 3, seed=7)
    assert picked.dtype == torch.int64 and len(picked) == 15 and len(picked.unique()) == 15
    assert labels[picked].bincount().tolist() == [3] * 5 and torch.equal(picked, picked.sort().values)
    assert torch.equal(label_budget(labels, 3, seed=7), picked)
    assert not torch.equal(label_budget(labels, 3, seed=8), picked)
    assert set(picked.tolist()) <= set(label_budget(labels, 6, seed=7).tolist())


def test_label_budget_errors_name_the_argument():
    labels = torch.tensor([0] * 10 + [1] * 10 + [2] * 4)
    with pytest.raises(ValueError, match=r"per_class=5 .*class 2.* 4 examples"):
        label_budget(labels, 5)
    with pytest.raises(ValueError, match="per_class"):
        label_budget(labels, 0)
    with pytest.raises(TypeError, match="per_class"):
        label_budget(labels, 2.5)
    with pytest.raises(TypeError, match="labels"):
        label_budget(labels.float(), 2)


# ---- torchvision formats and downloads

def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SSLCOURSE_DATA", str(tmp_path / "here"))
    assert data_dir() == tmp_path / "here"
    monkeypatch.delenv("SSLCOURSE_DATA")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        assert data_dir() == tmp_path / "cache" / "sslcourse" / "data"
    else:
        assert data_dir().parts[-2:] == ("sslcourse", "data")


def _write_cifar10(folder, rng):
    folder.mkdir(parents=True)
    for name, n in [(f"data_batch_{i}", 2) for i in range(1, 6)] + [("test_batch", 3)]:
        batch = {"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8), "labels": [i % 10 for i in range(n)]}
        (folder / name).write_bytes(pickle.dumps(batch))
    names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": names}))


def _write_idx(path, array):  # big-endian header: magic (0x08 = uint8, then the number of dimensions), sizes
    header = struct.pack(">I", 0x0800 + array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def _write_mnist(folder, rng):
    folder.mkdir(parents=True)
    for prefix, n in [("train", 6), ("t10k", 4)]:
        _write_idx(folder / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28)))
        _write_idx(folder / f"{prefix}-labels-idx1-ubyte", np.arange(n) % 10)


def _write_stl10(folder, rng):  # returns the train images (N, 3, 96, 96) that the files hold
    folder.mkdir(parents=True)
    images = {"train": rng.integers(0, 256, (3, 3, 96, 96), dtype=np.uint8),
              "test": rng.integers(0, 256, (2, 3, 96, 96), dtype=np.uint8)}
    for split, x in images.items():
        (folder / f"{split}_X.bin").write_bytes(x.transpose(0, 1, 3, 2).tobytes())  # column-major on disk
        (folder / f"{split}_y.bin").write_bytes(np.arange(1, len(x) + 1, dtype=np.uint8).tobytes())  # 1-based
    (folder / "class_names.txt").write_text("\n".join(["airplane", "bird", "car", "cat", "deer", "dog", "horse",
                                                       "monkey", "ship", "truck"]) + "\n")
    return images["train"]


def test_torchvision_files_load_without_network(data_home, offline):
    rng = np.random.default_rng(0)
    _write_cifar10(data_home / "cifar10" / "cifar-10-batches-py", rng)
    cifar = load("cifar10")
    assert cifar.train.images.shape == (10, 3, 32, 32) and cifar.test.images.shape == (3, 3, 32, 32)
    raw = pickle.loads((data_home / "cifar10" / "cifar-10-batches-py" / "data_batch_1").read_bytes())["data"]
    assert cifar.train.images[0, 0, 0, 1] == raw[0, 1] and cifar.train.images[0, 2, 31, 31] == raw[0, 3071]
    assert cifar.classes[1] == "automobile" and cifar.test.labels.tolist() == [0, 1, 2]

    _write_mnist(data_home / "mnist" / "MNIST" / "raw", rng)
    _write_mnist(data_home / "fashion_mnist" / "FashionMNIST" / "raw", rng)
    mnist, fashion = load("mnist"), load("Fashion-MNIST")
    assert mnist.train.images.shape == (6, 1, 28, 28) and mnist.test.labels.dtype == torch.int64
    assert mnist.classes == tuple("0123456789") and fashion.classes[0] == "T-shirt/top"

    train = _write_stl10(data_home / "stl10" / "stl10_binary", rng)
    stl = load("stl10")
    assert torch.equal(stl.train.images, torch.from_numpy(train)) and stl.image_size == 96
    assert stl.train.labels.tolist() == [0, 1, 2] and stl.classes[2] == "car"


def test_readers_agree_with_torchvision_on_the_same_files(data_home, offline, monkeypatch):
    # torchvision's classes check md5 sums, which fake files fail: switch that check off to compare readings.
    monkeypatch.setattr(torchvision.datasets.CIFAR10, "_check_integrity", lambda self: True)
    monkeypatch.setattr(torchvision.datasets.cifar, "check_integrity", lambda *args, **kwargs: True)
    monkeypatch.setattr(torchvision.datasets.STL10, "_check_integrity", lambda self: True)
    rng = np.random.default_rng(1)
    _write_cifar10(data_home / "cifar10" / "cifar-10-batches-py", rng)
    _write_mnist(data_home / "mnist" / "MNIST" / "raw", rng)
    _write_stl10(data_home / "stl10" / "stl10_binary", rng)
    theirs = {
        "cifar10": torchvision.datasets.CIFAR10(data_home / "cifar10", train=False),
        "mnist": torchvision.datasets.MNIST(data_home / "mnist", train=False),
        "stl10": torchvision.datasets.STL10(data_home / "stl10", split="test"),
    }
    for name, dataset in theirs.items():
        ours = load(name).test
        image, label = dataset[1]  # a PIL image (H, W[, C]) and an int
        pixels = torch.from_numpy(np.array(image)).reshape(ours.images.shape[2], ours.images.shape[3], -1)
        assert torch.equal(ours.images[1], pixels.permute(2, 0, 1)), name
        assert int(ours.labels[1]) == label, name


@pytest.mark.parametrize("name, alternative", [("mnist", "mnist5k"), ("fashion_mnist", "mnist5k"),
                                               ("cifar10", "shapes"), ("stl10", "photos")])
def test_offline_download_names_the_embedded_alternative(data_home, offline, name, alternative):
    with pytest.raises(RuntimeError, match="Could not download") as info:
        load(name)
    assert str(data_home / name) in str(info.value) and f"load('{alternative}')" in str(info.value)
    with pytest.raises(RuntimeError, match="download=False") as info:
        load(name, download=False)
    assert f"load('{alternative}')" in str(info.value)


@pytest.fixture
def silent_server():
    """A server on 127.0.0.1 that accepts connections and never answers: a stalled network."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.mark.parametrize("name", ["mnist", "cifar10"])
def test_a_stalled_download_times_out_and_leaves_nothing(data_home, silent_server, monkeypatch, name):
    monkeypatch.setattr(downloads, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [silent_server])
    monkeypatch.setattr(torchvision.datasets.CIFAR10, "url", silent_server + "cifar-10-python.tar.gz")
    with pytest.raises(RuntimeError, match=f"Could not download '{name}'"):
        load(name)
    assert not (data_home / name).exists()
    assert socket.getdefaulttimeout() is None          # the process-wide default is restored


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_data_file_is_named(data_home, offline, damage):
    folder = data_home / "cifar10" / "cifar-10-batches-py"
    _write_cifar10(folder, np.random.default_rng(0))
    bad = folder / "data_batch_3"
    bad.write_bytes(bad.read_bytes()[:50] if damage == "truncate" else b"not a pickle at all")
    with pytest.raises(RuntimeError, match="data_batch_3 is damaged"):
        load("cifar10")
    _write_mnist(data_home / "mnist" / "MNIST" / "raw", np.random.default_rng(0))
    images = data_home / "mnist" / "MNIST" / "raw" / "t10k-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[:-5])
    with pytest.raises(RuntimeError, match="t10k-images-idx3-ubyte is damaged"):
        load("mnist")
