"""The question bank: the ten classic SSL interview questions, each with three follow-ups (40 entries).

Every measured number is a placeholder filled from the results store (`bank.fill`); each entry links to the
notebook section that demonstrates it. Drafted from the notebooks' prose and printed outputs; tests/test_interview.py
checks lengths, links and keys.
"""
from .bank import Entry

ENTRIES = [
    Entry(
        id="q1",
        question="What is self-supervised learning, and how does it differ from supervised and unsupervised learning?",
        answer=("Supervised learning fits a model to human labels; unsupervised learning describes unlabelled data by "
                "clusters, directions of variance or densities. Self-supervised learning sits in between: it needs "
                "no human labels, yet trains like supervised learning, with a "
                "network, a loss and gradient descent on a task whose targets are computed from the data itself, such "
                "as the clean image behind a noisy copy or which two crops came from one picture. Labels come only "
                "at the end. In notebook 01, SimCLR (a contrastive method) "
                "pretrained on 4,000 unlabelled digits; a linear probe, a logistic regression on its frozen "
                "outputs, then scored {nb01.simclr_10_per_class} with 10 labels per class, against "
                "{nb01.raw_pixels_10_per_class} on raw pixels."),
        short=("Self-supervised learning invents a prediction task whose targets come from unlabelled data, so it is "
               "unsupervised in what it learns from and supervised in how it trains. Human labels arrive only at the "
               "end: with 10 per class, a probe on SimCLR's frozen features reached {nb01.simclr_10_per_class} "
               "against {nb01.raw_pixels_10_per_class} on raw pixels."),
        link=("01_what_is_ssl", "## 5. What is the representation worth? Label efficiency"),
        number="nb01.simclr_10_per_class",
    ),
    Entry(
        id="q1a",
        question="What are the key techniques of self-supervised learning?",
        answer=("Three families recur. Pretext tasks alter or hide part of the input and ask for it back: a rotation "
                "angle, a jigsaw order, masked patches, the clean image behind noise; BERT's and GPT's token "
                "prediction is the same idea for text. Contrastive "
                "methods such as SimCLR and MoCo pull two augmented views of one image together and push other images "
                "away. Non-contrastive methods (BYOL, SimSiam, Barlow Twins, VICReg) drop the negatives and prevent "
                "collapse with a predictor and stop-gradient or a variance and decorrelation term. At equal compute "
                "in notebook 02, SimCLR probed at {nb02.simclr_same_compute} with 10 labels per class, above rotation "
                "({nb02.rotation}) and every other pretext task, none of which beat raw pixels ({nb02.raw_pixels})."),
        short=("The main families are pretext tasks (predict a rotation, fill in hidden patches), contrastive learning "
               "(match two views against negatives) and non-contrastive methods that avoid collapse without negatives "
               "(BYOL, SimSiam, Barlow Twins, VICReg). At equal compute SimCLR's probe reached "
               "{nb02.simclr_same_compute} against {nb02.rotation} for rotation prediction."),
        link=("02_pretext_tasks", "### The probe table"),
        number="nb02.simclr_same_compute",
    ),
    Entry(
        id="q1b",
        question="How does self-supervised learning use unlabelled data?",
        answer=("The unlabelled images supply the training signal. A generator transforms each image, by corrupting "
                "it, hiding part of it or making two random views, and the transformation itself provides the target, "
                "so every image yields endless (input, pseudo-label) pairs without any annotation. The pretext head is "
                "then discarded and the encoder kept: a few labels train a linear probe on its frozen features or "
                "fine-tune it. Notebook 01 isolates what the unlabelled data contributed: with 10 labels per class the "
                "same network and probe scored {nb01.random_encoder_10_per_class} from its random start and "
                "{nb01.simclr_10_per_class} after SimCLR's 220 steps on 4,000 unlabelled digits. The objective "
                "matters, though: a short denoising run fell to {nb01.denoising_ae_10_per_class}, below the random "
                "encoder."),
        short=("Unlabelled images are turned into training pairs whose targets come from a transformation we applied, "
               "and the resulting encoder is later read out or fine-tuned with a few labels. With 10 labels per "
               "class, SimCLR's pretraining lifted the same network from {nb01.random_encoder_10_per_class} to "
               "{nb01.simclr_10_per_class}."),
        link=("01_what_is_ssl", "## 5. What is the representation worth? Label efficiency"),
        number="nb01.random_encoder_10_per_class",
    ),
    Entry(
        id="q1c",
        question="What are the advantages of self-supervised learning?",
        answer=("The main advantage is label efficiency: the expensive part, learning features, uses data that costs "
                "nothing to collect, so few labels are needed afterwards. It is largest where labels are scarcest: "
                "with 1 label per class, a probe on SimCLR's frozen features reached {nb01.simclr_1_per_class}, "
                "against {nb01.supervised_from_scratch_1_per_class} for the tuned network trained from scratch. One "
                "pretrained encoder can also serve many cheap probes and tasks without relabelling. Be honest about "
                "the limit: by 10 labels per class the tuned from-scratch network (2,000 steps) led, "
                "{nb01.supervised_from_scratch_10_per_class} against {nb01.simclr_10_per_class} for the frozen probe, "
                "so the advantage must be measured against a baseline tuned as hard as the SSL recipe."),
        short=("SSL moves feature learning onto free, unlabelled data, so it pays most when labels are scarce: with 1 "
               "label per class SimCLR's frozen probe scored {nb01.simclr_1_per_class} against "
               "{nb01.supervised_from_scratch_1_per_class} from scratch. That edge is not universal, since by 10 "
               "labels per class the tuned supervised baseline was ahead."),
        link=("01_what_is_ssl", "### The honest baseline: supervised training from scratch"),
        number="nb01.simclr_1_per_class",
    ),
    Entry(
        id="q2",
        question="Where is self-supervised learning used in industry?",
        answer=("Wherever unlabelled data is plentiful and labels are scarce or costly. Language models are "
                "pretrained by masked or next-token prediction on raw text; vision backbones by contrastive or "
                "masked-image pretraining; photo search and zero-shot tagging by CLIP-style image-caption matching; "
                "speech models by masking audio; recommenders by predicting a user's next interaction; fraud and "
                "fault detection by anomaly scores on self-supervised features. The course reproduces each at toy "
                "scale, with mixed results. Text-to-image search on captioned shapes put a matching image first for "
                "{nb12.clip_search_text_to_image} of the captions, and next-item prediction on MovieLens reached an "
                "HR@10 of {nb12.rec_sasrec_hr10}, far above popularity's {nb12.rec_popularity_hr10} and level with or "
                "slightly ahead of item-to-item neighbours."),
        short=("SSL powers language models, vision backbones, image search, speech recognition, recommenders and "
               "anomaly detection, anywhere raw data is abundant and labels are not. At course scale next-item "
               "prediction on MovieLens reached an HR@10 of {nb12.rec_sasrec_hr10}, more than twice popularity's "
               "{nb12.rec_popularity_hr10}, but only level with or slightly ahead of item-to-item neighbours."),
        link=("12_multimodal_and_recommendation", "## 4. Where this goes: photo search, zero-shot labels, "
              "recommendations"),
        number="nb12.clip_search_text_to_image",
    ),
    Entry(
        id="q2a",
        question="How is self-supervised learning used in NLP, for example in BERT and GPT?",
        answer=("BERT hides about 15 % of the tokens and predicts them from both sides; GPT predicts every next token "
                "from the left side only. Pretrained on raw text, BERT-style encoders usually serve understanding "
                "tasks and GPT-style decoders generation. Notebook 10 trains tiny versions of both on Wikipedia at "
                "equal compute: GPT cut the perplexity per character from {nb10.unigram_perplexity} for letter "
                "frequencies to {nb10.gpt_perplexity}, and guessed the next character {nb10.gpt_next_char} of the "
                "time against BERT's {nb10.bert_next_char}. The negative result matters too: with 10 labels per class "
                "BERT's features classified topics at {nb10.news_bert_10}, no better than a random network's "
                "{nb10.news_random_10} and far below TF-IDF's {nb10.news_tfidf_10}. Useful features need far more "
                "text and compute."),
        short=("BERT learns by filling masked tokens using both sides, GPT by predicting the next token, and that "
               "difference suits BERT to understanding and GPT to generation. In the course's tiny versions GPT "
               "reached a perplexity of {nb10.gpt_perplexity} per character against {nb10.unigram_perplexity} for "
               "letter frequencies alone."),
        link=("10_text", "## 3. What each learnt"),
        number="nb10.gpt_perplexity",
    ),
    Entry(
        id="q2b",
        question="How is self-supervised pretraining, SimCLR-style, used in computer vision?",
        answer=("The recipe is to pretrain a backbone on many unlabelled images with a SimCLR-style objective, so that "
                "two augmented views of an image match and other images are pushed away, then reuse it for each task "
                "with few or no labels: a frozen linear probe, fine-tuning, retrieval or clustering. Notebook 05 "
                "compares "
                "these options against honest baselines. With 1 label per class the frozen probe led: "
                "{nb05.simclr_frozen_1_per_class} against {nb05.supervised_from_scratch_1_per_class} for training "
                "from scratch. With 10 labels per class fine-tuning for 500 steps improved on the frozen probe, "
                "reaching {nb05.simclr_fine_tuned_10_per_class}, but the network trained from scratch for as many "
                "steps was still ahead at "
                "{nb05.supervised_from_scratch_10_per_class}: a short pretraining on 4,000 images is a weak starting "
                "point."),
        short=("Pretrain a backbone on unlabelled images by matching augmented views, then probe or fine-tune it on a "
               "few labelled examples per task. In notebook 05 the frozen SimCLR probe won with 1 label per class "
               "({nb05.simclr_frozen_1_per_class} against {nb05.supervised_from_scratch_1_per_class}), but with 10 "
               "labels training from scratch beat fine-tuning ({nb05.supervised_from_scratch_10_per_class} against "
               "{nb05.simclr_fine_tuned_10_per_class})."),
        link=("05_evaluating_representations", "## 3. Frozen, fine-tuned, or trained from scratch?"),
        number="nb05.simclr_fine_tuned_10_per_class",
    ),
    Entry(
        id="q2c",
        question="Where else is it used: recommendation, speech, anomaly detection in finance?",
        answer=("In any field with a stream of unlabelled records. Recommenders treat a user's history as a "
                "sentence of "
                "items and predict the next one: on MovieLens SASRec reached an HR@10 of {nb12.rec_sasrec_hr10}, "
                "level with or slightly ahead of item-to-item neighbours ({nb12.rec_item_knn_hr10}). Speech models "
                "hide spans of "
                "audio frames and "
                "reconstruct them: fine-tuned on 10 labels per spoken digit, masked-frame pretraining reached "
                "{nb11.digits_finetuned_masked_frames_10} against {nb11.digits_scratch_10} from scratch. For "
                "fraud-style anomalies, SCARF, contrastive learning on table rows with corrupted columns, gave kNN "
                "scores with a ROC-AUC of {nb07.table_auroc_scarf} on a breast-cancer table standing in for fraud "
                "data, level with an isolation forest's {nb07.table_auroc_forest}: on small tables, tree ensembles "
                "stay hard to beat."),
        short=("Recommenders predict a user's next item, speech models reconstruct masked audio frames, and anomaly "
               "detectors score rows by their distance in self-supervised features. At course scale SCARF features "
               "matched an isolation forest on tabular anomalies ({nb07.table_auroc_scarf} against "
               "{nb07.table_auroc_forest} ROC-AUC), and SASRec was level with or slightly ahead of item-to-item "
               "neighbours."),
        link=("07_robustness", "## 6. Fraud-style anomalies in a table"),
        number="nb07.table_auroc_scarf",
    ),
    Entry(
        id="q3",
        question="What are the main challenges of self-supervised learning?",
        answer=("Designing the task comes first: an encoder learns only what the pretext task and its augmentations "
                "force, and it takes any shortcut. On digits inked in random colours, SimCLR with geometric "
                "augmentations only learned colour, and its digit probe fell to {nb08.colour_geometric_only_digit}, "
                "rising to {nb08.colour_full_hue_digit} once full hue jitter and grey views removed the shortcut. "
                "Methods without "
                "negatives can collapse to a constant output unless a stop-gradient, momentum target or variance term "
                "prevents it. The unlabelled data must cover what the task needs. Evaluation depends on the protocol "
                "and must face a tuned supervised baseline, which at 10 labels per class won "
                "({nb01.supervised_from_scratch_10_per_class} after 2,000 steps against "
                "{nb01.simclr_10_per_class}). And pretraining "
                "costs compute."),
        short=("The main challenges are designing a task without shortcuts, avoiding collapse, curating the right "
               "unlabelled data, evaluating fairly against tuned baselines, and paying for the compute. With colour "
               "left as a shortcut SimCLR's digit probe fell to {nb08.colour_geometric_only_digit}, and full hue "
               "jitter raised it to {nb08.colour_full_hue_digit}."),
        link=("08_data_diversity", "## 4. Augmentation decides what is learnt: the colour shortcut"),
        number="nb08.colour_geometric_only_digit",
    ),
    Entry(
        id="q3a",
        question="What are the data requirements of self-supervised learning?",
        answer=("They depend on the length of training more than the slogan that SSL needs huge data. At equal "
                "compute, SimCLR on 250 digits probed at {nb08.quantity_250} and on 4,000 at {nb08.quantity_4000}: "
                "augmentation turns each image into many views, and more images pay only once training is long "
                "enough to exhaust them, which is why large pretrainings need large data. The kind of data mattered "
                "more: 800 images of only two digits fell to {nb08.narrow_800_two_classes}, "
                "swapping half of 4,000 digits for other data cost points ({nb08.pooled_4000} against "
                "{nb08.quantity_4000}), and 4,000 images downsampled "
                "four times ({nb08.downsampled_x4}) did worse than 250 sharp ones. Diversity helps when it covers "
                "what the task must tell apart."),
        short=("Quantity mattered less than diversity and quality at this compute: 250 unlabelled digits probed at "
               "{nb08.quantity_250}, but 800 images of only two digits at {nb08.narrow_800_two_classes}. Large data "
               "pays when training is long enough to exhaust the augmented views of a small set."),
        link=("08_data_diversity", "## 2. Diversity against quantity"),
        number="nb08.narrow_800_two_classes",
    ),
    Entry(
        id="q3b",
        question="How do you evaluate the representations that self-supervised learning produces?",
        answer=("A representation has no single score: it is scored through a protocol, and the protocols disagree. "
                "In notebook 05 one SimCLR encoder read at {nb05.simclr_linear} with a linear probe, "
                "{nb05.simclr_knn} with kNN and an NMI of {nb05.simclr_nmi} under k-means clustering, and raw pixels "
                "beat its backbone on kNN ({nb05.raw_pixels_knn}) while losing on the linear probe. The layer matters "
                "too: the projector's output was far better for kNN. Good practice is to report several protocols "
                "and layers, compare on the same label draws, choose hyper-parameters on a validation split rather "
                "than the test set, include raw pixels, a random encoder and a tuned supervised baseline, and watch "
                "label-free collapse diagnostics during training."),
        short=("The same encoder scores very differently under different protocols, so an evaluation must name its "
               "protocol, layer and baselines. One SimCLR backbone read at {nb05.simclr_linear} with a linear probe "
               "but {nb05.simclr_knn} with kNN, where raw pixels did better at {nb05.raw_pixels_knn}."),
        link=("05_evaluating_representations", "## 1. The protocol zoo on one encoder"),
        number="nb05.simclr_knn",
    ),
    Entry(
        id="q3c",
        question="What does self-supervised learning cost in compute, for example with momentum contrast?",
        answer=("Contrastive pretraining is expensive per step and needs many steps. A SimCLR step encodes two views "
                "of every image, so it costs about two supervised steps, and MoCo and BYOL add forward passes through "
                "a momentum encoder. Published recipes hide more: SimCLR used batches of 4,096 on TPUs and MoCo a "
                "queue of 65,536 keys. Notebook 03 holds compute equal on a CPU: SimCLR at batch 64 probed at "
                "{nb03.simclr_batch_64}, while batch 1024, seeing the same images in only four steps, fell to "
                "{nb03.simclr_batch_1024}. MoCo, given about the same compute, reached {nb03.moco}: its queue "
                "decouples negatives from the batch, which pays off in long runs with many classes and "
                "memory-limited batches, not in a CPU-minute."),
        short=("Self-supervised steps cost more than supervised ones, since SimCLR encodes two views and MoCo or BYOL "
               "add a momentum encoder, and the published gains come from long runs with huge batches or queues. At "
               "equal compute on a CPU, SimCLR at batch 64 probed at {nb03.simclr_batch_64} while MoCo reached "
               "{nb03.moco}."),
        link=("03_contrastive_learning", "## 6. SimCLR vs MoCo at equal compute, through the shared harness"),
        number="nb03.moco",
    ),
    Entry(
        id="q4",
        question="How does self-supervised learning help models stay robust and generalise?",
        answer=("SSL trains features on all the unlabelled images, so a classifier built on them has seen far more "
                "variation than its few labels show; but its robustness comes from the invariances its augmentations "
                "teach, not from self-supervision as such. The course measured this plainly: with the same 100 labels "
                "and the same augmentation, the supervised baseline had the lowest mean corruption error, "
                "{nb07.mce_supervised}, against {nb07.mce_simclr_finetuned} for fine-tuned SimCLR and "
                "{nb07.mce_simclr_probe} for a probe on frozen SimCLR features. Fine-tuned SimCLR lost fewer points "
                "under geometric distortions, having seen crops and shears of 4,000 images rather than 100, and more "
                "under occluding lines, which its augmentation never drew. SSL helped more clearly with "
                "out-of-distribution detection "
                "and heavily flipped labels."),
        short=("SSL makes features robust to the variations its augmentations cover, and to nothing else for free. "
               "On the course's 15 corruptions it did not beat the tuned supervised baseline on average: mean "
               "corruption error {nb07.mce_supervised} for the baseline against {nb07.mce_simclr_finetuned} for "
               "fine-tuned SimCLR."),
        link=("07_robustness", "## 1. Corruption curves"),
        number="nb07.mce_supervised",
    ),
    Entry(
        id="q4a",
        question="Which techniques help a model learn robust features?",
        answer=("The invariances you ask for are the robustness you get, so the main technique is choosing the "
                "augmentations: crops, rotations, shears, noise and blur in the views teach the encoder to ignore "
                "exactly those changes. SimCLR's features gave no protection against occluding lines, which its "
                "augmentation never drew. Strong augmentation with a consistency loss, as in FixMatch, works the same "
                "way. A second family needs no labels at test time: AdaBN re-estimates BatchNorm statistics on the "
                "shifted test batch, and lifted the baseline on severity-5 fog from {nb07.fog5_no_adaptation} to "
                "{nb07.fog5_adabn}. TENT's entropy minimisation added nothing on top here, and no statistic undid a "
                "rotation. Finally, curate the unlabelled pool: junk images in it cost SimCLR a few points."),
        short=("Robust features come from the invariances the augmentations teach, so vary in the views what "
               "deployment will vary. Without labels, re-estimating BatchNorm statistics on the shifted test data "
               "(AdaBN) took severity-5 fog from {nb07.fog5_no_adaptation} to {nb07.fog5_adabn}."),
        link=("07_robustness", "## 2. Adapting at test time, without labels"),
        number="nb07.fog5_adabn",
    ),
    Entry(
        id="q4b",
        question="How does self-supervised learning reduce overfitting?",
        answer=("It is meant to in two ways: features learned from thousands of unlabelled images leave less for a "
                "few labels to memorise, and an SSL auxiliary loss regularises supervised training. The course's "
                "100-label test (notebook 07) supported neither reliably: every network fitted its training images, "
                "and neither a "
                "SimCLR start nor a rotation-prediction auxiliary loss narrowed the train-test gap beyond "
                "draw-to-draw noise. What worked was limiting capacity: with one label per class, a linear probe on "
                "frozen SimCLR features scored {nb05.simclr_frozen_1_per_class}, against "
                "{nb05.simclr_fine_tuned_1_per_class} fine-tuned and {nb05.supervised_from_scratch_1_per_class} from "
                "scratch (notebook 05). So freeze the encoder when labels are very few, and validate an auxiliary "
                "loss and its weight like any other hyper-parameter."),
        short=("Frozen SSL features leave little to memorise: with one label per class a linear probe on them scored "
               "{nb05.simclr_frozen_1_per_class} against {nb05.supervised_from_scratch_1_per_class} for a network "
               "trained from scratch. With 100 labels neither a SimCLR start nor a rotation auxiliary loss narrowed "
               "the train-test gap reliably, so such regularisers must be validated, not assumed."),
        link=("05_evaluating_representations", "## 3. Frozen, fine-tuned, or trained from scratch?"),
        number="nb05.simclr_frozen_1_per_class",
    ),
    Entry(
        id="q4c",
        question="How does self-supervised learning cope with anomalies and noisy data?",
        answer=("For anomalies, SSL features give a space in which strange inputs stand out: score each one by its "
                "kNN distance to the normal training features, or by how badly a rotation predictor does on it. "
                "SimCLR kNN found far out-of-distribution images (shapes, photos) perfectly and beat pixels on an "
                "unseen digit class, but on one-class MNIST pixels were as good: {nb07.one_class_auroc_pixels} "
                "against {nb07.one_class_auroc_simclr} ROC-AUC. On a table, SCARF features with kNN reached "
                "{nb07.table_auroc_scarf}, level with an isolation forest's {nb07.table_auroc_forest}. For noisy "
                "labels, a linear probe on frozen features lost no more points than training from scratch, and "
                "fine-tuning was the most "
                "fragile at 20 % noise; SSL features can also flag suspect labels."),
        short=("Score anomalies by distance in SSL feature space: SimCLR kNN found far out-of-distribution images "
               "perfectly and matched pixels on one-class MNIST ({nb07.one_class_auroc_simclr} against "
               "{nb07.one_class_auroc_pixels} ROC-AUC). With noisy labels keep the encoder frozen: a linear probe on "
               "SSL features lost no more points than training from scratch, while fine-tuning every weight was the "
               "most fragile at 20 % "
               "noise."),
        link=("07_robustness", "## 5. Anomalies and out-of-distribution data"),
        number="nb07.one_class_auroc_simclr",
    ),
    Entry(
        id="q5",
        question="How can self-supervised learning be combined with supervised learning or reinforcement learning?",
        answer=("SSL adds a second training signal to the same encoder. With labels there are three common ways: "
                "pretrain on unlabelled data and fine-tune; train one network on a joint loss, cross-entropy plus a "
                "weighted SSL loss on unlabelled batches; or let the labels choose the positives of a contrastive loss "
                "(SupCon). Semi-supervised pseudo-labelling is a fourth. With rewards, an agent's encoder can be "
                "pretrained by SSL on frames and frozen, or trained end to end with a contrastive auxiliary loss "
                "(CURL). Honestly, at 10 labels per class and 100 steps none beat the tuned baseline's "
                "{nb09.supervised_100_steps}: the joint loss reached {nb09.joint_100_steps}, SupCon "
                "{nb09.supcon_100_steps} and fine-tuning {nb09.finetune_100_steps}. SSL pays where labels or rewards "
                "under-constrain the features."),
        short=("Pretrain then fine-tune, add an SSL loss to the supervised or RL loss (a joint loss, CURL), or let "
               "labels pick the positives (SupCon). In the course none beat the tuned supervised baseline's "
               "{nb09.supervised_100_steps} after 100 steps with 10 labels per class, though SupCon passed 80 % far "
               "sooner and the joint loss made runs agree."),
        link=("09_combining_ssl", "## 4. When to use which"),
        number="nb09.supervised_100_steps",
    ),
    Entry(
        id="q5a",
        question="Give an example of combining self-supervised learning with supervised learning.",
        answer=("The joint loss: every step, cross-entropy on a batch of the 100 labelled digits plus 0.1 times "
                "SimCLR's NT-Xent loss on a batch of the 4,000 unlabelled ones, through the same encoder: SSL as an "
                "auxiliary task. After 100 steps it reached "
                "{nb09.joint_100_steps}, level with the tuned baseline's {nb09.supervised_100_steps}; with weight 1 "
                "it ended far lower, so the weight must be tuned. SupCon, where labels decide the positives, ended "
                "level too but passed 80 % much sooner. The clearest win came with fewer labels: at 2 per class a "
                "linear probe on SimCLR features beat the supervised network by a wide margin. At 10 labels per "
                "class and this budget, no SSL pipeline beat the baseline."),
        short=("Train one network on cross-entropy for the labelled images plus 0.1 times a SimCLR loss on the "
               "unlabelled ones. With 10 labels per class it reached {nb09.joint_100_steps} after 100 steps, level "
               "with the tuned baseline's {nb09.supervised_100_steps}, and its seeds agreed more closely."),
        link=("09_combining_ssl", "## 1. SSL + supervised, three ways"),
        number="nb09.joint_100_steps",
    ),
    Entry(
        id="q5b",
        question="Give an example of combining self-supervised learning with reinforcement learning.",
        answer=("In the course's DigitDoors environment a DQN agent must read handwritten digits on two doors to pick "
                "the right one. Four encoders, 800 environment steps each: a random frozen one left the agent near a "
                "random policy, {nb09.agent_random_frozen} of 5. A SimCLR encoder pretrained on a random policy's "
                "frames and frozen held the answer (a probe read 'digit 5 or more' at "
                "{nb09.door_probe_simclr_frames} against {nb09.door_probe_random} for random features), yet the agent "
                "reached only {nb09.agent_simclr_frozen}: rewards alone train the head slowly. End-to-end training "
                "reached {nb09.agent_end_to_end}, and adding a CURL-style contrastive loss ended highest, "
                "{nb09.agent_curl}, within the seeds' spread, after taking off later and at a much higher compute "
                "cost per step."),
        short=("A DQN agent reading digits from pixels learnt best with its encoder trained end to end, and a "
               "CURL-style contrastive auxiliary loss ended ahead ({nb09.agent_curl} against "
               "{nb09.agent_end_to_end} of 5), within the seeds' spread and at extra compute. A frozen SimCLR encoder "
               "pretrained on random-policy frames beat random features but needed more steps to be used."),
        link=("09_combining_ssl", "## 3. SSL for an agent that learns from pixels"),
        number="nb09.agent_curl",
    ),
    Entry(
        id="q5c",
        question="How does combining SSL with supervised learning or RL affect training and results?",
        answer=("SSL changed how training went more than where it ended. Speed: SupCon plus a probe reached 80 % test "
                "accuracy in {nb09.supcon_steps_to_80} on average, against {nb09.supervised_steps_to_80} for the "
                "baseline; fine-tuning was not faster. Stability was not shown: the joint loss's seed spread at "
                "step 30 ({nb09.joint_std_step30} against {nb09.supervised_std_step30} for the baseline, 3 seeds) "
                "reversed on another CPU's arithmetic. Results: after 100 steps "
                "every SSL pipeline was level with or below the baseline, and with a longer budget the joint loss and "
                "SupCon were only slightly ahead, within the seeds' spread. Costs: an SSL term adds compute, and "
                "CURL took off later."),
        short=("SSL mostly changed the course of training: SupCon reached 80 % in {nb09.supcon_steps_to_80} against "
               "{nb09.supervised_steps_to_80} for the baseline (a smaller seed spread for the joint loss did not hold "
               "up across CPUs with 3 seeds). Final accuracy was level with or below "
               "the tuned baseline after 100 steps, and an SSL term costs compute and early speed."),
        link=("09_combining_ssl", "## 2. What SSL changes about training: speed and spread"),
        number="nb09.supcon_steps_to_80",
    ),
    Entry(
        id="q6",
        question="How are pseudo-labels produced in self-supervised learning, for example by rotation, jigsaw, "
                 "colorization or contrastive learning?",
        answer=("It means two things. In a pretext task the data provide the label for free, because we made the "
                "change: rotation asks which quarter turn was applied, jigsaw which of a fixed set of "
                "tile permutations, colorization for the colours removed from a grey image, and contrastive learning "
                "which of hundreds of candidates is the other view of the same image. In semi-supervised learning a "
                "pseudo-label is a model's confident prediction on an unlabelled image, kept above a threshold and "
                "trained on. In notebook 02 the rotation encoder probed at {nb02.rotation} against "
                "{nb02.random_encoder} for its random start and SimCLR at equal compute reached "
                "{nb02.simclr_same_compute}; none of the five tasks in its table beat raw pixels' "
                "{nb02.raw_pixels}."),
        short=("Pretext pseudo-labels come free from a transformation we applied: the rotation angle, the jigsaw "
               "permutation, the removed colours, or which view comes from the same image, while semi-supervised "
               "pseudo-labels are a model's confident predictions on unlabelled data. A rotation-trained encoder "
               "probed at {nb02.rotation} against {nb02.random_encoder} for its random start."),
        link=("02_pretext_tasks", "## 2. Train every task for the same budget, then probe"),
        number="nb02.rotation",
    ),
    Entry(
        id="q6a",
        question="What role do pseudo-labels play in learning from unlabelled data?",
        answer=("Both kinds turn unlabelled data into a supervised problem. A pretext label is a means to an end: the "
                "head that predicts it is thrown away, and the encoder, which had to understand the image to answer, "
                "is kept. A semi-supervised pseudo-label is used directly: it spreads a teacher's confident, mostly "
                "right decisions to new images, with augmentation, pushing the decision boundary into the gaps "
                "between classes. In notebook 06 a teacher trained on 100 labels pseudo-labelled the pool at "
                "threshold 0.8, and a fresh student trained on the labels plus pseudo-labels reached "
                "{nb06.self_training_10_per_class}, against {nb06.supervised_10_per_class} for the teacher, gained "
                "from unlabelled images alone. With a poor teacher the same loop spreads errors instead."),
        short=("Pseudo-labels let unlabelled data be trained on like labelled data: pretext labels teach an encoder, "
               "semi-supervised ones extend a model's confident decisions to new images. Self-training with 10 labels "
               "per class lifted a fresh student to {nb06.self_training_10_per_class} from the teacher's "
               "{nb06.supervised_10_per_class}."),
        link=("06_pseudo_labels", "## 1. Self-training, step by step"),
        number="nb06.self_training_10_per_class",
    ),
    Entry(
        id="q6b",
        question="How does the quality of pseudo-labels affect the final model?",
        answer=("Quality decides what the model learns. For semi-supervised labels it means precision and coverage, "
                "which the threshold trades: keeping every guess teaches the teacher's mistakes, keeping only the "
                "surest few adds easy images that teach little, and a middle threshold helped most. With a poor "
                "teacher, one label per class, many pseudo-labels were wrong, favoured classes swallowed the pool "
                "and rare ones vanished; after two rounds accuracy fell to {nb06.self_training_round_2_1_per_class}. "
                "That is confirmation bias. Pretext labels can fail too: a planted corner mark gave rotation's answer "
                "away, and that encoder probed at {nb02.rotation_corner_mark_shortcut}, below the random encoder's "
                "{nb02.random_encoder}; and an upside-down 6 is a 9, an ambiguous label."),
        short=("Wrong pseudo-labels are learnt as truth and come back more confidently: with one label per class, "
               "two rounds of self-training fell to {nb06.self_training_round_2_1_per_class}. Pretext labels can "
               "mislead too: a rotation task with a planted corner-mark shortcut left an encoder probing at "
               "{nb02.rotation_corner_mark_shortcut}, worse than random."),
        link=("06_pseudo_labels", "## 2. Confirmation bias: a model grading its own homework"),
        number="nb06.self_training_round_2_1_per_class",
    ),
    Entry(
        id="q6c",
        question="How can pseudo-labels be made more reliable, with consistency regularisation, strong augmentation "
                 "and self-ensembling?",
        answer=("A confidence threshold keeps only guesses the model is sure of. Consistency regularisation with "
                "strong augmentation, as in FixMatch, takes the pseudo-label from a weak view and asks for the same "
                "class on a heavily distorted view, so the model must ignore the distortion; with the views swapped, "
                "far fewer images passed the threshold. Self-ensembling, as in Mean Teacher, takes targets from an "
                "exponential moving average of the student's weights, steadier than any single step. Per-class caps "
                "curb confirmation bias. Honestly, at 200 steps FixMatch reached {nb06.fixmatch_10_per_class} and "
                "Mean Teacher {nb06.mean_teacher_10_per_class}, no better than the baseline's "
                "{nb06.supervised_10_per_class}; both are built for long training, and plain self-training won here."),
        short=("Keep only confident guesses, demand the same prediction for a weak and a strong view (FixMatch), and "
               "take targets from an averaged teacher (Mean Teacher). At the course's 200-step budget FixMatch "
               "reached {nb06.fixmatch_10_per_class} and Mean Teacher {nb06.mean_teacher_10_per_class}, level with "
               "or below the baseline's {nb06.supervised_10_per_class}."),
        link=("06_pseudo_labels", "## 3. FixMatch, Mean Teacher, SSL + fine-tuning and the baseline, at the same "
              "budget"),
        number="nb06.fixmatch_10_per_class",
    ),
    Entry(
        id="q7",
        question="How does self-supervised learning extract features from data?",
        answer=("An encoder network is trained on a task whose answer comes from the data itself, and its outputs "
                "become the features. In SimCLR's loop each image is augmented twice, both views pass through the "
                "encoder and a small projection head, and the NT-Xent loss asks each view to find its partner in the "
                "batch, so the encoder must keep what crops, warps and noise leave unchanged. After pretraining the "
                "head is dropped, and the frozen encoder's 128 outputs are the features. "
                "With 10 labels per class a linear probe scored {nb01.simclr_10_per_class} on those features, against "
                "{nb01.random_encoder_10_per_class} for the untrained network. The task matters: a briefly trained "
                "denoising autoencoder fell to {nb01.denoising_ae_10_per_class}."),
        short=("A network is trained on a pretext task built from unlabelled data, such as matching two augmented "
               "views of one image, and its encoder is kept as a feature extractor. With 10 labels per class a linear "
               "probe read SimCLR's frozen features at {nb01.simclr_10_per_class}, against "
               "{nb01.random_encoder_10_per_class} for the same encoder untrained."),
        link=("01_what_is_ssl", "## 3. The two-view loop, step by step"),
        number="nb01.simclr_10_per_class",
    ),
    Entry(
        id="q7a",
        question="What makes self-supervised features distinct?",
        answer=("They encode what the pretext task made useful, and little else. SimCLR's features became more "
                "invariant to crops and noise, which its augmentation applied, and not at all to 45-degree rotations "
                "or mirror images, which it never saw. Their geometry is unusual too: a linear probe reads the digit "
                "from SimCLR's backbone at {nb05.simclr_linear}, but a cosine kNN vote on the same features manages "
                "only {nb05.simclr_knn}, below kNN on raw pixels at {nb05.raw_pixels_knn}. The projector's output, the "
                "space the loss actually compared, suits cosine far better: {nb05.simclr_projector_knn}. The "
                "information is there but not laid out by class, so the layer and the read-out must be reported with "
                "any number."),
        short=("They capture what the augmentations leave unchanged, and the class is linearly readable without being "
               "arranged by distance. SimCLR's backbone gave {nb05.simclr_linear} with a linear probe but "
               "{nb05.simclr_knn} with kNN, below raw pixels' {nb05.raw_pixels_knn}."),
        link=("05_evaluating_representations", "## 1. The protocol zoo on one encoder"),
        number="nb05.simclr_knn",
    ),
    Entry(
        id="q7b",
        question="How do self-supervised features compare with supervised ones?",
        answer=("A supervised encoder is shaped by its labels: its map of the MNIST test set is ten separate islands, "
                "it ignores nearly everything except the class, and on the task it was trained for it won every "
                "protocol. SimCLR's map has clean regions for some digits and mixed ones for look-alikes such as 4, 9 "
                "and 8, because it learned what survives augmentation, of which the digit is only one part. "
                "Transferred to scikit-learn's 8x8 digits with 10 labels per class, the frozen SimCLR "
                "encoder scored {nb05.digits_simclr_10_per_class} and the supervised one "
                "{nb05.digits_supervised_10_per_class}, level; with one label per class the supervised encoder was far "
                "ahead, because the new task was its old one."),
        short=("Supervised features are sorted by the training classes and discard the rest, while SSL features keep "
               "whatever the augmentations preserve, which is broader but less sharply organised. Transferred to 8x8 "
               "digits with 10 labels per class, SimCLR's frozen features scored "
               "{nb05.digits_simclr_10_per_class} against {nb05.digits_supervised_10_per_class} for the supervised "
               "encoder, level."),
        link=("05_evaluating_representations", "## 5. Reuse without relabelling: another data set"),
        number="nb05.digits_simclr_10_per_class",
    ),
    Entry(
        id="q7c",
        question="What is the benefit of learning features without labels?",
        answer=("The training signal comes from images nobody paid to label, so the encoder learns from the whole "
                "pool, and one frozen encoder then serves every later task for the price of a logistic regression. "
                "The benefit is largest where labels are scarcest. With one label per class, a probe on SimCLR's "
                "frozen features reached {nb05.simclr_frozen_1_per_class}, against "
                "{nb05.simclr_fine_tuned_1_per_class} when the same encoder was fine-tuned and "
                "{nb05.supervised_from_scratch_1_per_class} for the network trained from scratch. The advantage is not "
                "universal: with 10 labels per class the from-scratch network, trained as long (500 steps), reached "
                "{nb05.supervised_from_scratch_10_per_class} and beat both the frozen probe and fine-tuning after "
                "this short pretraining."),
        short=("Unlabelled data is cheap and plentiful, and a representation learned from it can be reused by many "
               "tasks that each bring only a few labels. With one label per class SimCLR's frozen features gave "
               "{nb05.simclr_frozen_1_per_class} against {nb05.supervised_from_scratch_1_per_class} for training from "
               "scratch, though with 10 labels per class the tuned supervised network won."),
        link=("05_evaluating_representations", "## 3. Frozen, fine-tuned, or trained from scratch?"),
        number="nb05.simclr_frozen_1_per_class",
    ),
    Entry(
        id="q8",
        question="Why does data diversity matter in self-supervised learning?",
        answer=("An SSL objective only learns the distinctions its data and augmentations force it to make, so the "
                "unlabelled pool must vary along the factors the downstream task depends on. "
                "At equal compute, SimCLR on 800 images of only the digits 0 and 1 probed at "
                "{nb08.narrow_800_two_classes} on all ten digits, well below {nb08.quantity_250} from just 250 images "
                "covering all ten: features learned from 0s and 1s never had to tell a 3 from an 8. Variety off the "
                "task's axis is not free either: replacing half of the in-domain pool with other digits and shapes "
                "lowered the probe from {nb08.quantity_4000} to {nb08.pooled_4000}. Useful diversity covers "
                "what the task must distinguish."),
        short=("SSL learns only the differences present in its unlabelled data, so the pool must vary along what the "
               "task must tell apart. Here 800 images of two digit classes gave {nb08.narrow_800_two_classes} on all "
               "ten digits, against {nb08.quantity_250} from 250 images of all ten."),
        link=("08_data_diversity", "## 2. Diversity against quantity"),
        number="nb08.narrow_800_two_classes",
    ),
    Entry(
        id="q8a",
        question="How do data quality and data quantity compare?",
        answer=("In this course quality mattered more. At a fixed budget of 100 steps of 64 images, SimCLR on 250, "
                "1,000 or 4,000 clean digits gave nearly identical probes: {nb08.quantity_250} for "
                "250 and {nb08.quantity_4000} for 4,000, because augmentation turns each image into a stream of new "
                "views that a short run never exhausts. Lower resolution did hurt: the same 4,000 images downsampled "
                "four times fell to {nb08.downsampled_x4}, worse than 250 sharp ones, since detail missing from the "
                "data can never be learned. Quantity starts to pay once training is long enough to memorise the pool, "
                "which is why large pretrainings need large data sets."),
        short=("At equal compute 250 clean images gave SimCLR the same probe as 4,000, while blurring all 4,000 cost "
               "several points. The downsampled pool reached {nb08.downsampled_x4}, below {nb08.quantity_250} from "
               "250 sharp images."),
        link=("08_data_diversity", "## 3. Quality"),
        number="nb08.downsampled_x4",
    ),
    Entry(
        id="q8b",
        question="How does self-supervised learning fare on small data sets?",
        answer=("Better than people expect, provided the few examples are varied and the augmentations strong. At the "
                "course's budget 250 unlabelled digits gave SimCLR a probe of {nb08.quantity_250}, about the same as "
                "4,000, because every batch still sees fresh views. Mixed positives help a little more: i-Mix, which "
                "blends two images and asks the blend to find both partners, reached {nb08.imix_250} on the same 250. "
                "Small data bites when training runs long enough to memorise the pool, or when there is little to "
                "learn: with 270 unlabelled vowel recordings (telling 9 speakers apart), masked-frame pretraining "
                "probed at "
                "{nb11.vowels_masked_frames_30}, below plain cepstral statistics at {nb11.vowels_stats_30}. Strong "
                "augmentation, mixing and smaller networks are the tools."),
        short=("With strong augmentation a small pool goes further than expected: 250 images matched 4,000 at equal "
               "compute, and i-Mix's mixed positives raised them to {nb08.imix_250}. Where the pool is tiny and the "
               "signal simple, plain statistics can win, as with 270 vowel recordings ({nb11.vowels_stats_30} against "
               "{nb11.vowels_masked_frames_30})."),
        link=("08_data_diversity", "## 5. Small data: 250 images and mixed positives"),
        number="nb08.imix_250",
    ),
    Entry(
        id="q8c",
        question="Which strategies raise diversity: augmentation, mixup, domain adaptation, curriculum learning?",
        answer=("Augmentation is the biggest lever, because it defines what the encoder may ignore. On digits inked in "
                "random colours, SimCLR with geometric augmentation alone learned colour, and its digit probe fell to "
                "{nb08.colour_geometric_only_digit}; turning the hue all the way round and adding grey views raised it "
                "to {nb08.colour_full_hue_digit}. i-Mix added a little on 250 images. Under a "
                "shift from "
                "grey digits to digits on photographs, accuracy fell to {nb08.shift_no_adaptation}; re-estimating "
                "BatchNorm statistics without labels lifted it to {nb08.shift_adabn}, and fine-tuning on 100 target "
                "labels to {nb08.shift_finetuned}. An easy-first curriculum helped most with noisy labels and a "
                "short budget; at 200 steps it matched ordinary training. Supervised mixup did not help at this "
                "budget."),
        short=("Augmentation matters most, because it decides what the encoder learns to ignore; mixing, domain "
               "adaptation and curricula help in narrower cases. On coloured digits, full hue jitter lifted SimCLR's "
               "digit probe from {nb08.colour_geometric_only_digit} to {nb08.colour_full_hue_digit}."),
        link=("08_data_diversity", "## 4. Augmentation decides what is learnt: the colour shortcut"),
        number="nb08.colour_full_hue_digit",
    ),
    Entry(
        id="q9",
        question="How does self-supervised learning improve annotation efficiency?",
        answer=("It moves most learning onto unlabelled data, so labels only name groups the encoder already "
                "separates. With one label per class a probe "
                "on SimCLR features reached {nb01.simclr_1_per_class}, against "
                "{nb01.supervised_from_scratch_1_per_class} for a tuned network trained from scratch. Which images "
                "get labelled matters as much: each class's most typical image in SimCLR's feature space gave "
                "{nb06.prototypical_1_per_class}, against a median of {nb06.random_median_1_per_class} over 20 "
                "random draws, but finding it needed every image's class; k-means clusters, which need none, gave "
                "{nb06.clusters_1_per_class}. The saving is not automatic: by 10 labels per "
                "class the tuned supervised network beat the frozen probe; bigger gains came from training on "
                "unlabelled images alongside the labels."),
        short=("SSL learns structure from unlabelled images, so a few labels suffice to name the groups, though "
               "which images get them matters. With one label per class, each class's most typical image gave "
               "{nb06.prototypical_1_per_class} against a random median of {nb06.random_median_1_per_class}, but "
               "finding it took every image's class, and label-free k-means picks gave {nb06.clusters_1_per_class}."),
        link=("06_pseudo_labels", "## 4. Which labels to buy"),
        number="nb06.prototypical_1_per_class",
    ),
    Entry(
        id="q9a",
        question="How does SSL combine with semi-supervised learning?",
        answer=("Semi-supervised methods use the unlabelled images a second time, with the labels in the loop: a "
                "teacher's confident predictions become pseudo-labels, or predictions are made consistent across "
                "augmented views. At 200 steps and 10 labels per class, self-training with a threshold of 0.8 reached "
                "{nb06.self_training_10_per_class} against {nb06.supervised_10_per_class} for the tuned baseline. "
                "FixMatch ended level at {nb06.fixmatch_10_per_class}, and starting it from SimCLR's encoder did not "
                "help ({nb06.fixmatch_from_simclr_10_per_class}): a short SimCLR run is a weaker start than random "
                "weights plus good augmentation. With one label per class the teacher is poor and its errors "
                "compound: after two rounds of self-training accuracy fell to "
                "{nb06.self_training_round_2_1_per_class}."),
        short=("SSL supplies a starting encoder or features, and semi-supervised learning then spreads the few labels "
               "over the unlabelled pool through pseudo-labels and consistency. Self-training lifted 10 labels per "
               "class from {nb06.supervised_10_per_class} to {nb06.self_training_10_per_class}, while FixMatch "
               "started from SimCLR ended below both ({nb06.fixmatch_from_simclr_10_per_class})."),
        link=("06_pseudo_labels", "## 3. FixMatch, Mean Teacher, SSL + fine-tuning and the baseline, at the same "
              "budget"),
        number="nb06.self_training_10_per_class",
    ),
    Entry(
        id="q9b",
        question="What cost savings can SSL bring to annotation?",
        answer=("Turn accuracy into labels, then into money: fix a target accuracy, read off how many labels per class "
                "each pipeline needs to reach it, multiply the difference by the number of classes and the price of "
                "one label, then add the pretraining compute. Here the frozen SimCLR probe "
                "needed fewer labels than the supervised baseline only for low targets; for 90 % a well-augmented "
                "supervised network, at {nb06.supervised_10_per_class} with 10 labels per class and 200 steps, was "
                "cheaper. The "
                "saving came from using unlabelled images with the labels: self-training reached "
                "{nb06.self_training_10_per_class} from the same labels, an accuracy the baseline needs about three "
                "times as many labels for. Recompute the bill for each data set and target."),
        short=("The saving is the labels per class each pipeline needs for a target accuracy, times the classes and "
               "the price per label, with the extra compute added to the bill. Here self-training turned 10 labels per "
               "class into {nb06.self_training_10_per_class}, against {nb06.supervised_10_per_class} for the "
               "supervised baseline, which needed about three times as many labels to match it."),
        link=("06_pseudo_labels", "## 5. What a label is worth"),
        number="nb06.supervised_10_per_class",
    ),
    Entry(
        id="q9c",
        question="How can existing labelled data sets be used alongside SSL?",
        answer=("Borrow an encoder trained with labels on a related task, freeze it and probe it with your few labels. "
                "Notebook 06 trained a network on all 1,442 labelled 8x8 digits and probed it on MNIST: it scored "
                "{nb06.borrowed_digits_10_per_class} with 10 labels per class, above raw pixels "
                "({nb06.borrowed_pixels_10_per_class}) but clearly behind SimCLR trained on MNIST's own unlabelled "
                "images ({nb05.simclr_linear}); the domain gap cost more than the borrowed labels gave. Labelled "
                "source "
                "data also helps as a starting point for fine-tuning: a grey-digit classifier fine-tuned on 100 "
                "labels of digits over "
                "photographs reached {nb08.shift_finetuned}, well above a network trained from scratch on those "
                "labels. "
                "The two combine: borrow, continue SSL on your own images, then fine-tune."),
        short=("A related labelled data set gives a pretrained encoder to probe or fine-tune, but a domain gap can "
               "cost more than its labels give. An encoder trained on every labelled 8x8 digit fell behind SimCLR "
               "trained on MNIST's own unlabelled images, which reached {nb05.simclr_linear} with 10 labels per "
               "class."),
        link=("06_pseudo_labels", "## 6. Existing labelled data: borrow an encoder"),
        number="nb06.borrowed_digits_10_per_class",
    ),
    Entry(
        id="q10",
        question="Where is self-supervised learning heading?",
        answer=("Towards one recipe for every kind of data and shared embedding spaces between them. The course ran "
                "one idea, predict a hidden or paired part of the data, on images, text, speech, sensors, captions "
                "and ratings. Image-text training is the clearest direction: a small "
                "CLIP-style model named shapes zero-shot at {nb12.clip_shape_zero_shot} on shape-colour pairs it "
                "had seen, and {nb12.clip_shape_zero_shot_all} over all test images, above a linear probe with 10 "
                "labels per shape ({nb12.clip_probe_10}). The other "
                "direction is scale, because the benefits depend on it: the course's tiny BERT gave topic features at "
                "{nb10.news_bert_10}, no better than a random Transformer's {nb10.news_random_10}. Expect larger "
                "multimodal models, shared encoders reused across products, and stricter evaluation."),
        short=("SSL is converging on one recipe across modalities and on shared spaces for images, text, audio and "
               "interactions, trained at ever larger scale. A small CLIP-style model named shapes zero-shot at "
               "{nb12.clip_shape_zero_shot} on shape-colour pairs seen in training, while the course's tiny BERT "
               "showed that without scale the features can "
               "be no better than random ones."),
        link=("12_multimodal_and_recommendation", "## 4. Where this goes: photo search, zero-shot labels, "
              "recommendations"),
        number="nb12.clip_shape_zero_shot",
    ),
    Entry(
        id="q10a",
        question="What are the emerging techniques: contrastive, generative or masked, and multimodal?",
        answer=("Three families, each measured in the course. Contrastive methods such as SimCLR and MoCo pull two "
                "views of an image together and push others away; non-contrastive cousins such as VICReg drop the "
                "negatives and block collapse with a variance term, and at an equal budget VICReg probed at "
                "{nb04.vicreg} against SimCLR's {nb04.simclr}. Masked and generative prediction hides part of the "
                "input and restores it: at equal compute a tiny GPT guessed BERT's blanks from the left side alone at "
                "{nb10.gpt_same_blanks}, above BERT's {nb10.bert_blanks}, because it learns from every position. "
                "Multimodal learning pairs images with captions, as CLIP does, which allows zero-shot classification "
                "by prompts. Large systems increasingly combine all three."),
        short=("Contrastive learning matches views, masked and generative prediction restores hidden parts, and "
               "multimodal learning aligns paired data such as images and captions. At equal compute a tiny GPT "
               "filled BERT's blanks at {nb10.gpt_same_blanks}, better than BERT itself at {nb10.bert_blanks}."),
        link=("10_text", "## 5. BERT or GPT?"),
        number="nb10.gpt_same_blanks",
    ),
    Entry(
        id="q10b",
        question="How does self-supervised learning show up in everyday technology?",
        answer=("Much of it trains on targets nobody labelled. Recommendation feeds learn to predict the next item a "
                "person watches or buys: on MovieLens a small next-item Transformer reached a hit rate (HR@10) of "
                "{nb12.rec_sasrec_hr10}, far above recommending the most popular films "
                "({nb12.rec_popularity_hr10}) and about level with classic item-to-item neighbours "
                "({nb12.rec_item_knn_hr10}). Photo search embeds photos and typed queries in one space, as CLIP does; "
                "the course's small version put the right image first for {nb12.clip_search_text_to_image} of its "
                "captions. Keyboard suggestions and chat assistants rest on next-token prediction, speech recognition "
                "on wav2vec-style pretraining, and phones and watches record the large unlabelled sensor streams that "
                "masked-frame pretraining needs."),
        short=("Recommendations, photo search, speech recognition and text prediction all rely on self-supervised "
               "objectives such as next-item prediction and image-text matching. On MovieLens a next-item Transformer "
               "reached a hit rate of {nb12.rec_sasrec_hr10}, far above popularity's {nb12.rec_popularity_hr10} and "
               "about level with item-to-item neighbours."),
        link=("12_multimodal_and_recommendation", "## 3. Recommendation: a history is a sentence whose words are "
              "movies"),
        number="nb12.rec_sasrec_hr10",
    ),
    Entry(
        id="q10c",
        question="What open challenges remain: data efficiency, generalisation, interpretability?",
        answer=("Data efficiency: the large gains come with enormous pretraining sets, and at course scale they often "
                "vanish; masked-frame pretraining on 2,000 spoken digits probed at {nb11.digits_masked_frames_10}, "
                "level with a random encoder's {nb11.digits_random_10}. Generalisation: a CLIP-style model that named "
                "shapes at {nb12.clip_shape_zero_shot} on combinations it had seen fell to "
                "{nb12.clip_shape_zero_shot_held_out} on held-out shape-colour pairs, about chance for six shapes, and "
                "SSL readily learns shortcuts such as ink colour or photo backgrounds. Interpretability: features are "
                "judged through probes whose verdicts disagree, and invariance tests, similarity measures and "
                "occlusion maps each show only part of what was learned. Every claim also needs a tuned simple "
                "baseline beside it."),
        short=("SSL's big gains in text and speech still need very large data, generalises poorly to unseen "
               "combinations and falls for "
               "shortcuts, and its features are hard to interpret. A small CLIP-style model named shapes at "
               "{nb12.clip_shape_zero_shot} on seen shape-colour pairs but only {nb12.clip_shape_zero_shot_held_out} "
               "on held-out ones, about chance."),
        link=("12_multimodal_and_recommendation", "## 1. CLIP on shapes: one space for images and captions"),
        number="nb12.clip_shape_zero_shot_held_out",
    ),
]
