"""Default stop words: function words that drown content words in frequency lists. Editors change
each project's copy; these only seed it."""

ZH = """
的 了 和 是 在 我 有 他 她 它 这 那 就 也 都 不 人 一 一个 上 中 到 说 要 会 着 没有 看 好 自己 我们 你们 他们
她们 这个 那个 什么 怎么 因为 所以 但是 而且 或者 还 又 把 被 对 与 及 以 之 其 等 吧 吗 呢 啊 嗯 哦 呀 么 个
些 这些 那些 很 太 更 最 就是 还是 可以 如果 然后 已经 问 答 比较 一些 一下 这样 那样 这么 那么 为 从 给 让
"""
EN = """
a an and are as at be but by for from had has have he her his i if in into is it its me my not of on or
our she so that the their them then there these they this to was we were what when which who will with
would you your do does did been being than too very can just about also
"""
DEFAULT_STOP_WORDS = frozenset(ZH.split()) | frozenset(EN.split())
