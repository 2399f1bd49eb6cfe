"""Strings of the "this model can't read this text" warning (every page that takes text)."""

STRINGS = {
    "readability.cannot_read": (
        "**{model} can't read this text.** {details}. What the page shows is then mostly about "
        "unknown or shredded tokens, not about your text.",
        "**{model} はこのテキストを読めません。** {details}。このページの図は、あなたのテキストでは"
        "なく、ほとんど未知語や細切れのトークンについてのものになります。",
    ),
    "readability.unknown": (
        "{share} of its tokens are `{unk}` (unknown)",
        "トークンの {share} が `{unk}`（未知語）です",
    ),
    "readability.unseen": (
        "{share} of the letters don't reach it as written ({scripts}: its vocabulary has no "
        "words in them, or its tokenizer changes them)",
        "文字の {share} がそのままの形で届いていません（{scripts}: 語彙にこの文字の単語がないか、"
        "トークナイザが文字を変えてしまいます）",
    ),
    "readability.detail_sep": ("; ", "。"),
    "readability.list_sep": (", ", "・"),
    "readability.switch": ("Switch to {model}", "{model} に切り替える"),
    "readability.no_preset": (
        "No preset here is made for {scripts}; type the id of a model that is (sidebar → "
        "Other model).",
        "{scripts} 向けのプリセットはありません。対応するモデルの ID を入力してください"
        "（サイドバー → その他のモデル）。",
    ),
    "readability.prefetch": (
        "{model} reads this text, but it isn't saved on this computer and the Hugging Face Hub "
        "can't be reached. While online, run `python -m bertvis prefetch {model_id}` once to "
        "save it for offline use.",
        "{model} ならこのテキストを読めますが、このコンピュータに保存されておらず、Hugging Face "
        "Hub にも接続できません。オンラインのときに一度 `python -m bertvis prefetch {model_id}` を実行すると、"
        "オフラインでも使えるように保存されます。",
    ),
    "script.Latin": ("Latin", "ラテン文字"),
    "script.Han": ("Han (kanji)", "漢字"),
    "script.Hiragana/Katakana": ("Hiragana/Katakana", "ひらがな・カタカナ"),
    "script.Hangul": ("Hangul", "ハングル"),
    "script.Cyrillic": ("Cyrillic", "キリル文字"),
    "script.Greek": ("Greek", "ギリシャ文字"),
    "script.Arabic": ("Arabic", "アラビア文字"),
}
