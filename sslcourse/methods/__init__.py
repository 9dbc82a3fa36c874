"""SSL methods behind one interface: `loss = method(x_uint8)`, `method.encoder`.

Every method's constructor is `Cls(encoder, augment=None, *, <hyper-parameters>, seed=0)`. The pretext tasks
(rotation, jigsaw, colorization, inpainting, masked patches, denoising) live in `sslcourse.pretext` with the same
interface; `sslcourse.zoo` holds the one table of every method by name and `build(name, ...)`.
"""
from .barlow import BarlowTwins
from .base import Method
from .byol import BYOL
from .moco import MoCo
from .momentum import ema_update, frozen_copy
from .simclr import SimCLR
from .simsiam import SimSiam
from .supervised import Supervised
from .vicreg import VICReg

__all__ = ["Method", "SimCLR", "MoCo", "BYOL", "SimSiam", "BarlowTwins", "VICReg", "Supervised", "ema_update",
           "frozen_copy"]
