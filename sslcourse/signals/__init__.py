"""Self-supervised learning on speech features and sensor signals (notebook 11): frame sequences (B, T, C).

- `encoder.SequenceEncoder`: a convolutional feature encoder (local latents) + a Transformer context network;
- `masking`: wav2vec 2.0's span masking and its distractors (other masked frames of the same sequence);
- `methods`: `MaskedFrames` (reconstruct masked frames), `MaskedContrastive` (wav2vec 2.0-style: pick the true latent
  among distractors), `SignalContrastive` (SimCLR on augmented views), `SequenceClassifier` (supervised);
- `augment`: jitter, scaling, time warp, crop, and `SignalAugment` chaining them;
- `features(encoder, x)` (frozen (N, D) features) and `statistics(x)` (the mean and std of every channel: the baseline).
"""
from .augment import SignalAugment, crop, jitter, scaling, time_warp
from .encoder import SequenceEncoder
from .features import features, statistics
from .masking import distractors, span_mask
from .methods import MaskedContrastive, MaskedFrames, SequenceClassifier, SignalContrastive

__all__ = ["SequenceEncoder", "span_mask", "distractors", "MaskedFrames", "MaskedContrastive", "SignalContrastive",
           "SequenceClassifier", "SignalAugment", "jitter", "scaling", "time_warp", "crop", "features", "statistics"]
