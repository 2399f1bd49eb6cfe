"""Strings of the temperature slider on the prediction pages."""

STRINGS = {
    "temperature.label": ("Temperature T", "温度 T"),
    "temperature.help": (
        "Probabilities are softmax(z / T) of the same scores z. T = 1 is the model's own "
        "answer; T > 1 flattens the distribution, T < 1 sharpens it. The ranking never "
        "changes.",
        "確率は同じスコア z の softmax(z / T) です。T = 1 がモデル自身の答え、T > 1 で分布が"
        "平らに、T < 1 で鋭くなります。順位は変わりません。",
    ),
    "temperature.link": (
        "softmax(z / T): attention divides its scores by √d for the same reason → attention "
        "arithmetic, step 2",
        "softmax(z / T): アテンションがスコアを √d で割るのも同じ理由です → アテンションの計算、"
        "ステップ 2",
    ),
    "temperature.note": (
        "Probabilities at temperature T = {temperature} (softmax of the scores ÷ {temperature}); "
        "at T = 1 they are the model's own.",
        "温度 T = {temperature} での確率です（スコア ÷ {temperature} の softmax）。T = 1 のとき"
        "モデル自身の確率になります。",
    ),
}
