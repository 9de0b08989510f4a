"""The ground floor: the partnership's arithmetic, rules and words, knowing nothing of Excel.

``periods`` (financial years, as-of), ``register`` (the measures), ``dataset`` (the
figures), ``inputs`` (everything a report is made from), ``numbers`` (how a figure is
written), ``arithmetic`` (profiles, cumulatives, forecasts), ``rules`` (what the workbook
also shows as native formulas), ``framework`` (the judgement phrases and thresholds),
``percent`` (a percentage made of counts: pooled, its interval, its register fields),
``checks``, ``count_checks`` and ``outliers`` (data quality), ``commentary`` and
``percent_words`` (the drafted sentences),
``engine`` (all of it for one as-of) and ``newyear`` (the next financial year). Nothing
here imports a spreadsheet library, the Excel binding or the adapters; a test holds it
to that.
"""
