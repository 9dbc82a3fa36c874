CELLS = []
def md(s): CELLS.append(("markdown", s.strip("\n")))
def code(s, tags=None, stub=None): CELLS.append(("code", s.strip("\n"), tags, stub))

md(r'''
# 08 · Data diversity: quantity, quality, diversity, augmentation, shortcuts, mixup, domain shift and curriculum

**What you will learn**
- **quantity**: SimCLR on 250, 1,000 and 4,000 unlabelled images at the same compute;
- **diversity vs quantity**: pools of equal size but different variety, and an in-domain pool against a pooled one;
- **quality**: the same images downsampled ×2 and ×4;
- **augmentation and shortcuts**: what SimCLR learns when colour alone can tell two images apart;
- **small data**: 250 images, with and without mixed positives (i-Mix);
- **domain shift**: digits on photo backgrounds (an MNIST-M-style set built offline) — the drop, and how much of it
  BatchNorm re-estimation, SSL on the target images and fine-tuning recover;
- **curriculum**: easy-to-hard, random and hard-to-easy orders, at a full and a 10 % budget, with clean and noisy labels.

The saying "generalisation grows with data diversity" is tested here, not repeated.

**Prerequisites**: notebooks 01, 03 (SimCLR) and 07 (AdaBN, noisy labels).

**Interview questions answered**: *Why does data diversity matter for SSL?* · *How do quality and quantity compare?* · *How
does SSL fare on small data sets?* · *Which strategies raise diversity — augmentation, mixup, domain adaptation,
curriculum learning?*

**Time on a 2-core CPU**: TIMEX. Every SimCLR here trains for **100 steps of 128 images** (a short budget, the same
for every pool: the comparisons are at equal compute), and is probed with a linear probe and 10 labels per class.
''')

code(r'''
import copy
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from sslcourse import adapt, data, evaluate, labelnoise, plots, pools, zoo
from sslcourse.augment import preset
from sslcourse.classifier import schedule_and_augment, train_classifier
from sslcourse.data.shapes import make_shapes
from sslcourse.methods import Supervised
from sslcourse.mixup import IMix
from sslcourse.models import encoder_for
from sslcourse.train import Curriculum, fit

start = time.perf_counter()
mnist = data.load("mnist5k")
shapes = data.load("shapes")                                     # the shape task: 6 shapes, random colours
PRE_STEPS, PRE_BATCH = 100, 128
digit_aug = zoo.recipe("simclr")["augment"]                      # SimCLR's recipe for digits
shape_aug = preset("shapes")                                     # crop, flip, rotation, colour jitter, grey


def pretrain(pool, augment, imix=False, seed=0):
    """SimCLR (i-Mix with imix=True) on the unlabelled uint8 `pool` for PRE_STEPS steps; cached by fit."""
    torch.manual_seed(seed)                                       # the same initial encoder for every pool
    encoder = encoder_for(pool.shape[1], "conv", 32)
    m = (IMix(encoder, augment, alpha=1.0, temperature=0.3, seed=seed) if imix else
         zoo.METHODS["simclr"](encoder, augment, temperature=0.3, seed=seed))
    fit(m, pool, steps=PRE_STEPS, batch_size=PRE_BATCH, lr=4e-3, seed=seed, desc=f"{m.name}, {len(pool)} images")
    return m.encoder


def probe(encoder, task=mnist, draws=3) -> float:
    """Linear probe, 10 labels per class, mean over `draws` label draws."""
    return evaluate.label_efficiency(encoder, task, (10,), draws=draws).mean(10)
''')

md(r'''
## 1. Quantity
Three pools of MNIST-5k training images — 250, 1,000 and all 4,000 — each pretrained for the *same* 100 steps, so the
small pool is seen many more times (51 epochs against 3). Probed on the usual task:
''')

code(r'''
g = torch.Generator().manual_seed(0)
order = torch.randperm(len(mnist.train.images), generator=g)
quantity = {n: probe(pretrain(mnist.train.images[order[:n]], digit_aug)) for n in (250, 1000, 4000)}
quantity["random encoder"] = probe(encoder_for(1, "conv", 32))
for n, acc in quantity.items():
    print(f"{str(n):>15s} images: linear probe {acc:.1%}")
''')

md(r'''
QUANTITY_PLACEHOLDER
''')

code(r'''
QUANTITY_ASSERTS
''')

md(r'''
## 2. Diversity against quantity
**Shapes**: two pools of 2,000 images, probed on the same shape task. The *narrow* pool varies only the shape (one colour,
one background, one narrow size range); the *diverse* pool varies shape, 8 colours, 4 backgrounds and 3 size ranges
(`pools.shapes_pool`). **Digits**: the 4,000 MNIST-5k images against a *pooled* set of the same size — 2,000 MNIST-5k,
1,000 scikit-learn digits and 1,000 grey shapes (`pools.digits_pool`) — probed on MNIST-5k.
''')

