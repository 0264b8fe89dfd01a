"""Physical-risk vulnerability models: flood, heat and sea level."""
