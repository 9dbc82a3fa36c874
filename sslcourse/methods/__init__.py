"""SSL methods behind one interface: `loss = method(x_uint8)`, `method.encoder`.

Every method's constructor is `Cls(encoder, augment=None, *, <hyper-parameters>, seed=0)`. The pretext tasks
(rotation, jigsaw, colorization, inpainting, masked patches, denoising) live in `sslcourse.pretext` with the same
interface. Semi-supervised methods (FixMatch, Mean Teacher, the Π-model; notebook 06) hold their labelled set and
train on unlabelled batches; `Distillation` trains a student on a teacher's soft labels; `SupCon` and
`SupervisedWithSimCLR` combine labels with a contrastive loss (notebook 09). `sslcourse.zoo` holds the one table of
the methods that learn from images alone (and Supervised) by name, and `build(name, ...)`.
"""
from .auxrot import SupervisedWithRotation
from .barlow import BarlowTwins
from .base import Method
from .byol import BYOL
from .consistency import MeanTeacher, PiModel
from .distill import Distillation
from .fixmatch import FixMatch
from .joint import SupervisedWithSimCLR
from .moco import MoCo
from .momentum import ema_update, frozen_copy
from .semi import SemiSupervised
from .simclr import SimCLR
from .simsiam import SimSiam
from .supcon import SupCon
from .supervised import Supervised
from .vicreg import VICReg

__all__ = ["Method", "SimCLR", "MoCo", "BYOL", "SimSiam", "BarlowTwins", "VICReg", "Supervised", "SemiSupervised",
           "FixMatch", "MeanTeacher", "PiModel", "Distillation", "SupervisedWithRotation", "SupervisedWithSimCLR",
           "SupCon", "ema_update", "frozen_copy"]
