"""The walk: a real browser takes a journey step by step, timing what the customer lives.

engine.py runs one journey; session.py is the customer's tab and memory; steps/ holds one module per
action; the in-page scripts (probe.js, snapshot.js, form.js) see what the customer sees.
"""
