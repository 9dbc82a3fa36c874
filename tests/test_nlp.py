"""Text SSL machinery (notebook 10, in progress): the character tokenizer, BERT's masking, the tiny Transformer and
the masked / next-token objectives."""
import pytest
import torch

from sslcourse.nlp import IGNORE, SPECIALS, CharTokenizer, MaskedLM, NextToken, TinyTransformer, mask_tokens
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
