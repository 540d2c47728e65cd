"""The labelled Spanish corpus the shipped heads are trained on (fragments, slots, generator).

The noise it adds (missing accents, chat spelling, typos, stretched vowels)
comes from :mod:`cxnlp.sampledata.noise`, the project's one Spanish noise module.
"""
