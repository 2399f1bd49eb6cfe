"""Strings of the "Tokens and embeddings" and "Attention arithmetic" pages (and their errors)."""

STRINGS = {
    # --- shared by both pages ---------------------------------------------------------------
    "reading.example.bank": ("Same word twice: “bank”", "同じ単語が 2 回: 「bank」"),
    "reading.example.pair": ("A sentence pair", "文のペア"),
    "reading.example.pieces": ("Long words → pieces", "長い単語 → 断片"),
    "reading.example.japanese": ("Japanese sentence", "日本語の文"),
    "reading.token_option": ("{i} · {token}", "{i} · {token}"),
    "reading.col.position": ("position", "位置"),
    "reading.col.token": ("token", "トークン"),
    "reading.col.id": ("id", "ID"),
    "reading.col.segment": ("segment", "セグメント"),
    "reading.col.mask": ("attention mask", "アテンションマスク"),
    "reading.col.special": ("special", "特殊"),
    "reading.col.word": ("word", "単語"),
    "reading.col.split": ("split into pieces", "断片に分割"),
    # --- tokens and embeddings --------------------------------------------------------------
    "page.tokens": ("Tokens and embeddings", "トークンと埋め込み"),
    "tokens.blurb": (
        "The input as BERT sees it: WordPiece tokens and ids, [CLS]/[SEP], segments, the "
        "attention mask, truncation, and the token + segment + position embeddings.",
        "BERT から見た入力: WordPiece のトークンと ID、[CLS]/[SEP]、セグメント、アテンションマスク、"
        "切り捨て、そしてトークン + セグメント + 位置の埋め込み。",
    ),
    "tokens.intro": (
        "Before any attention happens, BERT turns the text into **tokens** (WordPiece pieces "
        "with ids) and each token into one vector: the sum of a **token**, a **segment** and a "
        "**position** embedding, normalised by a LayerNorm. Everything below is read from the "
        "model you chose.",
        "アテンションの前に、BERT はテキストを**トークン**（ID 付きの WordPiece 断片）に分け、"
        "各トークンを 1 本のベクトルにします。それは**トークン**埋め込み・**セグメント**埋め込み・"
        "**位置**埋め込みの和を LayerNorm で正規化したものです。以下はすべて、選んだモデルから"
        "読み出した値です。",
    ),
    "tokens.explain": (
        "**Tokens.** BERT's WordPiece vocabulary has about 30,000 entries. A word that is not "
        "in it is cut into pieces; a piece that continues a word starts with `##`. `[CLS]` is "
        "put first (its final vector is used for classifying the whole input) and `[SEP]` ends "
        "each sentence. For a pair, the **segment** id is 0 for sentence A and 1 for sentence B. "
        "The **attention mask** says which positions are real (1) and which are padding (0).\n\n"
        "**Embeddings.** Each token id picks one row of the token embedding table, its segment "
        "one row of the segment table, and its position (0, 1, 2, …) one row of the position "
        "table. The three rows are added, and a LayerNorm rescales the sum; that vector is "
        "what the first layer reads. The same word at two positions therefore starts with the "
        "same token embedding but a different position embedding.\n\n"
        "**Norm** is the length of a vector (the square root of the sum of its squared "
        "numbers). **Cosine similarity** compares directions: 1 = same direction, 0 = unrelated.\n\n"
        "**Padding.** To run several inputs together, short ones are filled up with `[PAD]` to "
        "a fixed length. The attention mask adds a very large negative number to the scores of "
        "pad keys, so after the softmax they get a weight of (almost) 0 and the real tokens are "
        "not affected.",
        "**トークン。** BERT の WordPiece 語彙は約 3 万語です。語彙にない単語は断片に分けられ、"
        "単語の続きの断片は `##` で始まります。先頭に `[CLS]`（その最終ベクトルが入力全体の分類に"
        "使われます）を置き、各文の終わりに `[SEP]` を置きます。文のペアでは、**セグメント** ID が"
        "文 A で 0、文 B で 1 になります。**アテンションマスク**は、どの位置が本物（1）でどの位置が"
        "パディング（0）かを表します。\n\n"
        "**埋め込み。** トークン ID でトークン埋め込み表の 1 行を、セグメントでセグメント表の 1 行を、"
        "位置（0, 1, 2, …）で位置表の 1 行を取り出します。この 3 行を足し、LayerNorm で和の大きさを"
        "整えたベクトルが、第 1 層の入力になります。つまり同じ単語が 2 か所にあると、トークン埋め込みは"
        "同じで、位置埋め込みだけが違う状態から始まります。\n\n"
        "**ノルム**はベクトルの長さ（各成分の 2 乗の和の平方根）です。**コサイン類似度**は向きを"
        "比べます: 1 = 同じ向き、0 = 無関係。\n\n"
        "**パディング。** 複数の入力をまとめて処理するため、短い入力は `[PAD]` で決まった長さまで"
        "埋めます。アテンションマスクはパディングのキーのスコアにとても大きな負の数を足すので、"
        "ソフトマックスの後その重みは（ほぼ）0 になり、本物のトークンには影響しません。",
    ),
    "tokens.seen": ("1 · The input as BERT sees it", "1 · BERT から見た入力"),
    "tokens.summary": (
        "{n} tokens ({words} words, {split} of them cut into pieces) · {specials} special tokens "
        "· maximum {max}",
        "{n} トークン（{words} 単語、うち {split} 語が断片に分割）· 特殊トークン {specials} 個 "
        "· 最大 {max}",
    ),
    "tokens.legend": (
        "Colour: grey = special token, blue = sentence A, orange = sentence B; a thick underline "
        "marks a word cut into pieces. Under each token: its id.",
        "色: 灰色 = 特殊トークン、青 = 文 A、橙 = 文 B。太い下線は断片に分割された単語です。"
        "各トークンの下の数字は ID です。",
    ),
    "tokens.cut_title": ("What truncation cut off", "切り捨てられた部分"),
    "tokens.cut_summary": (
        "The input needed **{original}** tokens, the model reads at most **{kept}**: the last "
        "**{dropped}** tokens never reach BERT.",
        "入力には **{original}** トークン必要でしたが、モデルが読めるのは最大 **{kept}** トークン"
        "です。最後の **{dropped}** トークンは BERT に届きません。",
    ),
    "tokens.cut_a": ("Cut from sentence A ({n} tokens):", "文 A から切り捨て（{n} トークン）:"),
    "tokens.cut_b": ("Cut from sentence B ({n} tokens):", "文 B から切り捨て（{n} トークン）:"),
    "tokens.embeddings": ("2 · Input embeddings", "2 · 入力の埋め込み"),
    "tokens.embedding_sizes": (
        "Each embedding has **{size}** numbers. Position ids used: {first} … {last}. "
        "Segment embeddings: {segments}.",
        "各埋め込みは **{size}** 個の数です。使った位置 ID: {first} … {last}。"
        "セグメント埋め込み: {segments}。",
    ),
    "tokens.segments_yes": ("yes", "あり"),
    "tokens.segments_no": ("none in this model (counted as 0)", "このモデルにはなし（0 として計算）"),
    "tokens.check": (
        "LayerNorm(token + segment + position) equals the first layer's input as the model "
        "reported it: largest difference **{diff}**.",
        "LayerNorm(トークン + セグメント + 位置) は、モデルが報告した第 1 層の入力と一致します: "
        "最大の差 **{diff}**。",
    ),
    "tokens.check_none": (
        "This model maps its embeddings to another size before the first layer, so the sum is "
        "not compared with the first layer's input.",
        "このモデルは第 1 層の前に埋め込みを別の大きさへ写すので、和と第 1 層の入力は比べません。",
    ),
    "tokens.norms_title": ("Length (norm) of each part, per token", "各部分の長さ（ノルム）、トークンごと"),
    "tokens.part.token": ("token embedding", "トークン埋め込み"),
    "tokens.part.segment": ("segment embedding", "セグメント埋め込み"),
    "tokens.part.position": ("position embedding", "位置埋め込み"),
    "tokens.part.sum": ("sum", "和"),
    "tokens.part.layernorm": ("after LayerNorm", "LayerNorm 後"),
    "tokens.part.output": ("final layer output", "最終層の出力"),
    "tokens.compare": ("Compare two tokens", "2 つのトークンを比べる"),
    "tokens.first": ("First token", "1 つ目のトークン"),
    "tokens.second": ("Second token", "2 つ目のトークン"),
    "tokens.similarity_title": (
        "Cosine similarity of “{a}” and “{b}”, part by part",
        "「{a}」と「{b}」のコサイン類似度（部分ごと）",
    ),
    "tokens.similarity_caption": (
        "1 = the same direction. The same word at two positions: the token part is 1, the "
        "position part is not, and after the layers the context has changed the vectors more.",
        "1 = 同じ向き。同じ単語が 2 か所にあるとき、トークン部分は 1 ですが位置部分は 1 ではなく、"
        "層を通った後は文脈によってベクトルがさらに変わります。",
    ),
    "tokens.padding": ("3 · Worked example: padding to a fixed length", "3 · 例題: 決まった長さへのパディング"),
    "tokens.padding_intro": (
        "The same input, filled up with `[PAD]` to a fixed length and run through the model "
        "again, as happens when several inputs are processed together.",
        "同じ入力を `[PAD]` で決まった長さまで埋め、もう一度モデルに通します。複数の入力をまとめて"
        "処理するときに起きることです。",
    ),
    "tokens.pad_length": (
        "[PAD] tokens to add after the {n} real ones",
        "{n} 個の本物のトークンの後に足す [PAD] の数",
    ),
    "tokens.pad_full": (
        "The input already fills the model's maximum length, so there is no room for padding. "
        "Try a shorter text.",
        "入力がすでにモデルの最大長に達しているので、パディングの余地がありません。短いテキストで"
        "お試しください。",
    ),
    "tokens.pad_weight": ("Largest weight on a [PAD] key", "[PAD] キーへの最大の重み"),
    "tokens.pad_weight_help": (
        "Over every layer, head and real token: how much attention any real token gives any "
        "[PAD] position.",
        "すべての層・ヘッド・本物のトークンについて、本物のトークンが [PAD] の位置に向ける"
        "アテンションの最大値。",
    ),
    "tokens.pad_change": ("Change of real tokens' vectors", "本物のトークンのベクトルの変化"),
    "tokens.pad_change_help": (
        "Largest difference between the padded and unpadded run, over every layer's output "
        "for the real tokens.",
        "パディングあり・なしの実行の差の最大値（本物のトークンについて、全層の出力で）。",
    ),
    "tokens.pad_unmasked": ("…without the mask", "…マスクなしの場合"),
    "tokens.pad_unmasked_help": (
        "The same difference when the mask is all 1s, so the real tokens may attend to the pads.",
        "マスクをすべて 1 にして、本物のトークンがパディングに注意を向けられる場合の同じ差。",
    ),
    "tokens.pad_caption": (
        "With the mask, the {pads} `[PAD]` tokens get a weight of at most {weight} and change "
        "the real tokens by at most {change}; without it they would change them by {unmasked}.",
        "マスクがあると、{pads} 個の `[PAD]` の重みは最大 {weight} で、本物のトークンの変化は"
        "最大 {change} です。マスクがなければ変化は {unmasked} になります。",
    ),
    "tokens.row.token": ("token", "トークン"),
    "tokens.row.id": ("input id", "入力 ID"),
    "tokens.row.mask": ("attention mask", "アテンションマスク"),
    "tokens.row.segment": ("segment id", "セグメント ID"),
    # --- attention arithmetic ---------------------------------------------------------------
    "page.arithmetic": ("Attention arithmetic", "アテンションの計算"),
    "arithmetic.blurb": (
        "One attention row computed by hand from the model's own weights: query, keys, dot "
        "products, ÷√d, softmax, the weighted sum of values, and how heads are combined.",
        "モデル自身の重みから、アテンションの 1 行を手で計算します: クエリ、キー、内積、÷√d、"
        "ソフトマックス、値の重み付き和、そしてヘッドの結合。",
    ),
    "arithmetic.intro": (
        "Pick a layer, a head and one **query** token. This page recomputes that token's "
        "attention weights from the layer's own weights, one step at a time, and checks the "
        "result against the attention the model itself reported.",
        "層・ヘッド・**クエリ**にするトークンを 1 つ選んでください。このページでは、そのトークンの"
        "アテンションの重みを層自身の重みから 1 段階ずつ計算し直し、モデル自身が報告したアテンションと"
        "照合します。",
    ),
    "arithmetic.explain": (
        "Each layer has three weight matrices per head: W_Q, W_K and W_V. Every token's vector "
        "entering the layer is multiplied by them to give its **query** q, **key** k and "
        "**value** v (d_head numbers each, e.g. 64 in BERT-base).\n\n"
        "1. The query of the chosen token is compared with the key of every token by a **dot "
        "product** (multiply number by number and add up): a large score means “this key "
        "matches what I am looking for”.\n"
        "2. The scores are divided by **√d_head** so that they don't grow with the vector size.\n"
        "3. A **softmax** turns them into weights between 0 and 1 that add up to 1: these are "
        "the attention weights you see on the attention page.\n"
        "4. The head's output for the token is the **weighted sum of the value vectors**.\n"
        "5. All heads run side by side; their outputs are **concatenated** (12 × 64 = 768 "
        "numbers in BERT-base) and multiplied by one more matrix, the **output projection** "
        "W_O. Then the token's input is added back (residual) and a LayerNorm follows.\n\n"
        "“Max difference” compares our numbers with the model's: values around 10⁻⁷ are "
        "rounding in 32-bit floating point, i.e. the same computation.",
        "各層にはヘッドごとに 3 つの重み行列 W_Q、W_K、W_V があります。層に入る各トークンのベクトルに"
        "これらを掛けると、**クエリ** q、**キー** k、**値** v（それぞれ d_head 個の数。BERT-base では "
        "64）が得られます。\n\n"
        "1. 選んだトークンのクエリと全トークンのキーを**内積**（成分ごとに掛けて足す）で比べます。"
        "スコアが大きいほど「このキーは探しているものに合う」という意味です。\n"
        "2. ベクトルの大きさでスコアが大きくなりすぎないよう、**√d_head** で割ります。\n"
        "3. **ソフトマックス**で 0〜1 の、合計 1 になる重みにします。これがアテンションのページで見る"
        "アテンションの重みです。\n"
        "4. そのトークンに対するヘッドの出力は、**値ベクトルの重み付き和**です。\n"
        "5. すべてのヘッドは並んで計算され、その出力を**連結**し（BERT-base では 12 × 64 = 768 個）、"
        "もう 1 つの行列である**出力射影** W_O を掛けます。その後、トークンの入力を足し戻し（残差接続）、"
        "LayerNorm をかけます。\n\n"
        "「最大の差」は、ここでの計算とモデルの値の差です。10⁻⁷ 程度の値は 32 ビット浮動小数点の"
        "丸め誤差で、同じ計算であることを示します。",
    ),
    "arithmetic.layer": ("Layer", "層"),
    "arithmetic.head": ("Head", "ヘッド"),
    "arithmetic.query": ("Query token", "クエリのトークン"),
    "arithmetic.step1": ("Step 1 · The query and the keys", "ステップ 1 · クエリとキー"),
    "arithmetic.step1_text": (
        "The layer's input vector of “{token}” (hidden size {hidden}) times head {head}'s "
        "query weights gives its query q: **{d} numbers**. Every token gets a key the same way.",
        "「{token}」の層への入力ベクトル（隠れ次元 {hidden}）にヘッド {head} のクエリ重みを掛けると、"
        "クエリ q（**{d} 個の数**）になります。各トークンのキーも同じように求めます。",
    ),
    "arithmetic.vector_shown": (
        "First {shown} of {d} numbers; ‖·‖ is the vector's length.",
        "{d} 個のうち最初の {shown} 個。‖·‖ はベクトルの長さです。",
    ),
    "arithmetic.step2": (
        "Step 2 · Dot products, ÷ √{d} = {scale}, softmax",
        "ステップ 2 · 内積、÷ √{d} = {scale}、ソフトマックス",
    ),
    "arithmetic.col.key": ("key token", "キーのトークン"),
    "arithmetic.col.score": ("q·k", "q·k"),
    "arithmetic.col.scaled": ("q·k / √d", "q·k / √d"),
    "arithmetic.col.softmax": ("softmax (ours)", "ソフトマックス（計算）"),
    "arithmetic.col.model": ("model's attention", "モデルのアテンション"),
    "arithmetic.col.difference": ("difference", "差"),
    "arithmetic.col.weight": ("weight a", "重み a"),
    "arithmetic.col.value_norm": ("‖v‖", "‖v‖"),
    "arithmetic.col.weighted_norm": ("‖a·v‖", "‖a·v‖"),
    "arithmetic.col.head": ("head", "ヘッド"),
    "arithmetic.col.contribution": ("‖contribution‖", "‖寄与‖"),
    "arithmetic.scores_title": ("Scaled scores q·k / √d", "スケール後のスコア q·k / √d"),
    "arithmetic.weights_title": (
        "Softmax (bars) and the model's attention row (dots)",
        "ソフトマックス（棒）とモデルのアテンション行（点）",
    ),
    "arithmetic.ours": ("softmax (ours)", "ソフトマックス（計算）"),
    "arithmetic.model": ("model's attention", "モデルのアテンション"),
    "arithmetic.match": (
        "Our softmax equals the model's attention row: max difference **{diff}** "
        "(layer {layer}, head {head}, query “{token}”).",
        "計算したソフトマックスはモデルのアテンション行と一致します: 最大の差 **{diff}**"
        "（層 {layer}、ヘッド {head}、クエリ「{token}」）。",
    ),
    "arithmetic.mismatch": (
        "Our softmax differs from the model's attention row by up to **{diff}**: this model "
        "does not compute attention the way this page assumes.",
        "計算したソフトマックスとモデルのアテンション行の差は最大 **{diff}** です。このモデルはこの"
        "ページの想定と違う方法でアテンションを計算しています。",
    ),
    "arithmetic.step3": ("Step 3 · Weighted sum of the value vectors", "ステップ 3 · 値ベクトルの重み付き和"),
    "arithmetic.step3_text": (
        "Each token's value vector v is multiplied by its weight a and the results are added "
        "up: the head's output for “{token}” ({d} numbers). The bars show how much each token "
        "adds (‖a·v‖).",
        "各トークンの値ベクトル v に重み a を掛けて足し合わせたものが、「{token}」に対するヘッドの"
        "出力（{d} 個の数）です。棒は各トークンがどれだけ加えるか（‖a·v‖）を表します。",
    ),
    "arithmetic.values_title": ("What each token adds to the head's output", "各トークンがヘッドの出力に加える量"),
    "arithmetic.head_output": ("head output", "ヘッドの出力"),
    "arithmetic.head_check": (
        "Equals head {head}'s part of the model's self-attention output: max difference **{diff}**.",
        "モデルの自己アテンション出力のうちヘッド {head} の部分と一致します: 最大の差 **{diff}**。",
    ),
    "arithmetic.step4": ("Step 4 · Concatenate the heads and project", "ステップ 4 · ヘッドの連結と射影"),
    "arithmetic.step4_text": (
        "All {heads} heads do the same in parallel. Their outputs for “{token}” are put side "
        "by side ({heads} × {d} = **{hidden}** numbers) and multiplied by the output projection "
        "W_O ({hidden} × {hidden}) plus a bias. Each head's slice goes through its own {d} "
        "columns of W_O, so the result is a sum of one contribution per head:",
        "{heads} 個のヘッドがすべて同じ計算を並行して行います。「{token}」に対する出力を横に並べ"
        "（{heads} × {d} = **{hidden}** 個）、出力射影 W_O（{hidden} × {hidden}）を掛けてバイアスを"
        "足します。各ヘッドの部分は W_O の自分の {d} 列だけを通るので、結果はヘッドごとの寄与の和に"
        "なります:",
    ),
    "arithmetic.heads_title": (
        "Size of each head's contribution to “{token}” (head {head} highlighted)",
        "「{token}」への各ヘッドの寄与の大きさ（ヘッド {head} を強調）",
    ),
    "arithmetic.concat_check": ("Concatenation vs the model", "連結 vs モデル"),
    "arithmetic.concat_check_help": (
        "Largest difference between our concatenated head outputs and the layer's own "
        "self-attention output, over every token.",
        "連結したヘッド出力と、層自身の自己アテンション出力の差の最大値（全トークン）。",
    ),
    "arithmetic.projection_check": ("Projection vs the model", "射影 vs モデル"),
    "arithmetic.projection_check_help": (
        "Largest difference between W_O · concatenation + b and the model's output projection "
        "(attention.output.dense) of its own context, for this token.",
        "W_O · 連結 + b と、モデルの出力射影（attention.output.dense）の差の最大値（このトークン）。",
    ),
    "arithmetic.after": (
        "After this, the layer adds the token's input back (residual connection), applies a "
        "LayerNorm, and then a feed-forward network: see the next layer's input.",
        "この後、層はトークンの入力を足し戻し（残差接続）、LayerNorm をかけ、さらにフィードフォワード"
        "ネットワークを通します。その結果が次の層の入力です。",
    ),
    "arithmetic.open_attention": (
        "See this head in the attention explorer",
        "このヘッドをアテンション・エクスプローラで見る",
    ),
    # --- errors -----------------------------------------------------------------------------
    "error.arithmetic_unsupported": (
        "This view recomputes attention from the query, key and value weights of encoders laid "
        "out like BERT (BERT, RoBERTa, ELECTRA). This {model_type} model keeps them elsewhere; "
        "choose a BERT model.",
        "この表示は、BERT と同じ構成のエンコーダ（BERT、RoBERTa、ELECTRA）の"
        "クエリ・キー・値の重みを読みます。この {model_type} モデルは重みを別の場所に持っているため、"
        "BERT のモデルを選んでください。",
    ),
    "error.embeddings_unsupported": (
        "This {model_type} model keeps its input embeddings in a layout this view does not read.",
        "この {model_type} モデルの入力埋め込みは、このページが読めない構成になっています。",
    ),
    "error.bad_padding_length": (
        "The padded length must be more than the {n} real tokens and at most {max}.",
        "パディング後の長さは、本物のトークン数 {n} より大きく、{max} 以下にしてください。",
    ),
    "error.padding_truncated": (
        "The input already fills the maximum length, so it can't be padded.",
        "入力がすでに最大長に達しているため、パディングできません。",
    ),
    "error.no_pad_token": ("This tokenizer has no [PAD] token.", "このトークナイザには [PAD] トークンがありません。"),
    "error.padding_mismatch": (
        "Padding changed the tokens of the input, so the example would not be fair.",
        "パディングで入力のトークンが変わってしまうため、この例は正しく比べられません。",
    ),
    # --- Japanese ------------------------------------------------------------------------------
    "reading.example.ja_cat": ("Cat on the mat (Japanese)", "マットの上の猫"),
    "reading.example.ja_mask": ("Tokyo (Japanese)", "東京は日本の首都"),
    "reading.example.english": ("An English sentence", "英語の文"),
    "tokens.why.title": ("Why a Japanese BERT?", "なぜ日本語 BERT なのか？"),
    "tokens.why.intro": (
        "Sentence A through three tokenizers. Orange pieces are unknown to that vocabulary; each "
        "outlined box is one word.",
        "文 A を 3 つのトークナイザに通した結果です。オレンジ色の断片はその語彙にとって未知語で、枠の 1 つ"
        "が 1 単語です。",
    ),
    "tokens.why.intro_sample": (
        "Sentence A has no Japanese in it, so here is the Japanese tutorial's sentence through "
        "three tokenizers. Orange pieces are unknown to that vocabulary; each outlined box is one "
        "word.",
        "文 A に日本語がないため、日本語チュートリアルの例文を 3 つのトークナイザに通しています。"
        "オレンジ色の断片はその語彙にとって未知語で、枠の 1 つが 1 単語です。",
    ),
    "tokens.why.english": ("English BERT", "英語 BERT"),
    "tokens.why.multilingual": ("Multilingual BERT", "多言語 BERT"),
    "tokens.why.japanese": ("Japanese BERT", "日本語 BERT"),
    "tokens.why.minilm_vocab": (
        "Not saved here; shown with the packaged MiniLM, which has the same vocabulary.",
        "このコンピュータには保存されていないため、同じ語彙を持つ同梱の MiniLM で表示しています。",
    ),
    "tokens.why.missing": (
        "This tokenizer isn't saved on this computer and the Hugging Face Hub can't be reached. "
        "While online, run `python -m bertvis prefetch {model_id}` once to save it.",
        "このトークナイザはこのコンピュータに保存されておらず、Hugging Face Hub にも接続できません。"
        "オンラインのときに一度 `python -m bertvis prefetch {model_id}` を実行すると保存されます。",
    ),
    "tokens.why.stage_words": (
        "① Words: MeCab (fugashi + unidic-lite) splits the sentence into {n} words",
        "① 単語: MeCab（fugashi + unidic-lite）が文を {n} 語に分けます",
    ),
    "tokens.why.stage_pieces": (
        "② Pieces: WordPiece cuts each word into {n} pieces from its vocabulary",
        "② 断片: WordPiece が各単語を語彙にある断片に切り分けます（{n} 個）",
    ),
    "tokens.why.count": ("{n} tokens, {unknown} of them `{unk}`", "{n} トークン、うち `{unk}` が {unknown} 個"),
    "tokens.why.lesson": (
        "The **English BERT** has almost no Japanese in its 30,522 entries: most of the "
        "sentence becomes `[UNK]`, and an uncased vocabulary even strips the dakuten (で → て). "
        "The **multilingual BERT** knows the characters but cuts kanji into single characters "
        "and kana into short pieces, with no idea where words end. The **Japanese BERT** first "
        "lets the morphological analyser MeCab find the words, then lets WordPiece cut rare "
        "words into known pieces: its tokens are words. The attention explorer's word view "
        "merges pieces back into these MeCab words.",
        "**英語 BERT** の 30,522 語の語彙には日本語がほとんどなく、文の大部分が `[UNK]` になります。"
        "uncased の語彙は濁点まで取り除きます（で → て）。**多言語 BERT** は文字を知っていますが、"
        "漢字を 1 文字ずつ、かなを短い断片に切り、単語の切れ目を知りません。**日本語 BERT** はまず"
        "形態素解析器 MeCab で単語を見つけ、まれな単語だけを WordPiece で既知の断片に分けます。"
        "トークンが単語になっています。アテンションの単語表示は、断片をこの MeCab の単語にまとめ直します。",
    ),
}
