"""Image–text (notebook 12): the symmetric CLIP loss by hand, captions, zero-shot and retrieval, tiled pairs, CLIP."""
import math

import pytest
import torch
import torch.nn.functional as F

from sslcourse import losses, models, multimodal as mm
from sslcourse.data import SHAPES, make_shapes
from sslcourse.train import fit


def _directional(a, b, scale):
    """-log softmax of each row of a against every row of b, the matching row as the positive: a naive loop."""
    a, b = F.normalize(a, dim=1), F.normalize(b, dim=1)
    total = 0.0
    for i in range(len(a)):
        logits = [scale * float(a[i] @ b[j]) for j in range(len(b))]
        total += -(logits[i] - math.log(sum(math.exp(v) for v in logits)))
    return total / len(a)


def test_clip_loss_is_the_mean_of_the_two_directional_infonce_losses():
    g = torch.Generator().manual_seed(0)
    image, text = torch.randn(5, 3, generator=g), torch.randn(5, 3, generator=g)
    expected = (_directional(image, text, 2.0) + _directional(text, image, 2.0)) / 2
    assert float(losses.clip_loss(image, text, 2.0)) == pytest.approx(expected, rel=1e-5)
    assert float(losses.clip_loss(image, text, 2.0)) != pytest.approx(_directional(image, text, 2.0), rel=1e-3)


def test_clip_loss_closed_form_on_orthogonal_pairs():
    eye = torch.eye(3)                                   # three orthogonal matching pairs: logits = s * I
    s = 4.0
    assert float(losses.clip_loss(eye, eye, s)) == pytest.approx(-math.log(math.exp(s) / (math.exp(s) + 2)))
    assert float(losses.clip_loss(eye, eye, torch.tensor(s))) == pytest.approx(float(losses.clip_loss(eye, eye, s)))


def test_clip_loss_refuses_bad_input():
    with pytest.raises(ValueError, match="text_z"):
        losses.clip_loss(torch.randn(3, 2), torch.randn(4, 2), 1.0)
    with pytest.raises(ValueError, match="scale"):
        losses.clip_loss(torch.randn(3, 2), torch.randn(3, 2), 0.0)
    with pytest.raises(ValueError, match="image_z"):
        losses.clip_loss(torch.randn(1, 2), torch.randn(1, 2), 1.0)


def test_shape_captions_round_trip_and_drop_words():
    cap = mm.ShapeCaptions(drop=0.5)
    _, labels, factors = make_shapes(64, 0, background=("plain", "stripes"), return_factors=True)
    codes = cap.codes(factors)
    for code, label in zip(codes.tolist(), labels.tolist()):
        assert cap.factors(code)[0] == label
        assert SHAPES[label] in cap.full(code).split()
    assert cap.full(cap.codes({k: v[:1] for k, v in factors.items()})[0].item()).startswith("a ")
    tokens = cap.sample(codes, torch.Generator().manual_seed(0))
    assert tokens.shape == (64, cap.max_len) and (tokens[:, 0] == cap.index["a"]).all()
    assert len({tuple(t.tolist()) for t in tokens}) > 20                 # varied phrasings
    assert cap.encode(["a red circle"]).tolist()[0][:3] == [cap.index[w] for w in ("a", "red", "circle")]


def test_pair_captions_say_the_same_thing_two_ways():
    cap = mm.PairCaptions()
    texts = {cap.write(37, [d, 0, 0, 0]) for d in (0.1, 0.9)}
    assert texts == {"3 left of 7", "7 right of 3"}


def test_captions_refuse_bad_input():
    cap = mm.ShapeCaptions()
    with pytest.raises(ValueError, match="unknown"):
        cap.encode(["a pink circle"])
    with pytest.raises(TypeError, match="texts"):
        cap.encode("a circle")
    with pytest.raises(ValueError, match="codes"):
        cap.sample(torch.tensor([cap.n_codes]))
    with pytest.raises(ValueError, match="drop"):
        mm.ShapeCaptions(drop=1.5)


def test_zero_shot_of_a_perfect_encoder_is_one():
    classes = torch.eye(4)                                           # one prompt embedding per class
    labels = torch.randint(4, (50,), generator=torch.Generator().manual_seed(0))
    images = classes[labels] + 0.01 * torch.randn(50, 4)             # images sit on their class's prompt
    assert (mm.zero_shot(images, classes) == labels).all()
    ensemble = torch.stack([classes, classes + 0.1 * torch.randn(4, 4)], dim=1)   # (K, P, D) two prompts a class
    assert (mm.zero_shot(images, ensemble) == labels).all()
    with pytest.raises(ValueError, match="class_emb"):
        mm.zero_shot(images, torch.randn(4, 3))


