"""Strings of the "Inside one layer" page."""

STRINGS = {
    "page.layer": ("Inside one layer", "1 つの層の中"),
    "layer.blurb": (
        "After attention: the output projection, the residual add and LayerNorm, the "
        "feed-forward block (up, GELU, down) and the second add & norm, recomputed for one "
        "token and checked against the next layer's input.",
        "アテンションの後: 出力射影、残差の足し算と LayerNorm、フィードフォワード（拡大・GELU・"
        "縮小）、2 回目の足し算と正規化を 1 つのトークンについて計算し直し、次の層の入力と照合します。",
    ),
    "layer.intro": (
        "Attention is less than half of a BERT layer: the **feed-forward block** holds about "
        "twice as many weights (≈4.7 M against ≈2.4 M per layer in BERT-base). Pick a layer "
        "and a token: this page recomputes the whole layer from its own weights, step by "
        "step, and checks the result against the vector the model passed to the next layer.",
        "アテンションは BERT の層の半分にも満たず、**フィードフォワード**部分がその約 2 倍の重みを"
        "持っています（BERT-base で 1 層あたり約 470 万対約 240 万）。層とトークンを選ぶと、"
        "このページは層全体をその層自身の重みから 1 段階ずつ計算し直し、モデルが次の層へ渡した"
        "ベクトルと照合します。",
    ),
    "layer.explain": (
        "1. **Attention**: every head mixes the tokens' value vectors; the heads are joined and "
        "multiplied by W_O (see the attention arithmetic page).\n"
        "2. **Add & norm**: the token's own input vector is added back (the *residual* "
        "connection, so nothing is lost), then **LayerNorm** rescales the vector to mean 0 "
        "and a fixed spread, with a learned scale and shift per dimension.\n"
        "3. **Feed-forward**: each token on its own is multiplied up to a 4× wider vector "
        "(1,536 numbers in MiniLM, 3,072 in BERT-base), passed through **GELU** (negative "
        "values squashed towards 0) and multiplied back down. Each of the wide vector's "
        "numbers is a **neuron**; the most active ones often respond to a kind of word.\n"
        "4. **Add & norm** again: the result is the layer's output, the next layer's input.\n\n"
        "The bars show how much each half moved every token's vector, relative to its length.",
        "1. **アテンション**: 各ヘッドがトークンの値ベクトルを混ぜ、ヘッドをつないで W_O を掛けます"
        "（アテンションの計算ページを参照）。\n"
        "2. **足し算と正規化**: トークン自身の入力ベクトルを足し戻し（*残差*接続: 何も失われない）、"
        "**LayerNorm** でベクトルを平均 0・一定の広がりにそろえ、次元ごとに学習した倍率とずれを"
        "かけます。\n"
        "3. **フィードフォワード**: トークンごとに、4 倍の幅のベクトル（MiniLM で 1,536、BERT-base "
        "で 3,072 個の数）へ掛け算で広げ、**GELU**（負の値を 0 近くへ押しつぶす）を通し、掛け算で"
        "元の幅へ戻します。幅の広いベクトルの 1 つ 1 つの数が**ニューロン**で、よく反応するものは"
        "特定の種類の語に反応することがあります。\n"
        "4. もう一度**足し算と正規化**: これが層の出力で、次の層の入力になります。\n\n"
        "棒グラフは、前半と後半がそれぞれ各トークンのベクトルをどれだけ動かしたか（長さに対する割合）"
        "を示します。",
    ),
    "layer.from_arithmetic": ("The whole layer, step by step → Inside one layer",
                              "層全体を 1 段階ずつ → 1 つの層の中"),
    "layer.token": ("Token", "トークン"),
    "layer.stages_title": ("Layer {layer}, step by step, for “{token}”",
                           "層 {layer} を 1 段階ずつ:「{token}」"),
    "layer.col.formula": ("computed as", "計算"),
    "layer.col.size": ("numbers", "個数"),
    "layer.stage.input": ("input x", "入力 x"),
    "layer.stage.attention": ("attention output a", "アテンション出力 a"),
    "layer.stage.residual_1": ("x + a", "x + a"),
    "layer.stage.layernorm_1": ("LayerNorm 1 → h", "LayerNorm 1 → h"),
    "layer.stage.up": ("up projection u", "拡大 u"),
    "layer.stage.activation": ("GELU(u)", "GELU(u)"),
    "layer.stage.down": ("down projection m", "縮小 m"),
    "layer.stage.residual_2": ("h + m", "h + m"),
    "layer.stage.layernorm_2": ("LayerNorm 2 → output", "LayerNorm 2 → 出力"),
    "layer.formula.input": ("hidden state entering the layer", "層に入る隠れ状態"),
    "layer.formula.attention": ("W_O · [head₁; …] + b_O", "W_O · [head₁; …] + b_O"),
    "layer.formula.residual_1": ("residual add", "残差の足し算"),
    "layer.formula.layernorm_1": ("γ₁ · (v − mean) / std + β₁", "γ₁ · (v − 平均) / 標準偏差 + β₁"),
    "layer.formula.up": ("W₁ · h + b₁", "W₁ · h + b₁"),
    "layer.formula.activation": ("activation, one neuron at a time", "ニューロンごとの活性化関数"),
    "layer.formula.down": ("W₂ · GELU(u) + b₂", "W₂ · GELU(u) + b₂"),
    "layer.formula.residual_2": ("residual add", "残差の足し算"),
    "layer.formula.layernorm_2": ("γ₂ · (v − mean) / std + β₂", "γ₂ · (v − 平均) / 標準偏差 + β₂"),
    "layer.length": ("length ‖v‖", "長さ ‖v‖"),
    "layer.norms_title": ("Length of “{token}”'s vector at each step",
                          "各段階での「{token}」のベクトルの長さ"),
    "layer.match": (
        "Recomputed layer {layer} equals the model's input to layer {next} for every token: "
        "largest difference **{diff}** (rounding). Activation: `{activation}`.",
        "計算し直した層 {layer} は、すべてのトークンでモデルの層 {next} への入力と一致します: "
        "最大の差は **{diff}**（丸め誤差）。活性化関数: `{activation}`。",
    ),
    "layer.mismatch": (
        "Recomputed layer {layer} differs from the model's input to layer {next} by up to "
        "**{diff}**: this model computes its layer in a way this page doesn't (activation "
        "`{activation}`).",
        "計算し直した層 {layer} は、モデルの層 {next} への入力と最大 **{diff}** 違います: この"
        "モデルはこのページと異なる方法で層を計算しています（活性化関数 `{activation}`）。",
    ),
    "layer.changes_title": ("How much each half moved each token", "前半と後半が各トークンを動かした量"),
    "layer.changes_chart": ("Layer {layer}: relative change of every token's vector",
                            "層 {layer}: 各トークンのベクトルの相対的な変化"),
    "layer.relative_change": ("change ÷ length before", "変化 ÷ 変化前の長さ"),
    "layer.block.attention": ("attention + add & norm", "アテンション + 足し算と正規化"),
    "layer.block.feed_forward": ("feed-forward + add & norm",
                                 "フィードフォワード + 足し算と正規化"),
    "layer.changes_note": (
        "‖after − before‖ ÷ ‖before‖ for each half of the layer. ▶ marks the chosen token.",
        "層の前半・後半それぞれについて ‖後 − 前‖ ÷ ‖前‖。▶ が選んだトークンです。",
    ),
    "layer.neurons_title": ("The feed-forward neurons most active for “{token}”",
                            "「{token}」で最もよく反応するフィードフォワードのニューロン"),
    "layer.neurons_chart": ("Top neurons for “{token}” (of {width})",
                            "「{token}」の上位ニューロン（{width} 個中）"),
    "layer.neuron": ("neuron {index}", "ニューロン {index}"),
    "layer.col.activation": ("activation after GELU", "GELU 後の活性"),
    "layer.col.top_tokens": ("tokens of this input that activate it most",
                             "この入力で最も強く反応させるトークン"),
    "layer.neurons_note": (
        "Neurons are numbered from 0 (as in the weight matrix). A neuron that fires for "
        "several similar tokens is a hint of what it detects; one sentence is little "
        "evidence.",
        "ニューロンは（重み行列と同じく）0 から番号を振っています。似たトークンにそろって反応する"
        "ニューロンは何を検出しているかのヒントになりますが、1 文だけでは証拠として弱いものです。",
    ),
}
