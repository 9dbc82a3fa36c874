CELLS = []
def md(s): CELLS.append(("markdown", s.strip("\n")))
def code(s, tags=None, stub=None): CELLS.append(("code", s.strip("\n"), tags, stub and stub.strip("\n")))

md(r'''
# 08 · Data diversity: quantity, quality, diversity, augmentation, shortcuts, mixup, domain shift and curriculum

**What you will learn**
- **quantity**: SimCLR on 250, 1,000 and 4,000 unlabelled images at the same compute;
- **diversity against quantity**: a pool of few classes against a smaller pool of all of them, and an in-domain pool
  against one padded with other data sets;
- **quality**: the same images downsampled ×2 and ×4;
- **augmentation and shortcuts**: digits inked in random colours, where colour alone solves SimCLR's task — unless the
  augmentations take it away;
- **small data**: 250 images, with and without mixed positives (i-Mix);
- **domain shift**: digits on photographs (an MNIST-M-style set built offline) — the drop, and how much of it BatchNorm
  re-estimation, fine-tuning and SSL on the target images recover;
- **curriculum**: easy-to-hard, random and hard-to-easy orders, with a full and a small budget, clean and noisy labels.

The saying "generalisation grows with data diversity" is tested here, not repeated.

**Prerequisites**: notebooks 03 (SimCLR) and 07 (AdaBN, noisy labels).

**Interview questions answered**: *Why does data diversity matter for SSL?* · *How do quality and quantity compare?* · *How
does SSL fare on small data sets?* · *Which strategies raise diversity — augmentation, mixup, domain adaptation,
curriculum learning?*

**Time on a 2-core CPU**: about 2.7 minutes with nothing cached (measured on an idle 2-core machine: 163 s for the whole
run, 150 s to the end of section 7). Every SimCLR here trains for **100 steps of 64 images**, the same for every pool, so
the comparisons are at equal compute; each is probed with a linear probe on 10 labels per class (5 label draws). The
same experiments over 3 seeds, and wider grids, are in `benchmarks/bench_diversity.py`; the asserts below hold over
those seeds.
''')

code(r'''
import copy
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from sslcourse import adapt, data, evaluate, labelnoise, plots, pools, zoo
from sslcourse.classifier import schedule_and_augment, train_classifier
from sslcourse.labelselect import atypicality
from sslcourse.methods import Supervised
from sslcourse.models import encoder_for
from sslcourse.train import Curriculum, fit

start = time.perf_counter()
mnist = data.load("mnist5k")
STEPS, BATCH = 100, 64                                           # every SimCLR: 100 steps of 64 images
DIGIT_AUG = zoo.recipe("simclr")["augment"]                      # SimCLR's recipe for digits (notebook 03)


def pretrain(pool, augment=DIGIT_AUG, method="simclr", **hparams):
    """The encoder of `method` pretrained on the uint8 images `pool` for STEPS steps (cached by `fit`)."""
    return zoo.pretrain_pool(pool, method, steps=STEPS, augment=augment, batch_size=BATCH, temperature=0.3,
                             **hparams)[0].encoder


def probe(encoder, task=mnist) -> float:
    """Linear-probe accuracy on `task` with 10 labels per class, mean over 5 label draws."""
    return evaluate.label_efficiency(encoder, task, (10,), draws=5).mean(10)
''')

md(r'''
## 1. Quantity
Three pools of MNIST-5k training images — 250, 1,000 and all 4,000 (`pools.sample`, labels hidden) — each pretrained
for the *same* 100 steps of 64, so the small pool is seen far more often (26 passes against under 2). Probed on the
usual task, beside a random encoder and raw pixels:
''')

code(r'''
quantity = {n: probe(pretrain(pools.sample(mnist.train.images, n))) for n in (250, 1000, 4000)}
floor = {"random encoder": probe(zoo.build("simclr", channels=1, image_size=28).encoder), "raw pixels": probe("pixels")}
for n, acc in quantity.items():
    print(f"{n:>5d} images: linear probe {acc:.1%}")
print(*(f"{name}: {acc:.1%}" for name, acc in floor.items()), sep="   ")
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(list(quantity), [100 * a for a in quantity.values()], "o-", label="SimCLR, 100 steps")
for (name, acc), style in zip(floor.items(), (":", "--")):
    ax.axhline(100 * acc, color="grey", ls=style, label=name)
ax.set(xscale="log", xlabel="unlabelled images in the pool", ylabel="linear probe, 10 labels/class (%)")
ax.legend(fontsize=8);
''')

md(r'''
All three pools land within about a point of each other (here 83.8–85.0 %; over 3 seeds, and with 500 and 2,000
images too, 82.9–84.0 % on average in `benchmarks/bench_diversity.py`), far above the random encoder (64 %) and raw
pixels (75 %). At this compute **250 images are as good as 4,000**: augmentation turns every image into an endless
supply of different views, and 100 steps are too few to exhaust even 250 of them. More data pays only when training is
long enough to run out of new views — which is why large pretrainings need large data sets, and why a small
pretraining does not.
''')

