"""Text SSL machinery (notebook 10, in progress): the character tokenizer, BERT's masking, the tiny Transformer and
the masked / next-token objectives."""
import pytest
import torch

from sslcourse.nlp import (IGNORE, SPECIALS, CharTokenizer, MaskedLM, NextToken, TextClassifier, TinyTransformer,
                          mask_tokens, mean_pool, score, text_features)
from sslcourse.train import fit


def test_tokenizer_round_trips_text_and_marks_unknown_characters():
    tok = CharTokenizer(["banana", "bandana"])
    assert tok.tokens[:len(SPECIALS)] == list(SPECIALS) and tok.tokens[len(SPECIALS)] == "a"   # most frequent first
    ids = tok.encode("banana", bos=True, eos=True)
    assert ids[0] == tok.bos and ids[-1] == tok.eos and tok.decode(ids) == "banana"
    assert tok.decode(tok.encode("bandz")) == "band?"                                        # z was never seen
    assert len(CharTokenizer(["aab"], min_count=2)) == len(SPECIALS) + 1
    with pytest.raises(TypeError, match="texts"):
        CharTokenizer("banana")
    with pytest.raises(ValueError, match="ids"):
        tok.decode([len(tok)])


def test_windows_and_padded_batches_have_the_documented_shapes():
    tok = CharTokenizer(["abcdef", "ghij"])
    w = tok.windows(["abcdef", "ghij"], length=4)                       # 7 + 5 = 12 tokens -> 3 windows
    assert w.shape == (3, 4) and w.dtype == torch.int64 and w[0].tolist() == tok.encode("abcd")
    assert tok.windows(["abcdef", "ghij"], length=4, stride=2).shape == (5, 4)
    b = tok.pad_batch(["ab", "abcdefgh"], length=5)
    assert b.tolist()[0] == [tok.bos, *tok.encode("ab"), tok.pad, tok.pad] and b.shape == (2, 5)
    with pytest.raises(ValueError, match="length"):
        tok.windows(["ab"], length=10)


def test_bert_masking_rates_and_labels_only_at_chosen_positions():
    g = torch.Generator().manual_seed(0)
    vocab, specials = 40, range(5)
    ids = torch.randint(5, vocab, (200, 100), generator=g)
    ids[:, 0] = 3                                                        # a <bos> column: never chosen
    inputs, labels = mask_tokens(ids, vocab_size=vocab, mask_id=2, special_ids=specials, generator=g)
    chosen = labels != IGNORE
    assert not chosen[:, 0].any() and torch.equal(labels[chosen], ids[chosen])
    assert torch.equal(inputs[~chosen], ids[~chosen])                    # unchosen positions are untouched
    rate = chosen[:, 1:].float().mean()
    masked = (inputs[chosen] == 2).float().mean()
    kept = (inputs[chosen] == ids[chosen]).float().mean()                # 10 % kept (+ random draws of itself)
    assert abs(rate - 0.15) < 0.01 and abs(masked - 0.8) < 0.02 and abs(kept - 0.1) < 0.02
    assert not torch.isin(inputs[chosen & (inputs != 2)], torch.tensor(list(specials))).any()   # random = ordinary
    with pytest.raises(ValueError, match="vocab_size"):
        mask_tokens(ids, vocab_size=10, mask_id=2, special_ids=specials)
    with pytest.raises(ValueError, match="p"):
        mask_tokens(ids, vocab_size=vocab, mask_id=2, special_ids=specials, p=1.5)


def embedding_grad(model, ids, position):
    """d(sum of the hidden state at `position`) / d(token embeddings): (B, L, D)."""
    seen = {}

    def keep(module, inputs, output):
        output.retain_grad()
        seen["x"] = output
    handle = model.tokens.register_forward_hook(keep)
    model(ids)[:, position].sum().backward()
    handle.remove()
    return seen["x"].grad


def test_the_causal_mask_lets_no_position_see_the_future():
    torch.manual_seed(0)
    ids = torch.randint(5, 20, (2, 8))
    gpt = embedding_grad(TinyTransformer(20, dim=16, heads=2, causal=True), ids, position=3)
    bert = embedding_grad(TinyTransformer(20, dim=16, heads=2), ids, position=3)
    assert gpt[:, 4:].abs().max() == 0 and gpt[:, :4].abs().min() >= 0 and gpt[:, :3].abs().sum() > 0
    assert bert[:, 4:].abs().sum() > 0                                   # bidirectional: the future is seen
    with pytest.raises(ValueError, match="ids"):
        TinyTransformer(20, max_len=4)(ids)


def test_masked_and_next_token_objectives_train_through_fit():
    tok = CharTokenizer(["the cat sat on the mat", "a dog sat on a log"])
    data = tok.windows(["the cat sat on the mat", "a dog sat on a log"] * 4, length=12)     # (N, 12)
    torch.manual_seed(0)
    bert = MaskedLM(TinyTransformer(len(tok), dim=16, heads=2), mask_id=tok.mask, special_ids=tok.special_ids)
    gpt = NextToken(TinyTransformer(len(tok), dim=16, heads=2, causal=True))
    for method in (bert, gpt):
        hist = fit(method, data, steps=4, batch_size=4, record_every=2, progress=False, cache=False)
        assert hist.steps == 4 and all(torch.isfinite(torch.tensor(hist.losses)))
        assert [r["step"] for r in hist.records] == [2, 4] and 0 <= hist.records[-1]["accuracy"] <= 1
    with pytest.raises(ValueError, match="causal"):
        MaskedLM(TinyTransformer(len(tok), dim=16, heads=2, causal=True), mask_id=2, special_ids=range(5))
    with pytest.raises(ValueError, match="causal"):
        NextToken(TinyTransformer(len(tok), dim=16, heads=2))
    with pytest.raises(TypeError, match="images"):
        fit(gpt, data.float(), steps=1, progress=False, cache=False)            # not token ids
    with pytest.raises(TypeError, match="model"):
        NextToken(torch.nn.Linear(2, 2))


