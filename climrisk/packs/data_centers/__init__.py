"""Data centers and cloud: PUE, WUE and IT load."""
