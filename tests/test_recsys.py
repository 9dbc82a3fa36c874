"""Sequential recommendation (notebook 12): the MovieLens loader, leave-last-out without leaks, HR/NDCG by hand,
the baselines, the augmentations, scoring and CL4SRec."""
import math

import pytest
import torch

from sslcourse import nlp, recsys
from sslcourse.data import interactions as inter
from sslcourse.train import fit


@pytest.fixture(scope="module")
def movies():
    return inter.movielens()


def test_movielens_loads_offline_with_the_documented_sizes(movies):
    assert (movies.n_users, movies.n_items) == (671, 2245)
    assert sum(len(s) for s in movies.train) + len(movies.test) == 81915
    assert inter.movielens(min_ratings=5).n_items == 3496
    assert all(s.dtype == torch.int64 and len(s) >= 2 for s in movies.train)
    assert movies.titles[0] == "<pad>" and len(movies.genres) == movies.n_items + 1
    assert int(min(s.min() for s in movies.train)) >= 1 and int(movies.test.max()) <= movies.n_items
    with pytest.raises(ValueError, match="min_ratings"):
        inter.movielens(min_ratings=0)


def test_no_future_item_leaks_into_a_users_training_sequence(movies):
    frame = inter.ratings()
    ids = {key: i for i, key in enumerate(movies.keys)}
    for u, (_, rows) in enumerate(frame.groupby("userId", sort=True)):
        times = rows["timestamp"].tolist()
        assert times == sorted(times)                                     # time order
        assert len(movies.train[u]) == len(rows) - 1                      # everything but the last
        assert ids[rows["movieId"].iloc[-1]] == int(movies.test[u])         # the test item is the latest rating
        assert int(movies.test[u]) not in movies.train[u].tolist()
        assert movies.train[u].tolist() == [ids[m] for m in rows["movieId"].iloc[:-1]]   # the past, in order


def test_windows_and_recent_cut_and_pad_on_the_right():
    seqs = [torch.tensor([1, 2, 3, 4, 5]), torch.tensor([6, 7])]
    w = inter.windows(seqs, 4, stride=2)
    assert w.tolist() == [[1, 2, 3, 4], [2, 3, 4, 5], [6, 7, 0, 0]]      # the last window ends at the end
    assert inter.recent(seqs, 3).tolist() == [[3, 4, 5], [6, 7, 0]]
    with pytest.raises(ValueError, match="sequences"):
        inter.windows([torch.tensor([0, 1])], 4)
    with pytest.raises(TypeError, match="sequences"):
        inter.recent(torch.tensor([1, 2]), 3)


def test_hit_rate_and_ndcg_by_hand():
    scores = torch.tensor([[0.0, 0.9, 0.8, 0.7, 0.1],      # target 3: item 1 is seen -> rank 2 (items 2, 3)
                           [0.0, 0.1, 0.2, 0.3, 0.4]])     # target 1: rank 4 (4, 3, 2, 1)
    rank = recsys.ranks(scores, torch.tensor([3, 1]), [torch.tensor([1]), torch.tensor([], dtype=torch.int64)])
    assert rank.tolist() == [2, 4]
    got = recsys.hit_rate_ndcg(rank, k=2)
    assert got["HR@2"] == 0.5 and got["NDCG@2"] == pytest.approx((1 / math.log2(3)) / 2)
    assert recsys.hit_rate_ndcg(rank, k=4)["NDCG@4"] == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / 2)


def test_ties_count_against_the_target():
    flat = torch.zeros(1, 6)
    assert recsys.ranks(flat, torch.tensor([2]), [torch.tensor([1])]).tolist() == [4]   # last among items 2..5


def test_metrics_refuse_bad_input():
    with pytest.raises(ValueError, match="targets"):
        recsys.ranks(torch.zeros(2, 5), torch.tensor([1, 5]), [torch.tensor([1])] * 2)
    with pytest.raises(ValueError, match="seen"):
        recsys.ranks(torch.zeros(2, 5), torch.tensor([1, 2]), [torch.tensor([1])])
    with pytest.raises(TypeError, match="scores"):
        recsys.ranks(torch.zeros(2, 5, dtype=torch.int64), torch.tensor([1, 2]), [torch.tensor([1])] * 2)
    with pytest.raises(ValueError, match="rank"):
        recsys.hit_rate_ndcg(torch.tensor([0, 1]))