def tiny_pair():
    texts = ["the cat sat on the mat", "a dog sat on a log", "the dog and the cat"]
    tok = CharTokenizer(texts)
    torch.manual_seed(0)
    bert = MaskedLM(TinyTransformer(len(tok), dim=16, heads=2, max_len=16), mask_id=tok.mask,
                    special_ids=tok.special_ids, p=0.3)
    gpt = NextToken(TinyTransformer(len(tok), dim=16, heads=2, max_len=16, causal=True))
    return tok, texts, bert, gpt


def test_chunks_and_features_average_over_every_piece_of_a_text():
    tok, texts, bert, _ = tiny_pair()
    ids = tok.chunks(texts, length=8, count=3)                          # (3, 3, 8): 22, 18, 19 characters
    assert ids.shape == (3, 3, 8) and ids[0].flatten()[:22].tolist() == tok.encode(texts[0])
    assert (ids[0].flatten()[22:] == tok.pad).all()
    f = text_features(bert.encoder, ids)
    hidden = bert.encoder.eval()(ids.flatten(0, 1)).reshape(3, 24, -1)  # (3, 24, D) every piece's states
    keep = ids.reshape(3, 24) != tok.pad
    assert f.shape == (3, 16) and torch.allclose(f[1], hidden[1][keep[1]].mean(0), atol=1e-5)
    assert torch.isfinite(text_features(bert.encoder, tok.chunks(["ab"], 4, 3))).all()   # all-padding pieces
    assert torch.allclose(mean_pool(torch.ones(1, 3, 2), torch.tensor([[5, 6, 0]]), 0), torch.ones(1, 2))
    with pytest.raises(ValueError, match="ids"):
        text_features(bert.encoder, ids[0, 0])                          # one row (L,), not texts


def test_text_classifier_learns_from_labels_through_fit_and_fine_tunes_slower():
    tok, _, bert, _ = tiny_pair()
    texts = ["good fun", "great joy", "bad pain", "sad loss"] * 4
    labels = torch.tensor([1, 1, 0, 0] * 4)
    ids = CharTokenizer(texts).pad_batch(texts, 10)
    model = TinyTransformer(len(CharTokenizer(texts)), dim=16, heads=2, max_len=10)
    clf = TextClassifier(model, 2)
    fit(clf, ids, labels, steps=60, batch_size=8, lr=3e-3, progress=False, cache=False)
    assert clf.accuracy(ids, labels) == 1.0
    tuned = TextClassifier(bert.encoder, 2, encoder_lr=0.1)
    assert [g["lr_scale"] for g in tuned.param_groups()] == [0.1, 1.0]
    with pytest.raises(ValueError, match="labels"):
        fit(clf, ids, steps=1, progress=False, cache=False)
    with pytest.raises(ValueError, match="labels"):
        fit(clf, ids, labels + 1, steps=1, progress=False, cache=False)   # class 2 of 2
    with pytest.raises(ValueError, match="x"):
        fit(clf, torch.full_like(ids, 99), labels, steps=1, progress=False, cache=False)   # ids beyond the vocabulary


def test_scores_compare_both_sides_left_side_and_continuation():
    tok, texts, bert, gpt = tiny_pair()
    ids = tok.windows(texts * 4, length=16)
    for method in (bert, gpt):
        fit(method, ids, steps=30, batch_size=8, lr=3e-3, progress=False, cache=False)
    inputs, chosen = score.blank_positions(bert, ids, seed=1)
    assert (inputs[chosen] == tok.mask).all()                             # only the <mask> positions
    blanked = ids.masked_fill(chosen, tok.mask)
    filled = score.fill_blanks(bert, blanked)
    assert torch.equal(filled[~chosen], ids[~chosen]) and not (filled == tok.mask).any()
    assert chosen.any() and (inputs[~chosen] != tok.mask).all()            # every <mask> is a blank
    for value in (score.masked_accuracy(bert, ids, seed=1), score.left_only_accuracy(gpt, ids, chosen),
                  score.last_position_accuracy(bert, ids), score.next_token_scores(gpt, ids)[0]):
        assert 0 <= value <= 1
    accuracy, perplexity = score.next_token_scores(gpt, ids)
    assert 1 <= perplexity < len(tok)                                    # better than a uniform guess
    everywhere = torch.ones_like(ids, dtype=torch.bool)
    assert score.left_only_accuracy(gpt, ids, everywhere) == pytest.approx(accuracy, abs=1e-6)
    uni_accuracy, uni_perplexity = score.unigram_scores(ids, ids, len(tok))
    assert perplexity < uni_perplexity and uni_accuracy == (ids == tok.ids[" "]).float().mean()   # space: commonest
    assert score.unigram_scores(torch.tensor([5, 6]), torch.tensor([5, 6]), 7)[1] == pytest.approx(4.5)  # p = 2/9 each
    out = score.generate(gpt, tok.encode("the "), steps=10, seed=3)
    assert out[:4] == tok.encode("the ") and len(out) == 14 and not set(out[4:]) & set(score.NEVER)
    assert out == score.generate(gpt, tok.encode("the "), steps=10, seed=3)   # seeded
    with pytest.raises(TypeError, match="gpt"):
        score.next_token_scores(bert, ids)
    with pytest.raises(ValueError, match="positions"):
        score.left_only_accuracy(gpt, ids, chosen[:, :3])
    with pytest.raises(ValueError, match="prompt_ids"):
        score.generate(gpt, [], steps=3)