code(r'''
assert max(quantity.values()) - min(quantity.values()) < 0.03           # quantity: no effect at equal compute
assert min(quantity.values()) > max(floor.values()) + 0.05               # every pool far above pixels and random
''')

md(r'''
## 2. Diversity against quantity
Quantity did not matter. Does *variety* matter? A **narrow** pool of 800 images holds only two digit classes (the 0s and
1s); section 1's 250-image pool holds all ten. Both are probed on all ten digits. Then a second kind of diversity, the one
web-scale pretraining relies on: the 4,000 MNIST-5k images against a **pooled** set of the same size — 2,000 MNIST-5k,
1,000 scikit-learn digits and 1,000 grey shapes (`pools.digits_pool`).
''')

code(r'''
zeros_and_ones = mnist.train.images[mnist.train.labels < 2]                        # (about 800, 1, 28, 28)
narrow = pools.sample(zeros_and_ones, 800)
pooled = pools.digits_pool({"mnist5k": 2000, "digits": 1000, "shapes": 1000}, seed=0)
plots.image_grid(torch.cat([narrow[:10], pools.sample(mnist.train.images, 250)[:10], pooled[:10]]), ncols=10,
                 title="narrow pool (0s and 1s), 250 of every class, pooled data sets")
diversity = {"800 images, 2 classes": probe(pretrain(narrow)), "250 images, 10 classes": quantity[250],
             "4,000 MNIST-5k (in-domain)": quantity[4000],
             "pooled 2,000 + 1,000 digits + 1,000 shapes": probe(pretrain(pooled))}
for name, acc in diversity.items():
    print(f"{name:44s} {acc:.1%}")
''')

md(r'''
**Variety beats volume.** The narrow pool, three times larger than the 250-image one, is about 9 points worse (74.7 %
against 83.8 %; 72–75 % against 82–84 % over 3 seeds, and a pool of 5 classes sits between, at 81 %): features learnt
from 0s and 1s never had to tell a 3 from an 8. The pooled set costs about 5 points against the in-domain one (here 78.2 %
against 85.0 %; 3–7 points in each of 3 seeds): a quarter of its pretraining goes on telling shapes apart, which the
digit task never asks for, and another quarter on blurry 8×8 digits scaled up. Cole et al. (2022) found the same at
ImageNet scale — 250 k in-domain images beat 1 M pooled ones. The diversity that helps is diversity *of what the
downstream task must tell apart*.
''')

code(r'''
assert diversity["800 images, 2 classes"] < diversity["250 images, 10 classes"] - 0.05      # variety beats volume
assert diversity["pooled 2,000 + 1,000 digits + 1,000 shapes"] < diversity["4,000 MNIST-5k (in-domain)"] - 0.02
''')

md(r'''
## 3. Quality
The same 4,000 images, downsampled ×2 and ×4 and resized back (`pools.degrade`), pretrained the same way. The probe
still sees clean digits, so this is the cost of *learning* from blurry data:
''')

code(r'''
quality = {"clean": quantity[4000]}
for factor in (2, 4):
    quality[f"downsampled x{factor}"] = probe(pretrain(pools.degrade(mnist.train.images, "downsample", factor)))
for name, acc in quality.items():
    print(f"{name:16s} {acc:.1%}")
shown = mnist.train.images[:6]
plots.image_grid(torch.cat([shown] + [pools.degrade(shown, "downsample", f) for f in (2, 4)]), ncols=6,
                 title="clean, x2 and x4 downsampled");
''')

md(r'''
Halving the resolution costs a few points (here 4; 0–4 over 3 seeds); quartering it costs about 9 (8–10 over 3
seeds) — the strokes of a 7×7 digit blur into blobs, and the encoder never learns the fine shapes it is then asked
about. Cole et al. (2022) measured 15 and 34 points for ×2 and ×4 on natural images, where more detail is lost.
Put beside section 1: **4,000 blurry images are worse than 250 sharp ones** (76.7 % against 83.8 %). Quality is
worth more than quantity here; the bench's Gaussian noise (std 0.3) and JPEG-like compression cost under a point,
because SimCLR's digit recipe already adds noise to its views.
''')

code(r'''
assert quality["downsampled x4"] < quality["clean"] - 0.05                       # x4 costs many points
assert quality["downsampled x4"] < quantity[250] - 0.04                          # 4,000 blurry < 250 sharp
assert quality["downsampled x4"] + 0.02 < quality["downsampled x2"]             # x2 costs less...
assert quality["downsampled x2"] > quality["clean"] - 0.06                       # ...a few points at most
''')

md(r'''
## 4. Augmentation decides what is learnt: the colour shortcut
`pools.colour_digits` inks every digit in a random hue. Two crops of one image share its colour, and hardly any other
image in a batch of 64 has the same one — so colour alone nearly solves SimCLR's task, and nothing forces the encoder
to look at the digit. The ladder: the digit recipe's **geometric** augmentations only (crop, rotation, shear, shift),
then **+ colour jitter** (SimCLR's: hue turned by up to 0.1 of a turn), **+ grey** (20 % of views), and **+ full hue
jitter** (any turn). Two linear probes read the same frozen features: one for the *digit*, one for the *hue* (8 bins).
''')

