"""Strings of the "across many sentences" page: the corpus field guide, what fine-tuning
changed, and patching between a minimal pair (and their errors)."""

STRINGS = {
    "page.corpus": ("Across many sentences", "たくさんの文で見る"),
    "corpus.blurb": (
        "What a head does is a habit over many sentences: a field guide of every head over a "
        "set, what fine-tuning changed inside, and which head carries a minimal pair's difference.",
        "ヘッドの働きは、たくさんの文に共通する「くせ」です。文の集まりでの全ヘッドの図鑑、"
        "ファインチューニングで中身の何が変わったか、最小対の違いをどのヘッドが運ぶかを調べます。",
    ),
    "corpus.intro": (
        "One sentence shows one picture; a head's job shows only across many. This page runs "
        "the model over a whole set of sentences and keeps only a few numbers per head and "
        "sentence.",
        "1 つの文からは 1 枚の絵しか見えません。ヘッドの役割は、たくさんの文を通して初めて"
        "見えてきます。このページは文の集まり全体にモデルを通し、ヘッドと文ごとにいくつかの"
        "数値だけを残します。",
    ),
    "corpus.explain": (
        "**Field guide.** For every head and sentence: the mean weight its query tokens put on "
        "`[CLS]`, on `[SEP]` and on punctuation, the mean entropy of its rows (high = spread "
        "out), and the share of tokens whose largest weight is on the previous or the next "
        "token (Voita et al. 2019 call a head positional when that share is ≥ 90%). Over the "
        "set: mean and standard deviation, and each head's pattern (Kovaleva et al. 2019: "
        "vertical, diagonal, vertical+diagonal, block, heterogeneous) with the share of "
        "sentences that show it.\n\n"
        "**What fine-tuning changed.** Two models of the same shape read the same sentences. "
        "Per head, the Jensen–Shannon divergence between their attention rows (0 = identical, "
        "1 bit = nothing in common); per layer, the linear CKA of their hidden states "
        "(Kornblith et al. 2019; 1 = the same representation).\n\n"
        "**Patching.** Two inputs whose tokens line up. One head's output, or the hidden state "
        "after one layer at one position, is copied from B's run into A's run: how much of the "
        "answer's difference comes back (0 = none, 1 = all of it)?",
        "**図鑑**：各ヘッド・各文について、クエリのトークンが `[CLS]`・`[SEP]`・句読点に置く"
        "重みの平均、行のエントロピーの平均（高い = 広く散らばる）、最大の重みが直前・直後の"
        "トークンにあるトークンの割合（Voita ら 2019 は、この割合が 90% 以上のヘッドを位置の"
        "ヘッドと呼びます）。文の集まり全体では平均と標準偏差、各ヘッドのパターン（Kovaleva ら "
        "2019：縦じま・対角・縦じま＋対角・ブロック・まちまち）と、そのパターンを示す文の割合。\n\n"
        "**ファインチューニングで変わったこと**：同じ形の 2 つのモデルに同じ文を読ませます。"
        "ヘッドごとに 2 つのアテンション行の Jensen–Shannon ダイバージェンス（0 = 同じ、"
        "1 ビット = まったく重ならない）、層ごとに隠れ状態の線形 CKA（Kornblith ら 2019；"
        "1 = 同じ表現）。\n\n"
        "**パッチング**：トークンがそろった 2 つの入力。1 つのヘッドの出力、または 1 つの層の"
        "あと・1 つの位置の隠れ状態を B の実行から A の実行へ写します。答えの違いのうち"
        "どれだけが戻るか（0 = まったく戻らない、1 = すべて戻る）を見ます。",
    ),
    "corpus.tab.guide": ("Field guide over a set", "文の集まりでの図鑑"),
    "corpus.tab.finetune": ("What fine-tuning changed", "ファインチューニングで変わったこと"),
    "corpus.tab.patch": ("Patching a minimal pair", "最小対のパッチング"),
    "corpus.set": ("Sentences", "文"),
    "corpus.set.en": ("Bundled English (209)", "付属の英語 (209)"),
    "corpus.set.ja": ("Bundled Japanese (204)", "付属の日本語 (204)"),
    "corpus.set.own": ("My own", "自分の文"),
    "corpus.set_note": (
        "The bundled sets are everyday sentences written for bertvis (no third-party text).",
        "付属の文は bertvis のために書いた日常の文です（他者の文章は含みません）。",
    ),
    "corpus.own_text": ("One sentence a line", "1 行に 1 文"),
    "corpus.upload": ("…or a text file (UTF-8, one sentence a line)",
                      "…またはテキストファイル（UTF-8、1 行に 1 文）"),
    "corpus.bad_file": ("The file is not UTF-8 text.", "ファイルが UTF-8 のテキストではありません。"),
    "corpus.count": ("{count} sentences.", "{count} 文。"),
    "corpus.run": ("Run over the set", "文の集まりで実行"),
    "corpus.stop": ("Stop", "中止"),
    "corpus.stopped": ("Stopped. Press the run button to start again.",
                       "中止しました。もう一度実行ボタンを押すと始めからやり直します。"),
    "corpus.press_run": ("Press the run button: the model reads every sentence once.",
                         "実行ボタンを押してください。モデルが各文を 1 回ずつ読みます。"),
    "corpus.progress": ("Reading sentence {done} of {total}…", "{total} 文中 {done} 文目を読んでいます…"),
    "corpus.x": ("Horizontal axis", "横軸"),
    "corpus.y": ("Vertical axis", "縦軸"),
    "corpus.stat.cls": ("weight on [CLS]", "[CLS] への重み"),
    "corpus.stat.sep": ("weight on [SEP]", "[SEP] への重み"),
    "corpus.stat.punctuation": ("weight on punctuation", "句読点への重み"),
    "corpus.stat.entropy": ("row entropy (nats)", "行のエントロピー (nat)"),
    "corpus.stat.previous": ("weight on the previous token", "直前のトークンへの重み"),
    "corpus.stat.next": ("weight on the next token", "直後のトークンへの重み"),
    "corpus.stat.previous_top": ("share of tokens: previous token largest",
                                 "直前のトークンが最大のトークンの割合"),
    "corpus.stat.next_top": ("share of tokens: next token largest",
                             "直後のトークンが最大のトークンの割合"),
    "corpus.pattern.vertical+diagonal": ("vertical+diagonal", "縦じま＋対角"),
    "corpus.pattern.vertical": ("vertical", "縦じま"),
    "corpus.pattern.diagonal": ("diagonal", "対角"),
    "corpus.pattern.block": ("block", "ブロック"),
    "corpus.pattern.heterogeneous": ("heterogeneous", "まちまち"),
    "corpus.scatter_title": ("Every head over {count} sentences (mean)",
                             "{count} 文での全ヘッド（平均）"),
    "corpus.scatter_hover": ("head {layer}-{head}", "ヘッド {layer}-{head}"),
    "corpus.pattern_legend": ("pattern", "パターン"),
    "corpus.scatter_caption": (
        "Each dot is one head (layer-head), coloured by its most frequent pattern. Click a "
        "head to open it on the attention page with the sentence where it is most typical.",
        "点は 1 つのヘッド（層-ヘッド）で、色は最も多いパターンです。点をクリックすると、"
        "そのヘッドが最もそれらしく振る舞う文でアテンションのページを開きます。",
    ),
    "corpus.open_head": ("Open head {head} on the attention page", "ヘッド {head} をアテンションのページで開く"),
    "corpus.search": ("Search heads", "ヘッドを検索"),
    "corpus.search_help": (
        "A statistic, a comparison and a number, e.g. previous_top >= 0.9 (heads where the "
        "previous token takes the most weight for ≥ 90% of tokens). Statistics: {names}.",
        "統計量・比較・数値を書きます。例：previous_top >= 0.9（90% 以上のトークンで直前の"
        "トークンが最大の重みを持つヘッド）。統計量：{names}。",
    ),
    "corpus.found": ("Heads found ({count}): {heads}", "見つかったヘッド（{count} 個）：{heads}"),
    "corpus.found_none": ("No head meets this.", "条件に合うヘッドはありません。"),
    "corpus.csv": ("Download every head (CSV)", "全ヘッドをダウンロード (CSV)"),
    "corpus.ft.model_b": ("Fine-tuned model", "ファインチューニング後のモデル"),
    "corpus.ft.models": ("**A**: {a} (the sidebar's model) · **B**: {b}",
                         "**A**：{a}（サイドバーのモデル）・**B**：{b}"),
    "corpus.ft.divergence_title": ("Attention divergence per head (JS, bits)",
                                   "ヘッドごとのアテンションの違い（JS、ビット）"),
    "corpus.ft.cka_title": ("Similarity of hidden states per layer (linear CKA)",
                            "層ごとの隠れ状態の類似度（線形 CKA）"),
    "corpus.ft.layer": ("layer", "層"),
    "corpus.ft.head": ("head", "ヘッド"),
    "corpus.lesson_title": ("What this figure shows", "この図が示すこと"),
    "corpus.ft.lesson": (
        "Dark cells are heads whose attention the fine-tuning changed; a CKA of 1 means a "
        "layer still computes the same representation. Fine-tuning mostly changes the top "
        "layers (Kovaleva et al. 2019; Merchant et al. 2020). The offline pair makes it "
        "exact: the packaged sentiment model was trained by changing only the last layer of "
        "MiniLM, so layers 1–5 show 0 divergence and CKA 1, and only layer 6 differs. Lower "
        "layers keep the general knowledge of language from pre-training; the task is "
        "learned on top.",
        "色の濃いセルは、ファインチューニングでアテンションが変わったヘッドです。CKA が 1 の層"
        "は、前と同じ表現を計算しています。ファインチューニングで主に変わるのは上の層です"
        "（Kovaleva ら 2019、Merchant ら 2020）。オフラインの組ではこれが正確に見えます。付属の"
        "感情モデルは MiniLM の最後の層だけを変えて学習したので、1〜5 層は違いが 0・CKA が 1 で、"
        "6 層目だけが違います。下の層は事前学習で得た言語の一般的な知識を保ち、タスクはその上で"
        "学ばれます。",
    ),
    "corpus.patch.model": ("Model: {model}", "モデル：{model}"),
    "corpus.patch.text_a": ("Input A (its answer is measured)", "入力 A（この答えを測ります）"),
    "corpus.patch.text_b": ("Input B (same number of tokens)", "入力 B（トークン数を A とそろえる）"),
    "corpus.patch.default_a": ("The film was wonderful.", "The film was wonderful."),
    "corpus.patch.default_b": ("The film was terrible.", "The film was terrible."),
    "corpus.patch.answer": (
        "Answer of A: **{answer}**, p = {p_a:.3f} in A's run and {p_b:.3f} in B's run.",
        "A の答え：**{answer}**。A の実行で p = {p_a:.3f}、B の実行で {p_b:.3f}。",
    ),
    "corpus.patch.heads_title": ("Share of the difference a head brings back",
                                 "1 つのヘッドで戻る違いの割合"),
    "corpus.patch.positions_title": ("Share brought back by the hidden state after a layer at one position",
                                     "1 つの層のあと・1 つの位置の隠れ状態で戻る割合"),
    "corpus.patch.share": ("share brought back", "戻る割合"),
    "corpus.patch.position": ("position (A's token)", "位置（A のトークン）"),
    "corpus.patch.caption": (
        "1 = patching this from B gives B's answer; 0 = no change. After the last layer, "
        "patching every position gives B's answer exactly.",
        "1 = B から写すと B の答えになる、0 = 変わらない。最後の層のあとですべての位置を"
        "写すと、B の答えにぴったり一致します。",
    ),
    "corpus.patch.lesson": (
        "A and B differ in one word, and the model answers them differently. Patching runs A "
        "again with one piece of B's run copied in: one head's output, or the whole hidden "
        "state at one position after one layer. A piece that brings back much of B's answer "
        "carries the difference there (causal mediation: Vig et al. 2020; causal tracing: "
        "Meng et al. 2022). This is a stronger test than looking at attention weights: a head "
        "can attend to the changed word and still not matter for the answer. In the position "
        "map, ask where the difference sits. On the packaged sentiment model (offline) it "
        "stays at the changed word through layers 1–5; after layer 6, the fine-tuned one, no "
        "single position brings much back, because that classifier averages every token. "
        "With BERT's SST-2 classifier, which reads [CLS], ask whether it moves to [CLS] in "
        "the top layers.",
        "A と B は 1 語だけ違い、モデルの答えも違います。パッチングは、B の実行の一部（1 つの"
        "ヘッドの出力、または 1 つの層のあと・1 つの位置の隠れ状態全体）を写し込んで A をもう"
        "一度実行します。B の答えを大きく取り戻す部分が、その違いを運んでいる場所です（因果"
        "媒介分析：Vig ら 2020、因果トレーシング：Meng ら 2022）。アテンションの重みを見るより"
        "強い確かめ方です。変えた語に注目しているヘッドでも、答えには効いていないことがあります。"
        "位置の図では、違いがどこにあるかを問いましょう。付属の感情モデル（オフライン）では、"
        "1〜5 層のあいだ変えた語の位置にとどまります。ファインチューニングされた 6 層目のあと"
        "では、どの位置 1 つを写してもあまり戻りません。この分類器はすべてのトークンを平均する"
        "からです。[CLS] を読む BERT の SST-2 分類器では、上の層で違いが [CLS] へ移るかを"
        "確かめましょう。",
    ),
    "corpus.patch.progress": ("Patching: step {done} of {total}…", "パッチング：{total} 段階中 {done}…"),
    "error.unknown_set": ("There is no bundled sentence set {name}.", "付属の文の集まり {name} はありません。"),
    "error.bad_query": (
        "{query} is not a search; write a statistic, a comparison and a number, e.g. "
        "previous_top >= 0.9.",
        "{query} は検索として読めません。統計量・比較・数値を書いてください（例：previous_top >= 0.9）。",
    ),
    "error.cancelled": ("Stopped after {done} of {total} sentences.", "{total} 文中 {done} 文で中止しました。"),
    "error.different_shapes": ("The two models differ in shape ({model_a} vs {model_b}), so their heads can't be compared.",
                               "2 つのモデルは形が違う（{model_a} と {model_b}）ので、ヘッドを比べられません。"),
    "error.different_tokenizers": (
        "The two models split the sentences into different tokens, so their attention can't "
        "be compared.",
        "2 つのモデルは文を別々のトークンに分けるので、アテンションを比べられません。",
    ),
    "error.pair_not_aligned": (
        "A and B must have the same number of tokens to patch one into the other "
        "(A has {tokens_a}, B has {tokens_b}). Change one word for one word.",
        "パッチングには A と B のトークン数が同じである必要があります（A は {tokens_a}、B は "
        "{tokens_b}）。1 語を 1 語に置き換えてください。",
    ),
    "error.no_difference": (
        "A and B give the answer {answer} the same probability: there is no difference to "
        "bring back.",
        "A と B で答え {answer} の確率が同じなので、戻すべき違いがありません。",
    ),
}
