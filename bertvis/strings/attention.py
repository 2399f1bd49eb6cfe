"""Strings of the attention explorer page."""

STRINGS = {
    "page.attention": ("Attention explorer", "アテンションを探る"),
    "attention.blurb": (
        "Every layer and head of BERT's attention for your sentence: one head as a heatmap, all "
        "heads at a glance, averages and rollout, sentence pairs, a field guide of head types, "
        "bertviz, and a guessing quiz.",
        "入力した文に対する BERT のアテンションを、すべての層とヘッドについて見られます。1 つのヘッドの"
        "ヒートマップ、全ヘッドの一覧、平均とロールアウト、文ペア、ヘッドの型の図鑑、bertviz、"
        "そして当てっこクイズ。",
    ),
    "attention.intro": (
        "In every layer, each **head** lets every token (a **query**, one row) take a weighted "
        "mix of all tokens (the **keys**, the columns). The weights in a row are positive and "
        "add up to 1. Click a head in the overview on the left to see its weights on the right.",
        "各層の各**ヘッド**では、すべてのトークン（**クエリ**、1 行）が全トークン（**キー**、列）を"
        "重み付きで混ぜ合わせます。1 行の重みは正の数で、合計は 1 です。左の一覧でヘッドをクリックすると、"
        "右にその重みが表示されます。",
    ),
    "attention.explain": (
        "**One head.** Row = the token that is looking (query), column = the token it looks at "
        "(key). Brighter = more weight. `[CLS]` and `[SEP]` often collect most of the weight, "
        "which washes out everything else: the **colour clip** makes the top of the scale the "
        "99th percentile instead of the maximum.\n\n"
        "**Mean over heads** averages the heads of one layer. **Rollout** (Abnar & Zuidema "
        "2020) follows attention through the layers: each layer's mean is mixed half-and-half "
        "with the identity (the residual connection keeps each token's own vector), rows are "
        "rescaled to sum to 1, and the layers are multiplied from the first up to the chosen "
        "one. A rollout row says roughly how much of each input token ended up in that "
        "position.\n\n"
        "**Word level** merges WordPiece pieces (`un ##believ ##able`) into words as Clark et "
        "al. (2019) did: the weights *to* a word's pieces are added up, the rows *from* its "
        "pieces are averaged, so rows still add up to 1.\n\n"
        "**Attention is not explanation** by itself (Jain & Wallace 2019; Wiegreffe & Pinter "
        "2019): a large weight says where a head copies information from, not why the model "
        "decided something.",
        "**1 つのヘッド。** 行は見ている側のトークン（クエリ）、列は見られている側のトークン（キー）です。"
        "明るいほど重みが大きいことを表します。`[CLS]` や `[SEP]` に重みの大半が集まり、ほかが見えにくく"
        "なることがよくあります。**色の上限（パーセンタイル）**を使うと、色の最大を最大値ではなく"
        "99 パーセンタイルにできます。\n\n"
        "**ヘッド平均**は 1 つの層のヘッドを平均したものです。**ロールアウト**（Abnar & Zuidema 2020）は"
        "層をまたいでアテンションをたどります。各層の平均を単位行列と半分ずつ混ぜ（残差接続が各トークン"
        "自身のベクトルを残すため）、行の合計が 1 になるように正規化し、最初の層から選んだ層まで掛け合わせ"
        "ます。ロールアウトの行は、その位置に各入力トークンがおよそどれだけ入っているかを表します。\n\n"
        "**単語単位**では、Clark ら（2019）と同じ方法で WordPiece の断片（`un ##believ ##able`）を単語に"
        "まとめます。単語の断片*への*重みは足し合わせ、断片*からの*行は平均するので、行の合計は 1 の"
        "ままです。\n\n"
        "**アテンションはそれだけでは説明になりません**（Jain & Wallace 2019、Wiegreffe & Pinter 2019）。"
        "大きな重みは、ヘッドがどこから情報を写しているかを示すだけで、モデルがなぜその判断をしたかを"
        "示すものではありません。",
    ),
    "attention.example.coref": ("Example: “it” (coreference)", "例: 「it」が指すもの"),
    "attention.example.pair": ("Example: a sentence pair", "例: 文のペア"),
    "attention.example.words": ("Example: words split into pieces", "例: 断片に分かれる単語"),
    "attention.example.ja": ("Example: Japanese", "例: 日本語"),
    "attention.example.en": ("Example: English", "例: 英語"),
    "attention.summary": (
        "{tokens} tokens · {layers} layers × {heads} heads · {model}",
        "{tokens} トークン · {layers} 層 × {heads} ヘッド · {model}",
    ),
    "attention.layer": ("Layer", "層"),
    "attention.head": ("Head", "ヘッド"),
    "attention.source": ("Show", "表示"),
    "attention.source.head": ("One head", "1 ヘッド"),
    "attention.source.mean": ("Mean over heads", "ヘッド平均"),
    "attention.source.rollout": ("Rollout", "ロールアウト"),
    "attention.source_help": (
        "One head of the chosen layer; the mean of all heads of that layer; attention "
        "rollout from layer 1 up to that layer; or the same by norm: each weight times the "
        "length of what the key token passes on, ‖α·f(x)‖ (Kobayashi et al. 2020).",
        "選んだ層の 1 つのヘッド、その層の全ヘッドの平均、層 1 からその層までのアテンション"
        "ロールアウト、またはノルム版（重みに、キーのトークンが渡すベクトルの長さを掛けた "
        "‖α·f(x)‖、Kobayashi ら 2020）を表示します。",
    ),
    "attention.clip": ("Colour clip (percentile)", "色の上限（パーセンタイル）"),
    "attention.clip_help": (
        "The top of the colour scale: 100 = the largest weight; 99 = the 99th percentile, so "
        "a few very large weights (often on [CLS]/[SEP]) don't make everything else dark. "
        "Hover still shows the exact weight.",
        "色の最大に対応する値です。100 = 最大の重み、99 = 99 パーセンタイル。ごく一部の大きな重み"
        "（多くは [CLS]/[SEP]）のせいで他が暗くなるのを防ぎます。マウスを重ねると正確な値が出ます。",
    ),
    "attention.hide": ("Hide [CLS]/[SEP]", "[CLS]/[SEP] を隠す"),
    "attention.hide_help": (
        "Drop the columns of the special tokens [CLS] and [SEP].",
        "特殊トークン [CLS] と [SEP] の列を取り除きます。",
    ),
    "attention.renorm": ("Renormalise rows", "行を再正規化"),
    "attention.renorm_help": (
        "With [CLS]/[SEP] hidden, rescale each row to add up to 1 again. Without it, the weights are the "
        "model's own and a row adds up to what was not on [CLS]/[SEP].",
        "[CLS]/[SEP] を隠したとき、各行の合計がもう一度 1 になるように拡大します。しない場合、重みはモデルの値のままで、"
        "行の合計は [CLS]/[SEP] 以外に向いた分だけになります。",
    ),
    "attention.words": ("Word level", "単語単位"),
    "attention.words_help": (
        "Merge WordPiece pieces into words (sum over the pieces looked at, mean over the pieces "
        "looking).",
        "WordPiece の断片を単語にまとめます（見られる側の断片は合計、見る側の断片は平均）。",
    ),
    "attention.block": ("Sentence pair", "文ペア"),
    "attention.block.all": ("All tokens", "すべて"),
    "attention.block.AA": ("A → A", "A → A"),
    "attention.block.AB": ("A → B", "A → B"),
    "attention.block.BA": ("B → A", "B → A"),
    "attention.block.BB": ("B → B", "B → B"),
    "attention.tab.explore": ("Heads", "ヘッド"),
    "attention.tab.guide": ("Field guide", "ヘッド図鑑"),
    "attention.tab.pairs": ("Sentence pairs", "文ペア"),
    "attention.tab.bertviz": ("bertviz", "bertviz"),
    "attention.tab.quiz": ("Quiz", "クイズ"),
    "attention.query": ("query (looking)", "クエリ（見る側）"),
    "attention.key": ("key (looked at)", "キー（見られる側）"),
    "attention.title.head": ("Layer {layer} · head {head}", "層 {layer} · ヘッド {head}"),
    "attention.title.mean": ("Layer {layer} · mean of {heads} heads",
                             "層 {layer} · {heads} ヘッドの平均"),
    "attention.title.rollout": ("Rollout through layer {layer}", "層 {layer} までのロールアウト"),
    "attention.empty_view": (
        "Nothing left to show with these filters (e.g. sentence B has only [SEP]).",
        "この条件では表示するものがありません（例: 文 B が [SEP] だけ）。",
    ),
    "attention.hidden_note": (
        "[CLS]/[SEP] columns hidden, rows not renormalised: each row now adds up to the share of "
        "attention that did not go to [CLS]/[SEP], so a pale row means the head mostly looked at "
        "the special tokens.",
        "[CLS]/[SEP] の列を隠し、行は再正規化していません。各行の合計は [CLS]/[SEP] 以外へ向いた割合"
        "なので、薄い行は、そのヘッドが主に特殊トークンを見ていたことを意味します。",
    ),
    "attention.renorm_note": (
        "[CLS]/[SEP] columns hidden and rows renormalised: every row adds up to 1 again, which "
        "makes the rest readable but enlarges rows that gave almost everything to [CLS]/[SEP] "
        "(a 2% leftover becomes 100%).",
        "[CLS]/[SEP] の列を隠し、行を再正規化しました。各行の合計は再び 1 になるので残りが読みやすく"
        "なりますが、ほとんどを [CLS]/[SEP] に向けていた行も拡大されます（2% の残りが 100% になります）。",
    ),
    "attention.split": ("Words split into pieces: {split}", "断片に分かれた単語: {split}"),
    "attention.no_split": ("No word is split into pieces in this input.",
                           "この入力では、断片に分かれた単語はありません。"),
    "attention.mosaic_title": ("All heads: layers ↓ × heads → (click one)",
                               "全ヘッド: 層 ↓ × ヘッド →（クリックで選択）"),
    "attention.mosaic_hover": ("layer {layer} · head {head}", "層 {layer} · ヘッド {head}"),
    "attention.mosaic_caption": (
        "Each square is one head's attention matrix (rows = queries, columns = keys), each "
        "scaled to its own clipped maximum. The framed one is selected.",
        "各マスは 1 つのヘッドのアテンション行列（行 = クエリ、列 = キー）で、それぞれ自身の上限で"
        "色付けしています。枠で囲まれたものが選択中です。",
    ),
    "attention.mosaic_pooled": (
        "With {tokens} tokens each square is shrunk to {size} × {size} (keys summed, queries "
        "averaged); the heatmap on the right has every token.",
        "{tokens} トークンあるため、各マスは {size} × {size} に縮小しています（キーは合計、クエリは平均）。"
        "右のヒートマップにはすべてのトークンがあります。",
    ),
    "attention.guide_intro": (
        "Computed live for this input, per head: the entropy of each row (how spread out), the "
        "share of attention on [CLS], [SEP], punctuation, the previous and the next token. Tags "
        "follow Clark et al. (2019): **previous/next token** when over 50% goes there, "
        "**[CLS]/[SEP]/punctuation** when over 60% goes to those, **block** (pairs only) when "
        "over 80% stays in the query's own sentence, **broad** when the entropy is high (3.8 "
        "nats at 128 tokens, scaled by ln(tokens)). Click a square to open that head in the "
        "**Heads** tab.",
        "この入力についてその場で計算した、ヘッドごとの値です: 各行のエントロピー（広がり具合）、"
        "[CLS]・[SEP]・句読点・直前のトークン・直後のトークンへのアテンションの割合。型の判定は Clark ら"
        "（2019）に従います: 50% を超えて向かえば**直前/直後のトークン**、60% を超えて向かえば"
        "**[CLS]/[SEP]/句読点**、（文ペアのみ）80% を超えて自分の文の中に留まれば**ブロック**、"
        "エントロピーが高ければ（128 トークンで 3.8 nat、ln(トークン数) に比例）**広く見る**。"
        "マスをクリックすると、そのヘッドが「ヘッド」タブで開きます。",
    ),
    "attention.guide_title": ("Head field guide (click one to open it)", "ヘッド図鑑（クリックで開く）"),
    "attention.guide_selected": (
        "**Layer {layer} · head {head}: {pattern}.** Entropy {entropy} nats (broad above "
        "{threshold}) · [CLS] {cls} · [SEP] {sep} · punctuation {punct} · previous token {prev} "
        "· next token {next}.",
        "**層 {layer} · ヘッド {head}: {pattern}。** エントロピー {entropy} nat（{threshold} を超えると"
        "広く見る）· [CLS] {cls} · [SEP] {sep} · 句読点 {punct} · 直前 {prev} · 直後 {next}。",
    ),
    "attention.pattern.previous": ("previous token", "直前のトークン"),
    "attention.pattern.next": ("next token", "直後のトークン"),
    "attention.pattern.special": ("[CLS]/[SEP]/punctuation", "[CLS]/[SEP]/句読点"),
    "attention.pattern.block": ("block (own sentence)", "ブロック（自分の文）"),
    "attention.pattern.broad": ("broad", "広く見る"),
    "attention.pattern.other": ("other", "その他"),
    "attention.pairs_need_b": (
        "Type a sentence B (or load the pair example) to compare attention within and between "
        "the two sentences.",
        "文 B を入力する（または文ペアの例を読み込む）と、2 つの文の内側と間のアテンションを比べられます。",
    ),
    "attention.pairs_title": ("Where each sentence looks, per layer",
                              "各文がどこを見ているか（層ごと）"),
    "attention.pairs_y": ("share of attention (mean over heads and queries)",
                          "アテンションの割合（ヘッドとクエリの平均）"),
    "attention.pairs_note": (
        "A → B is the share of attention that tokens of sentence A give to sentence B, averaged "
        "over the heads and the tokens of A (A → A + A → B = 1). [CLS] and the first [SEP] "
        "belong to sentence A, the last [SEP] to B, as in BERT's token types.",
        "A → B は、文 A のトークンが文 B に向けるアテンションの割合を、ヘッドと A のトークンで平均した"
        "ものです（A → A + A → B = 1）。BERT のトークンタイプと同じく、[CLS] と最初の [SEP] は文 A、"
        "最後の [SEP] は文 B に含めます。",
    ),
    "attention.bertviz_intro": (
        "bertviz (Vig 2019) draws attention as lines between tokens. Here it runs with no "
        "internet: its scripts are served by this app.",
        "bertviz（Vig 2019）はアテンションをトークン間の線で描きます。ここでは必要なスクリプトをこの"
        "アプリが配信するので、インターネットなしで動きます。",
    ),
    "attention.bertviz_kind": ("View", "表示"),
    "attention.bertviz.head": ("Head view", "ヘッドビュー"),
    "attention.bertviz.model": ("Model view", "モデルビュー"),
    "attention.bertviz_too_long": (
        "This input has {tokens} tokens; this bertviz view stays usable up to {limit} (it draws "
        "a line for every pair of tokens in every head). Use the heatmaps in the other tabs, "
        "which handle up to 512 tokens, or shorten the text.",
        "この入力は {tokens} トークンあります。この bertviz の表示が快適に使えるのは {limit} トークン"
        "までです（全ヘッドの全トークン対に線を描くため）。512 トークンまで扱える他のタブのヒートマップを"
        "使うか、テキストを短くしてください。",
    ),
    "attention.bertviz_download": ("Download this view as HTML", "この表示を HTML でダウンロード"),
    "attention.bertviz_numbering": (
        "bertviz numbers layers and heads from 0; the rest of bertvis numbers them from 1.",
        "bertviz は層とヘッドを 0 から数えます。bertvis のほかの部分は 1 から数えます。",
    ),
    "attention.quiz_intro": (
        "Guess first, then look: which token will the selected head attend to most? Change "
        "the layer and head with the sliders above.",
        "まず予想してから確かめましょう: 選んだヘッドが最も注目するのはどのトークン？ 層とヘッドは上の"
        "スライダーで変えられます。",
    ),
    "attention.quiz.question": (
        "**Layer {layer}, head {head}:** from “**{token}**” (token {position}), which token "
        "gets the most attention?",
        "**層 {layer}・ヘッド {head}:** 「**{token}**」（{position} 番目のトークン）から見て、最も"
        "アテンションが向くのはどのトークン？",
    ),
    "attention.quiz.pick": ("Your guess (▶ marks the token that is looking)",
                            "あなたの予想（▶ は見ている側のトークン）"),
    "attention.quiz.hint": ("Click a token to answer.", "トークンをクリックして答えてください。"),
    "attention.quiz.right": ("Right! The top is “{token}” with {weight}.",
                             "正解！ 最大は「{token}」で {weight} です。"),
    "attention.quiz.wrong": (
        "Not quite: “{guess}” gets {guess_weight}; the top is “{token}” with {weight}.",
        "惜しい！ 「{guess}」は {guess_weight}、最大は「{token}」で {weight} です。",
    ),
    "attention.quiz.next": ("Next question", "次の問題"),
    "attention.quiz.score": ("Score this session", "このセッションの得点"),
    "attention.col.token": ("token", "トークン"),
    "attention.col.position": ("position", "位置"),
    "attention.col.weight": ("weight", "重み"),
}