code(r'''
(train_c, train_hue), (test_c, test_hue) = pools.colour_digits(mnist.train.images, 0), pools.colour_digits(
    mnist.test.images, 1)
coloured = data.Data("coloured digits", data.Split(train_c, mnist.train.labels), data.Split(test_c, mnist.test.labels),
                     mnist.classes)
hues = data.Data("hue", data.Split(train_c, (train_hue * 8).long()), data.Split(test_c, (test_hue * 8).long()),
                 tuple(f"hue bin {i}" for i in range(8)))
colour = dict(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.1, jitter_p=0.8)
ladder_augs = {"geometric only": DIGIT_AUG, "+ colour jitter": DIGIT_AUG.replace(**colour),
               "+ grey": DIGIT_AUG.replace(**colour, grayscale=0.2),
               "+ full hue jitter": DIGIT_AUG.replace(**{**colour, "hue": 0.5}, grayscale=0.2)}
ladder = {}
for name, aug in ladder_augs.items():
    encoder = pretrain(coloured.train.images, aug)
    ladder[name] = {"digit": probe(encoder, coloured), "hue": probe(encoder, hues)}
    print(f"{name:18s} digit probe {ladder[name]['digit']:.1%}   hue probe {ladder[name]['hue']:.1%}")
pixels_coloured = {"digit": probe("pixels", coloured), "hue": probe("pixels", hues)}
print(f"{'raw pixels':18s} digit probe {pixels_coloured['digit']:.1%}   hue probe {pixels_coloured['hue']:.1%}")
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 2.6), gridspec_kw={"width_ratios": [1.2, 1]})
plots.image_grid(test_c[:16], ncols=8, ax=left, title="coloured digits")
x = np.arange(len(ladder))
for k, (what, shift) in enumerate((("digit", -0.2), ("hue", 0.2))):
    right.bar(x + shift, [100 * row[what] for row in ladder.values()], width=0.4, label=f"{what} probe")
right.set(xticks=x, ylabel="linear probe (%)", title="what the features encode")
right.set_xticklabels(list(ladder), fontsize=8)
right.legend(fontsize=8);
''')

md(r'''
The two probes move in opposite directions, rung by rung. With geometric augmentations only, the features encode
colour (hue probe 92 %) and hardly the digit: 28.6 %, far *below raw pixels* (63.9 %) — SimCLR found the shortcut and
learnt nothing else. SimCLR's standard colour jitter (hue ± 0.1 of a turn) and grey views weaken the shortcut; only
when the hue can turn all the way round is colour useless for matching views, and the digit probe climbs to 72.7 %
while the hue probe falls to 41 %. The same ladder over 3 seeds moves the same way at every rung
(`benchmarks/bench_diversity.py`). On natural images Chen et al. (2020, figure 5) found the same: crops alone let the
network match two views by their colour histograms, and crop + colour distortion was the pair that mattered. **The
augmentations define the task: they say which differences do not matter, and an encoder learns only what the task
forces it to.**

The bench's grid of pairs (SimCLR's figure 5, on these coloured digits; `--only pairs`, at 128 images per step) shows
it too: crop alone 31 %, colour jitter alone 67 %, crop + colour jitter 74 %, rotation + colour jitter 76 %.
''')

code(r'''
digit, hue = [row["digit"] for row in ladder.values()], [row["hue"] for row in ladder.values()]
assert all(b > a + 0.04 for a, b in zip(digit, digit[1:]))               # every rung: more digit...
assert all(b < a - 0.02 for a, b in zip(hue, hue[1:]))                   # ...and less colour
assert digit[0] < pixels_coloured["digit"] - 0.2 < digit[-1] - 0.2      # the shortcut: below pixels; fixed: above
''')

md(r'''
## 5. Small data: 250 images and mixed positives
With 250 unlabelled images every batch of 64 holds a quarter of the data set. **i-Mix** (Lee et al. 2021;
`zoo.METHODS["imix"]`) mixes each first view with another image's (λ ~ Beta(1, 1)) and asks the mixture to find *both*
sources' second views, in proportion λ and 1 − λ: new, in-between training examples from the same 250 images.
''')

code(r'''
small_data = {"SimCLR, 250 images": quantity[250],
              "i-Mix, 250 images": probe(pretrain(pools.sample(mnist.train.images, 250), method="imix", alpha=1.0)),
              "SimCLR, 4,000 images": quantity[4000]}
for name, acc in small_data.items():
    print(f"{name:22s} {acc:.1%}")
''')

