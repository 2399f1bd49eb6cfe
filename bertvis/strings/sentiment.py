"""Strings of the sentiment page (and its errors)."""

STRINGS = {
    "page.sentiment": ("Sentiment", "感情分析"),
    "sentiment.blurb": (
        "Classify a sentence as positive or negative with a fine-tuned BERT, see which words the "
        "answer rests on, and why an untrained head only guesses.",
        "ファインチューニングした BERT で文を肯定・否定に分類し、答えがどの単語に基づくかを見て、"
        "学習していないヘッドがなぜ当てずっぽうになるかを確かめます。",
    ),
    "sentiment.intro": (
        "Single-sentence classification is the simplest way BERT is fine-tuned: a small layer "
        "on top of the encoder reads one vector for the whole sentence and turns it into one "
        "score per label. Type a sentence, or classify a whole list at once.",
        "1 文の分類は BERT のファインチューニングで最も単純な形です。エンコーダの上に小さな層を"
        "置き、文全体を表す 1 つのベクトルからラベルごとのスコアを求めます。文を入力するか、"
        "リストをまとめて分類してください。",
    ),
    "sentiment.explain": (
        "**Label probabilities.** The classifier layer gives one score (logit) per label; a "
        "softmax turns the scores into probabilities that add up to 100 %. BERT fine-tuned on "
        "SST-2 reads the `[CLS]` vector; the packaged offline model reads the **mean** of the "
        "last layer's vectors (how MiniLM was trained); bertvis fine-tuned its classifier and "
        "its last encoder layer on 8,454 rated movie-review sentences (see the card below).\n\n"
        "**Attribution.** Integrated Gradients (IG) moves the input step by step from a "
        "baseline (every word replaced by `[PAD]`) to the real sentence and adds up how much "
        "each token's embedding changed the winning label's score. The token scores add up to "
        "the score difference between the sentence and the baseline (*completeness*). "
        "Gradient × input is one step of the same idea: fast, but rougher. Blue pushes towards "
        "the predicted label, red away from it.\n\n"
        "**Attention.** The weights `[CLS]` gives each token in the last layer (averaged over "
        "heads), and the *rollout*, which multiplies the attention of all layers (plus the "
        "residual connection) to follow where information came from.\n\n"
        "**Untrained heads.** Fine-tuning trains the classifier layer (and the encoder). A "
        "classifier layer that was only randomly initialised gives a different “answer” for "
        "each random seed: that is what you get if you load a base model for classification "
        "and forget to fine-tune it.",
        "**ラベルの確率。** 分類層はラベルごとに 1 つのスコア（ロジット）を出し、ソフトマックスで"
        "合計 100 % の確率に変えます。SST-2 でファインチューニングした BERT は `[CLS]` ベクトルを"
        "読みます。同梱のオフライン用モデルは最終層のベクトルの**平均**を読み（MiniLM はそのように"
        "学習されています）、その分類層とエンコーダの最終層を評価付きの映画レビュー文 8,454 文で "
        "bertvis がファインチューニングしたものです"
        "（下のカードを参照）。\n\n"
        "**寄与度（アトリビューション）。** Integrated Gradients（IG）は、入力をベースライン"
        "（すべての単語を `[PAD]` にしたもの）から実際の文まで少しずつ動かし、各トークンの埋め込みが"
        "勝ったラベルのスコアをどれだけ変えたかを足し合わせます。トークンのスコアの合計は、文と"
        "ベースラインのスコアの差に等しくなります（*完全性*）。勾配 × 入力は同じ考えを 1 歩で"
        "行うもので、速いですが粗い近似です。青は予測ラベルの方向へ、赤は逆方向へ押しています。\n\n"
        "**アテンション。** 最終層で `[CLS]` が各トークンに向ける重み（ヘッドの平均）と、"
        "すべての層のアテンション（と残差接続）を掛け合わせて情報の出どころをたどる"
        "*ロールアウト*です。\n\n"
        "**学習していないヘッド。** ファインチューニングでは分類層（とエンコーダ）を学習します。"
        "ランダムに初期化しただけの分類層は、乱数のシードごとに違う「答え」を出します。ベース"
        "モデルを分類用に読み込んでファインチューニングを忘れると、こうなります。",
    ),
    "tasks.offline.sentiment": (
        "**This classifier can't be loaded offline.** The Hugging Face Hub can't be reached and "
        "{model} is not saved on this computer. Choose one of the presets (they fall back to "
        "the packaged offline model) or give a folder with a sequence-classification model "
        "saved by `save_pretrained`.",
        "**この分類モデルはオフラインでは読み込めません。** Hugging Face Hub に接続できず、"
        "{model} もこのコンピュータに保存されていません。プリセットを選ぶ（同梱のオフライン用"
        "モデルに切り替わります）か、`save_pretrained` で保存した文分類モデルのフォルダを"
        "指定してください。",
    ),
    "sentiment.fallback": (
        "The Hugging Face Hub can't be reached, so {model} can't be downloaded. Showing the "
        "packaged offline model instead: MiniLM-L6 with a sentiment head (and last layer) "
        "bertvis fine-tuned on movie-review sentences (English only).",
        "Hugging Face Hub に接続できないため {model} をダウンロードできません。代わりに同梱の"
        "オフライン用モデル（映画レビューの文で bertvis が感情分析ヘッドと最終層を"
        "ファインチューニングした MiniLM-L6、英語のみ）を表示しています。",
    ),
    "sentiment.card": (
        "Offline model: held-out accuracy **{accuracy}** on {n} test sentences never used in "
        "training (trained on {train}, chosen on {val}; seed {seed}).",
        "オフライン用モデル: 学習に一度も使っていないテスト用の {n} 文での正解率 **{accuracy}**"
        "（学習 {train} 文、選択 {val} 文、シード {seed}）。",
    ),
    "sentiment.mode": ("What to classify", "分類するもの"),
    "sentiment.mode.one": ("One sentence, explained", "1 文を詳しく"),
    "sentiment.mode.batch": ("Many sentences (batch)", "多数の文（一括）"),
    "sentiment.text": ("Sentence", "文"),
    "sentiment.empty": ("Type a sentence to classify.", "分類する文を入力してください。"),
    "sentiment.answer": ("Answer: {label} ({p})", "答え: {label}（{p}）"),
    "sentiment.why": (
        "Which tokens does “{label}” rest on?", "「{label}」はどのトークンに基づいているか"
    ),
    "sentiment.method": ("Attribution method", "寄与度の計算方法"),
    "sentiment.method.ig": ("Integrated Gradients (exact, slower)", "Integrated Gradients（正確・遅い）"),
    "sentiment.method.gxi": ("Gradient × input (fast)", "勾配 × 入力（速い）"),
    "sentiment.computing": ("Computing attributions…", "寄与度を計算しています…"),
    "sentiment.coloured_attr": (
        "**Attribution** towards “{label}” (blue = for, red = against)",
        "「{label}」への**寄与度**（青 = 賛成方向、赤 = 反対方向）",
    ),
    "sentiment.coloured_att": (
        "**Attention from [CLS]**, last layer (mean of heads)",
        "**[CLS] からのアテンション**（最終層、ヘッドの平均）",
    ),
    "sentiment.coloured_rollout": ("**Attention rollout** from [CLS]", "[CLS] からの**アテンション・ロールアウト**"),
    "sentiment.completeness": (
        "Completeness check: attributions sum to {total}; score(sentence) − score(baseline) = "
        "{diff}; difference {delta}.",
        "完全性の確認: 寄与度の合計 {total}、スコア(文) − スコア(ベースライン) = {diff}、"
        "差 {delta}。",
    ),
    "sentiment.row.ig": ("Integrated Gradients", "Integrated Gradients"),
    "sentiment.row.gxi": ("Gradient × input", "勾配 × 入力"),
    "sentiment.row.cls": ("[CLS] attention, last layer", "[CLS] のアテンション（最終層）"),
    "sentiment.row.rollout": ("Attention rollout", "アテンション・ロールアウト"),
    "sentiment.corr_title": ("Is attention an explanation?", "アテンションは説明になるか"),
    "sentiment.corr_att": (
        "Rank correlation: attribution vs [CLS] attention",
        "順位相関: 寄与度 と [CLS] のアテンション",
    ),
    "sentiment.corr_rollout": (
        "Rank correlation: attribution vs rollout", "順位相関: 寄与度 と ロールアウト"
    ),
    "sentiment.corr_context": (
        "Spearman correlation between the size of each word piece's attribution and the "
        "attention it gets (+1 = same order, 0 = unrelated). Jain & Wallace (2019) found that "
        "attention often disagrees with gradient-based importance, so it should not be read as "
        "an explanation on its own; Wiegreffe & Pinter (2019) replied that it can still be "
        "*one* explanation, depending on what you ask of it.",
        "各ワードピースの寄与度の大きさと、それが受けるアテンションとのスピアマン順位相関です"
        "（+1 = 同じ順序、0 = 無関係）。Jain & Wallace (2019) は、アテンションが勾配に基づく"
        "重要度としばしば一致しないため、それだけで説明とみなすべきではないと指摘しました。"
        "Wiegreffe & Pinter (2019) は、何を求めるかによっては*ひとつの*説明にはなりうると"
        "反論しています。",
    ),
    "sentiment.seeds_title": (
        "Why fine-tuning matters: untrained heads", "ファインチューニングが必要な理由: 学習していないヘッド"
    ),
    "sentiment.seeds_intro": (
        "The same encoder and the same sentence, but the final classifier layer freshly "
        "initialised with a different random seed each time (as `from_pretrained` does for a "
        "base model), next to the fine-tuned model.",
        "同じエンコーダ・同じ文で、最後の分類層だけを毎回違う乱数シードで初期化し直したもの"
        "（ベースモデルに `from_pretrained` で分類ヘッドを付けたときと同じ）を、ファイン"
        "チューニング済みモデルと並べています。",
    ),
    "sentiment.fine_tuned": ("fine-tuned", "ファインチューニング済み"),
    "sentiment.seed": ("untrained, seed {seed}", "未学習・シード {seed}"),
    "sentiment.seeds_summary": (
        "The {seeds} untrained heads give {n} different answer(s), all close to a coin flip: "
        "their scores don't depend on what the sentence means.",
        "{seeds} 個の未学習ヘッドの答えは {n} 種類で、どれもほぼ五分五分です。スコアが文の意味に"
        "よらないからです。",
    ),
    "sentiment.batch.source": ("Texts from", "テキストの入力元"),
    "sentiment.batch.lines": ("Typed lines", "入力した行"),
    "sentiment.batch.csv": ("CSV file", "CSV ファイル"),
    "sentiment.batch.lines_label": ("One text per line", "1 行に 1 テキスト"),
    "sentiment.batch.upload": ("CSV file with a text column", "テキストの列がある CSV ファイル"),
    "sentiment.batch.need_file": ("Upload a CSV file to classify one of its columns.", "CSV ファイルをアップロードすると、その列の 1 つを分類できます。"),
    "sentiment.batch.bad_csv": (
        "This file could not be read as a CSV table (UTF-8, with a header row).",
        "このファイルは CSV の表（UTF-8、見出し行あり）として読めませんでした。",
    ),
    "sentiment.batch.column": ("Column to classify", "分類する列"),
    "sentiment.batch.empty": ("There are no texts to classify.", "分類するテキストがありません。"),
    "sentiment.batch.too_big": (
        "This file has {size} MB; this deployment takes files up to {limit} MB.",
        "このファイルは {size} MB です。この環境で読み込めるのは {limit} MB までです。",
    ),
    "sentiment.batch.too_many": (
        "{n} texts given; only the first {limit} are classified.",
        "{n} 件のテキストのうち、最初の {limit} 件だけを分類します。",
    ),
    "sentiment.batch.run": ("Classify {n} texts", "{n} 件を分類"),
    "sentiment.batch.progress": ("Classified {done} of {total}", "{total} 件中 {done} 件を分類しました"),
    "sentiment.batch.summary": ("{n} texts · {counts}", "{n} 件 · {counts}"),
    "error.not_classifier": (
        "{model} is not a sentence classifier, so it has no label probabilities.",
        "{model} は文分類モデルではないため、ラベルの確率がありません。",
    ),
    "error.wrong_kind": (
        "{model_id} is a sentiment classifier; it has no {kind} head.",
        "{model_id} は感情分類モデルで、{kind} のヘッドはありません。",
    ),
    "error.no_classifier_layer": (
        "{model} has no `classifier` layer, so the untrained-head demo can't be shown.",
        "{model} には `classifier` 層がないため、未学習ヘッドのデモを表示できません。",
    ),
    "sentiment.compare": ("Side by side with {model}", "{model} と並べて比べる"),
    "sentiment.compare_tokens": ("{n} tokens, {unknown} of them `{unk}`", "{n} トークン、うち `{unk}` が {unknown} 個"),
    "sentiment.compare_lesson": (
        "Same sentence, two models. The left one answers too (a classifier always picks a "
        "label), but from `[UNK]`s and scraps: its confidence says nothing about the text. The "
        "right one reads the words.",
        "同じ文を 2 つのモデルで。左のモデルも答えを出します（分類器は必ずどれかのラベルを選びます）が、"
        "`[UNK]` と断片から出した答えで、確信度はテキストについて何も語りません。右のモデルは単語を"
        "読んでいます。",
    ),
}
