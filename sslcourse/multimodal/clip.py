"""CLIP (Radford et al. 2021): an image encoder and a text encoder trained so that matching image–caption pairs get
the most similar embeddings in a batch — symmetric InfoNCE (`losses.clip_loss`) with a learned temperature.

`CLIP(image_encoder, text_encoder, captions)` is a method like the others: `train.fit(clip, images, codes)` trains it,
where `codes` (N,) name each image's factors and the method writes a fresh caption for every image at every step
(`Captions.sample`). After training, `image_embeddings` and `text_embeddings` live in one space: a caption can find
its images, an image its caption, and a class can be named by a prompt instead of a label (`zeroshot`).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_flag, check_images, check_positive
from ..losses import _clip_loss
from ..methods.base import Method
from .captions import Captions

MAX_SCALE = 100.0   # CLIP clips the learned scale (1 / temperature) at 100 so that training stays stable


class CLIP(Method):
    """Images (B, C, H, W) uint8 and caption codes (B,) -> the symmetric InfoNCE of their embeddings."""
    name = "clip"

    def __init__(self, encoder: nn.Module, text_encoder: nn.Module, captions: Captions, augment=None, *,
                 dim: int = 64, temperature: float = 0.07, learn_temperature: bool = True, seed: int = 0):
        super().__init__(encoder, augment, seed)
        if not isinstance(text_encoder, nn.Module) or not hasattr(text_encoder, "out_dim"):
            raise TypeError("text_encoder must be an nn.Module with `out_dim` (multimodal.SentenceEncoder, BagOfWords)")
        if not isinstance(captions, Captions):
            raise TypeError(f"captions must be a multimodal.Captions (ShapeCaptions, PairCaptions), "
                            f"got {type(captions).__name__}")
        check_count("dim", dim)
        check_positive("temperature", temperature)
        check_flag("learn_temperature", learn_temperature)
        self.text_encoder, self.captions = text_encoder, captions
        self.image_head = nn.Linear(encoder.out_dim, dim)              # both sides projected into one space
        self.text_head = nn.Linear(text_encoder.out_dim, dim)
        self.log_scale = nn.Parameter(torch.tensor(math.log(1 / temperature)), requires_grad=learn_temperature)
        self.hparams = {"dim": dim, "temperature": temperature, "learn_temperature": learn_temperature,
                        "text": f"{type(text_encoder).__name__}({sum(p.numel() for p in text_encoder.parameters())})",
                        **captions.config()}

    @property
    def scale(self) -> torch.Tensor:
        """1 / temperature, as used: exp(log_scale) clipped at MAX_SCALE."""
        return self.log_scale.exp().clamp(max=MAX_SCALE)

    def check_labels(self, labels, n: int) -> None:
        if labels is None:
            raise ValueError("labels: CLIP learns from captions; call fit(clip, images, codes) with one caption code "
                             "per image (e.g. ShapeCaptions.codes(factors))")
        self.captions.check_codes("labels", labels)
        if len(labels) != n:
            raise ValueError(f"labels has {len(labels)} caption codes but x has {n} images")

    def loss(self, x: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
        tokens = self.captions.sample(codes.cpu(), self.generator).to(x.device)    # (B, L) a fresh caption each
        image = self.image_head(self.encoder(self.view(x)))                          # (B, dim)
        text = self.text_head(self.text_encoder(tokens))                             # (B, dim)
        self._last = (image.detach(), text.detach())
        return _clip_loss(image, text, self.scale)

    @torch.no_grad()
    def image_embeddings(self, images: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
        """(N, dim) unit-length embeddings of uint8 `images` (N, C, H, W), in eval mode, on the CPU."""
        check_images("images", images)
        return self._embed(lambda b: self.image_head(self.encoder(b.float() / 255)), images, batch_size)

    @torch.no_grad()
    def text_embeddings(self, tokens: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
        """(N, dim) unit-length embeddings of captions as token ids (N, L) (`captions.encode(texts)`)."""
        self.text_encoder.check_ids("tokens", tokens)
        return self._embed(lambda b: self.text_head(self.text_encoder(b)), tokens, batch_size)

    def embed_texts(self, texts) -> torch.Tensor:
        """(N, dim) unit-length embeddings of caption strings."""
        return self.text_embeddings(self.captions.encode(texts))

    def _embed(self, net, x: torch.Tensor, batch_size: int) -> torch.Tensor:
        was_training, device = self.training, next(self.parameters()).device
        self.eval()
        try:
            out = torch.cat([net(b.to(device)).float().cpu() for b in x.split(batch_size)])
        finally:
            self.train(was_training)
        return F.normalize(out, dim=1)

    def record(self) -> dict:
        if self._last is None:
            return {}
        image, text = (F.normalize(z.float(), dim=1) for z in self._last)
        match = (image @ text.T).argmax(1) == torch.arange(len(image), device=image.device)
        return {"temperature": float(1 / self.scale.detach()), "batch_match": float(match.float().mean())}
