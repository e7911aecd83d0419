"""Two-way matching between seekers and posts: tokenizer, skill extraction, the title → 职业分类大典
normalizer, pairwise features, a scikit-learn ranker with explanations, and evaluation helpers.

No Flask import: the web app and the CLI pass data in.
"""
