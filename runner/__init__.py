"""eda-drill: timed exploratory-data-analysis practice.

The flow runs one way: sources -> drill -> notebook -> profile -> grade ->
store -> review.  Import nothing heavy here: ``drill --help`` must be quick.
"""

__version__ = "0.1.0"
