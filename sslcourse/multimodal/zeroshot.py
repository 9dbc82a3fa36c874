"""What a trained image–text model can do without a single label: name classes by prompts, and search both ways."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .._checks import check_count, check_tensor


def _check_embeddings(name: str, z: torch.Tensor, ndim: int = 2) -> None:
    check_tensor(name, z, ndim=ndim, floating=True, finite=True)


def zero_shot(image_emb: torch.Tensor, class_emb: torch.Tensor) -> torch.Tensor:
    """(N,) predicted classes: for each image, the class whose prompt embedding is most similar (cosine).

    image_emb: (N, D); class_emb: (K, D), one prompt per class, or (K, P, D), P prompts per class averaged into one
    vector (CLIP's prompt ensembling: "a photo of a {c}", "a drawing of a {c}", ...).
    """
    _check_embeddings("image_emb", image_emb)
    check_tensor("class_emb", class_emb)
    if class_emb.ndim not in (2, 3):
        raise ValueError(f"class_emb must be (K, D) or (K, P, D), got shape {tuple(class_emb.shape)}")
    _check_embeddings("class_emb", class_emb, class_emb.ndim)
    if class_emb.shape[-1] != image_emb.shape[1]:
        raise ValueError(f"class_emb has width {class_emb.shape[-1]} but image_emb {image_emb.shape[1]}")
    if class_emb.ndim == 3:
        class_emb = F.normalize(class_emb, dim=-1).mean(1)               # (K, D) the prompts' average
    return (F.normalize(image_emb, dim=1) @ F.normalize(class_emb, dim=1).T).argmax(1)


def retrieval(image_emb: torch.Tensor, image_codes: torch.Tensor, text_emb: torch.Tensor, text_codes: torch.Tensor,
              k: int = 1) -> dict[str, float]:
    """Recall@k both ways when several images share a caption: {"image→text": share of images whose caption (same
    code) is among their k most similar texts, "text→image": share of texts whose k most similar images include one
    with their code}. Every text must have a different code (one caption per code: `Captions.full`)."""
    _check_embeddings("image_emb", image_emb)
    _check_embeddings("text_emb", text_emb)
    check_tensor("image_codes", image_codes, ndim=1, dtype=torch.int64)
    check_tensor("text_codes", text_codes, ndim=1, dtype=torch.int64)
    if len(image_codes) != len(image_emb) or len(text_codes) != len(text_emb):
        raise ValueError("image_codes and text_codes must have one code per row of image_emb and text_emb")
    if len(torch.unique(text_codes)) != len(text_codes):
        raise ValueError("text_codes must all differ: one caption per code")
    check_count("k", k, maximum=min(len(image_emb), len(text_emb)))
    sim = F.normalize(image_emb, dim=1) @ F.normalize(text_emb, dim=1).T            # (N_images, N_texts)
    same = image_codes[:, None] == text_codes[None, :]                               # (N_images, N_texts)
    top_texts = sim.topk(k, dim=1).indices                                           # (N_images, k)
    top_images = sim.topk(k, dim=0).indices                                          # (k, N_texts)
    found_text = same.gather(1, top_texts).any(1)
    found_image = same.gather(0, top_images).any(0)
    return {"image→text": float(found_text.float().mean()), "text→image": float(found_image.float().mean())}


def order_accuracy(model, image_emb: torch.Tensor, codes: torch.Tensor) -> float:
    """Share of digit-pair images (two different digits) whose embedding is closer to "l left of r" than to the
    swapped "r left of l": does the model read word order? image_emb (N, D) from `model.image_embeddings`, codes (N,)
    = left * 10 + right (`tile_pairs`); `model` a CLIP trained with `PairCaptions`."""
    _check_embeddings("image_emb", image_emb)
    check_tensor("codes", codes, ndim=1, dtype=torch.int64)
    if len(codes) != len(image_emb) or int(codes.min()) < 0 or int(codes.max()) > 99:
        raise ValueError("codes must hold one pair code (left * 10 + right, 0-99) per row of image_emb")
    left, right = codes // 10, codes % 10
    differ = left != right
    if not differ.any():
        raise ValueError("codes must include a pair of two different digits: equal digits have no order to read")
    true = model.embed_texts([f"{a} left of {b}" for a, b in zip(left.tolist(), right.tolist())])
    swapped = model.embed_texts([f"{b} left of {a}" for a, b in zip(left.tolist(), right.tolist())])
    closer = (F.normalize(image_emb, dim=1) * (true - swapped)).sum(1) > 0                 # (N,)
    return float(closer[differ].float().mean())


def tile_pairs(images: torch.Tensor, labels: torch.Tensor, n: int, *, seed: int = 0,
               exclude=(), only=None) -> tuple[torch.Tensor, torch.Tensor]:
    """`n` images of two digits side by side (n, C, H, 2W) uint8 and their codes left * 10 + right (n,) int64.

    Each pair draws two images of `images` (N, C, H, W) at random; pairs (left, right) in `exclude` are never drawn
    (held out), and with `only` given, only those pairs are. Seeded: the same arguments give the same pairs.
    """
    check_tensor("images", images, ndim=4, dtype=torch.uint8)
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != len(images) or int(labels.min()) < 0 or int(labels.max()) > 9:
        raise ValueError("labels must be one digit 0-9 per image")
    check_count("n", n)
    for name, pairs in (("exclude", exclude), ("only", () if only is None else only)):
        if any(len(tuple(p)) != 2 or not all(isinstance(d, int) and 0 <= d <= 9 for d in p) for p in pairs):
            raise ValueError(f"{name} must be (left, right) pairs of digits 0-9, got {list(pairs)!r}")
    allowed = {(a, b) for a in range(10) for b in range(10)} if only is None else {tuple(p) for p in only}
    allowed -= {tuple(p) for p in exclude}
    absent = {d for pair in allowed for d in pair} - set(labels.tolist())
    if absent:
        raise ValueError(f"labels have no image of digit(s) {sorted(absent)}, which the pairs to draw need")
    if not allowed:
        raise ValueError("exclude and only leave no pair of digits to draw")
    g = torch.Generator().manual_seed(seed)
    pairs = torch.tensor(sorted(allowed))[torch.randint(len(allowed), (n,), generator=g)]   # (n, 2) digit pairs
    by_digit = [torch.nonzero(labels == d).flatten() for d in range(10)]
    pick = [by_digit[int(d)][torch.randint(len(by_digit[int(d)]), (1,), generator=g)] for d in pairs.flatten()]
    chosen = images[torch.cat(pick)].view(n, 2, *images.shape[1:])                  # (n, 2, C, H, W)
    return torch.cat([chosen[:, 0], chosen[:, 1]], dim=-1), pairs[:, 0] * 10 + pairs[:, 1]
