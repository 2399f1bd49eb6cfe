"""Strings of the self-check on the home page (``bertvis doctor``)."""

STRINGS = {
    "doctor.title": ("Self-check for the person who deploys", "デプロイする人のためのセルフチェック"),
    "doctor.intro": (
        "Loads each preset model that this server can reach or has in its cache, one at a time, "
        "and asks it a question with a known answer: *The capital of France is [MASK].* → "
        "paris, a coherent sentence pair → P(IsNext) > 0.9, *wonderful* / *terrible* → "
        "positive / negative, a SQuAD question, the people and organisations in *Jacob Devlin "
        "works at Google*, and *東京は日本の[MASK]です。* → 首都. It takes a while (every model "
        "is loaded) and runs only when you press the button. The same check from a terminal: "
        "`python -m bertvis doctor`.",
        "このサーバーが取得できる、またはキャッシュに持っているプリセットモデルを 1 つずつ読み込み、"
        "答えの分かっている問題を解かせます: *The capital of France is [MASK].* → paris、"
        "つながった 2 文 → P(IsNext) > 0.9、*wonderful* / *terrible* → ポジティブ / ネガティブ、"
        "SQuAD の質問、*Jacob Devlin works at Google* の人名と組織名、*東京は日本の[MASK]です。* "
        "→ 首都。すべてのモデルを読み込むので時間がかかり、ボタンを押したときだけ実行します。"
        "ターミナルからは `python -m bertvis doctor` で同じチェックができます。",
    ),
    "error.doctor_busy": (
        "A self-check is already running on this server; try again when it has finished.",
        "このサーバーではすでにセルフチェックが実行中です。終わってからもう一度試してください。",
    ),
    "doctor.public": (
        "This is a public deployment: the check covers only the models already saved on this "
        "server, so a visitor's click never downloads one.",
        "公開デプロイのため、このサーバーに保存済みのモデルだけをチェックします（訪問者のクリックで"
        "モデルがダウンロードされることはありません）。",
    ),
    "doctor.run": ("Run the self-check", "セルフチェックを実行"),
    "doctor.progress": ("Checked {done} of {total}: {model}", "{total} 件中 {done} 件完了: {model}"),
    "doctor.all_passed": (
        "Every model that could be loaded gave its known answer ({passed} checks passed, "
        "{missing} not available here).",
        "読み込めたモデルはすべて正しく答えました（合格 {passed} 件、ここでは利用できないもの "
        "{missing} 件）。",
    ),
    "doctor.some_failed": (
        "{failed} check(s) gave a wrong answer: see the rows marked “fail”.",
        "{failed} 件のチェックで答えが違いました。「不合格」の行を見てください。",
    ),
    "doctor.status.pass": ("pass", "合格"),
    "doctor.status.fail": ("fail", "不合格"),
    "doctor.status.not available offline": ("not available offline", "オフラインでは利用不可"),
    "doctor.status.refused": ("refused by this deployment's limits", "このデプロイの上限により拒否"),
    "doctor.check.fill-mask": ("masked word", "マスク語予測"),
    "doctor.check.next-sentence": ("next sentence", "次文予測"),
    "doctor.check.runs": ("runs (no pre-training heads)", "実行（事前学習ヘッドなし）"),
    "doctor.check.sentiment": ("sentiment", "感情分析"),
    "doctor.check.question-answering": ("question answering", "質問応答"),
    "doctor.check.tagging": ("named entities", "固有表現"),
    "doctor.col.model": ("Model", "モデル"),
    "doctor.col.check": ("Check", "チェック"),
    "doctor.col.result": ("Result", "結果"),
    "doctor.col.detail": ("Answer or reason", "答えまたは理由"),
    "doctor.col.load": ("Load (s)", "読み込み (秒)"),
    "doctor.col.weights": ("Weights (MB)", "重み (MB)"),
    "doctor.col.rss": ("Process memory (MB)", "プロセスのメモリ (MB)"),
}