md(r'''
i-Mix adds about a point on 250 images (84.7 % against 83.8 %; +0.9 to +1.8 in each of 3 seeds) — a small, consistent
gain, the size Lee et al. (2021) report when data is scarce. The larger lesson is section 1's: at this compute 250
images are not "small data" for SimCLR, because the augmentations are the data. Small data bites when training is long
(the network memorises the few images) or when the images lack the variety of the task (section 2) — then mixed
positives, stronger augmentation and a smaller network are the tools.
''')

code(r'''
assert small_data["i-Mix, 250 images"] > small_data["SimCLR, 250 images"] + 0.003    # small but in every seed
''')

md(r'''
## 6. Domain shift: digits on photographs
`pools.mnist_m()` blends every MNIST-5k digit over a patch of the course's photos (|patch − digit| per channel, the
MNIST-M recipe of Ganin et al. 2016): same labels, same split, a different domain. The **source** model is a network
trained on all 4,000 labelled grey digits (as RGB, with the colour-robust augmentation of section 4's last rung, 200
steps). Scored on the target, then three fixes:
- **AdaBN**: BatchNorm statistics re-estimated on the unlabelled target images (notebook 07) — no labels;
- **fine-tuning** the source model on 10 target labels per class, against training **from scratch** on them;
- **SSL on the target**: SimCLR on the 4,000 unlabelled target images, then a linear probe on 10 target labels per class.
''')

code(r'''
rgb = data.Data("mnist5k as RGB", data.Split(mnist.train.images.repeat(1, 3, 1, 1), mnist.train.labels),
                data.Split(mnist.test.images.repeat(1, 3, 1, 1), mnist.test.labels), mnist.classes)
target = pools.mnist_m()
schedule, robust = schedule_and_augment(rgb, 200, None, None, None, ladder_augs["+ full hue jitter"])
source = train_classifier(lambda: encoder_for(3, "conv", 32), rgb, "all", 0, schedule=schedule, augment=robust)
labelled_t = data.label_budget(target.train.labels, 10, seed=0)                       # (100,) target labels
tuned = Supervised(copy.deepcopy(source.encoder), robust, num_classes=10, seed=0)
tuned.classifier.load_state_dict(source.classifier.state_dict())
fit(tuned, target.train.images[labelled_t], target.train.labels[labelled_t], seed=0, desc="fine-tune on the target",
    **schedule)
scratch = train_classifier(lambda: encoder_for(3, "conv", 32), target, 10, 0, schedule=schedule, augment=robust)
target_encoder = pretrain(target.train.images, robust)
shift = {"source test set": evaluate.accuracy(source, rgb.test.images, rgb.test.labels)}
for name, model in (("target, no adaptation", source), ("target, AdaBN", adapt.adabn(source, target.train.images)),
                    ("target, fine-tuned on 100 labels", tuned), ("target, from scratch on 100 labels", scratch)):
    shift[name] = evaluate.accuracy(model, target.test.images, target.test.labels)
shift["target, SimCLR on target + probe"] = probe(target_encoder, target)
shift["target, raw pixels + probe"] = probe("pixels", target)
for name, acc in shift.items():
    print(f"{name:36s} {acc:.1%}")
''')

md(r'''
The source network reads grey digits at 96 % and digits on photographs at 16.5 %: near chance. It learnt bright
strokes on black, and here the strokes are sometimes darker than their background and always sit on texture.
- **AdaBN** more than doubles it (36 %) with no labels at all: the target's brightness and contrast statistics are
  part of the shift, and BatchNorm can absorb them (notebook 07).
- **Fine-tuning** on 100 target labels reaches 53 %, 16 points above the same network **trained from scratch** on them
  (37 %): the source pretraining transfers even across this shift.
- **SimCLR on the 4,000 unlabelled target images** gives a probe at 20 %, *below raw pixels* (24 %). A negative result,
  and the next cell shows why.
''')

code(r'''
unit = lambda f: F.normalize(f, dim=1)
nearest = (unit(evaluate.features(target_encoder, target.test.images))
           @ unit(evaluate.features(target_encoder, target.train.images)).T).argmax(1)     # (1000,) into train


def background(images, digits):
    """Mean colour (N, 3) of the pixels the digit leaves empty."""
    empty = (digits < 30).float()                                                    # (N, 1, 28, 28)
    return (images.float() * empty).sum((2, 3)) / empty.sum((2, 3))


bg_test, bg_train = background(target.test.images, mnist.test.images), background(target.train.images,
                                                                                 mnist.train.images)
others = torch.randperm(len(bg_train), generator=torch.Generator().manual_seed(0))[:len(bg_test)]
gap = {"nearest neighbour": float((bg_test - bg_train[nearest]).norm(dim=1).mean()),
       "random image": float((bg_test - bg_train[others]).norm(dim=1).mean())}
same_digit = float((target.train.labels[nearest] == target.test.labels).float().mean())
print(f"background colour distance to the nearest neighbour {gap['nearest neighbour']:.0f}, "
      f"to a random image {gap['random image']:.0f} (0-255 scale); same digit: {same_digit:.0%}")
plots.image_grid(torch.cat([target.test.images[:10], target.train.images[nearest[:10]]]), ncols=10,
                 title="target test images (top) and their nearest neighbours in SimCLR's features (bottom)");
''')

