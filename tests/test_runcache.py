"""The run cache never returns the wrong model: the key covers the initial state, entries are written atomically,
and a broken entry is a warned miss that trains again from the same start."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import torch

from sslcourse import _files as files
from sslcourse import runcache
from sslcourse.methods import Supervised
from sslcourse.models import ConvEncoder
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images, tiny_simclr

FIT = dict(steps=3, batch_size=16, progress=False)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path))
    return tmp_path


def same_weights(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_the_same_start_is_reused(cache):
    x = tiny_images()
    first, again = tiny_simclr(), tiny_simclr()
    h1 = fit(first, x, **FIT)
    h2 = fit(again, x, **FIT)
    assert not h1.cached and h2.cached and h2.losses == h1.losses and same_weights(first, again)
    assert len(list(cache.glob("*.pt"))) == 1 and not list(cache.glob(".*"))   # no temporary file left


def test_another_start_budget_or_dataset_is_another_run(cache):
    x = tiny_images()
    fit(tiny_simclr(), x, **FIT)
    assert not fit(tiny_simclr(seed=9), x, **FIT).cached              # other initial weights
    assert not fit(tiny_simclr(), x, **{**FIT, "steps": 4}).cached
    assert not fit(tiny_simclr(), tiny_images(seed=1), **FIT).cached


def test_an_edit_to_the_package_code_is_another_run(cache, monkeypatch):
    from sslcourse import runcache

    x = tiny_images()
    fit(tiny_simclr(), x, **FIT)
    assert fit(tiny_simclr(), x, **FIT).cached
    assert runcache.code_fingerprint() == runcache.code_fingerprint.__wrapped__()     # files hashed, not a constant
    monkeypatch.setattr(runcache, "code_fingerprint", lambda: "edited")                # a loss or a method changed
    assert not fit(tiny_simclr(), x, **FIT).cached


def test_another_thread_count_or_cpu_capability_is_another_run(cache, monkeypatch):
    x = tiny_images()
    fit(tiny_simclr(), x, **FIT)
    assert fit(tiny_simclr(), x, **FIT).cached
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(threads + 1)                                      # other float sums: other last bits
        assert not fit(tiny_simclr(), x, **FIT).cached
    finally:
        torch.set_num_threads(threads)
    assert fit(tiny_simclr(), x, **FIT).cached
    monkeypatch.setattr(torch.backends.cpu, "get_cpu_capability", lambda: "AVX2-elsewhere")
    assert not fit(tiny_simclr(), x, **FIT).cached


def test_a_second_call_continues_training(cache):
    x, m = tiny_images(), tiny_simclr()
    fit(m, x, **FIT)
    after_one = {k: v.clone() for k, v in m.state_dict().items()}
    again = fit(m, x, **FIT)
    assert not again.cached
    assert any(not torch.equal(after_one[k], v) for k, v in m.state_dict().items())


def test_fine_tuning_a_pretrained_encoder_is_not_the_run_from_scratch(cache):
    x, y = tiny_images(), torch.arange(64) % 2
    torch.manual_seed(0)
    scratch = Supervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=2)
    fit(scratch, x, y, **FIT)
    pretrained = tiny_simclr()
    fit(pretrained, x, **FIT)
    torch.manual_seed(0)                    # the same head initialisation as the run from scratch
    tuned = Supervised(pretrained.encoder, NoiseAugment(), num_classes=2)
    assert not fit(tuned, x, y, **FIT).cached


def entry(cache):
    """(the .pt, the .json) of the only entry in the cache."""
    (pt,) = cache.glob("*.pt")
    return pt, pt.with_suffix(".json")


def flip_a_byte(cache):
    pt, _ = entry(cache)
    blob = bytearray(pt.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    pt.write_bytes(bytes(blob))


def truncate(cache):
    pt, _ = entry(cache)
    pt.write_bytes(pt.read_bytes()[:100])


def random_bytes(cache):
    entry(cache)[0].write_bytes(os.urandom(4000))


def garbage_json(cache):
    entry(cache)[1].write_text("{not json")


def empty_json(cache):
    entry(cache)[1].write_text("")


def stale_state(cache):
    """A state dict with one tensor too many, under a valid checksum (an older version of the method)."""
    import hashlib
    import io
    pt, meta = entry(cache)
    state = torch.load(pt, weights_only=True)
    state["extra.weight"] = torch.zeros(3)
    buffer = io.BytesIO()
    torch.save(state, buffer)
    pt.write_bytes(buffer.getvalue())
    record = json.loads(meta.read_text())
    record["sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    meta.write_text(json.dumps(record))


def history_of_another_version(cache):
    _, meta = entry(cache)
    record = json.loads(meta.read_text())
    record["history"]["unknown_field"] = 1
    meta.write_text(json.dumps(record))


@pytest.mark.parametrize("damage", [flip_a_byte, truncate, random_bytes, garbage_json, empty_json, stale_state,
                                    history_of_another_version])
def test_a_broken_entry_is_a_warned_miss_that_retrains_from_the_same_start(cache, damage):
    x = tiny_images()
    first = fit(tiny_simclr(), x, **FIT)
    damage(cache)
    m = tiny_simclr()
    with pytest.warns(RuntimeWarning, match="unusable"):
        again = fit(m, x, **FIT)
    assert not again.cached and again.losses == first.losses   # trained from the method's own start
    reference = tiny_simclr()
    fit(reference, x, cache=False, **{k: v for k, v in FIT.items()})
    assert same_weights(m, reference)
    assert fit(tiny_simclr(), x, **FIT).cached                   # the entry was overwritten


def test_an_interrupted_save_leaves_no_debris_and_the_old_entry_intact(cache, monkeypatch):
    x, m = tiny_images(), tiny_simclr()
    fit(m, x, **FIT)
    pt, meta = entry(cache)
    before = pt.read_bytes(), meta.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt
    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runcache.save(m, pt.stem, {"losses": []})
    assert (pt.read_bytes(), meta.read_bytes()) == before
    assert sorted(p.name for p in cache.iterdir()) == sorted([pt.name, meta.name])


def test_temporary_files_of_killed_saves_are_removed(cache):
    old = cache / ".x.pt.abc.tmp"
    old.write_bytes(b"half")
    os.utime(old, (time.time() - 2 * runcache.STALE_TMP_SECONDS,) * 2)
    young = cache / ".y.pt.def.tmp"        # maybe another process's save in progress: kept
    young.write_bytes(b"half")
    fit(tiny_simclr(), tiny_images(), **FIT)
    assert not old.exists() and young.exists()


WRITER = textwrap.dedent("""
    import sys, torch
    sys.path.insert(0, {tests!r})
    from sslcourse import runcache
    from _tiny import tiny_simclr
    m = tiny_simclr()
    for i in range({n}):
        runcache.save(m, "race", {{"losses": [float(i)]}})
    print("done")