def test_retrieval_with_shared_captions_by_hand():
    image = torch.tensor([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0]])
    codes = torch.tensor([5, 5, 7])
    text = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    got = mm.retrieval(image, codes, text, torch.tensor([7, 5]))
    assert got == {"image→text": 1.0, "text→image": 1.0}
    wrong = mm.retrieval(image, codes, text, torch.tensor([5, 7]))
    assert wrong == {"image→text": 0.0, "text→image": 0.0}
    with pytest.raises(ValueError, match="text_codes"):
        mm.retrieval(image, codes, text, torch.tensor([5, 5]))


def test_tile_pairs_puts_the_left_digit_on_the_left_and_holds_pairs_out():
    images = torch.stack([torch.full((1, 4, 4), d, dtype=torch.uint8) for d in range(10)])   # digit d = value d
    labels = torch.arange(10)
    held = [(1, 2), (3, 4)]
    x, codes = mm.tile_pairs(images, labels, 300, seed=0, exclude=held)
    assert x.shape == (300, 1, 4, 8)
    assert (x[:, 0, 0, 0] == codes // 10).all() and (x[:, 0, 0, -1] == codes % 10).all()
    assert not set(codes.tolist()) & {12, 34}
    _, only = mm.tile_pairs(images, labels, 50, seed=1, only=held)
    assert set(only.tolist()) == {12, 34}
    with pytest.raises(ValueError, match="exclude"):
        mm.tile_pairs(images, labels, 5, only=held, exclude=held)


def test_bag_of_words_cannot_tell_word_order():
    cap = mm.PairCaptions()
    bag = mm.BagOfWords(len(cap.vocab))
    a, b = bag(cap.encode(["3 left of 7", "7 left of 3"]))
    assert torch.allclose(a, b, atol=1e-6)                               # the same words, summed in another order
    sentence = mm.SentenceEncoder(len(cap.vocab), dim=16, max_len=4)
    a, b = sentence(cap.encode(["3 left of 7", "7 left of 3"]))
    assert not torch.allclose(a, b)


@pytest.mark.slow
def test_clip_trains_through_fit_and_learns_colours():
    cap = mm.ShapeCaptions(drop=0.5)                                     # "a red shape" is a caption
    x, _, factors = make_shapes(256, 0, image_size=16, colors=((230, 25, 75), (0, 130, 200)),
                                return_factors=True)
    torch.manual_seed(0)
    clip = mm.CLIP(models.ConvEncoder(3, width=8), mm.SentenceEncoder(len(cap.vocab), dim=16, max_len=8), cap,
                   dim=16)
    history = fit(clip, x, cap.codes(factors), steps=100, batch_size=64, lr=1e-2, cache=False, progress=False)
    assert history.records[-1]["temperature"] > 0
    colours = clip.embed_texts(["a red shape", "a green shape"])           # palette entries 0 and 1 here
    accuracy = (mm.zero_shot(clip.image_embeddings(x), colours) == factors["color_index"]).float().mean()
    assert accuracy > 0.9, accuracy


def test_clip_refuses_bad_input():
    cap = mm.PairCaptions()
    with pytest.raises(TypeError, match="captions"):
        mm.CLIP(models.ConvEncoder(1, width=4), mm.BagOfWords(14), "captions")
    clip = mm.CLIP(models.ConvEncoder(1, width=4), mm.BagOfWords(len(cap.vocab)), cap)
    x = torch.zeros(4, 1, 8, 16, dtype=torch.uint8)
    with pytest.raises(ValueError, match="labels"):
        fit(clip, x, steps=1, cache=False, progress=False)
    with pytest.raises(ValueError, match="labels"):
        fit(clip, x, torch.tensor([0, 1, 2, 100]), steps=1, cache=False, progress=False)
    with pytest.raises(ValueError, match="grid"):
        models.ConvEncoder(1, grid=(1, 0))


def test_pair_mask_and_order_accuracy():
    factors = {"shape": torch.tensor([0, 0, 1]), "color_index": torch.tensor([2, 3, 2])}
    assert mm.ShapeCaptions.pair_mask(factors, [(0, 3), (1, 2)]).tolist() == [False, True, True]
    with pytest.raises(ValueError, match="pairs"):
        mm.ShapeCaptions.pair_mask(factors, [])

    class Reader:                                        # a text side that reads order: "a left of b" -> e_a - e_b
        def embed_texts(self, texts):
            out = []
            for text in texts:
                a, _, _, b = text.split()
                out.append(torch.eye(10)[int(a)] - torch.eye(10)[int(b)])
            return torch.stack(out)

    codes = torch.tensor([37, 51, 22])
    images = torch.stack([torch.eye(10)[c // 10] - torch.eye(10)[c % 10] for c in codes.tolist()])
    assert mm.order_accuracy(Reader(), images, codes) == 1.0             # the equal pair 2-2 is left out
    assert mm.order_accuracy(Reader(), -images, codes) == 0.0
    with pytest.raises(ValueError, match="codes"):
        mm.order_accuracy(Reader(), images[:1], torch.tensor([22]))