code(r'''
narrow, _ = pools.shapes_pool(2000, colours=1, backgrounds=1, sizes=1, seed=1)
diverse, _ = pools.shapes_pool(2000, colours=8, backgrounds=4, sizes=3, seed=1)
plots.image_grid(torch.cat([narrow[:8], diverse[:8]]), ncols=8, title="narrow pool (top) and diverse pool (bottom)")
diversity = {"shapes, narrow pool": probe(pretrain(narrow, shape_aug), shapes),
             "shapes, diverse pool": probe(pretrain(diverse, shape_aug), shapes),
             "shapes, random encoder": probe(encoder_for(3, "conv", 32), shapes)}
pooled = pools.digits_pool({"mnist5k": 2000, "digits": 1000, "shapes": 1000}, seed=0)
diversity["digits, 4,000 MNIST-5k (in-domain)"] = quantity[4000]
diversity["digits, pooled 2,000 + 1,000 + 1,000"] = probe(pretrain(pooled, digit_aug))
for name, acc in diversity.items():
    print(f"{name:38s} {acc:.1%}")
''')

md(r'''
DIVERSITY_PLACEHOLDER
''')

code(r'''
DIVERSITY_ASSERTS
''')

md(r'''
## 3. Quality
The same 4,000 images, downsampled ×2 and ×4 and resized back (`pools.degrade`), pretrained the same way; the probe
still sees clean digits, so this is the cost of learning from blurry data:
''')

code(r'''
quality = {"clean": quantity[4000]}
for factor in (2, 4):
    quality[f"downsampled x{factor}"] = probe(pretrain(pools.degrade(mnist.train.images, "downsample", factor),
                                                       digit_aug))
for name, acc in quality.items():
    print(f"{name:18s} {acc:.1%}")
shown = mnist.train.images[:6]
plots.image_grid(torch.cat([shown] + [pools.degrade(shown, "downsample", f) for f in (2, 4)]), ncols=6,
                 title="clean, x2 and x4 downsampled");
''')

md(r'''
QUALITY_PLACEHOLDER
''')

code(r'''
QUALITY_ASSERTS
''')

md(r'''
## 4. Augmentation decides what is learnt: the colour shortcut
In the diverse shapes pool every image has one of 8 colours. Two views of one image share its colour, and most other
images in the batch do not — so colour alone almost solves SimCLR's task. With crops only, does the encoder learn shape
at all? Two augmentations on the same pool: **crop + flip + rotation**, and the same **+ colour jitter + grey** (the
`shapes` preset). The probe asks for the *shape*, and a second probe for the *colour*:
''')

code(r'''
geometric = shape_aug.replace(brightness=0.0, contrast=0.0, saturation=0.0, hue=0.0, grayscale=0.0)
_, _, train_factors = make_shapes(4000, seed=0, return_factors=True)     # the factors behind data.load("shapes")
_, _, test_factors = make_shapes(1000, seed=1, return_factors=True)
colours = data.Data("shape colour", data.Split(shapes.train.images, train_factors["color_index"]),
                    data.Split(shapes.test.images, test_factors["color_index"]), tuple(str(i) for i in range(8)))
ladder = {}
for name, aug in (("crop + flip + rotation", geometric), ("+ colour jitter + grey", shape_aug)):
    encoder = pretrain(diverse, aug)
    ladder[name] = {"shape": probe(encoder, shapes), "colour": probe(encoder, colours)}
for name, row in ladder.items():
    print(f"{name:24s} shape probe {row['shape']:.1%}   colour probe {row['colour']:.1%}")
''')

md(r'''
LADDER_PLACEHOLDER
''')

code(r'''
LADDER_ASSERTS
''')

md(r'''
## 5. Small data: 250 images
With 250 unlabelled images, SimCLR runs out of *different* images: every batch of 128 holds half the data set. **i-Mix**
(Lee et al. 2021; `mixup.IMix`) mixes each first view with another image's (λ ~ Beta(1, 1)) and asks the mixture to find
both sources' second views in proportion — new, in-between training examples from the same 250 images.
''')

code(r'''
small = mnist.train.images[order[:250]]
small_data = {"SimCLR": quantity[250], "i-Mix": probe(pretrain(small, digit_aug, imix=True))}
small_data["4,000 images (section 1)"] = quantity[4000]
for name, acc in small_data.items():
    print(f"{name:26s} {acc:.1%}")
''')

md(r'''
SMALL_PLACEHOLDER
''')

code(r'''
SMALL_ASSERTS
''')

md(r'''
## 6. Domain shift: digits on photographs
`pools.mnist_m()` blends every MNIST-5k digit over a patch of the course's photos (|patch − digit|, the MNIST-M recipe of
Ganin et al. 2016) — same labels, same split, a different domain. Made grey for the digit networks. The supervised
baseline (10 labels per class, clean digits, notebook 06's) is scored on it; then three fixes that need no target labels
or only a few:
- **AdaBN**: BatchNorm statistics re-estimated on the target images (notebook 07);
- **SSL on the target**: SimCLR pretrained on the 4,000 *unlabelled* target images, then a linear probe with 10 target
  labels per class;
- **fine-tuning** the baseline on 10 target labels per class.
''')