""")


def test_two_processes_writing_one_entry_both_succeed(cache):
    script = WRITER.format(tests=os.path.dirname(__file__), n=40)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert runcache.load(tiny_simclr(seed=5), "race", "cpu") is not None
    assert sorted(p.name for p in cache.iterdir()) == ["race.json", "race.pt"]


def test_sigint_during_saves_never_leaves_a_wrong_or_partial_entry(cache):
    # The child restores Python's Ctrl-C handler itself: a shell that starts a job in the background (`cmd &`, nohup)
    # makes it ignore SIGINT, and Python then installs no handler, so the signal would do nothing.
    script = WRITER.format(tests=os.path.dirname(__file__), n=100000).replace(
        "m = tiny_simclr()", "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "m = tiny_simclr(); m.big = torch.nn.Linear(1000, 2000); print('ready', flush=True)")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.5)                       # some saves done, one in progress
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:                                  # never leave 100,000 saves running behind a failed test
        proc.kill()
        proc.wait()
    assert "KeyboardInterrupt" in err
    assert not [p.name for p in cache.iterdir() if p.suffix == ".tmp"]
    target = tiny_simclr()
    target.big = torch.nn.Linear(1000, 2000)
    try:                                      # either a whole entry or a detected mismatch, never a wrong load
        assert runcache.load(target, "race", "cpu") is not None
    except runcache.Unusable as why:
        assert "checksum" in str(why)