def test_popularity_and_item_knn_by_hand():
    train = [torch.tensor([1, 2]), torch.tensor([1, 2]), torch.tensor([3])]
    pop = recsys.popularity(train, [torch.tensor([3])], 3)
    assert pop.tolist() == [[0.0, 2.0, 2.0, 1.0]]
    knn = recsys.item_knn(train, [torch.tensor([1])], 3)
    assert knn[0].tolist() == pytest.approx([0.0, 0.0, 1.0, 0.0])        # 1 and 2 always together; 3 never with 1
    with pytest.raises(ValueError, match="train"):
        recsys.popularity([torch.tensor([4])], [torch.tensor([1])], 3)


def test_augmentations_keep_the_items_and_the_padding():
    g = torch.Generator().manual_seed(0)
    x = torch.tensor([[1, 2, 3, 4, 5, 6, 0, 0]] * 60)
    out = recsys.augment_sequences(x, mask_id=9, generator=g)
    assert out.shape == x.shape and (out[:, 6:] == 0).all()
    for row in out:
        items = row[row != 0]
        kept = items[items != 9]
        assert set(kept.tolist()) <= set(range(1, 7))
        assert len(items) in (4, 6)                                       # cropped to ceil(0.6 * 6) = 4, or whole
    kinds = {("crop" if (r != 0).sum() == 4 else "mask" if (r == 9).any() else "same-or-reorder") for r in out}
    assert {"crop", "mask", "same-or-reorder"} <= kinds
    assert any(sorted(r.tolist()[:6]) == [1, 2, 3, 4, 5, 6] and r.tolist()[:6] != [1, 2, 3, 4, 5, 6] for r in out)


def _items_model(causal, n_items=6, length=5):
    torch.manual_seed(0)
    return nlp.TinyTransformer(n_items + 2, dim=16, layers=1, heads=2, max_len=length, causal=causal)


@pytest.mark.slow
def test_sequence_models_learn_a_fixed_order_and_score_every_item():
    cycle = torch.tensor([[1, 2, 3, 4, 5, 6][i:] + [1, 2, 3, 4, 5, 6][:i] for i in range(6)])[:, :5]   # (6, 5)
    history = [torch.tensor([2, 3, 4])]
    for method in (nlp.NextToken(_items_model(True)),
                   nlp.MaskedLM(_items_model(False), mask_id=7, special_ids=(0, 7), p=0.4),
                   recsys.ContrastiveNextItem(_items_model(True), mask_id=7)):
        fit(method, cycle.repeat(20, 1), steps=150, batch_size=32, lr=1e-2, cache=False, progress=False)
        scores = recsys.next_item_scores(method, history, 5, n_items=6)
        assert scores.shape == (1, 7)                                     # items 0..6: the <mask> id is not an item
        assert int(scores[0, 1:].argmax()) + 1 == 5, (method.name, scores)   # after 2, 3, 4 comes 5
        longer = recsys.next_item_scores(method, [torch.tensor([6, 1, 2, 3, 4])], 5, n_items=6)
        last_four = recsys.next_item_scores(method, [torch.tensor([1, 2, 3, 4])], 5, n_items=6)
        assert torch.allclose(longer, last_four)          # only the last length - 1 items: positions it was trained at


def test_scoring_and_cl4srec_refuse_bad_input():
    method = nlp.NextToken(_items_model(True))
    with pytest.raises(ValueError, match="length"):
        recsys.next_item_scores(method, [torch.tensor([1])], 9, 6)
    with pytest.raises(ValueError, match="histories"):
        recsys.next_item_scores(method, [torch.tensor([7])], 3, 6)
    with pytest.raises(ValueError, match="histories"):
        recsys.next_item_scores(method, [torch.tensor([], dtype=torch.int64)], 3, 6)
    with pytest.raises(ValueError, match="n_items"):
        recsys.next_item_scores(method, [torch.tensor([1])], 3, 8)
    with pytest.raises(TypeError, match="method"):
        recsys.next_item_scores(object(), [torch.tensor([1])], 3, 6)
    with pytest.raises(ValueError, match="mask_id"):
        recsys.ContrastiveNextItem(_items_model(True), mask_id=99)
    with pytest.raises(ValueError, match="causal"):
        recsys.ContrastiveNextItem(_items_model(False), mask_id=7)


def test_last_hidden_picks_the_last_item():
    hidden = torch.arange(2 * 3 * 1, dtype=torch.float32).view(2, 3, 1)
    ids = torch.tensor([[4, 5, 0], [4, 5, 6]])
    assert recsys.last_hidden(hidden, ids).flatten().tolist() == [1.0, 5.0]