code(r'''
schedule, weak = schedule_and_augment(mnist, 200, None, None, None, None)     # the baseline's, 200 steps
baseline = train_classifier(lambda: encoder_for(1, "conv", 32), mnist, 10, 0, schedule=schedule, augment=weak)
blended = pools.mnist_m()
target = data.Data("mnist_m grey", data.Split(pools.as_grey28(blended.train.images), blended.train.labels),
                   data.Split(pools.as_grey28(blended.test.images), blended.test.labels), blended.classes)
plots.image_grid(torch.cat([blended.test.images[:8].float() / 255,
                            target.test.images[:8].expand(-1, 3, -1, -1).float() / 255]), ncols=8,
                 title="the blended domain in colour (top) and grey (bottom)")
shift = {"source (clean digits)": evaluate.accuracy(baseline, mnist.test.images, mnist.test.labels),
         "target, no adaptation": evaluate.accuracy(baseline, target.test.images, target.test.labels),
         "target, AdaBN": evaluate.accuracy(adapt.adabn(baseline, target.test.images), target.test.images,
                                            target.test.labels),
         "target, SSL on target + probe": probe(pretrain(target.train.images, digit_aug), target)}
lab = data.label_budget(target.train.labels, 10, seed=0)
tuned = Supervised(copy.deepcopy(baseline.encoder), weak, num_classes=10, seed=0)
tuned.classifier.load_state_dict(baseline.classifier.state_dict())
fit(tuned, target.train.images[lab], target.train.labels[lab], seed=0, desc="fine-tune on the target", **schedule)
shift["target, fine-tuned on 100 target labels"] = evaluate.accuracy(tuned, target.test.images, target.test.labels)
for name, acc in shift.items():
    print(f"{name:42s} {acc:.1%}")
''')

md(r'''
SHIFT_PLACEHOLDER
''')

code(r'''
SHIFT_ASSERTS
''')

md(r'''
## 7. Curriculum: does the order of the examples matter?
A curriculum (Bengio et al. 2009) shows easy examples first. `train.fit(…, curriculum=Curriculum(difficulty, order))`
draws each batch from the easiest share of the data, a share that grows from 20 % to all of it over the first 80 % of
training; `order="hard_first"` reverses it and `"random"` draws a random subset of the same size (the fair control).
Difficulty here needs no extra model: the cosine distance of an image's SimCLR feature (section 1's 4,000-image encoder)
to the mean feature of its labelled class. The task: a network from scratch on 1,000 labelled digits (100 per class),
with clean labels and with 40 % of them flipped, at a full budget (200 steps) and at 10 % of it (20 steps). Wu et al.
(2021, "When do curricula work?") found curricula help mainly with a small budget or noisy labels.
''')

code(r'''
encoder_4k = pretrain(mnist.train.images[order[:4000]], digit_aug)                     # section 1's, from the cache
labelled = data.label_budget(mnist.train.labels, 100, seed=0)                           # (1000,)
feats = torch.nn.functional.normalize(evaluate.features(encoder_4k, mnist.train.images[labelled]), dim=1)


def difficulty(labels):                                    # 1 - cosine to the mean feature of the (given) class
    centres = torch.nn.functional.normalize(torch.stack([feats[labels == c].mean(0) for c in range(10)]), dim=1)
    return 1 - (feats * centres[labels]).sum(1)


runs = {}
for noise in (0.0, 0.4):
    y = labelnoise.flip_labels(mnist.train.labels[labelled], noise, num_classes=10, seed=0)
    for steps in (200, 20):
        for how in ("easy_first", "random", "hard_first"):
            torch.manual_seed(0)
            model = Supervised(encoder_for(1, "conv", 32), weak, num_classes=10)
            fit(model, mnist.train.images[labelled], y, steps=steps, batch_size=64, lr=1e-2, weight_decay=1e-5,
                curriculum=Curriculum(difficulty(y), how), desc=f"{how}, {steps} steps, {noise:.0%} noise")
            runs[noise, steps, how] = evaluate.accuracy(model, mnist.test.images, mnist.test.labels)
for noise in (0.0, 0.4):
    for steps in (200, 20):
        print(f"{noise:4.0%} noise, {steps:3d} steps: " + "   ".join(f"{how} {runs[noise, steps, how]:.1%}"
                                                             for how in ("easy_first", "random", "hard_first")))
''')

md(r'''
CURRICULUM_PLACEHOLDER
''')

code(r'''
CURRICULUM_ASSERTS
print(f"notebook ran in {time.perf_counter() - start:.0f} s")
''')
