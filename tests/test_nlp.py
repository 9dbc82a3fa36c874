"""Text SSL machinery (notebook 10, in progress): the character tokenizer and BERT's masking."""
import pytest
import torch

from sslcourse.nlp import IGNORE, SPECIALS, CharTokenizer, mask_tokens


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
