"""Pretext tasks: turn unlabelled images into (inputs, pseudo-labels), and learn features by predicting them.

One file per task. Each has a pure generator `*_task(x, generator, ...)` that takes a uint8 (or float) batch
(B, C, H, W) and a `torch.Generator` and returns (inputs, targets) - plus a mask for the tasks whose loss
counts only where pixels were hidden - and a method with the shared interface (`method(x) -> loss`,
`method.encoder`); `zoo.build("rotation", ...)` builds any of them by name. The reconstruction tasks share
`Reconstruction` (a decoder, `predict`, a squared error inside the hidden region).

| task | generator | method (name in `zoo.METHODS`) | pseudo-label |
|---|---|---|---|
| rotation | `rotation_task` | `RotationPrediction` ("rotation") | which of 0/90/180/270 degrees |
| jigsaw | `jigsaw_task` | `Jigsaw` ("jigsaw") | which tile permutation |
| colorization | `colorization_task` | `Colorization` ("colorization") | the colours of a grey image |
| inpainting | `inpainting_task` | `Inpainting` ("inpainting") | the pixels of a hidden box |
| masked patches | `masked_patches_task` | `MaskedPatches` ("masked_patches") | the pixels of hidden patches |
| denoising | `denoising_task` | `DenoisingAutoencoder` ("denoising") | the clean image |
"""
from .colorization import Colorization, GreyInput, colorization_task, to_grey
from .denoising import DenoisingAutoencoder, corrupt, denoising_task
from .inpainting import Inpainting, box_mask, inpainting_task
from .jigsaw import Jigsaw, center_crop_to_grid, cut_tiles, hamming_permutations, jigsaw_task, unshuffle
from .masked_patches import MaskedPatches, masked_patches_task, patch_mask
from .reconstruction import Reconstruction, masked_mse
from .rotation import RotationPrediction, mark_corner, rotate, rotation_confusion, rotation_task

__all__ = ["Colorization", "DenoisingAutoencoder", "GreyInput", "Inpainting", "Jigsaw", "MaskedPatches",
           "Reconstruction", "RotationPrediction", "box_mask", "center_crop_to_grid", "colorization_task",
           "corrupt", "cut_tiles", "masked_mse",
           "denoising_task", "hamming_permutations", "inpainting_task", "jigsaw_task", "mark_corner",
           "masked_patches_task", "patch_mask", "rotate", "rotation_confusion", "rotation_task", "to_grey",
           "unshuffle"]
