"""Two-way matching between seekers and posts: tokenizer, features, scikit-learn ranker, evaluation.

No Flask import: the web app and the CLI pass data in. (The ranker itself arrives with the matching issue.)
"""
