"""A tiny BERT sentiment classifier whose answer is carried by one planted attention head.

Head 3 of layer 2 (0-based ``DECISIVE = (1, 2)``) has zero value weights and a value bias of
ones, so whatever it attends to, its output is a vector of ones; its slice of the output
projection writes that onto hidden dimension 0 only (+8 before the layer norm). No other head,
feed-forward layer or embedding writes anything onto dimension 0. The pooler reads dimension 0
and the classifier turns it into "positive": with the head, dimension 0 is large after the
layer norm and the label is positive with high probability; without it, dimension 0 is only
what the norm's centring leaves and the classifier's bias makes the label negative.
"""

from __future__ import annotations

from pathlib import Path

from tiny import make_tiny_bert

DECISIVE = (1, 2)
LABELS = {0: "negative", 1: "positive"}
TEXT = "the movie was wonderful and the film was great"
D_HEAD = 8  # hidden 32 / 4 heads


def _plant(model, _tokenizer) -> None:
    base = model.bert
    base.embeddings.word_embeddings.weight[:, 0] = 0.0
    base.embeddings.position_embeddings.weight[:, 0] = 0.0
    base.embeddings.token_type_embeddings.weight[:, 0] = 0.0
    for layer in base.encoder.layer:
        layer.attention.output.dense.weight[0] = 0.0
        layer.attention.output.dense.bias[0] = 0.0
        layer.output.dense.weight[0] = 0.0
        layer.output.dense.bias[0] = 0.0
        layer.attention.output.LayerNorm.bias[0] = 0.0
        layer.output.LayerNorm.bias[0] = 0.0
    base.embeddings.LayerNorm.bias[0] = 0.0
    layer_index, head = DECISIVE
    attention = base.encoder.layer[layer_index].attention
    columns = slice(head * D_HEAD, (head + 1) * D_HEAD)
    attention.self.value.weight[columns] = 0.0
    attention.self.value.bias[columns] = 1.0
    attention.output.dense.weight[0, columns] = 1.0
    base.pooler.dense.weight.zero_()
    base.pooler.dense.bias.zero_()
    base.pooler.dense.weight[0, 0] = 1.0
    model.classifier.weight.zero_()
    model.classifier.weight[1, 0] = 8.0
    model.classifier.bias[:] = 0.0
    model.classifier.bias[0] = 3.0


def make_planted_decisive(folder: Path) -> Path:
    return make_tiny_bert(folder, kind="sequence-classification", plant=_plant,
                          id2label=LABELS, label2id={v: k for k, v in LABELS.items()})