md(r'''
The nearest neighbour of a target image in SimCLR's features has almost the same *background colour* (distance 15
against 120 for a random image) and the same digit only 21 % of the time. Each digit sits on its own photo patch, and
both views of an image share that patch: matching backgrounds solves the contrastive task, so the encoder learns
backgrounds — section 4's shortcut again, stronger than colour jitter can remove. Domain adaptation by SSL needs
augmentations that make the nuisance (here the background) useless for matching views, or an objective that ties the
two domains together (DANN, Ganin et al. 2016).
''')

code(r'''
assert shift["target, no adaptation"] < shift["source test set"] - 0.6                # the drop
assert shift["target, AdaBN"] > shift["target, no adaptation"] + 0.1                 # AdaBN recovers some, no labels
assert shift["target, fine-tuned on 100 labels"] > shift["target, from scratch on 100 labels"] + 0.1
assert shift["target, fine-tuned on 100 labels"] > shift["target, AdaBN"] + 0.1
assert shift["target, SimCLR on target + probe"] < shift["target, raw pixels + probe"] + 0.02   # negative result
assert gap["nearest neighbour"] < 0.3 * gap["random image"] and same_digit < 0.35    # it matched backgrounds
''')

md(r'''
## 7. Curriculum: does the order of the examples matter?
A curriculum (Bengio et al. 2009) shows easy examples first. `fit(…, curriculum=Curriculum(difficulty, order))` draws
each batch from the easiest share of the data, a share that grows from 20 % to all of it over the first 80 % of training;
`order="hard_first"` reverses it, and `"random"` grows a random subset in the same way (the control Wu et al. 2021 use).
"none" is ordinary training: every batch from all the data. The difficulty needs no extra model: the **atypicality** of
an image's SimCLR feature (section 1's 4,000-image encoder) — its cosine distance to the mean feature of its labelled
class (`labelselect.atypicality`). A wrongly labelled image sits far from its (wrong) class, so it counts as hard.

The task: a network from scratch on 1,000 labelled digits (100 per class), with clean labels and with 40 % of them
flipped, at 200 steps of 32 images (6.4 passes over the data) and at a quarter of that. Wu et al. ("When do curricula
work?", 2021) found curricula help mainly under a small budget or with noisy labels.
''')

code(r'''
labelled = data.label_budget(mnist.train.labels, 100, seed=0)                              # (1000,)
feats = evaluate.features(pretrain(pools.sample(mnist.train.images, 4000)), mnist.train.images[labelled])  # cached
schedule, weak = schedule_and_augment(mnist, None, None, None, None, None)                # the baseline's
ORDERS = ("none", "easy_first", "random", "hard_first")
BATCH_SUP = 32                                                                           # 200 steps = 6.4 passes
runs = {}
for noise in (0.0, 0.4):
    y = labelnoise.flip_labels(mnist.train.labels[labelled], noise, num_classes=10, seed=0)
    for steps in (200, 50):
        for how in ORDERS:
            torch.manual_seed(0)
            model = Supervised(encoder_for(1, "conv", 32), weak, num_classes=10, seed=0)
            fit(model, mnist.train.images[labelled], y, **{**schedule, "steps": steps, "batch_size": BATCH_SUP},
                seed=0, curriculum=None if how == "none" else Curriculum(atypicality(feats, y), how),
                desc=f"{how}, {steps} steps, {noise:.0%} noise")
            runs[noise, steps, how] = evaluate.accuracy(model, mnist.test.images, mnist.test.labels)
fig, axes = plt.subplots(1, 2, figsize=(10, 2.8), sharey=True)
for ax, noise in zip(axes, (0.0, 0.4)):
    for k, how in enumerate(ORDERS):
        ax.bar(np.arange(2) + 0.2 * (k - 1.5), [100 * runs[noise, s, how] for s in (200, 50)], width=0.2, label=how)
    ax.set(xticks=[0, 1], xticklabels=["200 steps", "50 steps"], title=f"{noise:.0%} of the labels flipped")
axes[0].set_ylabel("test accuracy (%)")
axes[1].legend(fontsize=8)
for (noise, steps, how), acc in runs.items():
    print(f"{noise:4.0%} noise, {steps:3d} steps, {how:10s} {acc:.1%}")
''')

