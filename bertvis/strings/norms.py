"""Strings of the norm-weighted attention views (attention explorer) and of figure exports."""

STRINGS = {
    "attention.source.norm": ("Head by norm", "ヘッド（ノルム）"),
    "attention.source.norm_rollout": ("Rollout by norm", "ロールアウト（ノルム）"),
    "attention.tab.norms": ("Weight vs norm", "重み vs ノルム"),
    "attention.value": ("weight", "重み"),
    "norms.value": ("‖α·f(x)‖", "‖α·f(x)‖"),
    "norms.title.head": ("Layer {layer} · head {head} · norm",
                         "層 {layer} · ヘッド {head} · ノルム"),
    "norms.title.rollout": ("Rollout by norm through layer {layer}",
                            "層 {layer} までのノルムによるロールアウト"),
    "norms.mosaic_title": ("All heads by norm ‖α·f(x)‖: layers ↓ × heads → (click one)",
                           "全ヘッド（ノルム ‖α·f(x)‖）: 層 ↓ × ヘッド →（クリックで選択）"),
    "norms.intro": (
        "A weight α says how much of a token's vector a head **takes**; what actually "
        "**arrives** is α·f(x), where f(x) is the token's value vector pushed through the "
        "head's part of the output projection W_O. Kobayashi et al. (2020) measured its length "
        "‖α·f(x)‖ and found that [CLS], [SEP] and punctuation, which get large weights, pass "
        "on small vectors. The chart compares, layer by layer, the share of each query's "
        "weight and of its norm that goes to them (averaged over queries and heads) for your "
        "input.",
        "重み α は、ヘッドがトークンのベクトルを**どれだけ取り込むか**を表します。実際に"
        "**届く**のは α·f(x) で、f(x) はトークンの値ベクトルをそのヘッドの出力射影 W_O の部分に"
        "通したものです。Kobayashi ら (2020) はその長さ ‖α·f(x)‖ を測り、大きな重みを集める "
        "[CLS]・[SEP]・句読点は、渡すベクトルが小さいことを示しました。グラフは、入力した文について、"
        "各クエリの重みとノルムのうちそれらに向かう割合を層ごとに比べます（クエリとヘッドで平均）。",
    ),
    "norms.group.cls": ("[CLS]", "[CLS]"),
    "norms.group.sep": ("[SEP]", "[SEP]"),
    "norms.group.punctuation": ("punctuation", "句読点"),
    "norms.by_weight": ("by weight", "重み"),
    "norms.by_norm": ("by norm", "ノルム"),
    "norms.share": ("share of the row", "行に占める割合"),
    "norms.shares_title": ("Share on [CLS], [SEP] and punctuation: weight (solid) vs norm "
                           "(dashed)",
                           "[CLS]・[SEP]・句読点への割合: 重み（実線）とノルム（破線）"),
    "norms.summary": (
        "In layer {layer}, [CLS], [SEP] and punctuation together take **{weight}** of the "
        "weight and **{norm}** of the norm.",
        "層 {layer} では、[CLS]・[SEP]・句読点が重みの **{weight}**、ノルムの **{norm}** を"
        "占めます。",
    ),
    "norms.reference": (
        "Kobayashi, Kuribayashi, Yokoi & Inui (2020), “Attention is Not Only a Weight: "
        "Analyzing Transformers with Vector Norms”, EMNLP. Checked here: the weighted vectors "
        "summed over heads, plus the output bias, equal the layer's attention output.",
        "Kobayashi・栗林・横井・乾 (2020)「Attention is Not Only a Weight: Analyzing "
        "Transformers with Vector Norms」EMNLP。ここでは、重み付きベクトルをヘッドで合計し出力"
        "バイアスを足すと、層のアテンション出力に一致することを確かめています。",
    ),
    "figure.clip_note": ("colour clip: {percentile:g}th percentile",
                         "色の上限: {percentile:g} パーセンタイル"),
    "figure.guide.layer": ("layer", "層"),
    "figure.guide.head": ("head", "ヘッド"),
    "figure.guide.entropy": ("entropy", "エントロピー"),
    "figure.guide.punct": ("punct.", "句読点"),
    "figure.guide.prev": ("prev.", "前"),
    "figure.guide.next": ("next", "次"),
    "pt.lens.top_here": ("top guess here", "この層での 1 位"),
    "figure.download_svg": ("Download plot as SVG", "SVG でダウンロード"),
    "error.bad_temperature": ("The temperature must be above 0 (got {temperature}).",
                              "温度は 0 より大きくしてください（{temperature} が指定されました）。"),
}
