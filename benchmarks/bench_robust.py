"""Robustness tables: accuracy under the 15 corruptions at severities 1-5, and one-class anomaly detection per digit.

    python benchmarks/bench_robust.py [--pretrain-steps 1300] [--steps 2000] [--test 1000]

Classifiers, all with the same 10 labels per class (draw 0) and the baseline's augmentation: the supervised
baseline (`classifier.SCHEDULE`, or `--steps`), SimCLR (`zoo.pretrained`, `--pretrain-steps`) + a linear probe, and
SimCLR fine-tuned.
Prints accuracy per corruption and severity (the first `--test` test digits), the mean corruption error, and the
one-class ROC-AUC per digit of kNN on pixels and on SimCLR's features. Everything trained is cached by `train.fit`.
"""
from __future__ import annotations

import argparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from sslcourse import anomaly, corruptions, data, evaluate, zoo
from sslcourse.classifier import schedule_and_augment, train_classifier
from sslcourse.finetune import fine_tuned
from sslcourse.models import encoder_for


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pretrain-steps", type=int, default=1300)
    p.add_argument("--steps", type=int, default=None, help="classifier steps (default: classifier.SCHEDULE's)")
    p.add_argument("--test", type=int, default=1000)
    args = p.parse_args(argv)
    mnist = data.load("mnist5k")
    images, y_train, y_test = mnist.train.images, mnist.train.labels, mnist.test.labels
    schedule, weak = schedule_and_augment(mnist, args.steps, None, None, None, None)
    labelled = data.label_budget(y_train, 10, seed=0)
    simclr, _ = zoo.pretrained("simclr", steps=args.pretrain_steps, progress=False)
    baseline = train_classifier(lambda: encoder_for(1, "conv", 32), mnist, 10, 0, schedule=schedule, augment=weak)
    tuned = fine_tuned(simclr.encoder, mnist, 10, steps=args.steps)
    train_f = evaluate.features(simclr.encoder, images)
    scaler = StandardScaler().fit(train_f.numpy())
    probe = LogisticRegression(max_iter=2000).fit(scaler.transform(train_f[labelled].numpy()),
                                                  y_train[labelled].numpy())
    x, y = mnist.test.images[:args.test], y_test[:args.test]
    scorers = {"supervised": lambda v: evaluate.accuracy(baseline, v, y),
               "SimCLR probe": lambda v: float((probe.predict(scaler.transform(
                   evaluate.features(simclr.encoder, v).numpy())) == y.numpy()).mean()),
               "SimCLR fine-tuned": lambda v: evaluate.accuracy(tuned, v, y)}
    print(f"accuracy (%) under each corruption, severities 0 (clean) to 5; first {args.test} test digits")
    errors = {who: [] for who in scorers}
    for name in corruptions.CORRUPTIONS:
        for who, score in scorers.items():
            accs = [score(corruptions.corrupt(x, name, s)) for s in range(6)]
            errors[who] += [1 - a for a in accs[1:]]
            print(f"{name:14s} {who:18s} " + " ".join(f"{100 * a:5.1f}" for a in accs))
    print("\nmean corruption error (15 corruptions x 5 severities): "
          + "  ".join(f"{who} {100 * np.mean(e):.1f} %" for who, e in errors.items()))
    test_f = evaluate.features(simclr.encoder, mnist.test.images)
    pix_train, pix_test = (evaluate.features("pixels", v) for v in (images, mnist.test.images))
    print("\none-class ROC-AUC per digit (normal: that digit's training images; kNN, k = 5, cosine)")
    for name, (tr, te) in {"pixels kNN": (pix_train, pix_test), "SimCLR kNN": (train_f, test_f)}.items():
        aucs = []
        for digit in range(10):
            normal, is_anomaly = anomaly.one_class(y_train, y_test, digit)
            aucs.append(anomaly.auroc(anomaly.knn_score(tr[normal], te), is_anomaly))
        print(f"{name:12s} " + " ".join(f"{a:.3f}" for a in aucs) + f"   mean {np.mean(aucs):.3f}")


if __name__ == "__main__":
    main()