md(r'''
- **Clean labels**: at 200 steps the order makes no difference worth having — all four within about 2 points (over 3
  seeds, 92.8–94.5 % on average). At 50 steps easy-first was ahead of ordinary training here (69 % against 60 %) and in
  each of 3 seeds, but runs that short vary by ±10 points from seed to seed; treat it as a hint, as Wu et al. did.
- **40 % of the labels flipped**: easy-first is the safe choice. At 50 steps it more than doubles ordinary training
  (53 % against 21 %; +17 to +32 points over 3 seeds), and at 200 steps it matches it (84 %; ordinary training varies
  from 70 to 85 % with the seed, easy-first stays at 83–85 %). The atypical images are mostly the wrongly labelled
  ones, so easy-first trains on the clean core first and meets the wrong labels only when the pattern is already set.
- **Random pacing collapses under noise** (31 %): a small random subset, 40 % of it wrong, repeated again and again,
  is memorised — the curriculum's benefit comes from the *order*, not from starting small. **Hard-first** (50 %) is far
  below ordinary training too: it starts on exactly the wrong labels.

So Wu et al.'s finding holds here: curricula matter under a small budget or noisy labels, and not otherwise.
''')

code(r'''
clean = [runs[0.0, 200, how] for how in ORDERS]
assert max(clean) - min(clean) < 0.04                                          # clean, 200 steps: order hardly matters
assert runs[0.0, 50, "easy_first"] > runs[0.0, 50, "none"] - 0.02              # clean, 50 steps: never worse
assert runs[0.4, 50, "easy_first"] > runs[0.4, 50, "none"] + 0.12             # noisy, small budget: a large gain
assert runs[0.4, 200, "easy_first"] > runs[0.4, 200, "none"] - 0.01           # noisy, full budget: at least level
assert runs[0.4, 200, "easy_first"] > max(runs[0.4, 200, "random"], runs[0.4, 200, "hard_first"]) + 0.15
print(f"notebook ran in {time.perf_counter() - start:.0f} s")
''')

code(r'''
# The headline numbers, into the course's results store (sslcourse.results). SimCLR: 100 steps of 64; probe: 10/class.
from sslcourse import results as store

numbers = {"quantity_250": quantity[250], "quantity_4000": quantity[4000],
           "narrow_800_two_classes": diversity["800 images, 2 classes"],
           "pooled_4000": diversity["pooled 2,000 + 1,000 digits + 1,000 shapes"],
           "downsampled_x4": quality["downsampled x4"],
           "colour_geometric_only_digit": ladder["geometric only"]["digit"],
           "colour_full_hue_digit": ladder["+ full hue jitter"]["digit"],
           "imix_250": small_data["i-Mix, 250 images"],
           "shift_no_adaptation": shift["target, no adaptation"], "shift_adabn": shift["target, AdaBN"],
           "shift_finetuned": shift["target, fine-tuned on 100 labels"],
           "curriculum_noisy_easy_first": runs[0.4, 200, "easy_first"], "curriculum_noisy_none": runs[0.4, 200, "none"]}
what = {"quantity_250": "SimCLR on 250 MNIST-5k images, linear probe",
        "quantity_4000": "SimCLR on all 4,000 MNIST-5k images, linear probe",
        "narrow_800_two_classes": "SimCLR on 800 images of digits 0 and 1, probed on all ten",
        "pooled_4000": "SimCLR on 2,000 MNIST-5k + 1,000 digits + 1,000 shapes",
        "downsampled_x4": "SimCLR on the 4,000 images downsampled x4",
        "colour_geometric_only_digit": "coloured digits, geometric augmentation only: digit probe",
        "colour_full_hue_digit": "coloured digits, + colour jitter (full hue) + grey: digit probe",
        "imix_250": "i-Mix on 250 images",
        "shift_no_adaptation": "network trained on grey digits, tested on digits over photos",
        "shift_adabn": "digits over photos: the grey-digit network after AdaBN",
        "shift_finetuned": "digits over photos: the grey-digit network fine-tuned on 100 target labels",
        "curriculum_noisy_easy_first": "40 % flipped labels, 200 steps, easy-first curriculum, test accuracy",
        "curriculum_noisy_none": "40 % flipped labels, 200 steps, no curriculum, test accuracy"}
recorded = store.record("nb08", numbers, what)
print(*(f"{key:28s} {entry['value']:.3f}  {entry['what']}" for key, entry in recorded.items()), sep="\n")
''')

