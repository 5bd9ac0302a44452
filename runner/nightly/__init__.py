"""The nightly machinery: worker processes, the pool that conducts a run, the scheduler,
notifications, and the browser server for remote runs.
"""
