"""Strings of the [CLS] & sentence-similarity page (and its errors)."""

STRINGS = {
    "page.similarity": ("[CLS] & sentence similarity", "[CLS] と文の類似度"),
    "similarity.blurb": (
        "Why use the [CLS] output as the sentence? Compare [CLS], mean pooling and the pooler "
        "on your own sentences, layer by layer, against an honest baseline.",
        "なぜ [CLS] の出力を文の表現に使うのか? 自分の文で [CLS]・平均プーリング・プーラーを"
        "層ごとに比べ、正直な基準値と照らし合わせます。",
    ),
    "similarity.intro": (
        "Type a few sentences, one per line. BERT turns each into a vector in three ways, and "
        "the **cosine similarity** between two vectors (1 = same direction, 0 = unrelated, "
        "−1 = opposite) says how alike the model thinks the sentences are. All sentences run "
        "through the model together, in one padded batch.",
        "文を 1 行に 1 つずつ入力してください。BERT は各文を 3 通りの方法でベクトルにします。"
        "2 つのベクトルの**コサイン類似度**（1 = 同じ向き、0 = 無関係、−1 = 逆向き）が、モデルから"
        "見た文の似ている度合いです。すべての文はパディングした 1 つのバッチとしてまとめてモデルに"
        "通します。",
    ),
    "similarity.explain": (
        "**What `[CLS]` is.** BERT puts a special token, `[CLS]`, in front of every input. Like "
        "every token it gets a vector at every layer, and attention lets it gather information "
        "from the whole sentence. In pre-training, BERT's **pooler** (one tanh layer on the last "
        "layer's `[CLS]` vector) fed the **next-sentence prediction** task: \"does sentence B "
        "follow sentence A?\". That is the only thing `[CLS]` was trained for before "
        "fine-tuning.\n\n"
        "**What `[CLS]` isn't.** It is not a ready-made meaning of the sentence. Fine-tuning "
        "(sentiment, entailment…) trains a classifier on `[CLS]` and changes the whole network so "
        "that `[CLS]` carries what that task needs. Without fine-tuning, raw `[CLS]` vectors of "
        "very different sentences often have cosines of 0.8–0.99: BERT's vectors all point into "
        "a narrow cone (**anisotropy**). Sentence-BERT (Reimers & Gurevych, 2019) found plain "
        "BERT's `[CLS]` worse than averaging GloVe word vectors for similarity.\n\n"
        "**Mean pooling** averages the vectors of all the sentence's real tokens (here "
        "including `[CLS]` and `[SEP]`, as sentence-transformers does; padding is excluded by "
        "the attention mask). Models trained for sentence similarity exist: the offline **MiniLM "
        "(all-MiniLM-L6-v2) was trained with mean pooling**, so on it mean pooling is the fair "
        "choice and `[CLS]` is not.\n\n"
        "**Honest baselines.** A high cosine means little on its own. Compare a pair with the "
        "**baseline**: the average similarity of ten unrelated sentences at the same layer. "
        "**Centring** subtracts the mean vector of your set before the cosine, removing the "
        "direction every sentence shares; what is left shows how the sentences differ from each "
        "other (with centring, values are relative to this set, and two sentences alone always "
        "score −1).\n\n"
        "**Layers.** Layer 0 is the embedding output, before any attention: every `[CLS]` "
        "vector there is the same, so all `[CLS]` cosines are 1. The pooler exists only on the "
        "last layer.",
        "**`[CLS]` とは。** BERT はすべての入力の先頭に特別なトークン `[CLS]` を置きます。ほかの"
        "トークンと同じく各層でベクトルを持ち、アテンションによって文全体から情報を集められます。"
        "事前学習では、BERT の**プーラー**（最終層の `[CLS]` ベクトルにかける tanh の 1 層）が"
        "**次文予測**（「文 B は文 A の続きか?」）に使われました。ファインチューニング前の `[CLS]` "
        "が学習したのはこれだけです。\n\n"
        "**`[CLS]` ではないもの。** `[CLS]` は最初から文の意味を表すベクトルではありません。"
        "ファインチューニング（感情分析、含意関係など）では `[CLS]` の上に分類器を学習し、ネットワーク"
        "全体を調整して、その課題に必要な情報を `[CLS]` に載せるようにします。ファインチューニング"
        "していない `[CLS]` では、まったく違う文どうしでもコサインが 0.8〜0.99 になることがよくあります。"
        "BERT のベクトルはどれも狭い円錐の中を向いているからです（**異方性**）。Sentence-BERT"
        "（Reimers & Gurevych, 2019）は、そのままの BERT の `[CLS]` が類似度では GloVe の単語ベクトルの"
        "平均にも劣ることを示しました。\n\n"
        "**平均プーリング**は、文の実際のトークンすべてのベクトルを平均します（ここでは "
        "sentence-transformers と同じく `[CLS]` と `[SEP]` も含め、パディングはアテンションマスクで"
        "除きます）。文の類似度のために学習したモデルもあります。オフラインで使う **MiniLM"
        "（all-MiniLM-L6-v2）は平均プーリングで学習されている**ので、このモデルでは平均プーリングが"
        "公平な選択で、`[CLS]` はそうではありません。\n\n"
        "**正直な基準値。** コサインが高いこと自体にはあまり意味がありません。同じ層で、無関係な "
        "10 文の平均類似度（**基準値**）と比べてください。**中心化**は、コサインを計算する前に文の"
        "集合の平均ベクトルを引き、すべての文に共通する向きを取り除きます。残るのは文どうしの違い"
        "です（中心化した値はこの集合の中での相対的なもので、2 文だけなら常に −1 になります）。\n\n"
        "**層。** 層 0 はアテンションを通る前の埋め込みの出力です。そこでは `[CLS]` のベクトルが"
        "すべて同じなので、`[CLS]` のコサインはすべて 1 になります。プーラーは最終層にしかありません。",
    ),
    "similarity.sentences": ("Sentences (one per line)", "文（1 行に 1 つ）"),
    "similarity.sentences_help": (
        "Up to {max} sentences of at most {tokens} tokens each.",
        "最大 {max} 文、1 文あたり最大 {tokens} トークンまで。",
    ),
    "similarity.examples_lang": ("Language of the examples", "例文の言語"),
    "similarity.examples_lang_note": (
        "Japanese sentences need a model that knows Japanese (multilingual or Japanese BERT); "
        "the offline MiniLM reads English only.",
        "日本語の文には日本語を扱えるモデル（多言語 BERT や日本語 BERT）が必要です。"
        "オフラインの MiniLM は英語しか読めません。",
    ),
    "similarity.set.mixed": ("Mixed", "いろいろ"),
    "similarity.set.paraphrases": ("Paraphrases", "言い換え"),
    "similarity.set.same_topic": ("Same topic", "同じ話題"),
    "similarity.set.unrelated": ("Unrelated", "無関係"),
    "similarity.set.negations": ("Negations", "否定"),
    "similarity.layer": ("Layer", "層"),
    "similarity.layer_help": (
        "0 = the embedding output (before layer 1); {last} = the last layer.",
        "0 = 埋め込みの出力（第 1 層の前）、{last} = 最終層。",
    ),
    "similarity.centred": ("Centre the vectors", "ベクトルを中心化"),
    "similarity.centred_help": (
        "Subtract the mean vector of these sentences before the cosine: removes the direction "
        "all sentences share, so the cosines show how they differ.",
        "コサインの前にこれらの文の平均ベクトルを引きます。すべての文に共通する向きを取り除き、"
        "文どうしの違いがコサインに表れるようにします。",
    ),
    "similarity.pooling": ("Pooling for the map and the layer grid", "2 次元マップと層の一覧で使うプーリング"),
    "similarity.pooling.cls": ("[CLS] vector", "[CLS] ベクトル"),
    "similarity.pooling.mean": ("mean pooling", "平均プーリング"),
    "similarity.pooling.pooler": ("pooler output", "プーラー出力"),
    "similarity.pair_a": ("Pair A (e.g. a paraphrase): sentence", "ペア A（例: 言い換え）: 文"),
    "similarity.pair_b": ("Pair B (e.g. unrelated): sentence", "ペア B（例: 無関係）: 文"),
    "similarity.pair_second": ("and sentence", "と文"),
    "similarity.empty": (
        "Type at least two sentences, one per line, or load an example set.",
        "文を 1 行に 1 つずつ、2 つ以上入力するか、例文セットを読み込んでください。",
    ),
    "similarity.one": (
        "One sentence has nothing to be compared with: add at least one more line.",
        "1 文だけでは比べる相手がありません。もう 1 行以上追加してください。",
    ),
    "similarity.too_many": (
        "{count} sentences were typed; only the first {limit} are used (one batch).",
        "{count} 文が入力されました。使うのは最初の {limit} 文だけです（1 つのバッチ）。",
    ),
    "similarity.truncated": (
        "Sentences {which} are longer than {tokens} tokens and were cut to that length.",
        "文 {which} は {tokens} トークンより長いため、その長さで切りました。",
    ),
    "similarity.running": ("Running {n} sentences as one batch…", "{n} 文を 1 つのバッチで実行中…"),
    "similarity.matrix_title": ("Cosine similarity at layer {layer}", "層 {layer} のコサイン類似度"),
    "similarity.matrix_title_centred": (
        "Cosine similarity at layer {layer}, centred", "層 {layer} のコサイン類似度（中心化）"
    ),
    "similarity.matrix_caption": (
        "Same colour scale in every panel. Hover over a cell for the two sentences; all numbers "
        "are in the table below.",
        "すべてのパネルで同じ色の尺度です。セルにマウスを重ねると 2 つの文が表示されます。"
        "数値はすべて下の表にあります。",
    ),
    "similarity.all_alike": (
        "With the {pooling}, every pair of sentences scores at least {low} here: the vectors "
        "all point the same way, so raw cosines can't tell the sentences apart. Switch on "
        "centring to see what differs.",
        "{pooling}では、ここでのどの文のペアも {low} 以上になります。ベクトルがすべて同じ向きを"
        "向いているため、そのままのコサインでは文を区別できません。中心化をオンにすると違いが"
        "見えます。",
    ),
    "similarity.pooler_last": ("pooler (last layer)", "プーラー（最終層）"),
    "similarity.no_pooler": (
        "This model has no trained pooler (the tanh layer on [CLS] used for next-sentence "
        "prediction), so only [CLS] and mean pooling are shown.",
        "このモデルには学習済みのプーラー（次文予測に使う [CLS] 上の tanh 層）がないため、"
        "[CLS] と平均プーリングだけを表示します。",
    ),
    "similarity.minilm_note": (
        "This is MiniLM (all-MiniLM-L6-v2), trained for sentence similarity **with mean "
        "pooling**. Its pooler weights come from before that training and were not used by it.",
        "このモデルは MiniLM（all-MiniLM-L6-v2）で、**平均プーリング**を使って文の類似度のために"
        "学習されています。プーラーの重みはその学習より前のもので、その学習では使われていません。",
    ),
    "similarity.colour": ("cosine", "コサイン"),
    "similarity.summary_title": ("The numbers that matter, at layer {layer}", "層 {layer} で見るべき数値"),
    "similarity.col.pooling": ("pooling", "プーリング"),
    "similarity.col.sentence": ("sentence", "文"),
    "similarity.col.pair_a": ("pair A ({i} & {j})", "ペア A（{i} と {j}）"),
    "similarity.col.pair_b": ("pair B ({i} & {j})", "ペア B（{i} と {j}）"),
    "similarity.col.set_mean": ("mean of this set", "この集合の平均"),
    "similarity.col.baseline": ("baseline: unrelated sentences", "基準値: 無関係な文"),
    "similarity.col.gap": ("pair A − baseline", "ペア A − 基準値"),
    "similarity.summary_caption": (
        "“Mean of this set” and the baseline average every off-diagonal cell. The baseline runs "
        "the ten sentences of the “Unrelated” example set through the same model at the same "
        "layer: it is what “nothing in common” scores. Only the gap above it means something.",
        "「この集合の平均」と基準値は、対角以外のすべてのセルの平均です。基準値は例文セット"
        "「無関係」の 10 文を同じモデルの同じ層で計算したもので、「共通点なし」のときの値です。"
        "意味があるのは、それを上回る差だけです。",
    ),
    "similarity.summary_centred": (
        "After centring, the vectors of a set add up to zero, so the average off-diagonal "
        "cosine of any set is close to −1/(N−1) (for these {n} sentences: {value}). The baseline "
        "then no longer measures anisotropy: compare pair A with pair B instead.",
        "中心化すると集合のベクトルの和がゼロになるため、どんな集合でも対角以外のコサインの平均は "
        "−1/(N−1) に近くなります（この {n} 文では {value}）。そのため基準値はもう異方性を表しません。"
        "ペア A とペア B を比べてください。",
    ),
    "similarity.layers_title": ("How it changes with depth", "深さによる変化"),
    "similarity.layers_caption": (
        "Pair A and pair B at every layer, with the baseline of unrelated sentences. The dotted "
        "vertical line marks the chosen layer.",
        "各層でのペア A とペア B、そして無関係な文の基準値。縦の点線は選んだ層です。",
    ),
    "similarity.line.pair_a": ("pair A: {i} & {j}", "ペア A: {i} と {j}"),
    "similarity.line.pair_b": ("pair B: {i} & {j}", "ペア B: {i} と {j}"),
    "similarity.line.baseline": ("baseline (unrelated)", "基準値（無関係）"),
    "similarity.axis.layer": ("layer", "層"),
    "similarity.grid_title": ("All layers at once: {pooling}", "全層の一覧: {pooling}"),
    "similarity.grid_layer": ("layer {layer}", "層 {layer}"),
    "similarity.pca_title": ("A 2-D map of the sentences: {pooling}, layer {layer}",
                             "文の 2 次元マップ: {pooling}、層 {layer}"),
    "similarity.pca_caption": (
        "PCA: the two directions along which these sentence vectors differ most. Close points "
        "are similar sentences, but a flat map loses information: the share of the variation "
        "each axis shows is in its title. (PCA always centres, so the centring option doesn't "
        "change this map.)",
        "PCA: これらの文ベクトルが最も大きく異なる 2 つの方向です。近い点は似た文ですが、平面に"
        "すると情報が失われます。各軸が表す変動の割合は軸の名前にあります。（PCA は常に中心化する"
        "ので、中心化の設定でこのマップは変わりません。）",
    ),
    "similarity.pca_axis": ("component {n} ({share} of the variation)", "第 {n} 成分（変動の {share}）"),
    "similarity.centred_two": (
        "With only two sentences, centring always gives −1: add more sentences.",
        "2 文だけだと中心化の結果は常に −1 になります。文を増やしてください。",
    ),
    "similarity.pair_bad": (
        "Pick two different sentences for each pair (numbers 1 to {n}).",
        "各ペアには異なる 2 つの文を選んでください（番号 1〜{n}）。",
    ),
    "error.no_sentences": (
        "Type at least one sentence, one per line.", "文を 1 行に 1 つずつ入力してください。"
    ),
    "error.too_many_sentences": (
        "{count} sentences were given; at most {limit} go in one batch.",
        "{count} 文が入力されました。1 つのバッチに入るのは最大 {limit} 文です。",
    ),
    "error.no_pooler": (
        "{model} has no trained pooler; choose [CLS] or mean pooling.",
        "{model} には学習済みのプーラーがありません。[CLS] か平均プーリングを選んでください。",
    ),
    "error.pooler_last_layer": (
        "The pooler exists only on the last layer ({last}).",
        "プーラーは最終層（{last}）にしかありません。",
    ),
    "error.no_hidden_states": (
        "The model returned no hidden states.", "モデルが隠れ状態を返しませんでした。"
    ),
}