md(r'''
## Summary
- **Quantity** did not matter at equal compute: 250, 1,000 and 4,000 images gave the same probe (within a point).
  Augmentation makes every image many; more images pay only when training runs long enough to exhaust them.
- **Diversity** mattered — the right kind. 800 images of two digits lost to 250 images of all ten by 9 points;
  padding the pool with other data sets cost about 5. Diversity helps when it covers what the task must tell apart.
- **Quality** mattered more than quantity: 4,000 images downsampled ×4 lost to 250 sharp ones.
- **Augmentation decides what is learnt**: with colour a shortcut, SimCLR learnt colour and the digit probe fell below
  raw pixels; colour jitter over the whole hue circle and grey views took the shortcut away (29 % → 73 %).
- **Small data**: i-Mix's mixed positives added about a point on 250 images.
- **Domain shift** (grey digits → digits on photos, 96 % → 17 %): AdaBN doubled the target accuracy without labels,
  fine-tuning on 100 target labels beat training on them from scratch by 16 points, and SimCLR on the target images
  failed — it matched the photo backgrounds, a shortcut of the target domain.
- **Curriculum**: easy-first by SSL atypicality more than doubled accuracy with noisy labels and a small budget, and
  was harmless otherwise; with clean labels and a full budget no order helped.

"Generalisation grows with data diversity" holds only for diversity *along the factors the task depends on*, paired
with augmentations that hide the factors it does not; diversity off the task's axis (other data sets, backgrounds)
costs compute or opens shortcuts.

## Check yourself
1. Why does data diversity matter for SSL, and what kind of diversity?

   <details><summary>Answer</summary>

   An SSL objective only learns the distinctions its data and augmentations make it learn. If the unlabelled pool
   lacks variety along the factors the downstream task depends on, the features never encode them: SimCLR on 800 images
   of 0s and 1s probed 9 points below SimCLR on 250 images of all ten digits (section 2). Variety along *other* factors
   — other data sets, backgrounds, colours — is not free: it spends capacity and steps on distinctions the task does not
   need (the pooled set, −5 points) or offers shortcuts (sections 4 and 6). Useful diversity is diversity of the task's
   content, with augmentations that remove the nuisances.

   </details>

2. How do data quality and quantity compare?

   <details><summary>Answer</summary>

   Here, quality won: 4,000 images downsampled ×4 gave a 77 % probe, 250 clean images 84 % (sections 1 and 3). At a
   fixed compute budget SimCLR does not run out of views of 250 images, so quantity added nothing, while lost detail is
   detail the encoder can never learn. At scale the same holds in milder form: Cole et al. (2022) found that beyond a
   few hundred thousand images more data adds 1–2 points, while ×2 / ×4 downsampling cost 15 / 34. Quantity matters
   once training is long enough to memorise the pool.

   </details>

3. How does SSL fare on small data sets?

   <details><summary>Answer</summary>

   Better than people expect, as long as the few images are varied and the augmentations are strong: 250 unlabelled
   digits gave the same probe as 4,000 at equal compute (section 1). Small data hurts when training is long enough to
   memorise the images, and when the images are few *kinds* (section 2). The tools: strong augmentation, mixed
   positives (i-Mix, +1 point here), a smaller network or fewer steps, and pooling with *related* unlabelled data — not
   unrelated data (section 2's pooled set).

   </details>

4. Which strategies raise the diversity a model sees, and which worked here?

   <details><summary>Answer</summary>

   Augmentation (the biggest lever: the colour ladder moved the digit probe from 29 % to 73 %); mixup and mixed
   positives (i-Mix +1 point; supervised mixup gave nothing at a short budget, exercise 2); domain adaptation (AdaBN
   doubled accuracy on a new domain without labels, fine-tuning on 100 target labels beat training from scratch by
   16 points); collecting data along the task's factors (section 2); and curricula, which change the *order* rather
   than the diversity and helped only with noisy labels (section 7).

   </details>

5. Why did SimCLR learn colour instead of digits in section 4, and how do you notice such a shortcut without labels?

   <details><summary>Answer</summary>

   The contrastive task asks which image a view came from. With geometric augmentations only, two views share their
   colour exactly and other images almost never do, so colour answers the question and the loss falls without any
   digit features. Signs without labels: the SSL loss falls unusually fast; nearest neighbours in feature space share
   the nuisance (colour, background — section 6's neighbours shared backgrounds) rather than content; a probe for the
   suspected nuisance (the hue probe) is near perfect. The fix is an augmentation that randomises the nuisance.

   </details>

6. When does curriculum learning help?

   <details><summary>Answer</summary>

   In section 7, as in Wu et al. (2021): with noisy labels and a small budget (easy-first 53 % against 21 % at 50
   steps with 40 % flipped labels). With clean labels and enough steps no order beat ordinary training. The benefit
   comes from the *order* — the hardest images are mostly the mislabelled ones, kept out until the clean pattern is
   learnt — not from starting small: growing a random subset instead collapsed to 31 %, because a small noisy set seen
   again and again is memorised. A difficulty score is free with SSL: the atypicality of an image's feature within its
   labelled class.

   </details>

## Exercises
1. **Write it, a checker verifies it.** Write `class_atypicality(features, labels)`: for each row, 1 minus the cosine
   similarity between its unit feature and the (normalised) mean unit feature of its class. The cell after the solution
   compares it with `labelselect.atypicality`.
2. Does **mixup** (`mixup.MixupSupervised`, α = 1) help against section 7's 40 % flipped labels at 200 steps, without
   a curriculum?
3. Read section 4's ladder with a **kNN** probe (`probe="knn"` in `evaluate.label_efficiency`) instead of a linear one.
   Does it tell the same story?
''')

code(r'''
# Solution to exercise 1
# Task: 1 - cosine similarity of each feature to the mean (unit) feature of its class; (N,) float32.
def class_atypicality(features: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    unit = F.normalize(features.double(), dim=1)                                  # (N, D)
    score = torch.empty(len(labels), dtype=torch.float64)
    for c in labels.unique():
        members = labels == c                                                     # (N,) bool
        centre = F.normalize(unit[members].mean(0), dim=0)                        # (D,) the class's mean direction
        score[members] = 1 - unit[members] @ centre
    return score.float()
''', tags=["solution"], stub=r'''
def class_atypicality(features: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """1 - cosine similarity of each feature (N, D) to the mean unit feature of its class (labels (N,)); (N,) float32."""
    # your code here
    raise NotImplementedError("exercise 1")
''')

code(r'''
# Checker for exercise 1: class_atypicality against labelselect.atypicality
gen = torch.Generator().manual_seed(3)
cases = {"random 50 x 4, 3 classes": (torch.randn(50, 4, generator=gen), torch.randint(3, (50,), generator=gen)),
         "section 7's features, noisy labels": (feats, labelnoise.flip_labels(mnist.train.labels[labelled], 0.4,
                                                                              num_classes=10, seed=0))}
for name, (f, y) in cases.items():
    got, want = class_atypicality(f, y), atypicality(f, y)
    assert got.shape == want.shape and torch.allclose(got, want, atol=1e-5), f"{name}: differs"
print(f"correct: class_atypicality matches labelselect.atypicality on {len(cases)} cases")
''', tags=["checker"])

code(r'''
# Solution to exercise 2
# Task: mixup (alpha = 1) on section 7's 40 %-noise labels, 200 steps, no curriculum.
from sslcourse.mixup import MixupSupervised

y_noisy = labelnoise.flip_labels(mnist.train.labels[labelled], 0.4, num_classes=10, seed=0)
torch.manual_seed(0)
mixed = MixupSupervised(encoder_for(1, "conv", 32), weak, num_classes=10, alpha=1.0, seed=0)
fit(mixed, mnist.train.images[labelled], y_noisy, **{**schedule, "steps": 200, "batch_size": BATCH_SUP}, seed=0,
    desc="mixup, 40 % noise")
mixup_acc = evaluate.accuracy(mixed, mnist.test.images, mnist.test.labels)
print(f"40 % noise, 200 steps: none {runs[0.4, 200, 'none']:.1%}   mixup {mixup_acc:.1%}   "
      f"easy-first curriculum {runs[0.4, 200, 'easy_first']:.1%}")
# No gain: mixup's regularisation pays over long training (Zhang et al. trained for 200 epochs); in 6 passes it is
# mostly a harder task. Over 3 seeds (bench_diversity) mixup was below ordinary training at both budgets.
assert mixup_acc < runs[0.4, 200, "none"] + 0.02
''', tags=["solution"])

code(r'''
# Solution to exercise 3
# Task: section 4's ladder read by a kNN probe (k = 20, cosine) instead of a linear one.
knn_ladder = {name: evaluate.label_efficiency(pretrain(coloured.train.images, aug), coloured, (10,), draws=5,
                                              probe="knn").mean(10) for name, aug in ladder_augs.items()}   # cached
print("kNN digit probe: " + "   ".join(f"{name} {acc:.1%}" for name, acc in knn_ladder.items()))
# kNN reads the same story from the features' geometry: the digit emerges only as colour stops being useful.
assert knn_ladder["+ full hue jitter"] > knn_ladder["geometric only"] + 0.1
''', tags=["solution"])

md(r'''
## References
- Chen, T., Kornblith, S., Norouzi, M. & Hinton, G. (2020). A simple framework for contrastive learning of visual representations (SimCLR). ICML.
- Cole, E., Yang, X., Wilber, K., Mac Aodha, O. & Belongie, S. (2022). When does contrastive visual representation learning work? CVPR.
- Goyal, P., Mahajan, D., Gupta, A. & Misra, I. (2019). Scaling and benchmarking self-supervised visual representation learning. ICCV.
- Geirhos, R., Jacobsen, J.-H., Michaelis, C., Zemel, R., Brendel, W., Bethge, M. & Wichmann, F. A. (2020). Shortcut learning in deep neural networks. Nature Machine Intelligence.
- Lee, K., Zhu, Y., Sohn, K., Li, C.-L., Shin, J. & Lee, H. (2021). i-Mix: a domain-agnostic strategy for contrastive representation learning. ICLR.
- Zhang, H., Cisse, M., Dauphin, Y. N. & Lopez-Paz, D. (2018). mixup: beyond empirical risk minimization. ICLR.
- Ganin, Y., Ustinova, E., Ajakan, H., Germain, P., Larochelle, H., Laviolette, F., Marchand, M. & Lempitsky, V. (2016). Domain-adversarial training of neural networks. JMLR.
- Li, Y., Wang, N., Shi, J., Liu, J. & Hou, X. (2017). Revisiting batch normalization for practical domain adaptation (AdaBN). ICLR workshop.
- Bengio, Y., Louradour, J., Collobert, R. & Weston, J. (2009). Curriculum learning. ICML.
- Wu, X., Dyer, E. & Neyshabur, B. (2021). When do curricula work? ICLR.
''')
